// A preview of the storefront's loyalty panel built from the form's current (unsaved) values, so a
// merchant sees what a shopper will read before saving: the earn rate, the rewards by cost, the tiers.
import { BlockStack, Card, Text } from "@shopify/polaris";
import { intlLocale, formatNumber, type Locale, type MessageKey } from "~/i18n";
import { previewFromDraft, type ProgramDraft } from "~/loyalty/draft";

interface Props {
  draft: ProgramDraft;
  currency: string;
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
}

export function StorefrontPreview({ draft, currency, locale, t }: Props) {
  const p = previewFromDraft(draft);
  const unknown = t("loyalty.preview.unknown");
  const money = (major: number, digits?: number) =>
    new Intl.NumberFormat(intlLocale(locale), {
      style: "currency",
      currency,
      ...(digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    }).format(major);
  const n = (x: number | null) => (x === null ? unknown : formatNumber(x, locale));
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("loyalty.preview.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("loyalty.preview.help")}
        </Text>
        <div data-testid="loyalty-preview">
          <BlockStack gap="200">
            <Text as="p" variant="bodyMd" fontWeight="semibold">
              <span data-testid="loyalty-preview-earn">
                {p.pointsPerUnit === null
                  ? t("loyalty.preview.earnUnknown", { unit: money(1, 0) })
                  : t("loyalty.preview.earn", { points: p.pointsPerUnit, unit: money(1, 0) })}
              </span>
            </Text>
            {p.signupBonus ? <Text as="p">{t("loyalty.preview.signup", { points: p.signupBonus })}</Text> : null}
            <Text as="h3" variant="headingSm">
              {t("loyalty.preview.rewards")}
            </Text>
            {p.rewards.length ? (
              <ul data-testid="loyalty-preview-rewards" style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
                {p.rewards.map((r, i) => (
                  <li key={i}>
                    {r.pointsCost === null
                      ? `${r.name}: ${unknown}`
                      : t("loyalty.preview.reward", { name: r.name, points: r.pointsCost })}
                  </li>
                ))}
              </ul>
            ) : (
              <Text as="p" tone="caution">
                {t("loyalty.preview.noRewards")}
              </Text>
            )}
            {p.tiers.length > 0 && (
              <>
                <Text as="h3" variant="headingSm">
                  {t("loyalty.preview.tiers")}
                </Text>
                <ul data-testid="loyalty-preview-tiers" style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
                  {p.tiers.map((tier, i) => (
                    <li key={i}>
                      {t("loyalty.preview.tier", {
                        name: tier.name,
                        spend: tier.minSpend === null ? unknown : money(tier.minSpend),
                        multiplier: n(tier.earnMultiplier),
                      })}
                      {tier.benefits && (
                        <>
                          <br />
                          <Text as="span" tone="subdued">
                            {tier.benefits}
                          </Text>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </BlockStack>
        </div>
      </BlockStack>
    </Card>
  );
}
