/*
 * kbgen beacons: the one sender behind every report a page makes (search misses, votes on articles,
 * clicks to reach a person), as `kbgen.beacon` (the namespace: kbgen-analysis.js); it needs
 * kbgen-analysis.js, and the scripts that send need it (files load in name order).
 *
 * Sends to the endpoint configured at build time (`miss_endpoint` in the page's kbgen-config) with
 * navigator.sendBeacon, or with an image GET when the endpoint is a .gif file (static hosting) or
 * sendBeacon refuses. Sends nothing without an endpoint, or when the browser signals Global Privacy
 * Control or Do Not Track. Every beacon carries the audience, the page path and a random id made up
 * for this page load (no cookie), so the collector can tell one reading from another.
 *
 * It also holds the shared signal "this tab's last search found nothing" (noteMiss / lastMiss): the
 * miss logger notes it, the contact-click logger reads it. It lives in sessionStorage (this tab only,
 * gone when the tab closes) so a click on the next page still knows which search led there.
 */
(function () {
  "use strict";

  var kbgen = window.kbgen;
  if (!kbgen || !kbgen.analysis) throw new Error("kbgen-beacon.js needs kbgen-analysis.js, loaded before it");
  if (kbgen.beacon) return;

  var MISS_MEMORY_MS = 30 * 60 * 1000;
  var MISS_KEY = "kbgen-last-miss";

  var config = kbgen.analysis.config();
  var endpoint = String(config.miss_endpoint || "");
  var enabled = Boolean(endpoint) && !privacySignal();
  var tab = randomId();

  kbgen.beacon = {
    config: config,
    enabled: enabled,
    send: send,
    noteMiss: noteMiss,
    lastMiss: lastMiss,
  };

  /* Send `fields` (k and what the kind needs); audience, page path and tab id are added. */
  function send(fields) {
    if (!enabled) return;
    var beacon = { a: String(config.audience || ""), p: location.pathname, t: tab };
    Object.keys(fields).forEach(function (name) {
      if (fields[name] !== "" && fields[name] != null) beacon[name] = String(fields[name]);
    });
    if (/\.gif$/.test(endpoint)) return sendImage(endpoint, beacon);
    var body = new Blob([JSON.stringify(beacon)], { type: "text/plain" });
    var queued = false;
    try { queued = navigator.sendBeacon && navigator.sendBeacon(endpoint, body); } catch (error) { queued = false; }
    if (!queued) sendImage(endpoint.replace(/\/?$/, "") + ".gif", beacon);
  }

  function sendImage(url, beacon) {
    var params = Object.keys(beacon).map(function (name) {
      return encodeURIComponent(name) + "=" + encodeURIComponent(beacon[name]);
    });
    new Image().src = url + (url.indexOf("?") < 0 ? "?" : "&") + params.join("&");
  }

  function noteMiss(query) {
    if (!enabled) return;
    try { sessionStorage.setItem(MISS_KEY, JSON.stringify({ query: query, at: Date.now() })); } catch (error) { /* storage off */ }
  }

  /* The query of this tab's last search that found nothing, if it was recent; else "". */
  function lastMiss() {
    try {
      var miss = JSON.parse(sessionStorage.getItem(MISS_KEY) || "null");
      return miss && Date.now() - miss.at < MISS_MEMORY_MS ? String(miss.query) : "";
    } catch (error) {
      return "";
    }
  }

  function privacySignal() {
    return navigator.globalPrivacyControl === true || navigator.doNotTrack === "1" || window.doNotTrack === "1";
  }

  function randomId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
})();
