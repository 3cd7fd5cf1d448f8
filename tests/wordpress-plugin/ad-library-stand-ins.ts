// Stand-ins for the three ad networks' browser libraries, served by the Chromium test in place of
// connect.facebook.net/en_US/fbevents.js, www.googletagmanager.com/gtag/js and
// analytics.tiktok.com/i18n/pixel/events.js (the machine has no internet). Each one does what the
// real library does with the plugin's queue: takes over the stub, replays what was queued, sends
// one request per event to the network's collection endpoint, and honours the network's
// documented switch-off (Meta fbq('consent','revoke'), Google window['ga-disable-<id>'], TikTok
// ttq.revokeConsent()). Every call is also logged in window.__adCalls, so a test can tell the
// plugin's own stop (no calls) from the library's (calls, but nothing sent).

export const FBEVENTS_JS = `(function () {
  var fbq = window.fbq; if (!fbq) return;
  var log = (window.__adCalls = window.__adCalls || []);
  var pixel = null, revoked = false;
  function call() {
    var a = Array.prototype.slice.call(arguments);
    log.push(["meta"].concat(a.map(function (x) { return typeof x === "object" ? JSON.stringify(x) : String(x); })));
    if (a[0] === "init") { pixel = a[1]; return; }
    if (a[0] === "consent") { revoked = a[1] === "revoke"; return; }
    if ((a[0] === "track" || a[0] === "trackCustom") && pixel && !revoked)
      fetch("https://www.facebook.com/tr?id=" + encodeURIComponent(pixel) + "&ev=" + encodeURIComponent(a[1]), { mode: "no-cors", keepalive: true });
  }
  fbq.callMethod = call;
  var queued = fbq.queue.slice(); fbq.queue.length = 0;
  queued.forEach(function (args) { call.apply(null, args); });
})();`;

export const GTAG_JS = `(function () {
  var dl = (window.dataLayer = window.dataLayer || []);
  var log = (window.__adCalls = window.__adCalls || []);
  var ids = [];
  function send(id, name) {
    if (!id || window["ga-disable-" + id]) return;
    fetch("https://www.google-analytics.com/g/collect?v=2&tid=" + encodeURIComponent(id) + "&en=" + encodeURIComponent(name), { mode: "no-cors", keepalive: true });
  }
  function handle(args) {
    var a = Array.prototype.slice.call(args);
    log.push(["google"].concat(a.map(function (x) { return x instanceof Date ? "date" : typeof x === "object" ? JSON.stringify(x) : String(x); })));
    if (a[0] === "config") { ids.push(a[1]); send(a[1], "page_view"); }
    else if (a[0] === "event") send((a[2] && a[2].send_to) || ids[0], a[1]);
  }
  dl.slice().forEach(handle);
  dl.push = function (args) { handle(args); return Array.prototype.push.call(dl, args); };
})();`;

export const TIKTOK_EVENTS_JS = `(function () {
  var ttq = window.ttq; if (!ttq) return;
  var log = (window.__adCalls = window.__adCalls || []);
  var pixels = Object.keys(ttq._i || {}), revoked = false;
  function handle(a) {
    log.push(["tiktok"].concat(a.map(function (x) { return typeof x === "object" ? JSON.stringify(x) : String(x); })));
    var method = a[0];
    if (method === "revokeConsent") { revoked = true; return; }
    if (method === "grantConsent") { revoked = false; return; }
    if ((method === "page" || method === "track") && !revoked)
      pixels.forEach(function (code) {
        fetch("https://analytics.tiktok.com/api/v2/pixel", { method: "POST", mode: "no-cors", keepalive: true,
          body: JSON.stringify({ event: method === "page" ? "Pageview" : a[1], context: { pixel: { code: code } } }) });
      });
  }
  var queued = Array.prototype.slice.call(ttq); ttq.length = 0;
  queued.forEach(handle);
  ttq.methods.forEach(function (m) { ttq[m] = function () { handle([m].concat(Array.prototype.slice.call(arguments))); }; });
})();`;
