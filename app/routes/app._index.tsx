import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import db from "~/db.server";
import { shopOverview } from "~/models/overview.server";
import { requireShop } from "~/models/shop.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, "shopify", session.shop);
  return { shop: { name: shop.name, currency: shop.currency }, overview: await shopOverview(db, shop.id) };
};

function money(minor: number, currency: string) {
  return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(minor / 100);
}

function Kpi({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          <span data-testid={testId}>{value}</span>
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const { shop, overview } = useLoaderData<typeof loader>();
  const repeatRate = overview.purchasers ? (overview.repeatPurchasers / overview.purchasers) * 100 : 0;
  return (
    <Page title={`Retention — ${shop.name}`}>
      <TitleBar title="Retention dashboard" />
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Kpi label="Customers" value={overview.customers.toLocaleString("en")} testId="kpi-customers" />
            <Kpi label="Orders" value={overview.orders.toLocaleString("en")} testId="kpi-orders" />
            <Kpi label="Net revenue" value={money(overview.netRevenueMinor, shop.currency)} testId="kpi-revenue" />
            <Kpi label="Repeat purchase rate" value={`${repeatRate.toFixed(1)}%`} testId="kpi-repeat-rate" />
          </InlineGrid>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
