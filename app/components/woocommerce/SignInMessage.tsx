/** A plain page for the WooCommerce merchant outside the admin: the sign-in refused, or signed out. */
export function SignInMessage({ title, lines }: { title: string; lines: string[] }) {
  return (
    <main
      style={{
        maxWidth: "36rem",
        margin: "4rem auto",
        padding: "0 1rem",
        fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif",
        lineHeight: 1.5,
      }}
    >
      <h1 style={{ fontSize: "1.4rem" }}>{title}</h1>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </main>
  );
}
