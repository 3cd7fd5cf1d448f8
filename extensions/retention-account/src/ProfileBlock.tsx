// customer-account.profile.block.render: the shopper's points on the profile page, linking to
// the loyalty page; a shopper who has not joined gets the invitation and a link to the page, where
// they choose to join. API 2025-10 and later: Preact with Polaris web components.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useLoyalty } from "./useLoyalty";

export default async () => {
  render(<ProfileBlock />, document.body);
};

const getToken = () => shopify.sessionToken.get();

function ProfileBlock() {
  const t = shopify.i18n.translate;
  const { profile } = useLoyalty(getToken, shopify.localization.language.value.isoCode);
  if (profile?.member === false)
    return (
      <s-section>
        <s-stack gap="small-100">
          <s-text>{profile.incentive || t("joinText")}</s-text>
          <s-link href="extension:retention-account/">{t("joinOpen")}</s-link>
        </s-stack>
      </s-section>
    );
  if (!profile?.points) return null;
  return (
    <s-section>
      <s-stack gap="small-100">
        <s-text>{t("points", { available: profile.points.available })}</s-text>
        <s-link href="extension:retention-account/">{t("open")}</s-link>
      </s-stack>
    </s-section>
  );
}
