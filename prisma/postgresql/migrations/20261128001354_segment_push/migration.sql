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
    "flowSentAt" TIMESTAMP(3),
    "error" TEXT,
    "errorKey" TEXT,
    "errorAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SegmentPush_pkey" PRIMARY KEY ("shopId","customerId")
);

-- CreateIndex
CREATE INDEX "SegmentPush_shopId_tag_idx" ON "SegmentPush"("shopId", "tag");

-- CreateIndex
CREATE INDEX "SegmentPush_shopId_errorAt_idx" ON "SegmentPush"("shopId", "errorAt");

-- AddForeignKey
ALTER TABLE "SegmentPush" ADD CONSTRAINT "SegmentPush_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

