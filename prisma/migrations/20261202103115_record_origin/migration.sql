-- Where each order and customer came from: "platform" (sync, webhooks) or "csv" (an imported
-- file). An added column, not a redefined table: the hand-made partial index on guest
-- e-mails stays, and a big shop's tables are not copied.
-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'platform';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'platform';
