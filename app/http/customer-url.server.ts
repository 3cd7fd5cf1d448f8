// Customer pages are addressed by an opaque id, never by the customer's key: a guest's key is
// their e-mail address, which must not end up in the address bar, browser history or logs.
// Links made before (/app/customers/c:123, /app/customers/e:ann@example.com) still work: the
// customer page redirects them to the opaque address.
import { fromOpaqueId, toOpaqueId } from "~/core/opaque-id";
import { customerUrlKeys } from "~/crypto/url-key.server";

export const customerUrlId = (customerKey: string) => toOpaqueId(customerUrlKeys(), customerKey);

export const customerPath = (customerKey: string) => `/app/customers/${customerUrlId(customerKey)}`;

/** The customer key an URL segment names: an opaque id, or an old-style key (`legacy` true). */
export function customerKeyFromUrl(segment: string): { key: string; legacy: boolean } | null {
  const opened = fromOpaqueId(customerUrlKeys(), segment);
  if (opened !== null) return { key: opened, legacy: false };
  if (/^[ce]:./.test(segment)) return { key: segment, legacy: true };
  return null;
}
