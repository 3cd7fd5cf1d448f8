import { useFetcher, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Link, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { Locale, MessageKey } from "~/i18n";
import { numberLocale } from "~/components/format";
import { syncFailureKind } from "./sync-failure";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface SyncView {
  status: "idle" | "running" | "completed" | "failed";
  processed: number;
  total: number | null;
  percent: number | null;
  error: string | null;
}

export interface SetupSteps {
  storefront: boolean;
  loyalty: boolean;
  pixels: boolean;
  winback: boolean;
}

/**
 * The history sync as the merchant needs it: progress while it runs (refreshed every few
 * seconds), and when it failed, what failed in words with a Retry button.
 */
export function SyncProgress({ sync, locale, t }: { sync: SyncView; locale: Locale; t: T }) {
  const revalidator = useRevalidator();
  const retry = useFetcher<{ result: string }>();
  const running = sync.status === "running" || sync.status === "idle";
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(id);
  }, [running, revalidator]);
  const n = (v: number) => v.toLocaleString(numberLocale(locale));
  const retrying = retry.state !== "idle";
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {t("setup.sync.title")}
        </Text>
        <span data-testid="setup-sync-status" data-status={sync.status}>
          <Badge tone={sync.status === "completed" ? "success" : sync.status === "failed" ? "critical" : "info"}>
            {t(`setup.sync.status.${sync.status}` as MessageKey)}
          </Badge>
        </span>
      </InlineStack>
      {sync.status !== "failed" && sync.status !== "completed" && (
        <>
          {sync.percent !== null && <ProgressBar progress={sync.percent} size="small" />}
          <Text as="p" tone="subdued">
            <span data-testid="setup-sync-progress">
              {sync.total
                ? t("setup.sync.progress", {
                    processed: n(sync.processed),
                    total: n(sync.total),
                    percent: sync.percent ?? 0,
                  })
                : sync.processed > 0
                  ? t("setup.sync.progressUnknown", { processed: n(sync.processed) })
                  : t("setup.sync.starting")}
            </span>
          </Text>
        </>
      )}
      {sync.status === "completed" && (
        <Text as="p" tone="subdued">
          {t("setup.sync.done", { processed: n(sync.processed) })}
        </Text>
      )}
      {sync.status === "failed" && (
        <BlockStack gap="200">
          <Text as="p" tone="critical">
            <span data-testid="setup-sync-failure">
              {t(`setup.sync.failed.${syncFailureKind(sync.error)}` as MessageKey)}
            </span>
          </Text>
          {sync.error && (
            <Text as="p" tone="subdued" variant="bodySm">
              {t("setup.sync.failed.detail", { error: sync.error })}
            </Text>
          )}
          <retry.Form method="post" action="/app/sync/retry">
            <span data-testid="setup-sync-retry">
              <Button submit loading={retrying}>
                {t("setup.sync.retry")}
              </Button>
            </span>
          </retry.Form>
        </BlockStack>
      )}
    </BlockStack>
  );
}

function Step({
  done,
  title,
  body,
  action,
  testId,
}: {
  done: boolean;
  title: string;
  body: string;
  action?: { label: string; url: string; external?: boolean };
  testId: string;
}) {
  return (
    <InlineStack gap="300" wrap={false} blockAlign="start">
      <span data-testid={testId} data-done={done ? "yes" : "no"} aria-hidden="true">
        <Text as="span" tone={done ? "success" : "subdued"} fontWeight="bold">
          {done ? "✓" : "○"}
        </Text>
      </span>
      <BlockStack gap="100">
        <Text as="p" fontWeight="semibold" tone={done ? "subdued" : undefined}>
          {title}
        </Text>
        {!done && (
          <Text as="p" tone="subdued">
            {body}
          </Text>
        )}
        {!done && action && (
          <Link url={action.url} target={action.external ? "_blank" : undefined}>
            {action.label}
          </Link>
        )}
      </BlockStack>
    </InlineStack>
  );
}

/** The setup checklist of a new shop: each step, whether it is done, and where to do it. */
export function SetupChecklist({
  sync,
  steps,
  themeEditorUrl,
  locale,
  t,
}: {
  sync: SyncView;
  steps: SetupSteps;
  themeEditorUrl: string;
  locale: Locale;
  t: T;
}) {
  const done = [sync.status === "completed", steps.storefront, steps.loyalty, steps.pixels, steps.winback];
  const count = done.filter(Boolean).length;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("setup.title")}
          </Text>
          <Text as="p" tone="subdued">
            <span data-testid="setup-count">{t("setup.count", { done: count, total: done.length })}</span>
          </Text>
        </InlineStack>
        <ProgressBar progress={(count / done.length) * 100} size="small" tone="success" />
        <SyncProgress sync={sync} locale={locale} t={t} />
        <Step
          testId="setup-step-storefront"
          done={steps.storefront}
          title={t("setup.storefront.title")}
          body={t("setup.storefront.body")}
          action={{ label: t("setup.storefront.action"), url: themeEditorUrl, external: true }}
        />
        <Step
          testId="setup-step-loyalty"
          done={steps.loyalty}
          title={t("setup.loyalty.title")}
          body={t("setup.loyalty.body")}
          action={{ label: t("setup.loyalty.action"), url: "/app/loyalty" }}
        />
        <Step
          testId="setup-step-pixels"
          done={steps.pixels}
          title={t("setup.pixels.title")}
          body={t("setup.pixels.body")}
          action={{ label: t("setup.pixels.action"), url: "/app/pixels" }}
        />
        <Step
          testId="setup-step-winback"
          done={steps.winback}
          title={t("setup.winback.title")}
          body={t("setup.winback.body")}
          action={{ label: t("setup.winback.action"), url: "/app/winback" }}
        />
      </BlockStack>
    </Card>
  );
}
