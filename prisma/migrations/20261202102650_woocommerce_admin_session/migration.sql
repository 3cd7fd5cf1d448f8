-- CreateTable
CREATE TABLE "WooCommerceAdminSession" (
    "shopId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "wpUserId" INTEGER NOT NULL,
    "wpUserEmail" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "tokenHash"),
    CONSTRAINT "WooCommerceAdminSession_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WooCommerceAdminSession_shopId_expiresAt_idx" ON "WooCommerceAdminSession"("shopId", "expiresAt");

