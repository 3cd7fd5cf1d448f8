import { Form, NavLink } from "@remix-run/react";
import { Badge, Button, InlineStack, Text } from "@shopify/polaris";

/**
 * The navigation Shopify's admin draws from <NavMenu>, drawn by the app where there is no
 * Shopify admin around it: the demo shop, and WooCommerce merchants (with their shop's name
 * and a logout button).
 */
export function AdminNav({
  links,
  label,
  badge,
  shopName,
  logout,
}: {
  links: { to: string; label: string }[];
  /** The menu's name for screen readers, in the page's language. */
  label: string;
  badge?: string;
  shopName?: string;
  logout?: { action: string; label: string };
}) {
  return (
    <nav aria-label={label} style={{ padding: "8px 16px", borderBottom: "1px solid #e3e3e3", background: "#fff" }}>
      <InlineStack gap="400" blockAlign="center" align="space-between">
        <InlineStack gap="400" blockAlign="center">
          {badge && <Badge tone="info">{badge}</Badge>}
          {shopName && (
            <Text as="span" variant="headingSm">
              {shopName}
            </Text>
          )}
          {links.map((l) => (
            <NavLink key={l.to} to={l.to} end={l.to.split("?")[0] === "/app"} prefetch="intent">
              {({ isActive }) => (
                <Text as="span" fontWeight={isActive ? "bold" : "regular"}>
                  {l.label}
                </Text>
              )}
            </NavLink>
          ))}
        </InlineStack>
        {logout && (
          <Form method="post" action={logout.action} reloadDocument>
            <Button submit variant="plain">
              {logout.label}
            </Button>
          </Form>
        )}
      </InlineStack>
    </nav>
  );
}
