"""Run searches through Material's real search worker in Chromium, the way a visitor's keyup does."""

from __future__ import annotations

from dataclasses import dataclass

# Collects every result list the bundle emits (`component$`), then answers one query at a time:
# set the input, fire keyup (what Material listens to), wait for the next result list.
_INSTALL = """
() => {
  if (window.__kbResults) return;
  window.__kbResults = [];
  window.component$.subscribe(c => {
    if (c.ref.matches('[data-md-component=search-result]') && Array.isArray(c.items))
      window.__kbResults.push(c.items);
  });
}
"""

_QUERY = """
async (query) => {
  const input = document.querySelector('[data-md-component=search-query]');
  const before = window.__kbResults.length;
  input.focus();
  input.value = query;
  input.dispatchEvent(new KeyboardEvent('keyup', {key: 'a', bubbles: true}));
  const deadline = performance.now() + 10000;
  while (window.__kbResults.length === before) {
    if (performance.now() > deadline) throw new Error('no result for ' + query);
    await new Promise(r => setTimeout(r, 2));
  }
  const items = window.__kbResults[window.__kbResults.length - 1];
  while (query.trim() && window.kbgen.lastSearch?.query !== query.trim()) {
    if (performance.now() > deadline) break;
    await new Promise(r => setTimeout(r, 2));
  }
  const last = window.kbgen.lastSearch;
  return {
    groups: items.map(group => ({location: group[0].location.split('#')[0], score: group[0].score})),
    answered: Boolean(query.trim() && last?.answered),
    analysis: query.trim() && last?.query === query.trim() ? last : null,
  };
}
"""


# Once the worker has indexed, Material answers the empty query and shows its placeholder: a DOM
# state, so it holds however early or late the listener above was installed.
_READY = """
() => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const meta = document.querySelector('.md-search-result__meta');
  return meta && meta.textContent.trim() === config.translations['search.result.placeholder'];
}
"""


@dataclass(frozen=True)
class BrowserHit:
    location: str
    score: float


@dataclass(frozen=True)
class BrowserAnswer:
    hits: list[BrowserHit]
    answered: bool  # the search's judgement (kbgen.search.analysis.answered, in the worker)
    analysis: dict | None = None  # kbgen-search.js's `kbgen:results` detail for the query


class BrowserSearch:
    """A page of a built site with search ready; `search()` returns the worker's result groups."""

    def __init__(self, page, site_url: str) -> None:
        self.page = page
        page.goto(site_url)
        page.wait_for_function("() => window.component$ !== undefined")
        page.evaluate(_INSTALL)
        self._last = None
        page.wait_for_function(_READY)

    def _ask(self, query: str) -> dict:
        return self.page.evaluate(_QUERY, query)

    def answer(self, query: str) -> BrowserAnswer:
        if query == self._last:  # Material sends only changed values
            self._ask(query + " ")
        self._last = query
        result = self._ask(query)
        return BrowserAnswer(
            [BrowserHit(g["location"], g["score"]) for g in result["groups"]],
            result["answered"],
            result["analysis"],
        )

    def search(self, query: str) -> list[BrowserHit]:
        return self.answer(query).hits
