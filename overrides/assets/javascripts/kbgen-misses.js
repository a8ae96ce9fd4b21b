/*
 * kbgen search-miss logger: tells the collector about searches that found nothing useful.
 *
 * Material's search ORs the words and adds prefix wildcards, so a question the site does not answer
 * almost always returns *something*. A settled search (no typing for 1.5 s, Enter, or leaving the
 * search) is therefore judged on what its top results match:
 *   zero    - no results: sent at once;
 *   weak    - no part (the article's top or one of its sections) of a top result holds every topic
 *             term searched together (Material marks the terms each part matches; results of an
 *             earlier prefix, late on a slow device, are not judged): sent when
 *             the visitor leaves the search or tries another query, unless they open a result
 *             (behaviour beats lexical guesses);
 *   noclick - good results, but the visitor left the search without opening one.
 * Only the settled query is sent, once per query per page view; "p", "pe", "pet" are one search.
 * Sending (endpoint, privacy signals, tab id) is kbgen-beacon.js; a miss is also noted there, so a
 * click on a phone or e-mail link afterwards is recorded with the search that led to it, and such a
 * click ("kbgen:contact") first settles the search still open.
 *
 * Depends on Material 9.8.1 internals in one place each: `window.component$` (search results with
 * their `terms`), `window.document$` (instant navigation) and the search dialog's markup.
 * Runs once per full page load (extra_javascript), so listeners are attached once.
 */
(function () {
  "use strict";

  var SETTLE_MS = 1500;
  var TOP_RESULTS = 3;
  // Keep in step with kbgen/misses/words.py STOP_WORDS (a test compares them).
  var STOP_WORDS = new Set(("a able about across after all almost also am among an and any are as at be because " +
    "been but by can cannot could dear did do does either else ever every for from get got had has have he her " +
    "hers him his how however i if in into is it its just least let like likely may me might most must my " +
    "neither no nor not of off often on only or other our own rather said say says she should since so some " +
    "than that the their them then there these they this tis to too twas us wants was we were what when where " +
    "which while who whom why will with would yet you your " +
    "anyone anything apartment building help home house myself need please someone something want").split(" "));

  if (window.__kbgenMissLogger) return;
  window.__kbgenMissLogger = true;

  var beacon = window.kbgenBeacon;
  if (!beacon || !beacon.enabled || !window.component$) return;

  var input = document.querySelector("[data-md-component=search-query]");
  var resultBox = document.querySelector("[data-md-component=search-result]");
  var toggle = document.querySelector("[data-md-toggle=search]");
  if (!input || !resultBox) return;

  var latest = null; // {query, items}: the newest results, not yet settled
  var pending = null; // {query, kind}: a settled weak/noclick search waiting for the visitor's next move
  var sentThisPage = new Set();
  var timer = 0;

  window.component$.subscribe(function (component) {
    if (component.ref !== resultBox || !Array.isArray(component.items)) return;
    var query = normalise(input.value);
    if (isStale(query, component.items)) return; // a slow device still catching up with the typing
    latest = { query: query, items: component.items };
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
    var kind = judge(result.query, result.items);
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

  /* "zero", "weak" (no part of a top result holds every topic word) or "good". */
  function judge(query, items) {
    if (!items.length) return "zero";
    // The terms the search looked for (Material's keys, after kbgen-search's rewrite corrected typos
    // and dropped filler), else the words typed.
    var searched = Object.keys(items[0][0].terms || {});
    var words = (searched.length ? searched : query.toLowerCase().split(/[\s\-]+/)).filter(function (word) {
      return word && !STOP_WORDS.has(word);
    });
    if (!words.length) return "good";
    // Words scattered over a long article ("hot" water here, a bath "tub" there) answer nothing:
    // one part of the article must hold them all.
    var good = items.slice(0, TOP_RESULTS).some(function (group) {
      return group.some(function (item) {
        var terms = item.terms || {};
        return words.every(function (word) { return terms[word]; });
      });
    });
    return good ? "good" : "weak";
  }

  function send(query, kind) {
    // Once per query per page view, whatever the kind: results arriving again (a late list, a
    // rewritten one) must not send the same search a second time.
    if (sentThisPage.has(query)) return;
    sentThisPage.add(query);
    beacon.send({ q: query, k: kind });
    if (kind !== "noclick") beacon.noteMiss(query);
  }

  /* Results of an earlier prefix of the query: a term they were searched for ("ren") is the start
     of a longer word now in the box ("rent"). Judging them would call good results weak. */
  function isStale(query, items) {
    var typed = query.toLowerCase().split(/[\s\-]+/);
    var first = items.length ? items[0][0] : null;
    return Object.keys((first && first.terms) || {}).some(function (term) {
      return typed.indexOf(term) < 0 && typed.some(function (word) {
        return word.length > term.length && word.indexOf(term) === 0;
      });
    });
  }

  function prefixRelated(a, b) {
    return a.indexOf(b) === 0 || b.indexOf(a) === 0;
  }

  function normalise(value) {
    return String(value || "").trim().replace(/\s+/g, " ");
  }
})();
