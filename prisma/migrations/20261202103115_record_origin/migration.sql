-- Where each order and customer came from: "platform" (sync, webhooks) or "csv" (an imported
-- file). An added column, not a redefined table: the hand-made partial index on guest
-- e-mails stays, and a big shop's tables are not copied.
-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'platform';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'platform';


-- A platform version taking over an order a file wrote (origin "csv" -> "platform", see
-- app/models/ingest.server.ts) drops the refunds the file wrote under its made-up ids, in the
-- same statement: a later refunds/create would otherwise add them to the platform's own. A
-- trigger fires only on that change, so platform writes of other orders pay nothing for it.
CREATE TRIGGER "Order_drop_file_refunds" AFTER UPDATE OF "origin" ON "Order"
FOR EACH ROW WHEN OLD."origin" = 'csv' AND NEW."origin" = 'platform'
BEGIN
  DELETE FROM "Refund" WHERE "shopId" = NEW."shopId" AND "orderId" = NEW."id";
END;
