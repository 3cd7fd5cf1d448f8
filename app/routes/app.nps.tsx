import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { ExportButton } from "~/components/ExportButton";
import { SectionCard } from "~/components/SectionCard";
import { NpsTrend } from "~/components/nps/NpsTrend";
import { requireAdmin } from "~/http/admin-context.server";
import { formatCount, numberLocale } from "~/components/format";
import db from "~/db/client.server";
import { customerUrlId } from "~/http/customer-url.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { npsReport } from "~/models/nps-report.server";
import { observationEndFor } from "~/demo/demo-mode.server";

// The score, its trend month by month, the score per customer group, and the detractors with
// a link to each one's customer page. Read live from the answers.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const now = await observationEndFor(db, shop.id);
  const report = await npsReport(db, shop.id, shop.timezone, now);
  return {
    locale,
    ...report,
    detractors: report.detractors.map(({ customerKey, ...d }) => ({
      ...d,
      // The customer page's opaque id: a guest's key is their e-mail, kept out of URLs.
      customerUrlId: customerKey ? customerUrlId(customerKey) : null,
    })),
  };
};

const SEGMENT_ORDER = ["active-loyal", "repeat", "one-time", "inactive", "unknown"];

export default function NpsPage() {
  const { locale, overall, trend, segments, detractors, total, linked } = useLoaderData<typeof loader>();
  const loc = locale as Locale;
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(loc, key, vars);
  const nf = (v: number | null) =>
    v === null ? "—" : new Intl.NumberFormat(numberLocale(loc), { maximumFractionDigits: 0 }).format(v);
  const pct = (n: number) =>
    overall.responses
      ? new Intl.NumberFormat(numberLocale(loc), { style: "percent" }).format(n / overall.responses)
      : "—";
  const monthName = new Intl.DateTimeFormat(numberLocale(loc), { month: "short", year: "numeric", timeZone: "UTC" });
  const points = trend.map((m) => ({ ...m, label: monthName.format(new Date(`${m.month}-01T00:00:00Z`)) }));
  const dateFormat = new Intl.DateTimeFormat(numberLocale(loc), { dateStyle: "medium" });
  return (
    <Page title={t("nps.title")}>
      <TitleBar title={t("nps.title")} />
      <Layout>
        {overall.responses === 0 && (
          <Layout.Section>
            <Banner tone="info">{t("nps.none")}</Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="start">
                <Text as="p" variant="heading2xl">
                  <span data-testid="nps-score">{nf(overall.nps)}</span>
                </Text>
                {total > 0 && (
                  <ExportButton
                    href="/app/exports/nps.csv"
                    label={t("export.nps")}
                    failedLabel={t("export.failed")}
                    testId="export-nps"
                  />
                )}
              </InlineStack>
              <Text as="p" tone="subdued">
                {t("nps.formula", { count: overall.responses })} {total > 0 && t("nps.linked", { linked, total })}
              </Text>
              <InlineGrid columns={3} gap="300">
                {(["promoters", "passives", "detractors"] as const).map((k) => (
                  <BlockStack key={k} gap="100">
                    <Text as="p" tone="subdued">
                      {t(`nps.${k}` as MessageKey)}
                    </Text>
                    <Text as="p" variant="headingMd">
                      <span data-testid={`nps-${k}`}>{formatCount(overall[k], loc)}</span> · {pct(overall[k])}
                    </Text>
                  </BlockStack>
                ))}
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.Section>
        {total > 0 && (
          <SectionCard title={t("nps.trend.title")}>
            <Text as="p" tone="subdued">
              {t("nps.trend.help")}
            </Text>
            <NpsTrend points={points} name={t("nps.title")} />
            <DataTable
              columnContentTypes={["text", "numeric", "numeric"]}
              headings={[t("nps.col.month"), "NPS", t("nps.col.answers")]}
              rows={points.map((p) => [p.label, nf(p.nps), formatCount(p.responses, loc)])}
            />
          </SectionCard>
        )}
        {total > 0 && (
          <SectionCard title={t("nps.segments.title")}>
            <Text as="p" tone="subdued">
              {t("nps.segments.help")}
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[t("segments.col.group"), "NPS", t("nps.col.answers"), t("nps.detractors")]}
              rows={[...segments]
                .sort((a, b) => SEGMENT_ORDER.indexOf(a.segment) - SEGMENT_ORDER.indexOf(b.segment))
                .map((s) => [
                  s.segment === "unknown" ? t("nps.segment.unknown") : t(`segments.${s.segment}` as MessageKey),
                  <span key="n" data-testid={`nps-segment-${s.segment}`}>
                    {nf(s.nps)}
                  </span>,
                  formatCount(s.responses, loc),
                  formatCount(s.detractors, loc),
                ])}
            />
          </SectionCard>
        )}
        {total > 0 && (
          <SectionCard title={t("nps.detractors.title")}>
            <Text as="p" tone="subdued">
              {t("nps.detractors.help")}
            </Text>
            {detractors.length === 0 ? (
              <Text as="p">{t("nps.detractors.none")}</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "text", "text"]}
                headings={[t("customers.col.name"), t("nps.col.score"), t("nps.col.comment"), t("nps.col.date")]}
                rows={detractors.map((d) => [
                  d.customerUrlId ? (
                    <Link key="c" to={`/app/customers/${d.customerUrlId}`} data-testid="nps-detractor-link">
                      {d.name ?? d.email ?? t("customers.guest")}
                    </Link>
                  ) : (
                    <Text key="c" as="span" tone="subdued">
                      {[d.name, d.email].filter(Boolean).join(" · ") ||
                        (d.identified ? t("nps.notAnalysed") : t("nps.anonymous"))}
                    </Text>
                  ),
                  d.score,
                  d.comment ?? "",
                  dateFormat.format(new Date(d.answeredAt)),
                ])}
              />
            )}
          </SectionCard>
        )}
      </Layout>
    </Page>
  );
}
