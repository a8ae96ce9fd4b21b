/*
 * kbgen result clicks: when a visitor opens a search result, send the search, the article opened
 * and its position in the list (kind "click"), so `kbgen misses learn` can propose the words
 * visitors use for an article and the articles they open far down the list.
 *
 * Sent through kbgen-beacon.js (loaded before this file): nothing without an endpoint, nothing under
 * Global Privacy Control or Do Not Track, no cookie, a random per-page-load id. It listens once on
 * the document and does nothing while the visitor types: no cost on the search path.
 */
(function () {
  "use strict";

  var kbgen = window.kbgen;
  if (!kbgen || !kbgen.beacon) throw new Error("kbgen-clicks.js needs kbgen-beacon.js, loaded before it");
  var beacon = kbgen.beacon;
  if (!beacon.enabled) return;

  var RESULT_ITEMS = ".md-search-result__list > .md-search-result__item";

  document.addEventListener("click", opened, true);
  document.addEventListener("auxclick", opened, true); /* middle click: opened in a new tab */

  function opened(event) {
    if (event.type === "auxclick" && event.button !== 1) return;
    var link = event.target.closest && event.target.closest(".md-search-result__item a[href]");
    if (!link) return;
    var item = link.closest(".md-search-result__list > .md-search-result__item");
    var input = document.querySelector("[data-md-component=search-query]");
    var query = input ? input.value.trim() : "";
    if (!item || !query) return;
    var position = Array.prototype.indexOf.call(document.querySelectorAll(RESULT_ITEMS), item) + 1;
    beacon.send({ k: "click", q: query, o: new URL(link.href, location.href).pathname, n: position });
  }
})();
