import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Button, Card, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { syncFailureKind } from "~/components/setup/sync-failure";
import { useEffect } from "react";
import { getJobQueue } from "~/jobs/queue.server";
import { requireAdmin } from "~/http/admin-context.server";
import db from "~/db/client.server";
import { formatDateTime } from "~/components/format";
import { translate, type MessageKey } from "~/i18n";
import { syncStatus } from "~/models/sync-status.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale, platform } = await requireAdmin(request);
  const failedJobs = (await (await getJobQueue()).failedJobs(shop.id))
    .slice(0, 20)
    .map((j) => ({ ...j, failedAt: j.failedAt.toISOString() }));
  return { locale, timeZone: shop.timezone, status: await syncStatus(db, shop.id, platform), failedJobs };
};

const RUN_TITLE: Record<string, MessageKey> = {
  backfill: "sync.backfill",
  reconcile: "sync.reconcile",
  woocommerce: "sync.woocommerce",
};

const TONE = { idle: undefined, running: "info", completed: "success", failed: "critical" } as const;

export default function SyncStatus() {
  const { locale, timeZone, status, failedJobs } = useLoaderData<typeof loader>();
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const revalidator = useRevalidator();
  const running = status.runs.some((s) => s.status === "running");
  const hooks = status.wooWebhooks;

  // While a sync runs, refresh the progress every few seconds.
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(id);
  }, [running, revalidator]);

  const when = (iso: string) => formatDateTime(iso, locale, timeZone);
  return (
    <Page title={t("sync.title")}>
      <TitleBar title={t("sync.title")} />
      <Layout>
        {status.runs.map((s) => (
          <Layout.Section key={s.kind}>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    {t(RUN_TITLE[s.kind])}
                  </Text>
                  <span data-testid={`sync-${s.kind}-status`}>
                    <Badge tone={TONE[s.status]}>{t(`sync.status.${s.status}` as MessageKey)}</Badge>
                  </span>
                </InlineStack>
                {s.percent !== null && (
                  <ProgressBar progress={s.percent} tone={s.status === "failed" ? "critical" : "primary"} />
                )}
                <Text as="p" tone="subdued">
                  <span data-testid={`sync-${s.kind}-progress`}>
                    {s.total
                      ? t("sync.progress", { processed: s.processed, total: s.total })
                      : t("sync.progressUnknown", { processed: s.processed })}
                  </span>
                </Text>
                {s.status === "failed" && (
                  <Text as="p" tone="critical">
                    {t(`setup.sync.failed.${syncFailureKind(s.error)}` as MessageKey)}
                  </Text>
                )}
                {s.error && (
                  <Text as="p" tone={s.status === "failed" ? "subdued" : "critical"}>
                    {s.error}
                  </Text>
                )}
                {s.status === "failed" && s.kind === "backfill" && (
                  <Form method="post" action="/app/sync/retry" navigate={false}>
                    <Button submit>{t("setup.sync.retry")}</Button>
                  </Form>
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
