-- CreateTable
CREATE TABLE "CustomerInsight" (
    "shopId" TEXT NOT NULL,
    "customerKey" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "name" TEXT,
    "searchText" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,
    "firstOrderDate" TEXT NOT NULL,
    "lastOrderDate" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "rfmR" INTEGER NOT NULL,
    "rfmF" INTEGER NOT NULL,
    "rfmM" INTEGER NOT NULL,
    "rfmSegment" TEXT NOT NULL,
    "pAlive" DOUBLE PRECISION,
    "expectedPurchases" DOUBLE PRECISION,
    "expectedOrderValueMinor" BIGINT,
    "predictedClvMinor" BIGINT,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerInsight_pkey" PRIMARY KEY ("shopId","customerKey")
);

-- CreateTable
CREATE TABLE "LoyaltyAccount" (
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "email" TEXT,
    "referralCode" TEXT NOT NULL,
    "referredBy" TEXT,
    "referredAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyAccount_pkey" PRIMARY KEY ("shopId","customerId")
);

-- CreateTable
CREATE TABLE "LoyaltyEntry" (
    "shopId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "orderId" TEXT,
    "refundId" TEXT,
    "rewardId" TEXT,

    CONSTRAINT "LoyaltyEntry_pkey" PRIMARY KEY ("shopId","key")
);

-- CreateTable
CREATE TABLE "RewardCode" (
    "shopId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "customerId" TEXT,
    "kind" TEXT NOT NULL,
    "rewardId" TEXT,
    "entryKey" TEXT,
    "discountId" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RewardCode_pkey" PRIMARY KEY ("shopId","code")
);

-- CreateIndex
CREATE INDEX "CustomerInsight_shopId_revenueMinor_idx" ON "CustomerInsight"("shopId", "revenueMinor");

-- CreateIndex
CREATE INDEX "CustomerInsight_shopId_segment_revenueMinor_idx" ON "CustomerInsight"("shopId", "segment", "revenueMinor");

-- CreateIndex
CREATE INDEX "CustomerInsight_shopId_rfmSegment_revenueMinor_idx" ON "CustomerInsight"("shopId", "rfmSegment", "revenueMinor");

-- CreateIndex
CREATE INDEX "CustomerInsight_shopId_customerId_idx" ON "CustomerInsight"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyAccount_shopId_referralCode_key" ON "LoyaltyAccount"("shopId", "referralCode");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shopId_customerId_createdAt_idx" ON "LoyaltyEntry"("shopId", "customerId", "createdAt");

-- CreateIndex
CREATE INDEX "RewardCode_shopId_customerId_idx" ON "RewardCode"("shopId", "customerId");

-- AddForeignKey
ALTER TABLE "CustomerInsight" ADD CONSTRAINT "CustomerInsight_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyAccount" ADD CONSTRAINT "LoyaltyAccount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyEntry" ADD CONSTRAINT "LoyaltyEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RewardCode" ADD CONSTRAINT "RewardCode_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

