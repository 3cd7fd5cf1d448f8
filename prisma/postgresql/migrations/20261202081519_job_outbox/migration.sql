-- CreateTable
CREATE TABLE "JobOutbox" (
    "shopId" TEXT NOT NULL,
    "jobKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobOutbox_pkey" PRIMARY KEY ("shopId","jobKey")
);

-- CreateIndex
CREATE INDEX "JobOutbox_createdAt_idx" ON "JobOutbox"("createdAt");

-- AddForeignKey
ALTER TABLE "JobOutbox" ADD CONSTRAINT "JobOutbox_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

