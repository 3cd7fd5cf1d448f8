-- CreateTable
CREATE TABLE "SegmentPush" (
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "tag" TEXT,
    "segment" TEXT,
    "churnRisk" TEXT,
    "predictedClv" TEXT,
    "lastOrderDate" TEXT,
    "flowPending" BOOLEAN NOT NULL DEFAULT false,
    "flowSentAt" DATETIME,
    "error" TEXT,
    "errorKey" TEXT,
    "errorAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "customerId"),
    CONSTRAINT "SegmentPush_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SegmentPush_shopId_tag_idx" ON "SegmentPush"("shopId", "tag");

-- CreateIndex
CREATE INDEX "SegmentPush_shopId_errorAt_idx" ON "SegmentPush"("shopId", "errorAt");

