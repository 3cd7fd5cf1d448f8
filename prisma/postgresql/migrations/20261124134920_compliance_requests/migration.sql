-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "shopId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "result" TEXT,

    CONSTRAINT "ComplianceRequest_pkey" PRIMARY KEY ("shopId","id")
);

-- CreateIndex
CREATE INDEX "ComplianceRequest_shopId_requestedAt_idx" ON "ComplianceRequest"("shopId", "requestedAt");

-- AddForeignKey
ALTER TABLE "ComplianceRequest" ADD CONSTRAINT "ComplianceRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

