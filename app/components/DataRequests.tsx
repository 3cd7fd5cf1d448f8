import { BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { SectionCard } from "./SectionCard";

export interface DataRequestRow {
  id: string;
  customer: string; // the customer's id or e-mail as Shopify named them
  requestedAt: string; // as the merchant reads dates ("2 dec 2026")
  available: boolean; // false once a later redact erased the copy
}

/**
 * The customers/data_request exports, each downloadable as JSON. The download goes through
 * fetch (App Bridge adds the session token to the app's own requests), then is saved from a blob.
 */
export function DataRequests({
  rows,
  t,
}: {
  rows: DataRequestRow[];
  t: (key: string, vars?: Record<string, string>) => string;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  const download = async (id: string) => {
    setFailed(null);
    try {
      const res = await fetch(`/app/data-requests/${encodeURIComponent(id)}`);
      if (!res.ok) throw new Error(String(res.status));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = `customer-data-request-${id}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch {
      setFailed(id);
    }
  };
  return (
    <SectionCard title={t("privacy.heading")}>
      <Text as="p" tone="subdued">
        {t("privacy.intro")}
      </Text>
      {rows.length === 0 ? (
        <Text as="p">{t("privacy.none")}</Text>
      ) : (
        <BlockStack gap="200">
          {rows.map((r) => (
            <InlineStack key={r.id} gap="300" align="space-between" blockAlign="center">
              <BlockStack gap="050">
                <Text as="span" fontWeight="semibold">
                  {t("privacy.customer", { id: r.customer })}
                </Text>
                <Text as="span" tone="subdued">
                  {t("privacy.requestedAt", { date: r.requestedAt })}
                </Text>
              </BlockStack>
              {r.available ? (
                <BlockStack gap="050" inlineAlign="end">
                  <Button onClick={() => void download(r.id)} data-testid={`data-request-${r.id}`}>
                    {t("privacy.download")}
                  </Button>
                  {failed === r.id && (
                    <Text as="span" tone="critical">
                      {t("privacy.failed")}
                    </Text>
                  )}
                </BlockStack>
              ) : (
                <Text as="span" tone="subdued">
                  {t("privacy.erased")}
                </Text>
              )}
            </InlineStack>
          ))}
        </BlockStack>
      )}
    </SectionCard>
  );
}
