import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { requireAdmin } from "~/http/admin-context.server";
import { SaveButton, useSavedToast } from "~/components/settings-form";
import { ProgramForm } from "~/components/loyalty/ProgramForm";
import { ExportButton } from "~/components/ExportButton";
import db from "~/db/client.server";
import { formatCount } from "~/components/format";
import { decimalSeparator, translate, type MessageKey } from "~/i18n";
import { draftFromProgram, type FormErrors, type ProgramDraft } from "~/loyalty/draft";
import { saveProgramForm } from "~/models/loyalty-form.server";
import { loyaltySummary } from "~/models/loyalty-ledger.server";
import { programFromSettings } from "~/models/loyalty-program.server";

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
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const result = await saveProgramForm(db, shop, await request.formData(), locale);
  if (!result.ok) return data({ ok: false as const, errors: result.errors }, { status: 422 });
  return { ok: true as const, errors: {} as FormErrors };
};

export default function Loyalty() {
  const { locale, platform, currency, draft: saved, summary } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars, platform);
  const [draft, setDraft] = useState<ProgramDraft>(saved);
  const errors: FormErrors = result?.errors ?? {};

  useSavedToast(result, t("loyalty.saved"));

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
      <Form method="post">
        <input type="hidden" name="program" value={JSON.stringify(draft)} />
        <Layout>
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
          {result && !result.ok && (
            <Layout.Section>
              <Banner tone="critical" title={t("loyalty.invalid")}>
                {errors.form && <p>{errors.form}</p>}
              </Banner>
            </Layout.Section>
          )}
          <ProgramForm draft={draft} setDraft={setDraft} errors={errors} currency={currency} t={t} />
          <SaveButton label={t("loyalty.save")} saving={navigation.state === "submitting"} />
        </Layout>
      </Form>
    </Page>
  );
}
