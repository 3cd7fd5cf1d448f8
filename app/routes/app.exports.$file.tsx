import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { shopForSession } from "~/http/admin-context.server";
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
import { authenticate } from "~/shopify.server";

// GET /app/exports/<what>.csv: the signed-in shop's customers (with the list's filters:
// ?q=&segment=&rfm=), segments, NPS answers or loyalty ledger, streamed as CSV.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { shop } = await shopForSession(request, session.shop);
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
