// An order export end to end, for callers that hold the records: detect the format from the
// header, map every row. (app/workflows/csv-import.server.ts streams the same steps in batches.)
import type { NormalizedCustomer } from "~/core/records";
import { detectFormat, type CsvFormat } from "./detect";
import type { ExportMapper, MapOptions, MappedOrder, RowError } from "./mapper";
import type { CsvRecord } from "./reader";
import { shopifyOrdersMapper } from "./shopify-orders";
import { webtoffeeOrdersMapper } from "./woocommerce-orders";

/** The mapper for a header row; UnknownFormatError if it is no known export's header. */
export function mapperFor(header: readonly string[], options: MapOptions): ExportMapper {
  const { format, columns } = detectFormat(header);
  return format === "shopify" ? shopifyOrdersMapper(columns, options) : webtoffeeOrdersMapper(columns, options);
}

export interface MappedExport {
  format: CsvFormat;
  orders: MappedOrder[];
  customers: NormalizedCustomer[];
  errors: RowError[];
}

/** Maps a whole export held in memory: its first record is the header. */
export function mapExport(records: readonly CsvRecord[], options: MapOptions): MappedExport {
  if (records.length === 0) throw new Error("the file is empty");
  const mapper = mapperFor(records[0].fields, options);
  const orders: MappedOrder[] = [];
  const errors: RowError[] = [];
  for (const record of records.slice(1)) {
    const r = mapper.push(record);
    if (r && "error" in r) errors.push(r.error);
    else if (r) orders.push(r);
  }
  return { format: mapper.format, orders, customers: mapper.customers(), errors };
}
