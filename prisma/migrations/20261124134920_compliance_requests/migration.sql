-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "shopId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    "result" TEXT,

    PRIMARY KEY ("shopId", "id"),
    CONSTRAINT "ComplianceRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ComplianceRequest_shopId_requestedAt_idx" ON "ComplianceRequest"("shopId", "requestedAt");

