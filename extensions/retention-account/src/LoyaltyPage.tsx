// customer-account.page.render: the loyalty page (points, tier, rewards, referral link). A shopper
// who has not joined sees what joining brings and a Join button: joining is their choice, never a
// side effect of opening the page.
// API 2025-10 and later: Preact with Polaris web components and the global `shopify` object.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useLoyalty } from "./useLoyalty";

export default async () => {
  render(<LoyaltyPage />, document.body);
};

const getToken = () => shopify.sessionToken.get();

function LoyaltyPage() {
  const t = shopify.i18n.translate;
  const { profile, error, joining, join } = useLoyalty(getToken, shopify.localization.language.value.isoCode);
  return (
    <s-page heading={t("title")}>
      {error && <s-banner tone="critical">{error}</s-banner>}
      {!profile ? (
        !error && <s-skeleton-paragraph />
      ) : profile.member === false ? (
        <s-section heading={t("joinHeading")}>
          <s-stack gap="base">
            <s-paragraph>{profile.incentive || t("joinText")}</s-paragraph>
            <s-button variant="primary" loading={joining} disabled={joining} onClick={join}>
              {t("join")}
            </s-button>
          </s-stack>
        </s-section>
      ) : (
        <s-stack gap="large-100">
          <s-section heading={t("points", { available: profile.points?.available ?? 0 })}>
            <s-stack gap="small-100">
              <s-text color="subdued">{t("pending", { pending: profile.points?.pending ?? 0 })}</s-text>
              {profile.tier && <s-text>{t("tier", { tier: profile.tier })}</s-text>}
              {profile.tier && profile.tierBenefits && <s-text>{profile.tierBenefits}</s-text>}
            </s-stack>
          </s-section>
          <s-section heading={t("rewards")}>
            <s-stack gap="small-100">
              {profile.rewards.map((r) => (
                <s-paragraph key={r.id}>{t("reward", { title: r.title, points: r.points })}</s-paragraph>
              ))}
            </s-stack>
          </s-section>
          {profile.referralUrl && (
            <s-section heading={t("refer")}>
              <s-paragraph>{profile.referralUrl}</s-paragraph>
            </s-section>
          )}
        </s-stack>
      )}
    </s-page>
  );
}
