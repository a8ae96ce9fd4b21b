/*
 * kbgen-search.js: help around Material's search results, never inside them.
 *
 * Above the result list it shows, for the typed query:
 *   - the emergency card: the emergency line from kbgen-config `emergency_line` (set where the site
 *     offers one: kbgen.settings), when the query describes an emergency, even when nothing matches;
 *   - the wrong-site card: "Looking for owner help?" linking to the other help center with the same
 *     query (?q=, Material's deep link), when the words belong to the other audience;
 *   - "Did you mean ...?" when the search corrected a typed word, or did not answer and a word is
 *     close to a known one.
 * What to show comes with each result list: kbgen's search worker analyses the query it answers
 * (kbgen-analysis.js, the port of kbgen.search.analysis) and adds it as the result's `kbgen`.
 * Below it, the next steps (nextSteps): "We don't have an article for that yet" when the search did
 * not answer, else "Not what you needed?", and how to reach a person (the emergency line first where
 * the site offers one).
 *
 * For other scripts, after every result list it sets `kbgen.lastSearch` and dispatches
 * `kbgen:results` on `document` with detail:
 *   { query, audience, count, top, answered, missing, emergency, otherAudience, suggestion }
 * `answered` is THE rule (kbgen.search.analysis.answered); `emergency` the intent, or null;
 * `otherAudience` marks a wrong-site search.
 *
 * A wrong-site search is also reported, as kind `wrongsite`, through kbgen-beacon.js when the miss
 * collector is configured: once per query per page, when the search has settled (1.5 s without a
 * new result list) or at once when the visitor follows the card.
 *
 * Material internals used: window.component$ (result lists) and the
 * [data-md-component=search-query|search-result] elements.
 */
(() => {
  "use strict";
  const kbgen = window.kbgen;
  if (!kbgen || !kbgen.analysis) throw new Error("kbgen-search.js needs kbgen-analysis.js, loaded before it");
  kbgen.loaded = kbgen.loaded || {};
  if (kbgen.loaded.search) return;
  kbgen.loaded.search = true;

  const site = kbgen.analysis.config();

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
    const beacon = kbgen.beacon;
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
    const phone = site.emergency_line;
    if (analysis.emergency && phone) {
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
   * The site's emergency line first (kbgen-config `emergency_line`, where the site offers one), then
   * phone with hours, e-mail and a portal message from kbgen-config's contact. Rebuilt only when the verdict changes, so the live region
   * speaks once per change, not on every keystroke. */
  const nextSteps = (box, analysis) => {
    const answered = !analysis || analysis.answered;
    const state = analysis ? String(answered) : "";
    if (box.dataset.state === state) return;
    box.dataset.state = state;
    if (!analysis) return box.replaceChildren();
    const contact = site.contact || {};
    const tel = (phone) => link(phone, "tel:" + phone.replace(/[^0-9+]/g, ""));
    const ways = element("ul", "kbgen-next__ways");
    if (site.emergency_line) {
      ways.append(element("li", "kbgen-next__emergency",
        [element("strong", "", ["Emergency? "]), "Call 911 if anyone is in danger, then our 24/7 line ", tel(site.emergency_line), "."]));
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
      const found = component.kbgen;
      if (found && found.query.trim() !== input.value.trim()) return; // a newer result list is on its way
      const analysis = found && found.query.trim() ? {
        ...found,
        query: found.query.trim(),
        audience: site.audience,
        count: component.items.length,
        top: component.items.length ? component.items[0][0].location : null,
      } : null;
      // most keystrokes change none of the cards: rebuilt only when what they show changes
      const shown = analysis
        ? JSON.stringify([analysis.emergency, analysis.otherAudience && analysis.query, analysis.suggestion])
        : "";
      if (box.dataset.shown !== shown) box.replaceChildren(...(analysis ? cards(analysis, input) : []));
      box.dataset.shown = shown;
      nextSteps(next, analysis);
      watchWrongSite(analysis);
      if (!analysis) return;
      kbgen.lastSearch = analysis;
      document.dispatchEvent(new CustomEvent("kbgen:results", { detail: analysis }));
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
