/*
 * kbgen-search.js: help around Material's search results, never inside them.
 *
 * Above the result list it shows, for the typed query:
 *   - the emergency card (resident site): the emergency line from kbgen-config contact.emergency_phone,
 *     when the query is about an emergency, even when nothing matches;
 *   - the wrong-site card: "Looking for owner help?" linking to the other help center with the same
 *     query (?q=, Material's deep link), when the words belong to the other audience;
 *   - "Did you mean ...?" when the search corrected a typed word (kbgen's search worker says which, in
 *     the result's `kbgen.corrections`), or the top result is weak and a word is close to a known one.
 * Below it, the next steps (nextSteps): "We don't have an article for that yet" when nothing strong
 * matched, else "Not what you needed?", and how to reach a person (residents: the emergency line first).
 *
 * For other scripts (e.g. the miss logger), after every result list it sets `window.kbgenSearch` and
 * dispatches `kbgen:results` on `document` with detail:
 *   { query, audience, count, top, strong, missing, emergency, otherAudience, suggestion }
 * `strong` is true when the top article has more than half of the query's non-filler words
 * (the same rule as `kbgen.search.analysis.is_strong`); `otherAudience` marks a wrong-site search.
 *
 * A wrong-site search is also reported, as kind `wrongsite`, through kbgen-beacon.js when the miss
 * collector is configured: once per query per page, when the search has settled (1.5 s without a
 * new result list) or at once when the visitor follows the card.
 *
 * The rules come from search/kbgen-search.json, written at build time by kbgen.search.tuning, the
 * same data `kbgen find` reads. Material internals used: window.component$ (result lists), the
 * [data-md-component=search-query|search-result] elements and #__config (base URL).
 */
(() => {
  "use strict";
  if (window.kbgenSearchLoaded) return;
  window.kbgenSearchLoaded = true;

  const readJson = (selector) => {
    const el = document.querySelector(selector);
    try { return el ? JSON.parse(el.textContent) : {}; } catch { return {}; }
  };
  const site = readJson("#kbgen-config");
  const base = new URL((readJson("#__config").base || ".") + "/", location.href);

  // Filler words (lunr's English stop-word list) never decide whether a result is strong.
  const STOP = new Set(("a able about across after all almost also am among an and any are as at be because been but by can " +
    "cannot could dear did do does either else ever every for from get got had has have he her hers him his how however i if " +
    "in into is it its just least let like likely may me might most must my neither no nor not of off often on only or other " +
    "our own rather said say says she should since so some than that the their them then there these they this tis to too " +
    "twas us wants was we were what when where which while who whom why will with would yet you your").split(" "));

  /* Same as kbgen.search.words.words and stem. */
  const words = (text) => {
    const found = [];
    for (const word of text.toLowerCase().match(/[a-z0-9]+(?:['’][a-z]+)?/g) || []) {
      const [head, ending] = word.replace("’", "'").split("'");
      if (ending !== "t") found.push(head);
    }
    return found;
  };
  const SUFFIXES = [["ies", "y"], ["sses", "ss"], ["ing", ""], ["ed", ""], ["es", ""], ["s", ""]];
  const SHORT_WORD = 5; // letters, as kbgen.search.words.SHORT_WORD
  const stem = (word) => {
    for (const [suffix, keep] of SUFFIXES) {
      if (word.endsWith(suffix) && word.length - suffix.length >= 3 && !word.endsWith("ss")) {
        let base = word.slice(0, -suffix.length) + keep;
        if ((suffix === "ing" || suffix === "ed") && base.length > 3 && base.at(-1) === base.at(-2) && !"ls".includes(base.at(-1)))
          base = base.slice(0, -1);
        return base;
      }
    }
    return word;
  };

  /* Damerau-Levenshtein with a cut-off, as kbgen.search.words.edit_distance. */
  const distance = (a, b, limit) => {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = [], previous = [...Array(b.length + 1).keys()];
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] !== b[j - 1]));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
      }
      if (Math.min(...current) > limit) return limit + 1;
      before = previous; previous = current;
    }
    return previous[b.length];
  };
  /* As kbgen.search.words.may_be_typo_of: "bike" is no typo of "hike". */
  const mayBeTypoOf = (word, candidate) => word.length > SHORT_WORD || candidate[0] === word[0];
  const closest = (word, candidates, limit) => {
    let best = null;
    for (const candidate of candidates) {
      if (!mayBeTypoOf(word, candidate)) continue;
      const d = distance(word, candidate, limit);
      if (d > limit) continue;
      const key = [d, candidate[0] !== word[0] ? 1 : 0, candidate];
      if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2]))))
        best = key;
    }
    return best && best[2];
  };

  let rules = null;
  const rulesReady = fetch(new URL("search/kbgen-search.json", base))
    .then((response) => (response.ok ? response.json() : {}))
    .catch(() => ({}))
    .then((data) => {
      rules = {
        words: data.words || [],
        emergency: (data.emergency || []).map((rule) => new Set(rule)),
        unless: new Set(data.unless || []),
        markers: (data.other_audience_markers || []).map((marker) => new Set(marker)),
      };
    });

  const subset = (small, big) => small.size > 0 && [...small].every((item) => big.has(item));

  /* Same judgement as kbgen.search.analysis.QueryRules.analyze. */
  /* The query as the search ran it, when it corrected typed words (kbgen.search.analysis.corrected). */
  const corrected = (query, corrections) => {
    const typed = words(query);
    if (!typed.some((word) => Object.hasOwn(corrections, word))) return null;
    return typed.map((word) => (Object.hasOwn(corrections, word) ? corrections[word] : word)).join(" ");
  };

  const analyze = (query, items, corrections) => {
    const top = items.length ? items[0][0] : null;
    const terms = top ? top.terms || {} : {};
    const content = Object.entries(terms).filter(([term]) => !STOP.has(term));
    const strong = content.length > 0 && content.filter(([, found]) => found).length / content.length > 0.5;
    const missing = top ? content.filter(([, found]) => !found).map(([term]) => term) : words(query).filter((w) => !STOP.has(w));
    const stems = new Set(words(query).map(stem));
    const emergency = ![...stems].some((s) => rules.unless.has(s)) && rules.emergency.some((rule) => subset(rule, stems));
    const otherAudience = rules.markers.some((marker) => subset(marker, stems));
    let suggestion = corrected(query, corrections);
    if (!suggestion && !strong) {
      const replaced = {};
      for (const word of missing) {
        if (word.length < 4 || rules.words.some((known) => known.startsWith(word))) continue;
        const near = closest(word, rules.words, word.length <= 7 ? 1 : 2);
        if (near) replaced[word] = near;
      }
      if (Object.keys(replaced).length) suggestion = words(query).map((w) => replaced[w] || w).join(" ");
    }
    return { query, audience: site.audience, count: items.length, top: top ? top.location : null, strong, missing,
      emergency, otherAudience, suggestion };
  };

  const element = (tag, className, children = []) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    for (const child of children) el.append(child);
    return el;
  };
  const link = (text, href) => Object.assign(document.createElement("a"), { textContent: text, href });

  /* Wrong-site searches, reported once settled (see the header). */
  const SETTLE_MS = 1500;
  const reported = new Set();
  let settleTimer = 0;
  const reportWrongSite = (query) => {
    clearTimeout(settleTimer);
    const beacon = window.kbgenBeacon;
    if (!beacon || !beacon.enabled || reported.has(query)) return;
    reported.add(query);
    beacon.send({ q: query, k: "wrongsite" });
  };
  const watchWrongSite = (analysis) => {
    clearTimeout(settleTimer);
    if (analysis && analysis.otherAudience) settleTimer = setTimeout(() => reportWrongSite(analysis.query), SETTLE_MS);
  };

  const cards = (analysis, input) => {
    const shown = [];
    const phone = site.contact && site.contact.emergency_phone;
    if (analysis.emergency && site.audience === "residents" && phone) {
      shown.push(element("div", "kbgen-card kbgen-card--emergency", [
        element("strong", "", ["Is this an emergency? "]),
        "Call our 24/7 emergency line now: ", link(phone, "tel:" + phone.replace(/[^0-9+]/g, "")),
        ". If anyone is in danger, leave and call 911 first.",
      ]));
    }
    if (analysis.otherAudience && site.other_audience_url) {
      const label = site.other_audience === "owners" ? "owner" : "resident";
      const url = new URL(site.other_audience_url);
      url.searchParams.set("q", analysis.query);
      const other = link(`Search “${analysis.query}” on ${site.other_site_name || "the " + label + " help center"}`, url.href);
      other.addEventListener("click", () => reportWrongSite(analysis.query));
      shown.push(element("div", "kbgen-card kbgen-card--other-site", [element("strong", "", [`Looking for ${label} help? `]), other]));
    }
    if (analysis.suggestion) {
      const suggestion = link(analysis.suggestion, "#");
      suggestion.addEventListener("click", (event) => {
        event.preventDefault();
        input.value = analysis.suggestion;
        input.focus();
        input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
      });
      shown.push(element("div", "kbgen-card kbgen-card--suggestion", ["Did you mean ", suggestion, "?"]));
    }
    return shown;
  };

  /* Below the results: what to do when the search found no answer (or as a last resort after one).
   * Residents get the emergency line first, then phone with hours, e-mail and a portal message,
   * all from kbgen-config's contact. Rebuilt only when the verdict changes, so the live region
   * speaks once per change, not on every keystroke. */
  const nextSteps = (box, analysis) => {
    const answered = !analysis || (analysis.count > 0 && analysis.strong);
    const state = analysis ? String(answered) : "";
    if (box.dataset.state === state) return;
    box.dataset.state = state;
    if (!analysis) return box.replaceChildren();
    const contact = site.contact || {};
    const tel = (phone) => link(phone, "tel:" + phone.replace(/[^0-9+]/g, ""));
    const ways = element("ul", "kbgen-next__ways");
    if (site.audience === "residents" && contact.emergency_phone) {
      ways.append(element("li", "kbgen-next__emergency",
        [element("strong", "", ["Emergency? "]), "Call 911 if anyone is in danger, then our 24/7 line ", tel(contact.emergency_phone), "."]));
    }
    if (contact.phone) ways.append(element("li", "", ["Call ", tel(contact.phone), contact.hours ? ` (${contact.hours})` : ""]));
    if (contact.email) ways.append(element("li", "", ["Email ", link(contact.email, "mailto:" + contact.email)]));
    if (contact.portal_url) ways.append(element("li", "", [link("Send us a message in the portal", contact.portal_url)]));
    const title = answered ? "Not what you needed?" : "We don't have an article for that yet";
    box.replaceChildren(element("h2", "kbgen-next__title", [title]),
      element("p", "", [answered ? "A person can help:" : "A person can help you with it:"]), ways);
  };

  const start = () => {
    const input = document.querySelector("[data-md-component=search-query]");
    const result = document.querySelector("[data-md-component=search-result]");
    if (!input || !result || !window.component$) return;
    /* Material searches on keyup: text pasted, dictated or picked from a phone keyboard's
     * suggestions changes the field without one, and its results would wait for the next key.
     * Each `input` hands Material a keyup (a value it has already searched, it skips). */
    input.addEventListener("input", () => input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true })));
    const box = element("div", "kbgen-search-cards");
    box.setAttribute("aria-live", "polite");
    result.before(box);
    const next = element("div", "kbgen-next");
    next.setAttribute("aria-live", "polite");
    result.after(next);
    window.component$.subscribe((component) => {
      if (component.ref !== result || !Array.isArray(component.items)) return;
      const query = input.value.trim();
      rulesReady.then(() => {
        if (input.value.trim() !== query) return; // a newer result list is on its way
        const analysis = query ? analyze(query, component.items, (component.kbgen || {}).corrections || {}) : null;
        box.replaceChildren(...(analysis ? cards(analysis, input) : []));
        nextSteps(next, analysis);
        watchWrongSite(analysis);
        if (!analysis) return;
        window.kbgenSearch = analysis;
        document.dispatchEvent(new CustomEvent("kbgen:results", { detail: analysis }));
      });
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
