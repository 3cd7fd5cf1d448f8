import { Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";

/**
 * Downloads one of the app's CSV exports. It goes through fetch (inside the Shopify admin,
 * App Bridge adds the session token to the app's own requests; a plain link would not carry
 * it), then is saved from a blob under the server's file name.
 */
export function ExportButton({
  href,
  label,
  failedLabel,
  testId,
}: {
  href: string;
  label: string;
  failedLabel: string;
  testId: string;
}) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const download = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const res = await fetch(href);
      if (!res.ok) throw new Error(String(res.status));
      const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? "export.csv";
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <InlineStack gap="200" blockAlign="center">
      <span data-testid={testId}>
        <Button onClick={() => void download()} loading={busy}>
          {label}
        </Button>
      </span>
      {failed && (
        <Text as="span" tone="critical">
          {failedLabel}
        </Text>
      )}
    </InlineStack>
  );
}
