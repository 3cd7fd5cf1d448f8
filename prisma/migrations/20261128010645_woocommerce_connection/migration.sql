-- CreateTable
CREATE TABLE "WooCommerceConnection" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "siteUrl" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "consumerKey" TEXT NOT NULL,
    "consumerSecret" TEXT NOT NULL,
    "webhookSecret" TEXT NOT NULL,
    "keyPermissions" TEXT NOT NULL,
    "webhooksRegisteredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WooCommerceConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WooCommerceAuthRequest" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "siteUrl" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "WooCommerceAuthRequest_expiresAt_idx" ON "WooCommerceAuthRequest"("expiresAt");

