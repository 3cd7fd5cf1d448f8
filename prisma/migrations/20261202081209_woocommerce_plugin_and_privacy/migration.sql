-- AlterTable
ALTER TABLE "SurveyAnswer" ADD COLUMN "period" INTEGER;
ALTER TABLE "SurveyAnswer" ADD COLUMN "respondent" TEXT;

-- AlterTable
ALTER TABLE "WooCommerceConnection" ADD COLUMN "disconnectedAt" DATETIME;
ALTER TABLE "WooCommerceConnection" ADD COLUMN "pluginSecret" TEXT;
ALTER TABLE "WooCommerceConnection" ADD COLUMN "pluginVersion" TEXT;

-- AlterTable
ALTER TABLE "WooCommerceAuthRequest" ADD COLUMN "pluginSecret" TEXT;
ALTER TABLE "WooCommerceAuthRequest" ADD COLUMN "pluginVersion" TEXT;
ALTER TABLE "WooCommerceAuthRequest" ADD COLUMN "returnUrl" TEXT;
ALTER TABLE "WooCommerceAuthRequest" ADD COLUMN "wpUserId" INTEGER;

-- CreateTable
CREATE TABLE "PluginRequestSignature" (
    "shopId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "signature"),
    CONSTRAINT "PluginRequestSignature_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "shopId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "key", "windowStart"),
    CONSTRAINT "RateLimitWindow_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PluginRequestSignature_shopId_expiresAt_idx" ON "PluginRequestSignature"("shopId", "expiresAt");

-- CreateIndex
CREATE INDEX "RateLimitWindow_shopId_windowStart_idx" ON "RateLimitWindow"("shopId", "windowStart");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_shopId_respondent_period_key" ON "SurveyAnswer"("shopId", "respondent", "period");

-- CreateIndex
CREATE INDEX "WooCommerceAuthRequest_siteUrl_expiresAt_idx" ON "WooCommerceAuthRequest"("siteUrl", "expiresAt");

