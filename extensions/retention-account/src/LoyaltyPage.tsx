import {
  Banner,
  BlockStack,
  Card,
  Heading,
  Page,
  SkeletonText,
  Text,
  TextBlock,
  reactExtension,
  useTranslate,
} from "@shopify/ui-extensions-react/customer-account";
import { useLoyalty } from "./useLoyalty";

export default reactExtension("customer-account.page.render", () => <LoyaltyPage />);

function LoyaltyPage() {
  const t = useTranslate();
  const { profile, error } = useLoyalty();
  return (
    <Page title={t("title")}>
      {error ? (
        <Banner status="critical">{error}</Banner>
      ) : !profile ? (
        <SkeletonText />
      ) : (
        <BlockStack spacing="loose">
          <Card padding>
            <BlockStack>
              <Heading>{t("points", { available: profile.points?.available ?? 0 })}</Heading>
              <Text appearance="subdued">{t("pending", { pending: profile.points?.pending ?? 0 })}</Text>
              {profile.tier && <Text>{t("tier", { tier: profile.tier })}</Text>}
            </BlockStack>
          </Card>
          <Card padding>
            <BlockStack>
              <Heading level={2}>{t("rewards")}</Heading>
              {profile.rewards.map((r) => (
                <TextBlock key={r.id}>{t("reward", { title: r.title, points: r.points })}</TextBlock>
              ))}
            </BlockStack>
          </Card>
          {profile.referralUrl && (
            <Card padding>
              <BlockStack>
                <Heading level={2}>{t("refer")}</Heading>
                <TextBlock>{profile.referralUrl}</TextBlock>
              </BlockStack>
            </Card>
          )}
        </BlockStack>
      )}
    </Page>
  );
}
