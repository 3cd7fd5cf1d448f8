-- CreateTable
CREATE TABLE "WooCommerceAdminSession" (
    "shopId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "wpUserId" INTEGER NOT NULL,
    "wpUserEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WooCommerceAdminSession_pkey" PRIMARY KEY ("shopId","tokenHash")
);

-- CreateIndex
CREATE INDEX "WooCommerceAdminSession_shopId_expiresAt_idx" ON "WooCommerceAdminSession"("shopId", "expiresAt");

-- AddForeignKey
ALTER TABLE "WooCommerceAdminSession" ADD CONSTRAINT "WooCommerceAdminSession_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

