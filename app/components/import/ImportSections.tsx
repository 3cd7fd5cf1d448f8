// The Import orders page's outcome: why a file was refused, or what an import wrote and skipped.
import { Banner, BlockStack, DataTable, InlineGrid, List, Text } from "@shopify/polaris";
import { SectionCard } from "~/components/SectionCard";
import { formatCount } from "~/components/format";
import type { Locale, MessageKey } from "~/i18n";
import { REQUIRED_COLUMNS, type CsvFormat, type FormatHint } from "~/platforms/csv/detect";
import type { DialectReport, Example } from "~/platforms/csv/dialect";
import { rowErrorText, type RowError } from "~/platforms/csv/mapper";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Why a file was refused (CsvImportError's codes, no file at all), or the write failed and was undone. */
export interface ImportFailure {
  code:
    | "empty"
    | "no_orders"
    | "too_large"
    | "unknown_format"
    | "ambiguous_dates"
    | "conflicting_dates"
    | "conflicting_numbers"
    | "noFile"
    | "write_failed";
  closest?: { format: CsvFormat; missing: string[] } | null;
  hint?: FormatHint | null;
  examples?: Example[];
}

function failureText(failure: ImportFailure, maxMb: number, t: Translate): string {
  const [a, b] = failure.examples ?? [];
  switch (failure.code) {
    case "noFile":
    case "write_failed":
      return t(`import.error.${failure.code}`);
    case "ambiguous_dates":
      return t("import.error.ambiguous_dates", { example: a?.value ?? "", line: a?.line ?? "" });
    case "conflicting_dates":
    case "conflicting_numbers":
      return t(`import.error.${failure.code}`, {
        line1: a?.line ?? "",
        example1: a?.value ?? "",
        line2: b?.line ?? "",
        example2: b?.value ?? "",
      });
    default:
      return t(`import.error.${failure.code}`, { mb: maxMb });
  }
}

export function ImportFailureBanner({ failure, maxMb, t }: { failure: ImportFailure; maxMb: number; t: Translate }) {
  return (
    <Banner tone="critical" title={t("import.error.title")}>
      <BlockStack gap="200">
        <Text as="p">
          <span data-testid="import-error">{failureText(failure, maxMb, t)}</span>
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
  dialect: DialectReport;
  ordersWritten: number;
  ordersUnchanged: number;
  customersWritten: number;
  errors: RowError[];
  errorCount: number;
  analyticsRefreshQueued: boolean;
}

/** How the file was read, one sentence per decision, in the merchant's language. */
function dialectLines(d: DialectReport, format: CsvFormat, timezone: string, t: Translate): string[] {
  const lines = [
    t("import.dialect.encoding", { encoding: d.encoding.replace(/-/g, "") }),
    t("import.dialect.separator", {
      separator: d.separator === ";" ? "semicolon" : d.separator === "\t" ? "tab" : "comma",
      columns: d.columns,
    }),
    t(`import.dialect.decimal.${d.decimalReason}`, {
      decimal: d.decimal === "," ? "comma" : "point",
      example: d.decimalExample ?? "",
    }),
  ];
  if (d.dateOrder && d.dateReason)
    lines.push(t(`import.dialect.date.${d.dateReason}`, { order: d.dateOrder, example: d.dateExample ?? "" }));
  if (d.dateOrder && format === "shopify") lines.push(t("import.dialect.localTimes", { timezone }));
  return lines;
}

export function ImportResultCard({
  result,
  locale,
  timezone,
  t,
}: {
  result: ShownResult;
  locale: Locale;
  timezone: string;
  t: Translate;
}) {
  const nf = (n: number) => formatCount(n, locale);
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
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {t("import.dialect.heading")}
        </Text>
        <div data-testid="import-dialect">
          <List>
            {dialectLines(result.dialect, result.format, timezone, t).map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </div>
      </BlockStack>
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
          <Text as="p">
            <span data-testid="import-skipped-summary">
              {t("import.result.skippedSummary", { count: result.errorCount })}
            </span>
          </Text>
          <div data-testid="import-errors">
            <DataTable
              columnContentTypes={["numeric", "text"]}
              headings={[t("import.skipped.line"), t("import.skipped.reason")]}
              rows={result.errors.map((e) => [e.line, rowErrorText(t, e)])}
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
