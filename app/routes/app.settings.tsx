import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, Card, FormLayout, Layout, Page, Select, TextField } from "@shopify/polaris";
import { enqueueAnalyticsRefresh } from "~/jobs/enqueue.server";
import { getJobQueue } from "~/jobs/queue.server";
import { requireAdmin } from "~/http/admin-context.server";
import { SaveButton, useFormFields, useSavedToast } from "~/components/settings-form";
import { DataRequests } from "~/components/DataRequests";
import db from "~/db/client.server";
import {
  decimalSeparator,
  formatDate,
  LANGUAGE_NAMES,
  LOCALES,
  platformTranslator,
  translate,
  type MessageKey,
} from "~/i18n";
import { listDataRequests } from "~/models/compliance.server";
import { parseSettings } from "~/models/settings";
import { saveSettingsForm, type SettingsFieldErrors } from "~/models/settings-form.server";
import { minorToDecimal } from "~/core/money";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale, platform } = await requireAdmin(request);
  const settings = parseSettings(shop.settings);
  const requests = await listDataRequests(db, shop.id);
  return {
    locale,
    // Customer data requests arrive through Shopify's GDPR webhooks, or from a WooCommerce store's
    // Tools > Export Personal Data (the plugin's exporter).
    platform,
    dataRequests: requests.map((r) => ({
      id: r.id,
      customer: r.customerId?.startsWith("redacted-") ? "—" : (r.customerId ?? r.email ?? "—"),
      requestedAt: formatDate(r.requestedAt, locale, shop.timezone),
      available: r.available,
    })),
    values: {
      inactiveAfterDays: String(settings.inactiveAfterDays),
      activeWindowDays: String(settings.activeWindowDays),
      loyalMinOrders: String(settings.loyalMinOrders),
      cacSpend: settings.cac
        ? minorToDecimal(settings.cac.marketingSpendMinor, shop.currency).replace(".", decimalSeparator(locale))
        : "",
      cacNewCustomers: settings.cac ? String(settings.cac.newCustomers) : "",
      currency: shop.currency,
      timezone: shop.timezone,
      // The language the merchant reads the app in (Shopify's admin language, else the shop's setting), so a
      // Dutch page never shows "Taal: English".
      locale: locale as string,
    },
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const result = await saveSettingsForm(db, shop.id, await request.formData(), locale);
  if (!result.ok) return data({ ok: false as const, errors: result.errors }, { status: 422 });
  // Thresholds change segments and rates: recompute now rather than at the next sync.
  await enqueueAnalyticsRefresh(await getJobQueue(), shop.id, 0);
  return { ok: true as const, errors: {} as SettingsFieldErrors };
};

type Values = Awaited<ReturnType<typeof loader>>["values"];

export default function Settings() {
  const { locale, platform, values: saved, dataRequests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = (key: MessageKey) => translate(locale, key);
  const platformT = platformTranslator(locale, platform);
  const errors: SettingsFieldErrors = result?.errors ?? {};
  const { values, setValues, field } = useFormFields<Values>(saved, errors);
  useSavedToast(result, t("settings.saved"));

  return (
    <Page title={t("settings.title")}>
      <TitleBar title={t("settings.title")} />
      <Form method="post">
        <Layout>
          {result && !result.ok && (
            <Layout.Section>
              <Banner tone="critical" title={t("settings.invalid")} />
            </Layout.Section>
          )}
          <Layout.AnnotatedSection title={t("settings.retention.heading")}>
            <Card>
              <FormLayout>
                <TextField
                  label={t("settings.inactiveAfterDays.label")}
                  type="number"
                  suffix={t("unit.days")}
                  helpText={t("settings.inactiveAfterDays.help")}
                  {...field("inactiveAfterDays")}
                />
                <TextField
                  label={t("settings.activeWindowDays.label")}
                  type="number"
                  suffix={t("unit.days")}
                  helpText={t("settings.activeWindowDays.help")}
                  {...field("activeWindowDays")}
                />
                <TextField
                  label={t("settings.loyalMinOrders.label")}
                  type="number"
                  suffix={t("unit.orders")}
                  helpText={t("settings.loyalMinOrders.help")}
                  {...field("loyalMinOrders")}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.cac.heading")} description={t("settings.cac.help")}>
            <Card>
              <FormLayout>
                <TextField label={t("settings.cac.spend.label")} prefix={values.currency} {...field("cacSpend")} />
                <TextField label={t("settings.cac.newCustomers.label")} type="number" {...field("cacNewCustomers")} />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.shop.heading")}>
            <Card>
              <FormLayout>
                <TextField label={t("settings.currency.label")} {...field("currency")} />
                <TextField label={t("settings.timezone.label")} {...field("timezone")} />
                <Select
                  label={t("settings.locale.label")}
                  name="locale"
                  options={LOCALES.map((l) => ({ label: LANGUAGE_NAMES[l], value: l }))}
                  value={values.locale}
                  onChange={(v) => setValues((prev) => ({ ...prev, locale: v }))}
                  error={errors.locale}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <SaveButton label={t("settings.save")} saving={navigation.state === "submitting"} />
        </Layout>
      </Form>
      <Layout>
        <DataRequests rows={dataRequests} t={(key, vars) => platformT(key as MessageKey, vars)} />
      </Layout>
    </Page>
  );
}
