import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { requireAdmin } from "~/http/admin-context.server";
import { csvDownload, exportFileName } from "~/http/csv-download.server";
import { parseCustomerListQuery } from "~/models/customer-list-query";
import {
  CUSTOMER_COLUMNS,
  customerExportRows,
  LEDGER_COLUMNS,
  ledgerExportRows,
  NPS_COLUMNS,
  npsExportRows,
  SEGMENT_COLUMNS,
  segmentExportRows,
} from "~/models/exports.server";

// GET /app/exports/<what>.csv: the signed-in shop's customers (with the list's filters:
// ?q=&segment=&rfm=), segments, NPS answers or loyalty ledger, streamed as CSV.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const now = new Date();
  switch (params.file) {
    case "customers.csv": {
      const query = parseCustomerListQuery(new URL(request.url).searchParams);
      return csvDownload(
        exportFileName("customers", now),
        CUSTOMER_COLUMNS,
        customerExportRows(db, shop.id, shop.currency, query),
      );
    }
    case "segments.csv":
      return csvDownload(
        exportFileName("segments", now),
        SEGMENT_COLUMNS,
        segmentExportRows(db, shop.id, shop.currency),
      );
    case "nps.csv":
      return csvDownload(exportFileName("nps-answers", now), NPS_COLUMNS, npsExportRows(db, shop.id));
    case "loyalty-ledger.csv":
      return csvDownload(exportFileName("loyalty-ledger", now), LEDGER_COLUMNS, ledgerExportRows(db, shop.id));
    default:
      return new Response("Not found", { status: 404 });
  }
}
