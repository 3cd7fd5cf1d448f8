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
    "pAlive" REAL,
    "expectedPurchases" REAL,
    "expectedOrderValueMinor" BIGINT,
    "predictedClvMinor" BIGINT,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "customerKey"),
    CONSTRAINT "CustomerInsight_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LoyaltyAccount" (
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "email" TEXT,
    "referralCode" TEXT NOT NULL,
    "referredBy" TEXT,
    "referredAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "enrolledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "LoyaltyAccount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LoyaltyEntry" (
    "shopId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "availableAt" DATETIME NOT NULL,
    "orderId" TEXT,
    "refundId" TEXT,
    "rewardId" TEXT,

    PRIMARY KEY ("shopId", "key"),
    CONSTRAINT "LoyaltyEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "code"),
    CONSTRAINT "RewardCode_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

