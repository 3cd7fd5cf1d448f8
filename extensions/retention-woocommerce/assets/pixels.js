// Retention for WooCommerce: Meta, Google and TikTok retargeting pixels, started only with
// marketing consent. Configuration comes from window.retentionPixels (printed by
// Retention_Pixels): the pixel ids, whether the server already saw consent, and this page's
// commerce events. Nothing below contacts an ad network before start() runs.
//
// Consent follows the WP Consent API: its wp_listen_for_consent_change event (detail.marketing
// "allow" or "deny") starts or stops the pixels on this page; wp_has_consent("marketing") counts
// only once a consent management plugin has set a consent type (without one the API answers
// "yes" to everything, which would mean tracking without asking).
(function () {
  "use strict";
  const cfg = window.retentionPixels;
  if (!cfg || !(cfg.meta || cfg.google || cfg.tiktok)) return;

  /** Event names per network for the events this script sends. */
  const NAMES = {
    PageView: { meta: "PageView", google: null, tiktok: null },
    ViewContent: { meta: "ViewContent", google: "view_item", tiktok: "ViewContent" },
    AddToCart: { meta: "AddToCart", google: "add_to_cart", tiktok: "AddToCart" },
    Purchase: { meta: "Purchase", google: "purchase", tiktok: "CompletePayment" },
  };
  /** First-party cookies the pixels set, removed again when consent is withdrawn. */
  const COOKIES = ["_fbp", "_fbc", "_ga", "_gcl_au", "_ttp", "_tt_enable_cookie", "ttcsid"];

  let loaded = false;
  let active = false;
  /** Which networks' stubs this script created (another plugin may have its own pixel on the page). */
  const created = { meta: false, tiktok: false };
  /** The commands this script put on Google's shared dataLayer. */
  const ownGoogleCommands = [];

  function consentType() {
    return window.wp_consent_type || window.wp_fallback_consent_type || "";
  }

  function browserHasConsent() {
    return typeof window.wp_has_consent === "function" && Boolean(consentType()) && window.wp_has_consent("marketing");
  }

  function addScript(src) {
    const script = document.createElement("script");
    script.async = true;
    script.src = src;
    document.head.appendChild(script);
  }

  // The networks' own loader snippets, written out: a queueing stub first, then the library.
  // A stub that another plugin already set up is used as it is.
  function loadMeta(id) {
    if (window.fbq) {
      window.fbq("init", id);
      return;
    }
    created.meta = true;
    const fbq = function () {
      if (fbq.callMethod) fbq.callMethod.apply(fbq, arguments);
      else fbq.queue.push(arguments);
    };
    fbq.push = fbq;
    fbq.loaded = true;
    fbq.version = "2.0";
    fbq.queue = [];
    window.fbq = fbq;
    if (!window._fbq) window._fbq = fbq;
    addScript("https://connect.facebook.net/en_US/fbevents.js");
    fbq("init", id);
  }

  /** gtag() as Google's snippet defines it, remembering what it queued so stop() can take it back. */
  function gtag() {
    window.dataLayer = window.dataLayer || [];
    window.dataLayer.push(arguments);
    ownGoogleCommands.push(arguments);
  }

  function loadGoogle(id) {
    addScript("https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(id));
    gtag("js", new Date());
    gtag("config", id); // sends the page view
  }

  function loadTiktok(id) {
    if (window.ttq && typeof window.ttq.load === "function") {
      if (!window.ttq._i || !window.ttq._i[id]) window.ttq.load(id);
      window.ttq.page();
      return;
    }
    created.tiktok = true;
    window.TiktokAnalyticsObject = "ttq";
    const ttq = (window.ttq = window.ttq || []);
    ttq.methods = [
      "page",
      "track",
      "identify",
      "instances",
      "debug",
      "on",
      "off",
      "once",
      "ready",
      "alias",
      "group",
    ].concat(["enableCookie", "disableCookie", "holdConsent", "revokeConsent", "grantConsent"]);
    ttq.setAndDefer = function (target, method) {
      target[method] = function () {
        target.push([method].concat(Array.prototype.slice.call(arguments, 0)));
      };
    };
    ttq.methods.forEach((method) => ttq.setAndDefer(ttq, method));
    ttq.instance = function (sdkId) {
      const instance = ttq._i[sdkId] || [];
      ttq.methods.forEach((method) => ttq.setAndDefer(instance, method));
      return instance;
    };
    ttq.load = function (sdkId, options) {
      const url = "https://analytics.tiktok.com/i18n/pixel/events.js";
      ttq._i = ttq._i || {};
      ttq._i[sdkId] = [];
      ttq._i[sdkId]._u = url;
      ttq._t = ttq._t || {};
      ttq._t[sdkId] = Date.now();
      ttq._o = ttq._o || {};
      ttq._o[sdkId] = options || {};
      addScript(url + "?sdkid=" + encodeURIComponent(sdkId) + "&lib=ttq");
    };
    ttq.load(id);
    ttq.page();
  }

  function send(event) {
    if (!active) return;
    const names = NAMES[event.name];
    if (!names) return;
    const value = event.value === undefined ? {} : { value: event.value, currency: event.currency };
    const purchase = event.name === "Purchase";
    if (cfg.meta && window.fbq && names.meta) {
      const data = Object.assign({}, value, event.id ? { content_ids: [event.id], content_type: "product" } : {});
      if (purchase) window.fbq("track", names.meta, data, { eventID: "order-" + event.id });
      else window.fbq("track", names.meta, data);
    }
    if (cfg.google && names.google) {
      const data = Object.assign({ send_to: cfg.google }, value, event.id ? { items: [{ item_id: event.id }] } : {});
      if (purchase) data.transaction_id = event.id;
      gtag("event", names.google, data);
    }
    if (cfg.tiktok && window.ttq && names.tiktok) {
      const data = Object.assign({}, value, event.id ? { content_id: event.id } : {});
      window.ttq.track(names.tiktok, data, purchase ? { event_id: "order-" + event.id } : {});
    }
  }

  function start() {
    if (active) return;
    active = true;
    if (!loaded) {
      loaded = true;
      if (cfg.meta) loadMeta(cfg.meta);
      if (cfg.google) loadGoogle(cfg.google);
      if (cfg.tiktok) loadTiktok(cfg.tiktok); // ttq.page() is its page view
      send({ name: "PageView" });
      (cfg.events || []).forEach(send);
      return;
    }
    // Consent given again after a withdrawal on this same page: lift the networks' own stops.
    if (window.fbq) {
      window.fbq("consent", "grant");
      if (!window.fbq.callMethod) window.fbq("init", cfg.meta);
    }
    if (cfg.google) {
      window["ga-disable-" + cfg.google] = false;
      gtag("js", new Date());
      gtag("config", cfg.google);
    }
    if (window.ttq && window.ttq.grantConsent) window.ttq.grantConsent();
  }

  function stop() {
    if (!active) return;
    active = false;
    // Queued calls that a library has not picked up yet are dropped first (only this script's:
    // other plugins may share the queues), then each network's documented switch-off is set, so
    // a library that loads later starts switched off. Marketing consent is withdrawn for the
    // whole page, so the switch-offs apply to every pixel of that network.
    if (window.fbq) {
      if (created.meta && window.fbq.queue) window.fbq.queue.length = 0;
      window.fbq("consent", "revoke");
    }
    if (cfg.google) {
      const layer = Array.isArray(window.dataLayer) ? window.dataLayer : [];
      for (let i = layer.length - 1; i >= 0; i--) if (ownGoogleCommands.includes(layer[i])) layer.splice(i, 1);
      ownGoogleCommands.length = 0;
      window["ga-disable-" + cfg.google] = true;
    }
    if (window.ttq) {
      if (created.tiktok && Array.isArray(window.ttq)) window.ttq.length = 0;
      if (typeof window.ttq.revokeConsent === "function") window.ttq.revokeConsent();
    }
    removeCookies();
  }

  function removeCookies() {
    const host = location.hostname;
    const domains = ["", host, "." + host.split(".").slice(-2).join(".")];
    document.cookie.split(";").forEach((pair) => {
      const name = pair.split("=")[0].trim();
      if (!COOKIES.includes(name) && !name.startsWith("_ga_")) return;
      domains.forEach((domain) => {
        document.cookie =
          name + "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/" + (domain ? "; domain=" + domain : "");
      });
    });
  }

  // WooCommerce's add-to-cart events: jQuery's on classic pages, the native one from the
  // blocks. Blocks translate one into the other, so a second event within a second is the same add.
  let lastAdd = 0;
  function addedToCart() {
    const now = Date.now();
    if (now - lastAdd < 1000) return;
    lastAdd = now;
    send({ name: "AddToCart" });
  }
  function listenForCart() {
    // jQuery, when a page has it, is printed in the footer too, possibly after this script.
    if (window.jQuery) window.jQuery(document.body).on("added_to_cart", addedToCart);
    document.body.addEventListener("wc-blocks_added_to_cart", addedToCart);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", listenForCart);
  else listenForCart();

  document.addEventListener("wp_listen_for_consent_change", (e) => {
    const changed = e.detail || {};
    if (changed.marketing === "allow") start();
    else if (changed.marketing === "deny") stop();
  });
  // A consent management plugin that decides the consent type in the browser announces it.
  document.addEventListener("wp_consent_type_defined", () => {
    if (browserHasConsent()) start();
  });

  if (cfg.consent || browserHasConsent()) start();
})();
