// English UI text for WooCommerce merchants: the sign-in from WordPress, the signed-out page,
// and the variants of Shopify-specific texts. A key ending in ".woocommerce" replaces its base
// key on a WooCommerce shop's pages (translate(..., platform)). Merged into en.ts.
export const woocommerceEn = {
  "nav.logout": "Log out",
  "nav.menu": "Retention menu",
  "sync.woocommerce": "WooCommerce sync (every 15 minutes)",
  "woo.sso.title": "Opening the Retention dashboard",
  "woo.sso.malformed": "This sign-in link is not valid.",
  "woo.sso.bad-signature": "This sign-in link could not be verified for this store.",
  "woo.sso.wrong-shop": "This sign-in link is for another store.",
  "woo.sso.expired": "This sign-in link has expired.",
  "woo.sso.not-yet-valid": "This sign-in link is not valid yet: check the clock of your WordPress server.",
  "woo.sso.reused": "This sign-in link was already used.",
  "woo.sso.not-connected": "This store is not connected to Retention any more.",
  "woo.sso.again":
    "Open the dashboard again from WordPress: WooCommerce › Retention › Open dashboard. Each link works once, for one minute.",
  "woo.signedOut.title": "You are signed out",
  "woo.signedOut.ended": "Your session has ended.",
  "woo.signedOut.body":
    "To open the Retention dashboard of your WooCommerce store, go to WooCommerce › Retention in WordPress and choose Open dashboard.",
  "import.intro.woocommerce":
    "Add order history the sync cannot reach: orders from a shop you had before (a Shopify or another WooCommerce store), or an export of this store's own orders. Imported orders count in every retention figure. Importing the same file again changes nothing.",
  "loyalty.summary.failedCodes.woocommerce": "Coupons the store refused (points given back)",
  "loyalty.referral.help.woocommerce":
    "Every member gets a referral link. The friend gets a coupon for their first order; the member gets points when that order is paid. Referring yourself (same account or e-mail address) is refused.",
  "loyalty.rewards.help.woocommerce":
    "Members spend available points on these rewards. Each redemption creates a single-use WooCommerce coupon that only that customer can use.",
  "pixels.ids.help.woocommerce":
    "The Retention plugin adds the pixels of the networks whose id you enter to your store's pages (page views, product views, add to cart, purchases). Leave an id empty to send that network nothing. The plugin fetches the ids from the app within minutes of saving.",
  "pixels.consent.body.woocommerce":
    "Nothing is sent to any ad network without the visitor's marketing consent. The plugin loads a pixel only once your consent banner reports marketing consent through the WP Consent API; events from before consent are not sent, and withdrawing consent stops sending at once.",
} as const;
