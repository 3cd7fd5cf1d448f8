import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, Card, FormLayout, Layout, Page, Text, TextField } from "@shopify/polaris";
import { requireAdmin } from "~/http/admin-context.server";
import { SaveButton, useFormFields, useSavedToast } from "~/components/settings-form";
import db from "~/db/client.server";
import { translate, type MessageKey } from "~/i18n";
import { pixelsFromSettings, savePixelForm, type PixelErrors, type PixelIds } from "~/workflows/pixels.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale, platform } = await requireAdmin(request);
  const { metaPixelId, googleTagId, tiktokPixelId } = pixelsFromSettings(shop.settings);
  return { locale, platform, values: { metaPixelId, googleTagId, tiktokPixelId } };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, locale, adminGraphql } = await requireAdmin(request);
  const result = await savePixelForm(db, shop.id, await request.formData(), adminGraphql, locale);
  if (!result.ok) return data({ ok: false as const, errors: result.errors }, { status: 422 });
  return { ok: true as const, errors: {} as PixelErrors };
};

export default function Pixels() {
  const { locale, platform, values: saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = (key: MessageKey) => translate(locale, key, {}, platform);
  const errors: PixelErrors = result?.errors ?? {};
  const { field } = useFormFields<PixelIds>(saved, errors);
  useSavedToast(result, t("pixels.saved"));

  return (
    <Page title={t("pixels.title")}>
      <TitleBar title={t("pixels.title")} />
      <Form method="post">
        <Layout>
          {result && !result.ok && (
            <Layout.Section>
              <Banner tone="critical" title={t("pixels.invalid")}>
                {errors.form && <p>{errors.form}</p>}
              </Banner>
            </Layout.Section>
          )}
          <Layout.AnnotatedSection title={t("pixels.consent.heading")}>
            <Card>
              <Text as="p">{t("pixels.consent.body")}</Text>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("pixels.ids.heading")} description={t("pixels.ids.help")}>
            <Card>
              <FormLayout>
                <TextField label={t("pixels.meta.label")} helpText={t("pixels.meta.help")} {...field("metaPixelId")} />
                <TextField
                  label={t("pixels.google.label")}
                  helpText={t("pixels.google.help")}
                  {...field("googleTagId")}
                />
                <TextField
                  label={t("pixels.tiktok.label")}
                  helpText={t("pixels.tiktok.help")}
                  {...field("tiktokPixelId")}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <SaveButton label={t("pixels.save")} saving={navigation.state === "submitting"} />
        </Layout>
      </Form>
    </Page>
  );
}
