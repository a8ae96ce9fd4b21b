/*
 * kbgen's search worker: Material's own worker, with kbgen's query rewrite in front of it.
 *
 * Material 9 has no query-transform hook, but it creates its worker from `__config.search`; kbgen's
 * theme (overrides/main.html) points that at this file with Material's worker as `?material=...`.
 * This script listens to the same messages before Material's worker does (listeners run in the
 * order they were added), and changes the query of each QUERY message in place; Material's worker
 * then searches, ranks and answers as always, so its rendering and "Missing:" terms stay its own.
 *
 * The rewrite is kbgen.search.rewrite.QueryRewriter, line for line (a parity test compares them):
 * keep lunr syntax as typed; replace known misspellings; drop filler words and 1-2 letter words the
 * index does not hold whole (a query left with no word searches nothing), search those it holds
 * whole only, never as prefixes; replace a word the index
 * does not hold by the closest naming word; add a whole-word clause weighed by rarity; read the
 * typed words, corrected, with the emergency model; an emergency lists the site's emergency article
 * in the top 3 (kbgen.search.emergency.promote), after the articles a searched word, or the whole
 * search, is to list first (kbgen.search.rank_first, `rankFirst`, `pinnedFirst`). Its data is the
 * index's own `config.kbgen` and words (keywords read back by `expandKeywordSets`), from the SETUP
 * message. Each RESULT
 * keeps the best `config.kbgen.max_results` articles and gets `kbgen`, the analysis of the query it
 * answers (kbgen-analysis.js, shared with the page): Material ignores it, and window.component$
 * passes it on to kbgen-search.js (cards) and kbgen-misses.js (the miss logger).
 *
 * The answer desk (kbgen/desk/page.py) sends a SETUP that names files instead of carrying data:
 * `index`, the site's search_index.json, which this worker reads itself (the page then parses and
 * copies nothing), and `prebuilt`, that index serialized by lunr.py from the same documents with
 * Material's rules (kbgen.search.material), loaded instead of indexing every document here: at
 * thousands of articles that indexing takes seconds. Both same-origin only.
 *
 * Material internals used: the message types (SETUP 0, QUERY 2, RESULT 3) and `{type, data}`
 * shape, the worker's single `message` listener answering with the global `postMessage`, one
 * answer per message in order, `self.lunr` (set for language plugins) whose `Index.search` its
 * `Search.search` calls, that method's post-query boost, and positions as the only metadata it
 * keeps (`metadataWhitelist`), read only to highlight; tests/search/test_material_contract.py
 * checks them. A prebuilt index also relies on `Search` building its index with `lunr.Builder`
 * (`add` per document, then `build`) and skipping highlighting for a match without positions.
 */
"use strict";

const SETUP = 0;
const QUERY = 2;
const RESULT = 3;
const SYNTAX = /(?:^|\s)[+\-]|[:^~*"]/;
const LETTERS = /^[a-z]+$/;
const MIN_CORRECTED_LENGTH = 4;
const NAMING_FIELDS = ["title", "tags", "keywords"];
const ARTICLE_PLACE = 3; // kbgen.search.emergency.ARTICLE_PLACE

/* `v`: the digest of kbgen's assets in this worker's own URL (kbgen.site.assets.assets_version), so
 * that the helper it loads is the one it was published with. */
const assetsVersion = new URL(self.location.href).searchParams.get("v");
const helper = new URL("../kbgen-analysis.js", self.location.href);
if (assetsVersion) helper.searchParams.set("v", assetsVersion);
importScripts(helper.href);
const { tokens: splitWords, stem, editDistance, mayBeTypoOf, precedes, detectEmergency, analyze, pinnedKey, pageOf } =
  self.kbgen.analysis;

const fieldText = (value) => (Array.isArray(value) ? value.join(" ") : String(value ?? ""));

/* kbgen.search.keyword_sets.expand: each article's hidden keywords, written once per synonym group
 * in the index, written out in full (same words, same weights) before Material and the rewrite read
 * them. */
const expandKeywordSets = (docs, sets) => {
  if (!sets || !sets.length) return;
  for (const doc of docs) {
    if (!doc.keyword_sets) continue;
    const weights = new Map();
    for (const index of doc.keyword_sets) for (const word of sets[index].split(" ")) weights.set(word, 1);
    for (const word of String(doc.keywords_without || "").split(" ")) weights.delete(word);
    const own = new Map();
    for (const word of String(doc.keywords || "").split(" ")) if (word) own.set(word, (own.get(word) || 0) + 1);
    for (const [word, count] of own) weights.set(word, count);
    doc.keywords = [...weights.keys()].sort().map((word) => Array(weights.get(word)).fill(word).join(" ")).join(" ");
    delete doc.keyword_sets;
    delete doc.keywords_without;
  }
};

/* The index's words: all of them sorted, naming words with counts, articles per word. */
const indexWords = (docs, fields, separator) => {
  const everything = new Set();
  const naming = new Map();
  const perPage = new Map();
  for (const doc of docs) {
    const path = doc.location.split("#")[0];
    if (!perPage.has(path)) perPage.set(path, new Set());
    const page = perPage.get(path);
    for (const name of fields) {
      for (const word of splitWords(fieldText(doc[name]), separator)) {
        everything.add(word);
        page.add(word);
        if (NAMING_FIELDS.includes(name)) naming.set(word, (naming.get(word) || 0) + 1);
      }
    }
  }
  const pages = new Map();
  for (const found of perPage.values()) for (const word of found) pages.set(word, (pages.get(word) || 0) + 1);
  return { sorted: [...everything].sort(), naming, pages, pageCount: perPage.size };
};

const startsAWord = (sorted, prefix) => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < prefix) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length && sorted[low].startsWith(prefix);
};

const queryRewriter = (rules, words, separator) => {
  const filler = new Set(rules.filler || []);
  const short = rules.short_word_length ?? 0; // kbgen.search.rewrite.MAX_PARTIAL_LENGTH
  const corrections = rules.corrections || {};
  const negations = rules.negations || {}; // typed negation -> how a phrase of the corrections spells it
  const phrases = Object.keys(corrections)
    .filter((key) => key.includes(" "))
    .map((key) => key.split(" "))
    .sort((a, b) => b.length - a.length);
  const candidates = [...words.naming.keys()]
    .filter((w) => w.length >= MIN_CORRECTED_LENGTH && LETTERS.test(w) && !filler.has(w)) // "mother" is no "other"
    .sort((a, b) => words.naming.get(b) - words.naming.get(a) || (a < b ? -1 : a > b ? 1 : 0));

  const joinPhrases = (typed) => {
    const read = typed.map((word) => (Object.hasOwn(negations, word) ? negations[word] : word));
    const result = [];
    for (let i = 0; i < typed.length; ) {
      const phrase = phrases.find((p) => p.every((word, k) => read[i + k] === word));
      result.push(phrase ? phrase.join(" ") : typed[i]);
      i += phrase ? phrase.length : 1;
    }
    return result;
  };

  const correct = (word) => {
    if (Object.hasOwn(corrections, word)) return corrections[word];
    if (word.length < MIN_CORRECTED_LENGTH || !LETTERS.test(word) || startsAWord(words.sorted, word)) return word;
    if (words.pages.has(stem(word))) return word; // a form of a word the index holds ("backing"), no typo
    const limit = word.length <= 7 ? 1 : 2;
    let best = null;
    let choice = word;
    candidates.forEach((candidate, rank) => {
      if (!mayBeTypoOf(word, candidate)) return;
      const distance = editDistance(word, candidate, limit);
      if (distance > limit) return;
      const key = [distance, candidate[0] !== word[0] ? 1 : 0, rank];
      if (!best || precedes(key, best)) {
        best = key;
        choice = candidate;
      }
    });
    return choice;
  };

  const clause = (word) => {
    const pages = words.pages.get(word) || 0;
    if (!pages) return word;
    const rarity = Math.max(1, Math.floor(Math.log2(words.pageCount / pages) + 0.5));
    return word.length <= short ? `${word}^${rarity + 1}` : `${word}^${rarity} ${word}`;
  };

  const emergency = rules.emergency;
  return (query) => {
    if (SYNTAX.test(query)) return { query, corrections: {}, emergency: detectEmergency(splitWords(query, separator), emergency), words: [] };
    const rewritten = [];
    const corrections = {};
    const said = []; // every typed word, corrected: what the emergency model reads
    for (const word of joinPhrases(splitWords(query, separator))) {
      const corrected = filler.has(word) ? word : correct(word);
      said.push(...(word.includes(" ") ? word : corrected).split(" ")); // a phrase as typed, negation as "not"
      if (filler.has(word) || (corrected.length <= short && !words.pages.has(corrected))) continue; // a word being typed
      if (corrected !== word) corrections[word] = corrected;
      if (!rewritten.includes(corrected)) rewritten.push(corrected);
    }
    return { query: rewritten.map(clause).join(" "), corrections, emergency: detectEmergency(said, emergency), words: rewritten };
  };
};

let rewrite = (query) => ({ query, corrections: {}, emergency: null, words: [] });
let emergencyArticle = null; // the site's emergency article, as Material lists a page that matched nothing
let current = null; // the rewrite of the query being searched now
let maxResults = Infinity;
let model = {};
let separator = /\s+/;
const asked = []; // {query, rewrite} per query not yet answered, oldest first: the worker answers in order

/* kbgen.search.emergency.promote: an emergency lists the site's emergency article at ARTICLE_PLACE
 * or better, where it matched nothing too; the topic's own articles keep their places above it. */
const promote = (groups) => {
  const article = emergencyArticle.location;
  let position = groups.findIndex((group) => group.some((item) => item.location === article));
  if (position < 0) {
    groups = [...groups, [{ ...emergencyArticle, score: 0, terms: {} }]];
    position = groups.length - 1;
  }
  if (position < ARTICLE_PLACE) return groups;
  const moved = [...groups.slice(0, position), ...groups.slice(position + 1)];
  moved.splice(ARTICLE_PLACE - 1, 0, groups[position]);
  return moved;
};

/* kbgen.search.rank_first.listed_first: of the first `max_results` articles, those a searched word
 * is to list first (`model.rank_first`, stems to locations) move to the top, in their order, where
 * they match every term (in any part); the rest keep their places. */
const rankFirst = (groups, searched) => {
  const first = model.rank_first || {};
  const wanted = new Set(searched.flatMap((word) => word.split(" ")).flatMap((part) => (Object.hasOwn(first, stem(part)) ? first[stem(part)] : [])));
  if (!wanted.size) return groups;
  const listed = groups.slice(0, maxResults);
  const lifted = listed.filter((group) => {
    const terms = Object.create(null); // no inherited keys: a term "constructor" is a term
    for (const item of group) for (const [term, found] of Object.entries(item.terms)) terms[term] = terms[term] || found;
    return wanted.has(pageOf(group)) && Object.keys(terms).length > 0 && Object.values(terms).every(Boolean);
  });
  if (!lifted.length) return groups;
  return [...lifted, ...listed.filter((group) => !lifted.includes(group)), ...groups.slice(maxResults)];
};

/* kbgen.search.rank_first.pinned_first: the articles a `pinned` line names for this very search
 * (its words' light stems, each once, in order: `pinned_key`) moved to the top of the listed ones. */
const pinnedFirst = (groups, searched) => {
  const pinned = model.pinned || {};
  const key = pinnedKey(searched);
  const wanted = Object.hasOwn(pinned, key) ? pinned[key] : [];
  if (!wanted.length) return groups;
  const listed = groups.slice(0, maxResults);
  const lifted = listed.filter((group) => wanted.includes(pageOf(group)));
  if (!lifted.length) return groups;
  return [...lifted, ...listed.filter((group) => !lifted.includes(group)), ...groups.slice(maxResults)];
};

/* Each result keeps its best `max_results` articles, without their tags (the page clones every
 * result it receives and renders each item; hundreds of them, or a row of keyword chips under
 * each, cost a phone more than the search itself; tags stay searchable), and carries `kbgen`: the
 * analysis of its query (kbgen-analysis.js `analyze`: the query typed, answered, emergency, other
 * site, did-you-mean), read by the search cards and the miss logger. */
const postResult = self.postMessage.bind(self);
self.postMessage = (message) => {
  if (message && message.type === RESULT && message.data) {
    const question = asked.shift();
    if (question) message.data.items = pinnedFirst(rankFirst(message.data.items, question.rewrite.words), question.rewrite.words);
    if (question && question.rewrite.emergency && emergencyArticle) message.data.items = promote(message.data.items);
    message.data.items = message.data.items.slice(0, maxResults);
    for (const group of message.data.items) for (const item of group) delete item.tags;
    if (question) message.data.kbgen = analyze(question.query, question.rewrite, message.data.items, model, separator);
  }
  postResult(message);
};

addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    if (message.data.index) Object.assign(message.data, readJson(message.data.index)); // Material reads it next
    const { config, docs } = message.data;
    expandKeywordSets(docs, (config.kbgen || {}).keyword_sets);
    separator = new RegExp(config.separator);
    model = config.kbgen || {};
    rewrite = queryRewriter(model, indexWords(docs, Object.keys(config.fields), separator), separator);
    maxResults = model.max_results || Infinity;
    const article = model.emergency && model.emergency.article;
    emergencyArticle = (article && docs.find((doc) => doc.location === article)) || null;
    if (message.data.prebuilt) prebuilt = readJson(message.data.prebuilt);
  } else if (message.type === QUERY && typeof message.data === "string") {
    const rewritten = rewrite(message.data);
    current = rewritten;
    asked.push({ query: message.data, rewrite: rewritten });
    message.data = rewritten.query;
  }
});

/* Only Material's own worker, from this folder: `?material=` names a file, never a URL, so a page
 * whose configuration was tampered with cannot make this worker run someone else's script. */
const MATERIAL_WORKER = /^search\.[0-9a-f]+\.min\.js$/;
const materialWorker = new URL(self.location.href).searchParams.get("material") || "";
if (!MATERIAL_WORKER.test(materialWorker)) throw new Error(`kbgen-search: refusing worker "${materialWorker}"`);
importScripts(new URL(materialWorker, self.location.href).href);

/* Material's worker copies and highlights every document lunr returns before it ranks them again
 * (score * (1 + boost ** 2), boost = is-page + share of query terms matched) and groups them by
 * page; for "pay rent" on a thousand articles that is most of them. This hands it only the
 * documents of the pages that rank in the best `max_results` by that same formula, so what the
 * visitor gets is unchanged and the copying and highlighting is done for a few dozen. */
const lunr = self.lunr;
const searchIndex = lunr.Index.prototype.search;
lunr.Index.prototype.search = function (query) {
  const key = `${query}\n${keptArticle()}`;
  if (last.index === this && last.key === key) return last.kept;
  const results = searchIndex.call(this, query);
  const kept = results.length > maxResults ? bestPages(results, queryClauses(query), maxResults) : results;
  const positions = setAside.get(this);
  for (const result of kept) withPositions(result, positions);
  Object.assign(last, { index: this, key, kept });
  return kept;
};
/* The last search, kept: most keystrokes that end or start a word, or add a filler word ("how do i
 * pay my " after "how do i pay"), leave the rewritten query as it was, and lunr would find the
 * same results again. Material only reads them. */
const last = { index: null, key: "", kept: [] };

/* The files a SETUP names: same-origin JSON only, read while SETUP is handled (Material's listener
 * runs right after this one and builds its index at once); with a prebuilt index Material's
 * builder adds nothing and its `build` returns the loaded index. */
let prebuilt = null;
const readJson = (address) => {
  const url = new URL(address, self.location.href);
  if (url.origin !== self.location.origin) throw new Error(`kbgen-search: refusing "${address}"`);
  const request = new XMLHttpRequest();
  request.open("GET", url.href, false); // synchronous, which a worker may do
  request.send();
  if (request.status !== 200) throw new Error(`kbgen-search: nothing at "${url.href}"`);
  return JSON.parse(request.responseText);
};
const addDocument = lunr.Builder.prototype.add;
const buildIndex = lunr.Builder.prototype.build;
lunr.Builder.prototype.add = function (...args) {
  if (!prebuilt) addDocument.apply(this, args);
};
lunr.Builder.prototype.build = function () {
  if (!prebuilt) return positionsAside(buildIndex.call(this));
  const index = lunr.Index.load(prebuilt);
  prebuilt = null;
  return index;
};

/* lunr copies the positions of every match of every document it finds into that document's match
 * data, and merges them field by field: for "pay rent" on a thousand articles, a large part of the
 * query's time. Material reads them only to highlight the few results this worker keeps. So the built
 * index keeps its positions aside (term/field -> document -> positions; scores do not use them),
 * lunr matches without them, and each kept result gets back exactly the positions lunr would have
 * copied: one posting per term, field and document. */
const setAside = new WeakMap();
const positionsAside = (index) => {
  const positions = new Map();
  for (const [term, posting] of Object.entries(index.invertedIndex))
    for (const [field, documents] of Object.entries(posting)) {
      if (field === "_index") continue;
      const byDocument = {};
      for (const [ref, metadata] of Object.entries(documents))
        if (metadata.position) {
          byDocument[ref] = metadata.position;
          delete metadata.position;
        }
      positions.set(`${term}/${field}`, byDocument);
    }
  setAside.set(index, positions);
  return index;
};
/* Material highlights each match from its positions: a kept result gets them back; a prebuilt
 * index has none, so Material leaves the text as it is. */
const withPositions = (result, positions) => {
  for (const [term, fields] of Object.entries(result.matchData.metadata))
    for (const [field, found] of Object.entries(fields))
      found.position = (positions && positions.get(`${term}/${field}`)?.[result.ref]) || [];
};

/* Material's `parseSearchQuery`: the terms of the clauses a result can match. */
const queryClauses = (query) => {
  const parsed = new lunr.Query(["title", "text", "tags"]);
  new lunr.QueryParser(query, parsed).parse();
  return parsed.clauses
    .filter((clause) => clause.presence !== lunr.Query.presence.PROHIBITED)
    .map((clause) => clause.term.replace(/^\*/, "").replace(/\*$/, ""));
};

/* Material's final score of one lunr result (`getSearchQueryTerms` and the post-query boost). */
const finalScore = (result, clauses) => {
  const pending = new Set(clauses);
  const terms = {};
  for (const token of Object.keys(result.matchData.metadata))
    for (const term of pending)
      if (token.startsWith(term)) {
        terms[term] = true;
        pending.delete(term);
      }
  for (const term of pending) if (lunr.stopWordFilter(term)) terms[term] = false;
  const boost = +!result.ref.includes("#") + Object.values(terms).filter(Boolean).length / Object.keys(terms).length;
  return result.score * (1 + boost ** 2);
};

/* The results of the pages whose best final score is among the best `count` (ties kept), and of the
 * emergency article for an emergency (it is listed in the top 3), in lunr's order; all of them when
 * a score is not a number (Material's order is then its own). */
const keptArticle = () => (current && current.emergency && emergencyArticle ? emergencyArticle.location : null);
const bestPages = (results, clauses, count) => {
  const article = keptArticle();
  const best = new Map();
  // with no stop word among the clauses every score is a number (Material counts each clause a
  // result misses), and lunr lists results best first: once even the largest post-boost leaves one
  // under the floor of the best `count` pages, none after it can reach that floor
  const mayStop = clauses.every((term) => lunr.stopWordFilter(term));
  for (let i = 0; i < results.length; i++) {
    const result = results[i];
    if (mayStop && i % FLOOR_EVERY === 0 && best.size >= count && result.score * MAX_POST_BOOST < floorOf(best, count)) break;
    const score = finalScore(result, clauses);
    if (Number.isNaN(score)) return results;
    const page = result.ref.split("#")[0];
    if (!(best.get(page) >= score)) best.set(page, score);
  }
  if (best.size <= count) return results;
  const floor = floorOf(best, count);
  return results.filter((result) => best.get(result.ref.split("#")[0]) >= floor || result.ref.split("#")[0] === article);
};
const MAX_POST_BOOST = 5; // 1 + (is-page + all terms matched) ** 2
const FLOOR_EVERY = 16; // results scored between two looks at the floor
const floorOf = (best, count) => [...best.values()].sort((a, b) => b - a)[count - 1];
