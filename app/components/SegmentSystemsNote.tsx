// One line that tells the two ways of sorting customers apart: the groups (a fixed rule) and the
// RFM segments (a score against the other customers). Without it "Active loyal", "Loyal customers"
// and "Champions" read as three names for one thing with three different counts.
import { Text } from "@shopify/polaris";
import type { MessageKey } from "~/i18n";

export function SegmentSystemsNote({ t }: { t: (key: MessageKey, vars?: Record<string, string | number>) => string }) {
  return (
    <Text as="p" tone="subdued">
      <span data-testid="segment-systems">
        {t("segments.systems", {
          group: t("segments.active-loyal"),
          rfmLoyal: t("rfm.Loyal customers"),
          rfmChampions: t("rfm.Champions"),
        })}
      </span>
    </Text>
  );
}
