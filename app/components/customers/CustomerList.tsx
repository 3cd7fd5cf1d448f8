// The Customers page's filter form and table (the route loads one page of insight rows).
import { Form, Link } from "@remix-run/react";
import { useAskedLocale, useKeepLocale } from "~/components/keep-locale";
import { Badge, Button, Card, IndexTable, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { RFM_SEGMENTS, SEGMENTS } from "~/analytics";
import { formatCount, formatDate, formatMoney } from "~/components/format";
import { ChurnRiskBadge } from "./churn-risk";
import type { Locale, MessageKey } from "~/i18n";

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function CustomerFilters({
  initial,
  sorts,
  busy,
  t,
}: {
  initial: { q: string; segment: string | null; rfm: string | null; sort: string };
  sorts: readonly string[];
  busy: boolean;
  t: Translate;
}) {
  const [form, setForm] = useState({
    q: initial.q,
    segment: initial.segment ?? "",
    rfm: initial.rfm ?? "",
    sort: initial.sort,
  });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const all = { label: t("customers.filter.all"), value: "" };
  const asked = useAskedLocale();
  return (
    <Card>
      <Form method="get" data-testid="customer-filters">
        {asked && <input type="hidden" name="locale" value={asked} />}
        <InlineStack gap="300" blockAlign="end" wrap>
          <div style={{ minWidth: 260, flex: 1 }}>
            <TextField label={t("customers.search")} name="q" value={form.q} onChange={set("q")} autoComplete="off" />
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
            options={sorts.map((s) => ({ label: t(`customers.sort.${s}` as MessageKey), value: s }))}
          />
          <Button submit loading={busy}>
            {t("customers.apply")}
          </Button>
        </InlineStack>
      </Form>
    </Card>
  );
}

export interface CustomerRow {
  urlId: string; // the customer page's opaque id (a guest's key is their e-mail: never in a URL)
  name: string | null;
  email: string | null;
  orders: number;
  revenueMinor: number;
  lastOrderDate: string;
  segment: string;
  pAlive: number | null;
  predictedClvMinor: number | null;
}

export function CustomerTable({
  rows,
  currency,
  locale: loc,
  t,
}: {
  rows: CustomerRow[];
  currency: string;
  locale: Locale;
  t: Translate;
}) {
  const keep = useKeepLocale();
  return (
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
          { title: t("customers.col.risk") },
          { title: t("customers.col.clv"), alignment: "end" },
        ]}
      >
        {rows.map((r, i) => (
          <IndexTable.Row id={r.urlId} key={r.urlId} position={i}>
            <IndexTable.Cell>
              <Link to={keep(`/app/customers/${r.urlId}`)} data-testid="customer-link">
                {r.name ?? r.email ?? t("customers.guest")}
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatCount(r.orders, loc)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatMoney(r.revenueMinor, currency, loc, 2)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{formatDate(r.lastOrderDate, loc)}</IndexTable.Cell>
            <IndexTable.Cell>
              <Badge>{t(`segments.${r.segment}` as MessageKey)}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <ChurnRiskBadge pAlive={r.pAlive} locale={loc} t={t} />
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
  );
}
