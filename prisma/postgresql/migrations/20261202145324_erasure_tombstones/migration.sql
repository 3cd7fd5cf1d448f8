-- CreateTable
CREATE TABLE "ErasedShopper" (
    "shopId" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErasedShopper_pkey" PRIMARY KEY ("shopId","keyHash")
);

-- AddForeignKey
ALTER TABLE "ErasedShopper" ADD CONSTRAINT "ErasedShopper_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

