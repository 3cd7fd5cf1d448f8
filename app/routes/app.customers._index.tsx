import type { LoaderFunctionArgs } from "@remix-run/node";
import { useKeepLocale } from "~/components/keep-locale";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, InlineStack, Page, Pagination, Text } from "@shopify/polaris";
import { CustomerFilters, CustomerTable } from "~/components/customers/CustomerList";
import { ExportButton } from "~/components/ExportButton";
import { formatCount } from "~/components/format";
import { requireAdmin } from "~/http/admin-context.server";
import { customerUrlId } from "~/http/customer-url.server";
import db from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { SORTS, parseCustomerListQuery, type CustomerListQuery } from "~/models/customer-list-query";
import { listCustomers } from "~/models/customers-page.server";

// Server-side search, filters and paging over the insight rows: one indexed query per page.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const query = parseCustomerListQuery(new URL(request.url).searchParams);
  const { rows, ...result } = await listCustomers(db, shop.id, query);
  // Rows leave the server with an opaque id instead of their key (a guest's key is their e-mail).
  return {
    locale,
    currency: shop.currency,
    query,
    ...result,
    rows: rows.map(({ customerKey, ...r }) => ({ ...r, urlId: customerUrlId(customerKey) })),
  };
};

function filterParams(q: CustomerListQuery) {
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.segment) p.set("segment", q.segment);
  if (q.rfm) p.set("rfm", q.rfm);
  return p;
}

function pageUrl(q: CustomerListQuery, page: number) {
  const p = filterParams(q);
  if (q.sort !== "revenue") p.set("sort", q.sort);
  p.set("page", String(page));
  return `/app/customers?${p}`;
}

export default function Customers() {
  const keep = useKeepLocale();
  const { locale, currency, query, rows, total, pages, truncated } = useLoaderData<typeof loader>();
  const loc = locale as Locale;
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(loc, key, vars);
  const navigation = useNavigation();
  // Client-side navigation: inside the admin, App Bridge adds the session token to Remix's fetches.
  const navigate = useNavigate();

  return (
    <Page title={t("customers.title")} subtitle={t("customers.count", { count: total })}>
      <TitleBar title={t("customers.title")} />
      <BlockStack gap="400">
        <CustomerFilters initial={query} sorts={SORTS} busy={navigation.state === "loading"} t={t} />
        <ExportButton
          href={`/app/exports/customers.csv?${filterParams(query)}`}
          label={
            query.q || query.segment || query.rfm
              ? t("export.customers.filtered", { count: formatCount(total, loc) })
              : t("export.customers")
          }
          failedLabel={t("export.failed")}
          testId="export-customers"
        />
        <CustomerTable rows={rows} currency={currency} locale={loc} t={t} />
        {truncated && query.page === pages && (
          <Text as="p" tone="subdued" alignment="center">
            {t("customers.truncated")}
          </Text>
        )}
        <InlineStack align="center" gap="300" blockAlign="center">
          <Pagination
            hasPrevious={query.page > 1}
            onPrevious={() => navigate(keep(pageUrl(query, query.page - 1)))}
            hasNext={query.page < pages}
            onNext={() => navigate(keep(pageUrl(query, query.page + 1)))}
            label={t("customers.page", { page: query.page, pages })}
          />
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
