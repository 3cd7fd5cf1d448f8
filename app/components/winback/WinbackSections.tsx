// The Win-back page's sections: what the app writes and how to use it, the customers per tag,
// the push's last run and the customers Shopify refused.
import { Form, Link } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  Checkbox,
  DataTable,
  InlineStack,
  Layout,
  List,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { SectionCard } from "~/components/SectionCard";
import { formatCount, numberLocale } from "~/components/format";
import type { Locale, MessageKey } from "~/i18n";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface TagRow {
  segment: string;
  tag: string;
  pushed: number;
  wouldTag: number;
}

export interface PushView {
  status: string;
  finishedAt: string | null;
  processed: number;
  error: string | null;
}

export interface FailureRow {
  customerId: string;
  name: string | null;
  error: string;
  at: string | null;
}

export const formatWhen = (iso: string, locale: Locale, timeZone: string) =>
  new Intl.DateTimeFormat(numberLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(iso),
  );

const code = (text: string) => (
  <Text as="span" fontWeight="semibold">
    <code>{text}</code>
  </Text>
);

export function WinbackGuide({
  t,
  days,
  orders,
  currency,
  platform = "shopify",
}: {
  t: T;
  days: number;
  orders: number;
  currency: string;
  platform?: string;
}) {
  const segments = ["inactive", "one-time", "repeat", "active-loyal"] as const;
  const fields = ["segment", "churn_risk", "predicted_clv", "last_order_date"] as const;
  // WooCommerce has no tags or metafields: the group and figures are customer meta data (retention_<field>).
  const woo = platform === "woocommerce";
  return (
    <SectionCard title={t("winback.intro.heading")}>
      <Text as="p">{t("winback.intro.body")}</Text>
      <Text as="p">{t("winback.tags.body")}</Text>
      <List type="bullet">
        {segments.map((s) => (
          <List.Item key={s}>
            {code(woo ? `retention_segment = ${s}` : `retention:${s}`)} —{" "}
            {t(`winback.tag.${s}` as MessageKey, { days, orders })}
          </List.Item>
        ))}
      </List>
      <Text as="p">{t("winback.fields.body")}</Text>
      <List type="bullet">
        {fields.map((f) => (
          <List.Item key={f}>
            {code(woo ? `retention_${f}` : `retention.${f}`)} — {t(`winback.field.${f}` as MessageKey, { currency })}
          </List.Item>
        ))}
      </List>
      <Text as="h3" variant="headingSm">
        {t("winback.use.heading")}
      </Text>
      {woo ? (
        <List type="number">
          <List.Item>{t("winback.use.webhook.woocommerce")}</List.Item>
          <List.Item>{t("winback.use.meta.woocommerce")}</List.Item>
          <List.Item>{t("winback.use.loyal")}</List.Item>
        </List>
      ) : (
        <List type="number">
          <List.Item>{t("winback.use.email")}</List.Item>
          <List.Item>{t("winback.use.flow", { days })}</List.Item>
          <List.Item>{t("winback.use.klaviyo")}</List.Item>
          <List.Item>{t("winback.use.loyal")}</List.Item>
        </List>
      )}
    </SectionCard>
  );
}

export function TagCounts({
  t,
  locale,
  tags,
  guests,
  platform = "shopify",
}: {
  t: T;
  locale: Locale;
  tags: TagRow[];
  guests: number;
  platform?: string;
}) {
  return (
    <SectionCard title={t("winback.counts.heading")}>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric"]}
        headings={[t("winback.col.tag"), t("winback.col.pushed"), t("winback.col.wouldTag")]}
        rows={tags.map((r) => [
          <code key="t">{platform === "woocommerce" ? r.segment : r.tag}</code>,
          <span key="p" data-testid={`winback-${r.segment}-pushed`}>
            {formatCount(r.pushed, locale)}
          </span>,
          <span key="w" data-testid={`winback-${r.segment}-would`}>
            {formatCount(r.wouldTag, locale)}
          </span>,
        ])}
      />
      <Text as="p" tone="subdued">
        <span data-testid="winback-guests">{t("winback.guests", { count: formatCount(guests, locale) })}</span>
      </Text>
    </SectionCard>
  );
}

const TONE: Record<string, "info" | "success" | "critical" | "attention" | undefined> = {
  running: "info",
  queued: "info",
  completed: "success",
  failed: "critical",
  stopped: "attention",
};

export function PushStatus({
  t,
  locale,
  timeZone,
  push,
  children,
}: {
  t: T;
  locale: Locale;
  timeZone: string;
  push: PushView;
  children?: ReactNode;
}) {
  const known = ["idle", "running", "queued", "completed", "failed", "stopped"].includes(push.status)
    ? push.status
    : "idle";
  return (
    <SectionCard title={t("winback.push.heading")}>
      <InlineStack gap="200" blockAlign="center">
        <Text as="span">{t("winback.push.status")}</Text>
        <span data-testid="winback-push-status">
          <Badge tone={TONE[known]}>{t(`winback.push.status.${known}` as MessageKey)}</Badge>
        </span>
      </InlineStack>
      <Text as="p" tone="subdued">
        {push.finishedAt
          ? t("winback.push.last", { at: formatWhen(push.finishedAt, locale, timeZone) })
          : t("winback.push.never")}
      </Text>
      {push.finishedAt && (
        <Text as="p">{t("winback.push.updated", { count: formatCount(push.processed, locale) })}</Text>
      )}
      {push.error && (
        <Text as="p" tone="critical">
          {push.error}
        </Text>
      )}
      {children}
    </SectionCard>
  );
}

export function Failures({
  t,
  locale,
  timeZone,
  failures,
  total,
}: {
  t: T;
  locale: Locale;
  timeZone: string;
  failures: FailureRow[];
  total: number;
}) {
  return (
    <SectionCard title={`${t("winback.failures.heading")} (${formatCount(total, locale)})`}>
      <Text as="p" tone="subdued">
        {t("winback.failures.help")}
      </Text>
      {failures.length === 0 ? (
        <Text as="p">{t("winback.failures.none")}</Text>
      ) : (
        <BlockStack gap="200">
          <DataTable
            columnContentTypes={["text", "text", "text"]}
            headings={[t("winback.col.customer"), t("winback.col.message"), t("winback.col.at")]}
            rows={failures.map((f) => [
              <Link
                key="c"
                to={`/app/customers/${encodeURIComponent(`c:${f.customerId}`)}`}
                data-testid="winback-failure"
              >
                {f.name ?? f.customerId}
              </Link>,
              f.error,
              f.at ? formatWhen(f.at, locale, timeZone) : "",
            ])}
          />
        </BlockStack>
      )}
    </SectionCard>
  );
}

/** The push's on/off switch, and (switched off, with app data still on customers) the removal. */
export function PushSettingsForm({
  t,
  enabled,
  busy,
  removal,
  removing,
}: {
  t: T;
  enabled: boolean;
  busy: boolean;
  removal: { withAppData: number; removing: boolean } | null;
  removing: boolean;
}) {
  const [pushEnabled, setPushEnabledField] = useState(enabled);
  return (
    <>
      <Layout.AnnotatedSection title={t("winback.settings.heading")} description={t("winback.settings.help")}>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <input type="hidden" name="pushEnabled" value={pushEnabled ? "on" : "off"} />
          <Card>
            <BlockStack gap="300">
              <Checkbox label={t("winback.settings.enabled")} checked={pushEnabled} onChange={setPushEnabledField} />
              <InlineStack align="end">
                <Button submit variant="primary" loading={busy}>
                  {t("winback.save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Form>
      </Layout.AnnotatedSection>
      {removal && (
        <Layout.AnnotatedSection title={t("winback.remove.heading")}>
          <Form method="post">
            <input type="hidden" name="intent" value="remove" />
            <Card>
              <BlockStack gap="300">
                <Text as="p">
                  {removal.removing
                    ? t("winback.remove.running", { count: removal.withAppData })
                    : t("winback.remove.body", { count: removal.withAppData })}
                </Text>
                <InlineStack>
                  <Button submit tone="critical" disabled={removal.removing} loading={removing}>
                    {t("winback.remove.button")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Form>
        </Layout.AnnotatedSection>
      )}
    </>
  );
}

/** WooCommerce shops: where the signed "segment changed" webhook goes, and the secret that signs it. */
export function SegmentWebhookForm({
  t,
  url,
  secret,
  busy,
}: {
  t: T;
  url: string | null;
  secret: string;
  busy: boolean;
}) {
  const [value, setValue] = useState(url ?? "");
  return (
    <Layout.AnnotatedSection title={t("winback.webhook.heading")} description={t("winback.webhook.help")}>
      <Form method="post">
        <input type="hidden" name="intent" value="webhook" />
        <Card>
          <BlockStack gap="300">
            <TextField
              label={t("winback.webhook.url")}
              name="segmentWebhookUrl"
              type="url"
              value={value}
              onChange={setValue}
              autoComplete="off"
              placeholder="https://"
            />
            <TextField label={t("winback.webhook.secret")} value={secret} readOnly autoComplete="off" monospaced />
            <InlineStack align="end">
              <Button submit variant="primary" loading={busy}>
                {t("winback.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Form>
    </Layout.AnnotatedSection>
  );
}
