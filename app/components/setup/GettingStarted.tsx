import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import type { Locale, MessageKey } from "~/i18n";
import { numberLocale } from "~/components/format";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * The dashboard of a shop whose numbers are not there yet: what each part of the dashboard
 * will show and when it appears, with what is in so far, instead of cards that say "Not
 * enough data" or "Reward your 0 active loyal customers".
 */
export function GettingStarted({
  soFar,
  minRepeatBuyers,
  locale,
  t,
}: {
  soFar: { customers: number; orders: number };
  minRepeatBuyers: number;
  locale: Locale;
  t: T;
}) {
  const n = (v: number) => v.toLocaleString(numberLocale(locale));
  const parts: { key: string; title: MessageKey; when: MessageKey }[] = [
    { key: "retention", title: "setup.empty.retention.title", when: "setup.empty.retention.when" },
    { key: "groups", title: "setup.empty.groups.title", when: "setup.empty.groups.when" },
    { key: "prediction", title: "setup.empty.prediction.title", when: "setup.empty.prediction.when" },
    { key: "nps", title: "setup.empty.nps.title", when: "setup.empty.nps.when" },
    { key: "loyalty", title: "setup.empty.loyalty.title", when: "setup.empty.loyalty.when" },
    { key: "cohorts", title: "setup.empty.cohorts.title", when: "setup.empty.cohorts.when" },
  ];
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("setup.empty.title")}
          </Text>
          <Text as="p">
            <span data-testid="setup-so-far">
              {t("setup.empty.soFar", { customers: n(soFar.customers), orders: n(soFar.orders) })}
            </span>
          </Text>
        </BlockStack>
      </Card>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        {parts.map((p) => (
          <Card key={p.key}>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {t(p.title)}
              </Text>
              <Text as="p" tone="subdued">
                <span data-testid={`setup-empty-${p.key}`}>{t(p.when, { repeat: minRepeatBuyers })}</span>
              </Text>
            </BlockStack>
          </Card>
        ))}
      </InlineGrid>
    </BlockStack>
  );
}
