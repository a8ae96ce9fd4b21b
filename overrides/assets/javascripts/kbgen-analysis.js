/*
 * kbgen-analysis.js: the search's text model in the browser, shared by kbgen's page scripts and its
 * search worker (which loads it with importScripts). One copy of each rule, ported line for line
 * from Python, where each is defined once:
 *   config()                    the page's kbgen-config (audience, contact, emergency_line...);
 *   tokens, stem                kbgen.search.words.tokens / stem (the index's tokenizer, light stems);
 *   editDistance, mayBeTypoOf, closest     kbgen.search.words (typo tolerance);
 *   detectEmergency             kbgen.search.emergency.EmergencyModel.detect;
 *   answered, analyze           kbgen.search.analysis (answered, TextModel.analyze).
 * The data (filler words, corrections, the emergency model, did-you-mean words, other-site markers,
 * the answered rule's size) is the index's `config.kbgen`, written at build time by
 * kbgen.search.tuning; tests/search/test_analysis_parity.py compares both sides on every labelled query.
 *
 * kbgen's scripts share one namespace, `kbgen` on the page's window (and on the search worker's
 * self), and nothing else:
 *   kbgen.analysis     this file, needs nothing (the worker loads it with importScripts);
 *   kbgen.beacon       kbgen-beacon.js, needs kbgen.analysis;
 *   kbgen.lastSearch   kbgen-search.js (needs kbgen.analysis): the latest result list's analysis;
 *   kbgen.loaded       a11y, search, misses: set as each runs, so a second copy does nothing.
 * kbgen-clicks.js, kbgen-escalations.js, kbgen-feedback.js and kbgen-misses.js need kbgen.beacon;
 * kbgen-a11y.js needs nothing. The plugin loads the files in name order, which puts each after what
 * it needs; a script loaded before what it needs throws at once, naming the missing file
 * (tests/site/test_script_order.py).
 */
((scope) => {
  "use strict";
  const kbgen = (scope.kbgen = scope.kbgen || {});
  if (kbgen.analysis) return;

  const MARKUP = /<[^>]*>/g;
  const SUFFIXES = [["ies", "y"], ["sses", "ss"], ["ing", ""], ["ed", ""], ["es", ""], ["s", ""]];
  const SHORT_WORD = 5; // letters: a short word that differs in its first letter is another word

  const readJson = (selector) => {
    const el = scope.document && scope.document.querySelector(selector);
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch {
      return {};
    }
  };
  let settings = null;
  const config = () => (settings = settings || readJson("#kbgen-config"));

  const tokens = (text, separator) =>
    String(text).replace(MARKUP, " ").toLowerCase().split(separator).filter(Boolean);

  const stemCache = new Map();
  const stem = (word) => {
    let base = stemCache.get(word);
    if (base !== undefined) return base;
    base = word;
    for (const [suffix, keep] of SUFFIXES) {
      if (word.endsWith(suffix) && word.length - suffix.length >= 3 && !word.endsWith("ss")) {
        base = word.slice(0, -suffix.length) + keep;
        if ((suffix === "ing" || suffix === "ed") && base.length > 3 && base.at(-1) === base.at(-2) && !"ls".includes(base.at(-1)))
          base = base.slice(0, -1); // "stopped" -> "stop"
        break;
      }
    }
    stemCache.set(word, base);
    return base;
  };

  /* Damerau-Levenshtein (adjacent swaps count once), cut off above `limit`. */
  const editDistance = (a, b, limit) => {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = [];
    let previous = [...Array(b.length + 1).keys()];
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          current[j] = Math.min(current[j], before[j - 2] + 1);
      }
      if (Math.min(...current) > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  };

  /* "bike" is no typo of "hike": a short word keeps its first letter. */
  const mayBeTypoOf = (word, candidate) => word.length > SHORT_WORD || candidate[0] === word[0];

  /* Whether key `a` sorts before key `b`, element by element (Python's tuple order). */
  const precedes = (a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
  };

  /* The candidate nearest to `word` within `limit` edits, preferring the first letter typed. */
  const closest = (word, candidates, limit) => {
    let best = null;
    for (const candidate of candidates) {
      if (!mayBeTypoOf(word, candidate)) continue;
      const distance = editDistance(word, candidate, limit);
      if (distance > limit) continue;
      const key = [distance, candidate[0] !== word[0] ? 1 : 0, candidate];
      if (!best || precedes(key, best)) best = key;
    }
    return best && best[2];
  };

  /* Emergency intent of the typed words, corrected (see kbgen/search/emergency.py). */
  const contains = (stems, phrase) => {
    for (let i = 0; i + phrase.length <= stems.length; i++) if (phrase.every((s, k) => stems[i + k] === s)) return true;
    return false;
  };
  const matches = (stems, pattern) => pattern.every((slot) => slot.some((phrase) => contains(stems, phrase)));
  const detectEmergency = (said, model) => {
    if (!model || !model.intents) return null;
    const stems = said.map(stem);
    if (model.unless.some((pattern) => matches(stems, pattern))) return null;
    const intent = model.intents.find(
      (i) => i.when.some((pattern) => matches(stems, pattern)) && !i.unless.some((pattern) => matches(stems, pattern)),
    );
    return intent ? intent.name : null;
  };

  /* The topic terms searched: Material's terms (of the first part that matched anything), without filler. */
  const topicTerms = (results, ignore) => {
    const first = results.flat().find((part) => Object.keys(part).length) || {};
    return Object.keys(first).filter((term) => !ignore.has(term));
  };

  /* THE meaning of "answered" (kbgen.search.analysis.answered): one part of one of the `top` first
   * results holds every topic term searched; a search that matched something but searched no
   * topic term counts as answered. */
  const answered = (results, ignore, top) => {
    if (!results.flat().some((part) => Object.keys(part).length)) return false; // nothing matched
    const topic = topicTerms(results, ignore);
    return !topic.length || results.slice(0, top).some((result) => result.some((part) => topic.every((term) => part[term])));
  };

  const corrected = (query, corrections, separator) => {
    const typed = tokens(query, separator);
    if (!typed.some((word) => Object.hasOwn(corrections, word))) return null;
    return typed.map((word) => (Object.hasOwn(corrections, word) ? corrections[word] : word)).join(" ");
  };

  const suggest = (query, missing, known, corrections, separator) => {
    const replaced = new Map();
    for (const word of missing) {
      const kept = Object.hasOwn(corrections, word) && corrections[word] === word; // a word, not a typo
      if (word.length < 4 || kept || known.some((w) => w.startsWith(word))) continue;
      const near = closest(word, known, word.length <= 7 ? 1 : 2);
      if (near) replaced.set(word, near);
    }
    if (!replaced.size) return null;
    return tokens(query, separator).map((word) => replaced.get(word) || word).join(" ");
  };

  /* kbgen.search.rank_first.pinned_key: a search's words as a pinned line matches them, their
   * light stems, each once, in order. */
  const pinnedKey = (searched) =>
    [...new Set(searched.flatMap((word) => word.split(" ")).filter(Boolean).map((part) => stem(part)))].sort().join(" ");

  /* A group's page: its item without an anchor, else its first. */
  const pageOf = (group) => (group.find((item) => !item.location.includes("#")) || group[0]).location;

  /* kbgen.search.analysis.TextModel.pins: an editor pinned this search to the article listed first. */
  const pins = (rewrite, items, model) => {
    const pinned = model.pinned || {};
    const key = pinnedKey(rewrite.words || []);
    return items.length > 0 && Object.hasOwn(pinned, key) && pinned[key].includes(pageOf(items[0]));
  };

  /* kbgen.search.analysis.TextModel.analyze: `rewrite` is the worker's {corrections, emergency,
   * words}; `items` Material's result groups; `model` the index's config.kbgen. */
  const analyze = (query, rewrite, items, model, separator) => {
    const results = items.map((group) => group.map((item) => item.terms || {}));
    const filler = new Set(model.filler || []);
    const found = pins(rewrite, items, model) || answered(results, filler, model.answer_results);
    const missing = results.length
      ? topicTerms(results, filler).filter((term) => !results[0][0][term])
      : tokens(query, separator).filter((word) => !filler.has(word));
    const stems = new Set(tokens(query, separator).map(stem));
    return {
      query,
      answered: found,
      missing,
      emergency: rewrite.emergency,
      otherAudience: (model.other_audience_markers || []).some((marker) => marker.every((s) => stems.has(s))),
      suggestion: corrected(query, rewrite.corrections, separator) || (found ? null : suggest(query, missing, model.words || [], model.corrections || {}, separator)),
    };
  };

  kbgen.analysis = { config, tokens, stem, editDistance, mayBeTypoOf, precedes, closest, detectEmergency, answered, analyze, pinnedKey, pageOf };
})(self);
