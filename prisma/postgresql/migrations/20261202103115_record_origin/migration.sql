-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'platform';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'platform';


-- A platform version taking over an order a file wrote (origin "csv" -> "platform", see
-- app/models/ingest.server.ts) drops the refunds the file wrote under its made-up ids, in the
-- same statement: a later refunds/create would otherwise add them to the platform's own. A
-- trigger fires only on that change, so platform writes of other orders pay nothing for it.
-- The function keeps the schema it was created in (a schema per tenant or test worker).
CREATE FUNCTION "Order_drop_file_refunds"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM "Refund" WHERE "shopId" = NEW."shopId" AND "orderId" = NEW."id";
  RETURN NULL;
END
$$;
CREATE TRIGGER "Order_drop_file_refunds" AFTER UPDATE OF "origin" ON "Order"
FOR EACH ROW WHEN (OLD."origin" = 'csv' AND NEW."origin" = 'platform')
EXECUTE FUNCTION "Order_drop_file_refunds"();
