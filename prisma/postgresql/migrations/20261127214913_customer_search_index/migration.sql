-- CreateIndex
CREATE INDEX "CustomerInsight_shopId_searchText_customerKey_idx" ON "CustomerInsight"("shopId", "searchText", "customerKey");

