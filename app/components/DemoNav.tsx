import { NavLink } from "@remix-run/react";
import { Badge, InlineStack, Text } from "@shopify/polaris";

/** The navigation the Shopify admin would draw from <NavMenu>, shown in demo mode. */
export function DemoNav({
  links,
  words,
}: {
  links: { to: string; label: string }[];
  words: { badge: string; navigation: string };
}) {
  return (
    <nav
      aria-label={words.navigation}
      style={{ padding: "8px 16px", borderBottom: "1px solid #e3e3e3", background: "#fff" }}
    >
      <InlineStack gap="400" blockAlign="center">
        <Badge tone="info">{words.badge}</Badge>
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
    </nav>
  );
}
