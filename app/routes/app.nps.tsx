import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { nps } from "~/analytics";
import { SectionCard } from "~/components/SectionCard";
import { requireAdmin } from "~/http/admin-context.server";
import { formatCount, formatDate, formatNumber, formatPct } from "~/components/format";
import db from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { readDashboardSnapshot } from "~/models/analytics-snapshot.server";

// The score from the snapshot (the dashboard's figure), the latest answers read live.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const [snapshot, recent] = await Promise.all([
    readDashboardSnapshot(db, shop.id),
    db.surveyAnswer.findMany({
      where: { shopId: shop.id },
      orderBy: { answeredAt: "desc" },
      take: 25,
      select: { score: true, comment: true, answeredAt: true },
    }),
  ]);
  return {
    locale,
    result: snapshot?.analysis.nps ?? nps([]),
    timeZone: shop.timezone,
    recent: recent.map((r) => ({ ...r, answeredAt: r.answeredAt.toISOString() })),
  };
};

export default function NpsPage() {
  const { locale, timeZone, result, recent } = useLoaderData<typeof loader>();
  const loc = locale as Locale;
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(loc, key, vars);
  const share = (n: number) => formatPct(result.responses ? (n / result.responses) * 100 : null, loc, 0);
  return (
    <Page title={t("nps.title")}>
      <TitleBar title={t("nps.title")} />
      <Layout>
        {result.responses === 0 && (
          <Layout.Section>
            <Banner tone="info">{t("nps.none")}</Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p" variant="heading2xl">
                <span data-testid="nps-score">{result.nps === null ? "—" : formatNumber(result.nps, loc, 0)}</span>
              </Text>
              <Text as="p" tone="subdued">
                {t("nps.formula", { count: result.responses })}
              </Text>
              <InlineGrid columns={3} gap="300">
                {(["promoters", "passives", "detractors"] as const).map((k) => (
                  <BlockStack key={k} gap="100">
                    <Text as="p" tone="subdued">
                      {t(`nps.${k}` as MessageKey)}
                    </Text>
                    <Text as="p" variant="headingMd">
                      <span data-testid={`nps-${k}`}>{formatCount(result[k], loc)}</span> · {share(result[k])}
                    </Text>
                  </BlockStack>
                ))}
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.Section>
        {recent.length > 0 && (
          <SectionCard title={t("nps.recent")}>
            <DataTable
              columnContentTypes={["numeric", "text", "text"]}
              headings={[t("nps.col.score"), t("nps.col.comment"), t("nps.col.date")]}
              rows={recent.map((r) => [r.score, r.comment ?? "", formatDate(r.answeredAt, loc, timeZone)])}
            />
          </SectionCard>
        )}
      </Layout>
    </Page>
  );
}
