import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { requireAdmin } from "~/http/admin-context.server";
import { SaveButton, useSavedToast } from "~/components/settings-form";
import { ProgramForm } from "~/components/loyalty/ProgramForm";
import { StorefrontPreview } from "~/components/loyalty/StorefrontPreview";
import { env } from "~/env.server";
import { ExportButton } from "~/components/ExportButton";
import db from "~/db/client.server";
import { formatCount } from "~/components/format";
import { decimalSeparator, intlLocale, translate, type MessageKey } from "~/i18n";
import { draftFromProgram, previewFromDraft, type FormErrors, type ProgramDraft } from "~/loyalty/draft";
import { saveProgramForm } from "~/models/loyalty-form.server";
import { loyaltySummary } from "~/models/loyalty-ledger.server";
import { programFromSettings } from "~/models/loyalty-program.server";
import { settingsObject } from "~/models/settings";
import { programStatus } from "~/loyalty/status";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale, platform } = await requireAdmin(request);
  return {
    locale,
    platform,
    currency: shop.currency,
    draft: draftFromProgram(
      programFromSettings(shop.settings, locale, shop.currency),
      shop.currency,
      decimalSeparator(locale),
    ),
    summary: await loyaltySummary(db, shop.id),
    saved: settingsObject(shop.settings).loyalty !== undefined,
    // Where the merchant switches the storefront panel on (the dashboard's setup checklist links the same).
    storefrontSetupUrl:
      platform === "woocommerce"
        ? `https://${shop.domain}/wp-admin/admin.php?page=retention`
        : `https://${shop.domain}/admin/themes/current/editor?context=apps&activateAppId=${env.SHOPIFY_API_KEY}/app-embed`,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const result = await saveProgramForm(db, shop, await request.formData(), locale);
  if (!result.ok) return data({ ok: false as const, errors: result.errors }, { status: 422 });
  return { ok: true as const, errors: {} as FormErrors };
};

export default function Loyalty() {
  const {
    locale,
    platform,
    currency,
    draft: saved,
    summary,
    saved: programSaved,
    storefrontSetupUrl,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars, platform);
  const [draft, setDraft] = useState<ProgramDraft>(saved);
  const errors: FormErrors = result?.errors ?? {};

  useSavedToast(result, t("loyalty.saved"));
  const invalidBanner = useRef<HTMLDivElement>(null);
  // After a refused save, bring the first field in error into view (its message is next to it), or
  // else the banner: an error only at the top of a long page, out of sight, is an error not seen.
  useEffect(() => {
    if (!result || result.ok) return;
    const field = document.querySelector<HTMLElement>('[data-loyalty-form] [aria-invalid="true"]');
    const target = field ?? invalidBanner.current;
    target?.scrollIntoView({ block: "center" });
    field?.focus({ preventScroll: true });
  }, [result]);
  const fieldErrors = Object.keys(errors).filter((k) => k !== "form").length;
  const status = programStatus(programSaved, summary.accounts);
  const statusTone = { on: "success", waiting: "attention", off: undefined } as const;

  const stats: [MessageKey, number][] = [
    ["loyalty.summary.accounts", summary.accounts],
    ["loyalty.summary.issued", summary.issued],
    ["loyalty.summary.redeemed", summary.redeemed],
    ["loyalty.summary.reversed", summary.reversed],
    ["loyalty.summary.activeCodes", summary.activeCodes],
    ["loyalty.summary.failedCodes", summary.failedCodes],
  ];

  return (
    <Page title={t("loyalty.title")}>
      <TitleBar title={t("loyalty.title")} />
      <Form method="post" data-loyalty-form>
        <input type="hidden" name="program" value={JSON.stringify(draft)} />
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("loyalty.status.heading")}
                  </Text>
                  <span data-testid="loyalty-status" data-status={status}>
                    <Badge tone={statusTone[status]}>{t(`loyalty.status.${status}`)}</Badge>
                  </span>
                </InlineStack>
                <Text as="p">
                  {t(`loyalty.status.${status}.line`, {
                    points: previewFromDraft(saved).pointsPerUnit ?? 0,
                    unit: new Intl.NumberFormat(intlLocale(locale), {
                      style: "currency",
                      currency,
                      maximumFractionDigits: 0,
                    }).format(1),
                    members: summary.accounts,
                  })}
                </Text>
                {status !== "on" && (
                  <InlineStack>
                    <Button url={storefrontSetupUrl} external>
                      {t("loyalty.status.themeEditor")}
                    </Button>
                  </InlineStack>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <StorefrontPreview draft={draft} currency={currency} locale={locale} t={t} />
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("loyalty.summary.heading")}
                </Text>
                <InlineGrid columns={{ xs: 2, md: 3 }} gap="400">
                  {stats.map(([key, value]) => (
                    <BlockStack key={key} gap="100">
                      <Text as="p" tone="subdued">
                        {t(key)}
                      </Text>
                      <Text as="p" variant="headingLg">
                        {formatCount(value, locale)}
                      </Text>
                    </BlockStack>
                  ))}
                </InlineGrid>
                <ExportButton
                  href="/app/exports/loyalty-ledger.csv"
                  label={t("export.ledger")}
                  failedLabel={t("export.failed")}
                  testId="export-ledger"
                />
              </BlockStack>
            </Card>
          </Layout.Section>
          <ProgramForm draft={draft} setDraft={setDraft} errors={errors} currency={currency} t={t} />
          {result && !result.ok && (
            <Layout.Section>
              <div ref={invalidBanner} data-testid="loyalty-invalid">
                <Banner
                  tone="critical"
                  title={fieldErrors ? t("loyalty.invalidCount", { count: fieldErrors }) : t("loyalty.invalid")}
                >
                  {errors.form && <p>{errors.form}</p>}
                </Banner>
              </div>
            </Layout.Section>
          )}
          <SaveButton label={t("loyalty.save")} saving={navigation.state === "submitting"} />
        </Layout>
      </Form>
    </Page>
  );
}
