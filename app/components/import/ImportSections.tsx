// The Import orders page's outcome: why a file was refused, or what an import wrote and skipped.
import { Banner, BlockStack, DataTable, InlineGrid, List, Text } from "@shopify/polaris";
import { SectionCard } from "~/components/SectionCard";
import type { Locale, MessageKey } from "~/i18n";
import { REQUIRED_COLUMNS, type CsvFormat, type FormatHint } from "~/platforms/csv/detect";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Why a file was refused (CsvImportError's codes, no file at all), or the write failed and was undone. */
export interface ImportFailure {
  code: "empty" | "no_orders" | "too_large" | "unknown_format" | "noFile" | "write_failed";
  closest?: { format: CsvFormat; missing: string[] } | null;
  hint?: FormatHint | null;
}

export function ImportFailureBanner({ failure, maxMb, t }: { failure: ImportFailure; maxMb: number; t: Translate }) {
  return (
    <Banner tone="critical" title={t("import.error.title")}>
      <BlockStack gap="200">
        <Text as="p">
          <span data-testid="import-error">
            {failure.code === "noFile" || failure.code === "write_failed"
              ? t(`import.error.${failure.code}`)
              : t(`import.error.${failure.code}`, { mb: maxMb })}
          </span>
        </Text>
        {failure.code === "unknown_format" && (
          <>
            <List>
              {(["shopify", "woocommerce"] as const).map((f) => (
                <List.Item key={f}>
                  {t(`import.result.format.${f}`)}: {REQUIRED_COLUMNS[f].join(", ")}
                </List.Item>
              ))}
            </List>
            {failure.closest && (
              <Text as="p">
                {t("import.error.missing", {
                  format: t(`import.result.format.${failure.closest.format}`),
                  columns: failure.closest.missing.join(", "),
                })}
              </Text>
            )}
            {failure.hint && <Text as="p">{t(`import.error.hint.${failure.hint}`)}</Text>}
          </>
        )}
      </BlockStack>
    </Banner>
  );
}

export interface ShownResult {
  format: CsvFormat;
  ordersWritten: number;
  ordersUnchanged: number;
  customersWritten: number;
  errors: { line: number; message: string }[];
  errorCount: number;
  analyticsRefreshQueued: boolean;
}

export function ImportResultCard({ result, locale, t }: { result: ShownResult; locale: Locale; t: Translate }) {
  const nf = (n: number) => n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  const figures: [MessageKey, string, number][] = [
    ["import.result.written", "import-written", result.ordersWritten],
    ["import.result.unchanged", "import-unchanged", result.ordersUnchanged],
    ["import.result.customers", "import-customers", result.customersWritten],
    ["import.result.skipped", "import-skipped", result.errorCount],
  ];
  return (
    <SectionCard title={t("import.result.heading")}>
      <Text as="p">
        {t("import.result.format")}:{" "}
        <span data-testid="import-format">{t(`import.result.format.${result.format}`)}</span>
      </Text>
      <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
        {figures.map(([key, testId, n]) => (
          <BlockStack gap="100" key={testId}>
            <Text as="p" tone="subdued">
              {t(key)}
            </Text>
            <Text as="p" variant="headingLg">
              <span data-testid={testId}>{nf(n)}</span>
            </Text>
          </BlockStack>
        ))}
      </InlineGrid>
      {result.analyticsRefreshQueued && (
        <Text as="p" tone="subdued">
          {t("import.result.refreshing")}
        </Text>
      )}
      {result.errorCount > 0 && (
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("import.skipped.heading")}
          </Text>
          <div data-testid="import-errors">
            <DataTable
              columnContentTypes={["numeric", "text"]}
              headings={[t("import.skipped.line"), t("import.skipped.reason")]}
              rows={result.errors.map((e) => [e.line, e.message])}
            />
          </div>
          {result.errorCount > result.errors.length && (
            <Text as="p" tone="subdued">
              {t("import.skipped.more", { shown: nf(result.errors.length), total: nf(result.errorCount) })}
            </Text>
          )}
        </BlockStack>
      )}
    </SectionCard>
  );
}
