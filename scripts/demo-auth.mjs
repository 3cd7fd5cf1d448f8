// Demo mode only: Shopify's admin normally hands the embedded app a session token (a JWT
// signed with the app's secret). Here the server makes one for the demo shop and attaches
// it to every admin request, so authenticate.admin validates it and loads the demo shop's
// stored offline session exactly as it would in Shopify. Never enabled outside localhost.
import crypto from "node:crypto";

export const DEMO_SHOP_DOMAIN = "demo-retention-shop.myshopify.com";

const b64url = (buf) => Buffer.from(buf).toString("base64url");

export function signSessionToken({ shop, apiKey, apiSecret, now = Math.floor(Date.now() / 1000) }) {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: apiKey,
      sub: "1",
      exp: now + 60,
      nbf: now - 5,
      iat: now,
      jti: crypto.randomUUID(),
      sid: "demo",
    }),
  );
  const sig = crypto.createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${sig}`;
}

export function demoSessionTokenMiddleware({
  shop = DEMO_SHOP_DOMAIN,
  apiKey = process.env.SHOPIFY_API_KEY,
  apiSecret = process.env.SHOPIFY_API_SECRET,
} = {}) {
  if (!apiKey || !apiSecret) throw new Error("demo mode needs SHOPIFY_API_KEY and SHOPIFY_API_SECRET");
  return (req, _res, next) => {
    // A request that brings its own session token keeps it (authenticate.admin checks its
    // signature as usual): browser tests sign in as another shop of the demo database that way.
    const own = req.headers.authorization?.startsWith("Bearer ");
    if (!own && (req.path === "/app" || req.path.startsWith("/app/") || req.path.startsWith("/app."))) {
      req.headers.authorization = `Bearer ${signSessionToken({ shop, apiKey, apiSecret })}`;
    }
    next();
  };
}
