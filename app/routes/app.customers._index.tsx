import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Page,
  Pagination,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { RFM_SEGMENTS, SEGMENTS } from "~/analytics";
import { shopForSession } from "~/http/admin-context.server";
import { formatCount, formatMoney, formatPct } from "~/components/format";
import db from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { SORTS, parseCustomerListQuery, type CustomerListQuery } from "~/models/customer-list-query";
import { listCustomers } from "~/models/customers-page.server";
import { authenticate } from "~/shopify.server";

// Server-side search, filters and paging over the insight rows: one indexed query per page.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { shop, locale } = await shopForSession(request, session.shop);
  const query = parseCustomerListQuery(new URL(request.url).searchParams);
  const result = await listCustomers(db, shop.id, query);
  return { locale, currency: shop.currency, query, ...result };
};

function pageUrl(q: CustomerListQuery, page: number) {
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.segment) p.set("segment", q.segment);
  if (q.rfm) p.set("rfm", q.rfm);
  if (q.sort !== "revenue") p.set("sort", q.sort);
  p.set("page", String(page));
  return `/app/customers?${p}`;
}

export default function Customers() {
  const { locale, currency, query, rows, total, pages, truncated } = useLoaderData<typeof loader>();
  const loc = locale as Locale;
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(loc, key, vars);
  const navigation = useNavigation();
  // Client-side navigation: inside the admin, App Bridge adds the session token to Remix's fetches.
  const navigate = useNavigate();
  const [form, setForm] = useState({
    q: query.q,
    segment: query.segment ?? "",
    rfm: query.rfm ?? "",
    sort: query.sort,
  });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const all = { label: t("customers.filter.all"), value: "" };

  return (
    <Page title={t("customers.title")} subtitle={t("customers.count", { count: formatCount(total, loc) })}>
      <TitleBar title={t("customers.title")} />
      <BlockStack gap="400">
        <Card>
          <Form method="get" data-testid="customer-filters">
            <InlineStack gap="300" blockAlign="end" wrap>
              <div style={{ minWidth: 260, flex: 1 }}>
                <TextField
                  label={t("customers.search")}
                  name="q"
                  value={form.q}
                  onChange={set("q")}
                  autoComplete="off"
                />
              </div>
              <Select
                label={t("customers.filter.segment")}
                name="segment"
                value={form.segment}
                onChange={set("segment")}
                options={[all, ...SEGMENTS.map((s) => ({ label: t(`segments.${s}` as MessageKey), value: s }))]}
              />
              <Select
                label={t("customers.filter.rfm")}
                name="rfm"
                value={form.rfm}
                onChange={set("rfm")}
                options={[all, ...RFM_SEGMENTS.map((s) => ({ label: t(`rfm.${s}` as MessageKey), value: s }))]}
              />
              <Select
                label={t("customers.sort")}
                name="sort"
                value={form.sort}
                onChange={set("sort")}
                options={SORTS.map((s) => ({ label: t(`customers.sort.${s}` as MessageKey), value: s }))}
              />
              <Button submit loading={navigation.state === "loading"}>
                {t("customers.apply")}
              </Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          <IndexTable
            selectable={false}
            itemCount={rows.length}
            emptyState={<Text as="p">{t("customers.empty")}</Text>}
            headings={[
              { title: t("customers.col.name") },
              { title: t("customers.col.orders"), alignment: "end" },
              { title: t("customers.col.revenue"), alignment: "end" },
              { title: t("customers.col.lastOrder") },
              { title: t("customers.col.group") },
              { title: t("customers.col.risk"), alignment: "end" },
              { title: t("customers.col.clv"), alignment: "end" },
            ]}
          >
            {rows.map((r, i) => (
              <IndexTable.Row id={r.customerKey} key={r.customerKey} position={i}>
                <IndexTable.Cell>
                  <Link to={`/app/customers/${encodeURIComponent(r.customerKey)}`} data-testid="customer-link">
                    {r.name ?? r.email ?? t("customers.guest")}
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {r.orders}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {formatMoney(r.revenueMinor, currency, loc, 2)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{r.lastOrderDate}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge>{t(`segments.${r.segment}` as MessageKey)}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {r.pAlive === null ? "—" : formatPct((1 - r.pAlive) * 100, 0)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {formatMoney(r.predictedClvMinor, currency, loc)}
                  </Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        {truncated && query.page === pages && (
          <Text as="p" tone="subdued" alignment="center">
            {t("customers.truncated")}
          </Text>
        )}
        <InlineStack align="center" gap="300" blockAlign="center">
          <Pagination
            hasPrevious={query.page > 1}
            onPrevious={() => navigate(pageUrl(query, query.page - 1))}
            hasNext={query.page < pages}
            onNext={() => navigate(pageUrl(query, query.page + 1))}
            label={t("customers.page", { page: query.page, pages })}
          />
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
