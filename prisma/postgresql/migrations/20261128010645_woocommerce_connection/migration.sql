-- CreateTable
CREATE TABLE "WooCommerceConnection" (
    "shopId" TEXT NOT NULL,
    "siteUrl" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "consumerKey" TEXT NOT NULL,
    "consumerSecret" TEXT NOT NULL,
    "webhookSecret" TEXT NOT NULL,
    "keyPermissions" TEXT NOT NULL,
    "webhooksRegisteredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WooCommerceConnection_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "WooCommerceAuthRequest" (
    "nonce" TEXT NOT NULL,
    "siteUrl" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "WooCommerceAuthRequest_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "WooCommerceAuthRequest_expiresAt_idx" ON "WooCommerceAuthRequest"("expiresAt");

-- AddForeignKey
ALTER TABLE "WooCommerceConnection" ADD CONSTRAINT "WooCommerceConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

