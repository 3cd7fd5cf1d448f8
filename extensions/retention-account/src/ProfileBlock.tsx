import {
  Card,
  Link,
  Text,
  BlockStack,
  reactExtension,
  useTranslate,
} from "@shopify/ui-extensions-react/customer-account";
import { useLoyalty } from "./useLoyalty";

export default reactExtension("customer-account.profile.block.render", () => <ProfileBlock />);

function ProfileBlock() {
  const t = useTranslate();
  const { profile } = useLoyalty();
  if (!profile?.points) return null;
  return (
    <Card padding>
      <BlockStack>
        <Text>{t("points", { available: profile.points.available })}</Text>
        <Link to="extension:retention-account/">{t("open")}</Link>
      </BlockStack>
    </Card>
  );
}
