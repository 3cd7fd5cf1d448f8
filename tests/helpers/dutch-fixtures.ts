// The two exports re-saved by Dutch Excel (./dutch-excel.ts), each with a name holding an é or
// ë, so the Windows-1252 bytes matter. The edits are the only changes besides Excel's.
import fs from "node:fs";
import { dutchExcelCsv } from "./dutch-excel";

const DIR = "tests/fixtures/csv";

/** Shopify #1001's billing name (empty in the export); the export carries no customer to store it. */
export const SHOPIFY_BILLING_NAME = "Renée van Dijk";
/** WooCommerce customer 3's first name, "Lilly" in the export. */
export const WOO_FIRST_NAME = "Zoë";

export const DUTCH_FIXTURES = [
  {
    path: `${DIR}/orders_export.nl-excel.csv`,
    original: `${DIR}/orders_export.csv`,
    make: () =>
      dutchExcelCsv(fs.readFileSync(`${DIR}/orders_export.csv`, "utf8"), (row, line) => {
        if (line === 2) row["Billing Name"] = SHOPIFY_BILLING_NAME;
      }),
  },
  {
    path: `${DIR}/webtoffee_Sample_Order.nl-excel.csv`,
    original: `${DIR}/webtoffee_Sample_Order.csv`,
    make: () =>
      dutchExcelCsv(fs.readFileSync(`${DIR}/webtoffee_Sample_Order.csv`, "utf8"), (row) => {
        if (row.billing_first_name === "Lilly") row.billing_first_name = WOO_FIRST_NAME;
        if (row.shipping_first_name === "Lilly") row.shipping_first_name = WOO_FIRST_NAME;
      }),
  },
] as const;
