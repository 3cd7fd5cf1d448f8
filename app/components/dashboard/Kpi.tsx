import { Badge, BlockStack, Card, InlineStack, Text, type BadgeProps } from "@shopify/polaris";

export interface KpiProps {
  testId: string;
  label: string;
  value: string;
  /** Period-over-period change line, e.g. "+2.1 pts vs previous period". */
  change?: string;
  changeTone?: "success" | "critical" | "subdued";
  reading?: string;
  badge?: { text: string; tone: BadgeProps["tone"] };
}

/** One headline figure with its change and a one-line plain-language reading. */
export function Kpi({ testId, label, value, change, changeTone = "subdued", reading, badge }: KpiProps) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="start" wrap={false}>
          <Text as="h3" variant="headingSm" tone="subdued">
            {label}
          </Text>
          {badge && <Badge tone={badge.tone}>{badge.text}</Badge>}
        </InlineStack>
        <Text as="p" variant="heading2xl">
          <span data-testid={testId}>{value}</span>
        </Text>
        {change && (
          <Text as="p" variant="bodySm" tone={changeTone === "subdued" ? "subdued" : changeTone}>
            {change}
          </Text>
        )}
        {reading && (
          <Text as="p" variant="bodySm">
            <span data-testid={`${testId}-reading`}>{reading}</span>
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
