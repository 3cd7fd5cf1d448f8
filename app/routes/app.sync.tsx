import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { getJobQueue } from "~/jobs/queue.server";
import { shopForSession } from "~/http/admin-context.server";
import db from "~/db/client.server";
import { translate, type MessageKey } from "~/i18n";
import { syncStatus } from "~/models/sync-status.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { shop, locale } = await shopForSession(request, session.shop);
  const failedJobs = (await (await getJobQueue()).failedJobs(shop.id))
    .slice(0, 20)
    .map((j) => ({ ...j, failedAt: j.failedAt.toISOString() }));
  return { locale, status: await syncStatus(db, shop.id), failedJobs };
};

const TONE = { idle: undefined, running: "info", completed: "success", failed: "critical" } as const;

export default function SyncStatus() {
  const { locale, status, failedJobs } = useLoaderData<typeof loader>();
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const revalidator = useRevalidator();
  const running =
    status.backfill.status === "running" ||
    status.reconcile.status === "running" ||
    status.woocommerce?.status === "running";
  const syncs = status.woocommerce ? [status.woocommerce] : [status.backfill, status.reconcile];
  const hooks = status.wooWebhooks;

  // While a sync runs, refresh the progress every few seconds.
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(id);
  }, [running, revalidator]);

  const when = (iso: string) => new Date(iso).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  return (
    <Page title={t("sync.title")}>
      <TitleBar title={t("sync.title")} />
      <Layout>
        {syncs.map((s) => (
          <Layout.Section key={s.kind}>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    {t(
                      s.kind === "woocommerce"
                        ? "sync.woocommerce"
                        : s.kind === "backfill"
                          ? "sync.backfill"
                          : "sync.reconcile",
                    )}
                  </Text>
                  <Badge tone={TONE[s.status]}>{t(`sync.status.${s.status}` as MessageKey)}</Badge>
                </InlineStack>
                {s.percent !== null && (
                  <ProgressBar progress={s.percent} tone={s.status === "failed" ? "critical" : "primary"} />
                )}
                <Text as="p" tone="subdued" data-testid={`sync-${s.kind}-progress`}>
                  {s.total
                    ? t("sync.progress", {
                        processed: s.processed.toLocaleString(locale),
                        total: s.total.toLocaleString(locale),
                      })
                    : t("sync.progressUnknown", { processed: s.processed.toLocaleString(locale) })}
                </Text>
                {s.error && (
                  <Text as="p" tone="critical">
                    {s.error}
                  </Text>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
        {hooks && (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("sync.wooWebhooks")}
                </Text>
                {hooks.checkError !== null && (
                  <Text as="p" tone="critical">
                    {t("sync.wooWebhooks.checkFailed", { error: hooks.checkError })}
                  </Text>
                )}
                {hooks.lastIncident && (
                  <Text
                    as="p"
                    tone={hooks.lastIncident.reenabledAt ? "caution" : "critical"}
                    data-testid="woo-webhook-incident"
                  >
                    {hooks.lastIncident.reenabledAt
                      ? t("sync.wooWebhooks.incident", {
                          count: hooks.lastIncident.topics.length,
                          topics: hooks.lastIncident.topics.join(", "),
                          detectedAt: when(hooks.lastIncident.detectedAt),
                          reenabledAt: when(hooks.lastIncident.reenabledAt),
                        })
                      : t("sync.wooWebhooks.incidentNotReenabled", {
                          count: hooks.lastIncident.topics.length,
                          topics: hooks.lastIncident.topics.join(", "),
                          detectedAt: when(hooks.lastIncident.detectedAt),
                        })}
                  </Text>
                )}
                {hooks.checkError === null && hooks.checkedAt && (
                  <Text as="p" tone="subdued">
                    {t("sync.wooWebhooks.ok", { checkedAt: when(hooks.checkedAt) })}
                  </Text>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("sync.lastWebhook")}
              </Text>
              <Text as="p">
                {status.lastWebhook
                  ? `${status.lastWebhook.topic} — ${when(status.lastWebhook.receivedAt)}`
                  : t("sync.never")}
              </Text>
              <Text as="h2" variant="headingMd">
                {t("sync.failedWebhooks")}
              </Text>
              {failedJobs.map((j) => (
                <Text as="p" key={j.id} tone="critical">
                  {t("sync.failedJob", { name: j.name, attempts: j.attempts })} — {when(j.failedAt)}: {j.error}
                </Text>
              ))}
              {status.failedWebhooks.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("sync.noFailures")}
                </Text>
              ) : (
                status.failedWebhooks.map((f, i) => (
                  <Text as="p" key={i} tone="critical">
                    {f.topic} — {when(f.receivedAt)}: {f.error}
                  </Text>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
