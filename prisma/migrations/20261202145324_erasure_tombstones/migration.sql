-- CreateTable
CREATE TABLE "ErasedShopper" (
    "shopId" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "erasedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "keyHash"),
    CONSTRAINT "ErasedShopper_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

