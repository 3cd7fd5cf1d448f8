import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, Button, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { requireAdmin } from "~/http/admin-context.server";
import { useSavedToast } from "~/components/settings-form";
import {
  Failures,
  PushSettingsForm,
  PushStatus,
  SegmentWebhookForm,
  TagCounts,
  WinbackGuide,
} from "~/components/winback/WinbackSections";
import db from "~/db/client.server";
import { platformTranslator, type MessageKey } from "~/i18n";
import { parseSettings } from "~/models/settings";
import { isDemoShop } from "~/demo/demo-mode.server";
import { getJobQueue } from "~/jobs/queue.server";
import { segmentWebhookSecret, winbackFromSettings, winbackOverview } from "~/models/winback.server";
import { applyWinbackIntent, type WinbackIntent as Intent } from "~/workflows/segment-push.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const settings = parseSettings(shop.settings);
  const winback = winbackFromSettings(shop.settings);
  const woo = shop.platform === "woocommerce";
  return {
    locale,
    platform: shop.platform,
    // WooCommerce shops: the segment webhook's address and signing secret (shown to the merchant).
    webhook: woo ? { url: winback.segmentWebhookUrl, secret: segmentWebhookSecret(shop.id) } : null,
    currency: shop.currency,
    timeZone: shop.timezone,
    demo: isDemoShop(shop.domain),
    enabled: winback.pushEnabled,
    days: settings.inactiveAfterDays,
    orders: settings.loyalMinOrders,
    overview: await winbackOverview(db, shop.id),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as Intent;
  const outcome = await applyWinbackIntent(
    db,
    await getJobQueue(),
    shop,
    intent,
    form.get("pushEnabled") === "on",
    String(form.get("segmentWebhookUrl") ?? ""),
  );
  if (outcome.error)
    return data({ ok: false as const, intent, errors: { form: outcome.error } }, { status: outcome.status });
  return { ok: true as const, intent, errors: {} as { form?: MessageKey } };
};

const TOAST: Record<Intent, MessageKey> = {
  settings: "winback.saved",
  push: "winback.push.queued",
  remove: "winback.remove.queued",
  webhook: "winback.webhook.saved",
};

export default function Winback() {
  const { locale, platform, webhook, currency, timeZone, demo, enabled, days, orders, overview } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const t = platformTranslator(locale, platform);
  useSavedToast(result, t(TOAST[(result?.intent ?? "settings") as Intent] ?? "winback.saved"));
  const busy = (intent: Intent) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;

  // While a push or a removal runs, look again every few seconds.
  const running = overview.push.status === "running" || overview.push.status === "queued" || overview.removing;
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(id);
  }, [running, revalidator]);

  return (
    <Page title={t("winback.title")}>
      <TitleBar title={t("winback.title")} />
      <Layout>
        {demo && (
          <Layout.Section>
            <div data-testid="winback-demo">
              <Banner tone="info">{t("winback.demo")}</Banner>
            </div>
          </Layout.Section>
        )}
        {result && !result.ok && result.errors.form && (
          <Layout.Section>
            <Banner tone="critical">{t(result.errors.form)}</Banner>
          </Layout.Section>
        )}
        <WinbackGuide t={t} days={days} orders={orders} currency={currency} platform={platform} />
        <TagCounts t={t} locale={locale} tags={overview.tags} guests={overview.guests} platform={platform} />
        <PushStatus t={t} locale={locale} timeZone={timeZone} push={overview.push}>
          <Form method="post">
            <input type="hidden" name="intent" value="push" />
            <InlineStack gap="300" blockAlign="center">
              <Button submit disabled={demo || !enabled} loading={busy("push")}>
                {t("winback.push.now")}
              </Button>
              {!enabled && !demo && (
                <Text as="span" tone="subdued">
                  {t("winback.push.off")}
                </Text>
              )}
            </InlineStack>
          </Form>
        </PushStatus>
        <Failures t={t} locale={locale} timeZone={timeZone} failures={overview.failures} total={overview.failedCount} />
        <PushSettingsForm
          t={t}
          enabled={enabled}
          busy={busy("settings")}
          removal={!enabled && !demo && (overview.withAppData > 0 || overview.removing) ? overview : null}
          removing={busy("remove")}
        />
        {webhook && <SegmentWebhookForm t={t} url={webhook.url} secret={webhook.secret} busy={busy("webhook")} />}
      </Layout>
    </Page>
  );
}
