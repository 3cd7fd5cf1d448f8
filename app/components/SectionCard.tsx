import { BlockStack, Card, Layout, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A page section: a card with a heading over its content (the shape every admin page repeats). */
export function SectionCard({
  title,
  children,
  variant,
}: {
  title: string;
  children: ReactNode;
  variant?: "oneThird" | "oneHalf";
}) {
  return (
    <Layout.Section variant={variant}>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {children}
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}
