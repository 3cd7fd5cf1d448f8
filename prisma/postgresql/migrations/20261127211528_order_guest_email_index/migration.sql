-- DropIndex
DROP INDEX "Order_shopId_email_idx";


-- Guest orders only: they are the only orders looked up by email (compliance redact, customer page).
-- Not expressible in schema.prisma, so kept by hand here.
CREATE INDEX "Order_shopId_guest_email_idx" ON "Order"("shopId", "email") WHERE "customerId" IS NULL;
