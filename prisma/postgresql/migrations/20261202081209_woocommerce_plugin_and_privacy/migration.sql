-- AlterTable
ALTER TABLE "SurveyAnswer" ADD COLUMN     "period" INTEGER,
ADD COLUMN     "respondent" TEXT;

-- AlterTable
ALTER TABLE "WooCommerceConnection" ADD COLUMN     "disconnectedAt" TIMESTAMP(3),
ADD COLUMN     "pluginSecret" TEXT,
ADD COLUMN     "pluginVersion" TEXT;

-- AlterTable
ALTER TABLE "WooCommerceAuthRequest" ADD COLUMN     "pluginSecret" TEXT,
ADD COLUMN     "pluginVersion" TEXT,
ADD COLUMN     "returnUrl" TEXT,
ADD COLUMN     "wpUserId" INTEGER;

-- CreateTable
CREATE TABLE "PluginRequestSignature" (
    "shopId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PluginRequestSignature_pkey" PRIMARY KEY ("shopId","signature")
);

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "shopId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("shopId","key","windowStart")
);

-- CreateIndex
CREATE INDEX "PluginRequestSignature_shopId_expiresAt_idx" ON "PluginRequestSignature"("shopId", "expiresAt");

-- CreateIndex
CREATE INDEX "RateLimitWindow_shopId_windowStart_idx" ON "RateLimitWindow"("shopId", "windowStart");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_shopId_respondent_period_key" ON "SurveyAnswer"("shopId", "respondent", "period");

-- CreateIndex
CREATE INDEX "WooCommerceAuthRequest_siteUrl_expiresAt_idx" ON "WooCommerceAuthRequest"("siteUrl", "expiresAt");

-- AddForeignKey
ALTER TABLE "PluginRequestSignature" ADD CONSTRAINT "PluginRequestSignature_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RateLimitWindow" ADD CONSTRAINT "RateLimitWindow_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

