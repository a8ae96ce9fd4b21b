/*
 * kbgen search-miss logger: tells the collector about searches that found nothing useful.
 *
 * Material's search ORs the words and adds prefix wildcards, so a question the site does not answer
 * almost always returns *something*. A settled search (no typing for 1.5 s, Enter, or leaving the
 * search) is therefore judged on what its top results match:
 *   zero    - no results: sent at once;
 *   weak    - the search did not answer: kbgen's one rule (kbgen.search.analysis.answered, applied
 *             by the search worker to each result list, as `kbgen.answered`); a result list for
 *             another text than the box holds (an earlier prefix, late on a slow device) is not
 *             judged: sent when
 *             the visitor leaves the search or tries another query, unless they open a result
 *             (behaviour beats lexical guesses);
 *   noclick - good results, but the visitor left the search without opening one.
 * Only the settled query is sent, once per query per page view; "p", "pe", "pet" are one search.
 * Sending (endpoint, privacy signals, tab id) is kbgen-beacon.js; a miss is also noted there, so a
 * click on a phone or e-mail link afterwards is recorded with the search that led to it, and such a
 * click ("kbgen:contact") first settles the search still open.
 *
 * Depends on Material 9.8.1 internals in one place each: `window.component$` (search results, with
 * kbgen's analysis of the query they answer), `window.document$` (instant navigation) and the search
 * dialog's markup.
 * Runs once per full page load (extra_javascript), so listeners are attached once.
 */
(function () {
  "use strict";

  var SETTLE_MS = 1500;

  var kbgen = window.kbgen;
  if (!kbgen || !kbgen.beacon) throw new Error("kbgen-misses.js needs kbgen-beacon.js, loaded before it");
  kbgen.loaded = kbgen.loaded || {};
  if (kbgen.loaded.misses) return;
  kbgen.loaded.misses = true;

  var beacon = kbgen.beacon;
  if (!beacon.enabled || !window.component$) return;

  var input = document.querySelector("[data-md-component=search-query]");
  var resultBox = document.querySelector("[data-md-component=search-result]");
  var toggle = document.querySelector("[data-md-toggle=search]");
  if (!input || !resultBox) return;

  var latest = null; // {query, kind}: the newest results, judged, not yet settled
  var pending = null; // {query, kind}: a settled weak/noclick search waiting for the visitor's next move
  var sentThisPage = new Set();
  var timer = 0;

  window.component$.subscribe(function (component) {
    if (component.ref !== resultBox || !Array.isArray(component.items)) return;
    var query = normalise(input.value);
    var analysis = component.kbgen;
    if (!analysis || normalise(analysis.query) !== query) return; // a slow device still catching up with the typing
    latest = { query: query, kind: !component.items.length ? "zero" : analysis.answered ? "good" : "weak" };
    if (toggle && !toggle.checked) leaveSearch(); // late results of a search the visitor already left
    else restartTimer();
  });
  input.addEventListener("input", restartTimer);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") settle(true);
  });
  resultBox.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) {
      latest = null;
      pending = null; // the visitor opened a result: this search worked
    }
  }, true);
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (!toggle.checked) leaveSearch();
    });
  }
  window.addEventListener("pagehide", leaveSearch);
  document.addEventListener("kbgen:contact", leaveSearch);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") leaveSearch();
  });
  if (window.document$) {
    window.document$.subscribe(function () {
      sentThisPage = new Set(); // instant navigation: a new page view
    });
  }

  function restartTimer() {
    clearTimeout(timer);
    timer = setTimeout(function () { settle(false); }, SETTLE_MS);
  }

  /* `leaving`: the visitor left the search, so the last results shown are what they saw, even when
     the input no longer holds their query. */
  function settle(committed, leaving) {
    clearTimeout(timer);
    var result = latest;
    latest = null;
    if (!result || result.query.length < 2 || (!leaving && result.query !== normalise(input.value))) return;
    var kind = result.kind;
    if (pending && pending.query !== result.query && !committed && prefixRelated(pending.query, result.query)) {
      pending = null; // still typing the same thought: only the longer form counts
    }
    if (pending && pending.query !== result.query) {
      if (pending.kind === "weak") send(pending.query, "weak"); // tried again after weak results
      pending = null;
    }
    if (kind === "zero") send(result.query, "zero");
    else pending = { query: result.query, kind: kind === "weak" ? "weak" : "noclick" };
  }

  function leaveSearch() {
    settle(false, true);
    if (pending) send(pending.query, pending.kind);
    pending = null;
  }

  function send(query, kind) {
    // Once per query per page view, whatever the kind: results arriving again (a late list, a
    // rewritten one) must not send the same search a second time.
    if (sentThisPage.has(query)) return;
    sentThisPage.add(query);
    beacon.send({ q: query, k: kind });
    if (kind !== "noclick") beacon.noteMiss(query);
  }

  function prefixRelated(a, b) {
    return a.indexOf(b) === 0 || b.indexOf(a) === 0;
  }

  function normalise(value) {
    return String(value || "").trim().replace(/\s+/g, " ");
  }
})();
