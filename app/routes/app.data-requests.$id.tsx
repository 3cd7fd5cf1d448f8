import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { requireAdmin } from "~/http/admin-context.server";
import { dataRequestExport } from "~/models/compliance.server";

// GET /app/data-requests/<id>: the data a customer asked for (customers/data_request), as the
// JSON file the merchant passes on. Only the signed-in shop's own requests; 404 for another's,
// an unknown one, or one a later redact erased.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const found = await dataRequestExport(db, shop.id, params.id ?? "");
  if (!found) return new Response("Not found", { status: 404 });
  return new Response(found.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-data-request-${found.id}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
