import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "~/http/admin-context.server";
import { reasonOf } from "~/http/failure-kind.server";
import { isUnavailable } from "~/http/service-unavailable.server";
import { SectionCard } from "~/components/SectionCard";
import db from "~/db/client.server";
import {
  ImportFailureBanner,
  ImportResultCard,
  type ImportFailure,
  type Translate,
} from "~/components/import/ImportSections";
import { translate } from "~/i18n";
import { CsvImportError, importOrdersCsv, MAX_IMPORT_BYTES } from "~/workflows/csv-import.server";

/** Skipped rows listed on the page (all are counted). */
const SHOWN_ERRORS = 50;

/** The merchant's answer when a file's dates fit both orders; "auto": let the file decide. */
const DateOrderField = z.enum(["auto", "dmy", "mdy"]).catch("auto");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale, platform } = await requireAdmin(request);
  return { locale, platform, currency: shop.currency, timezone: shop.timezone, maxMb: MAX_IMPORT_BYTES / 1048576 };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const fail = (error: ImportFailure) => data({ ok: false as const, error }, { status: 422 });

  // A body announced as too large is refused before it is read; the upload handler stops
  // any other at the same limit (the file is held in memory until it is imported).
  if (Number(request.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024)
    return fail({ code: "too_large" });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }),
    );
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return fail({ code: "too_large" });
    throw e;
  }
  const file = form.get("file");
  if (!file || typeof file === "string") return fail({ code: "noFile" });

  const dateOrder = DateOrderField.parse(form.get("dateOrder"));
  try {
    const result = await importOrdersCsv(db, shop, file, dateOrder === "auto" ? {} : { dateOrder });
    return { ok: true as const, result: { ...result, errors: result.errors.slice(0, SHOWN_ERRORS) } };
  } catch (e) {
    if (e instanceof CsvImportError)
      return fail({ code: e.code, closest: e.details.closest, hint: e.details.hint, examples: e.details.examples });
    // The database away: the app's 503 (entry.server). Anything else undid the file's one
    // transaction: the merchant gets that report (nothing written, try again), the log the cause.
    if (isUnavailable(e)) throw e;
    console.error(`order import of shop ${shop.id} failed and was rolled back: ${reasonOf(e)}`);
    return data({ ok: false as const, error: { code: "write_failed" } as ImportFailure }, { status: 200 });
  }
};

export default function ImportOrders() {
  const { locale, platform, currency, timezone, maxMb } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const t: Translate = (key, vars) => translate(locale, key, vars, platform);

  return (
    <Page title={t("import.title")}>
      <TitleBar title={t("import.title")} />
      <Layout>
        {outcome && !outcome.ok && (
          <Layout.Section>
            <ImportFailureBanner failure={outcome.error} maxMb={maxMb} t={t} />
          </Layout.Section>
        )}
        {outcome?.ok && <ImportResultCard result={outcome.result} locale={locale} timezone={timezone} t={t} />}
        <SectionCard title={t("import.upload.heading")}>
          <Text as="p">{t("import.intro")}</Text>
          <Form method="post" encType="multipart/form-data">
            <BlockStack gap="300">
              <BlockStack gap="100">
                <label htmlFor="import-file">
                  <Text as="span" fontWeight="medium">
                    {t("import.upload.label")}
                  </Text>
                </label>
                <input id="import-file" type="file" name="file" accept=".csv,text/csv" required />
              </BlockStack>
              <BlockStack gap="100">
                <label htmlFor="import-date-order">
                  <Text as="span" fontWeight="medium">
                    {t("import.upload.dateOrder")}
                  </Text>
                </label>
                <select id="import-date-order" name="dateOrder" defaultValue="auto" style={{ maxWidth: "24rem" }}>
                  {(["auto", "dmy", "mdy"] as const).map((o) => (
                    <option key={o} value={o}>
                      {t(`import.upload.dateOrder.${o}`)}
                    </option>
                  ))}
                </select>
              </BlockStack>
              <Text as="p" tone="subdued">
                {t("import.formats.limits", { mb: maxMb, currency })}
              </Text>
              <Box>
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  {t("import.upload.submit")}
                </Button>
              </Box>
            </BlockStack>
          </Form>
        </SectionCard>
        <SectionCard title={t("import.formats.heading")}>
          {(["shopify", "woocommerce"] as const).map((format) => (
            <BlockStack gap="100" key={format}>
              <Text as="h3" variant="headingSm">
                {t(`import.formats.${format}.title`)}
              </Text>
              <Text as="p">{t(`import.formats.${format}.how`)}</Text>
              <Text as="p" tone="subdued">
                {t(`import.formats.${format}.note`, { timezone })}
              </Text>
            </BlockStack>
          ))}
        </SectionCard>
      </Layout>
    </Page>
  );
}
