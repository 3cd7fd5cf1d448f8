// Demo-mode stand-in for Shopify's App Bridge script (cdn.shopify.com is not reachable
// offline). It provides the parts of the `shopify` global the app calls; requests are
// authenticated by the demo server instead of App Bridge's session tokens.
(function () {
  if (window.shopify) return;
  // The Shopify admin draws <ui-nav-menu> and <ui-title-bar> outside the app; here the
  // page's own demo navigation and Polaris titles stand in, so these render nothing.
  ["ui-nav-menu", "ui-title-bar"].forEach(function (name) {
    if (!customElements.get(name)) {
      customElements.define(name, class extends HTMLElement {
        connectedCallback() { this.style.display = "none"; }
      });
    }
  });
  function toastHost() {
    var el = document.getElementById("demo-toasts");
    if (!el) {
      el = document.createElement("div");
      el.id = "demo-toasts";
      el.setAttribute("role", "status");
      el.style.cssText = "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:1000;display:flex;flex-direction:column;gap:8px";
      document.body.appendChild(el);
    }
    return el;
  }
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey, shop: "demo" },
    environment: { embedded: false, mobile: false, pos: false },
    idToken: function () { return Promise.resolve(""); },
    loading: function () {},
    toast: {
      show: function (message, opts) {
        var t = document.createElement("div");
        t.textContent = message;
        t.dataset.toast = opts && opts.isError ? "error" : "info";
        t.style.cssText = "background:" + (opts && opts.isError ? "#8e1f0b" : "#303030") + ";color:#fff;padding:10px 16px;border-radius:8px;font:14px system-ui";
        toastHost().appendChild(t);
        setTimeout(function () { t.remove(); }, (opts && opts.duration) || 5000);
        return String(Date.now());
      },
      hide: function () {},
    },
  };
})();
