// The loyalty program's settings form. The draft (strings, as typed) is posted as one JSON
// field; the server validates it and returns errors keyed by program path, shown inline.
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { Dispatch, SetStateAction } from "react";
import type { MessageKey } from "~/i18n";
import type { ProgramDraft, RewardDraft, TierDraft } from "~/loyalty/draft";

interface Props {
  draft: ProgramDraft;
  setDraft: Dispatch<SetStateAction<ProgramDraft>>;
  errors: Record<string, string>;
  currency: string;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
}

const newTier = (): TierDraft => ({ name: "", minSpend: "", earnMultiplier: "1", benefits: "" });
// A new reward has no id: the server makes one from its name when it is saved (app/loyalty/draft.ts).
const newReward = (): RewardDraft => ({
  id: "",
  name: "",
  pointsCost: "",
  type: "fixed_amount",
  value: "",
  minimumOrder: "",
  combinesOrder: false,
  combinesProduct: false,
  combinesShipping: false,
});

export function ProgramForm({ draft, setDraft, errors, currency, t }: Props) {
  const top = (
    name: "pointsPerUnit" | "approvalDays" | "signupBonus" | "referrerPoints" | "friendDiscountValue",
    path: string,
  ) => ({
    value: draft[name],
    onChange: (v: string) => setDraft((d) => ({ ...d, [name]: v })),
    error: errors[path],
    autoComplete: "off",
  });
  const tierField = (i: number, name: keyof TierDraft, path: string) => ({
    value: draft.tiers[i][name],
    onChange: (v: string) =>
      setDraft((d) => ({ ...d, tiers: d.tiers.map((x, j) => (j === i ? { ...x, [name]: v } : x)) })),
    error: errors[`tiers[${i}].${path}`],
    autoComplete: "off",
  });
  const setReward = (i: number, patch: Partial<RewardDraft>) =>
    setDraft((d) => ({ ...d, rewards: d.rewards.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
  const rewardField = (i: number, name: "name" | "pointsCost" | "value" | "minimumOrder", path: string) => ({
    value: draft.rewards[i][name],
    onChange: (v: string) => setReward(i, { [name]: v }),
    error: errors[`rewards[${i}].${path}`],
    autoComplete: "off",
  });

  return (
    <>
      <Layout.AnnotatedSection title={t("loyalty.earning.heading")} description={t("loyalty.earning.help")}>
        <Card>
          <FormLayout>
            <TextField
              label={t("loyalty.pointsPerUnit.label", { currency })}
              type="number"
              {...top("pointsPerUnit", "pointsPerUnit")}
            />
            <TextField
              label={t("loyalty.approvalDays.label")}
              type="number"
              suffix={t("unit.days")}
              helpText={t("loyalty.approvalDays.help")}
              {...top("approvalDays", "approvalDays")}
            />
            <TextField
              label={t("loyalty.signupBonus.label")}
              type="number"
              suffix={t("unit.points")}
              helpText={t("loyalty.signupBonus.help")}
              {...top("signupBonus", "signupBonus")}
            />
          </FormLayout>
        </Card>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection title={t("loyalty.tiers.heading")} description={t("loyalty.tiers.help")}>
        <BlockStack gap="300">
          {draft.tiers.map((_, i) => (
            <Card key={i}>
              <FormLayout>
                <InlineGrid columns={3} gap="300">
                  <TextField label={t("loyalty.tier.name")} {...tierField(i, "name", "name")} />
                  <TextField
                    label={t("loyalty.tier.minSpend")}
                    prefix={currency}
                    {...tierField(i, "minSpend", "minSpendMinor")}
                  />
                  <TextField
                    label={t("loyalty.tier.multiplier")}
                    type="number"
                    prefix="×"
                    {...tierField(i, "earnMultiplier", "earnMultiplier")}
                  />
                </InlineGrid>
                <TextField
                  label={t("loyalty.tier.benefits")}
                  helpText={t("loyalty.tier.benefits.help")}
                  {...tierField(i, "benefits", "benefits")}
                />
                <InlineStack align="end">
                  <Button
                    tone="critical"
                    variant="plain"
                    onClick={() => setDraft((d) => ({ ...d, tiers: d.tiers.filter((__, j) => j !== i) }))}
                  >
                    {t("loyalty.remove")}
                  </Button>
                </InlineStack>
              </FormLayout>
            </Card>
          ))}
          {errors.tiers && (
            <Text as="p" tone="critical">
              {errors.tiers}
            </Text>
          )}
          <InlineStack>
            <Button onClick={() => setDraft((d) => ({ ...d, tiers: [...d.tiers, newTier()] }))}>
              {t("loyalty.tiers.add")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection title={t("loyalty.referral.heading")} description={t("loyalty.referral.help")}>
        <Card>
          <FormLayout>
            <TextField
              label={t("loyalty.referrerPoints.label")}
              type="number"
              suffix={t("unit.points")}
              {...top("referrerPoints", "referral.referrerPoints")}
            />
            <FormLayout.Group>
              <Select
                label={t("loyalty.friendDiscount.type")}
                options={[
                  { label: t("loyalty.friendDiscount.none"), value: "none" },
                  { label: t("loyalty.friendDiscount.percentage"), value: "percentage" },
                  { label: t("loyalty.friendDiscount.fixed"), value: "fixed_amount" },
                ]}
                value={draft.friendDiscountType}
                onChange={(v) =>
                  setDraft((d) => ({ ...d, friendDiscountType: v as ProgramDraft["friendDiscountType"] }))
                }
                error={errors["referral.friendDiscount.type"]}
              />
              {draft.friendDiscountType !== "none" && (
                <TextField
                  label={t("loyalty.friendDiscount.value")}
                  {...(draft.friendDiscountType === "percentage" ? { suffix: "%" } : { prefix: currency })}
                  {...top("friendDiscountValue", "referral.friendDiscount.value")}
                />
              )}
            </FormLayout.Group>
          </FormLayout>
        </Card>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection title={t("loyalty.rewards.heading")} description={t("loyalty.rewards.help")}>
        <BlockStack gap="300">
          {draft.rewards.map((r, i) => (
            <Card key={i}>
              <FormLayout>
                <InlineGrid columns={2} gap="300">
                  <TextField
                    label={t("loyalty.reward.name")}
                    {...rewardField(i, "name", "name")}
                    // The id is made from the name and never shown; a problem with it (only a hand-edited
                    // setting can cause one) is reported on the name, the field the merchant controls.
                    error={
                      errors[`rewards[${i}].name`] ??
                      (errors[`rewards[${i}].id`] && t("loyalty.reward.idError", { error: errors[`rewards[${i}].id`] }))
                    }
                  />
                  <TextField
                    label={t("loyalty.reward.cost")}
                    type="number"
                    suffix={t("unit.points")}
                    {...rewardField(i, "pointsCost", "pointsCost")}
                  />
                </InlineGrid>
                <InlineGrid columns={3} gap="300">
                  <Select
                    label={t("loyalty.reward.type")}
                    options={(["fixed_amount", "percentage", "free_shipping"] as const).map((v) => ({
                      value: v,
                      label: t(`loyalty.reward.type.${v}`),
                    }))}
                    value={r.type}
                    onChange={(v) => setReward(i, { type: v as RewardDraft["type"] })}
                    error={errors[`rewards[${i}].type`]}
                  />
                  {r.type !== "free_shipping" ? (
                    <TextField
                      label={t("loyalty.reward.value")}
                      {...(r.type === "percentage" ? { suffix: "%" } : { prefix: currency })}
                      {...rewardField(i, "value", "value")}
                    />
                  ) : (
                    <span />
                  )}
                  <TextField
                    label={t("loyalty.reward.minimum")}
                    prefix={currency}
                    {...rewardField(i, "minimumOrder", "minimumOrderMinor")}
                  />
                </InlineGrid>
                <BlockStack gap="100">
                  <Text as="span" variant="bodyMd">
                    {t("loyalty.reward.combines")}
                  </Text>
                  <InlineStack gap="400">
                    <Checkbox
                      label={t("loyalty.reward.combines.order")}
                      checked={r.combinesOrder}
                      onChange={(v) => setReward(i, { combinesOrder: v })}
                    />
                    <Checkbox
                      label={t("loyalty.reward.combines.product")}
                      checked={r.combinesProduct}
                      onChange={(v) => setReward(i, { combinesProduct: v })}
                    />
                    <Checkbox
                      label={t("loyalty.reward.combines.shipping")}
                      checked={r.combinesShipping}
                      onChange={(v) => setReward(i, { combinesShipping: v })}
                    />
                  </InlineStack>
                </BlockStack>
                <InlineStack align="end">
                  <Button
                    tone="critical"
                    variant="plain"
                    onClick={() => setDraft((d) => ({ ...d, rewards: d.rewards.filter((__, j) => j !== i) }))}
                  >
                    {t("loyalty.remove")}
                  </Button>
                </InlineStack>
              </FormLayout>
            </Card>
          ))}
          {errors.rewards && (
            <Text as="p" tone="critical">
              {errors.rewards}
            </Text>
          )}
          <InlineStack>
            <Button onClick={() => setDraft((d) => ({ ...d, rewards: [...d.rewards, newReward()] }))}>
              {t("loyalty.rewards.add")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Layout.AnnotatedSection>
    </>
  );
}
