// What the three settings pages (Settings, Loyalty & referrals, Pixels & consent) share: a
// toast once a save succeeded, text fields bound to form state with their server errors,
// and the primary save button.
import { BlockStack, Button, Layout } from "@shopify/polaris";
import { useEffect, useState } from "react";

export interface SaveResult {
  ok: boolean;
}

/** Shows `message` as a toast after each successful save. */
export function useSavedToast(result: SaveResult | undefined, message: string) {
  useEffect(() => {
    if (result?.ok) window.shopify?.toast.show(message);
  }, [result]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** Form values seeded from the saved ones; `field(name)` gives a Polaris TextField its props. */
export function useFormFields<V extends Record<string, string>>(saved: V, errors: Partial<Record<string, string>>) {
  const [values, setValues] = useState<V>(saved);
  const field = (name: keyof V & string) => ({
    name,
    value: values[name],
    onChange: (v: string) => setValues((prev) => ({ ...prev, [name]: v })),
    error: errors[name],
    autoComplete: "off",
  });
  return { values, setValues, field };
}

export function SaveButton({ label, saving }: { label: string; saving: boolean }) {
  return (
    <Layout.Section>
      <BlockStack inlineAlign="end">
        <Button submit variant="primary" loading={saving}>
          {label}
        </Button>
      </BlockStack>
    </Layout.Section>
  );
}
