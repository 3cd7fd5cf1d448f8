-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'platform';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'platform';

