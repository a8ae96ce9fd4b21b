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
  return items.map(group => ({
    location: group[0].location.split('#')[0],
    score: group[0].score,
    locations: group.map(item => item.location),
  }));
}
"""


@dataclass(frozen=True)
class BrowserHit:
    location: str
    score: float


class BrowserSearch:
    """A page of a built site with search ready; `search()` returns the worker's result groups."""

    def __init__(self, page, site_url: str) -> None:
        self.page = page
        page.goto(site_url)
        page.wait_for_function("() => window.component$ !== undefined")
        page.evaluate(_INSTALL)
        self._last = None
        self._ask("")  # the first result list arrives once the worker is ready

    def _ask(self, query: str) -> list[dict]:
        return self.page.evaluate(_QUERY, query)

    def search(self, query: str) -> list[BrowserHit]:
        if query == self._last:  # Material sends only changed values
            self._ask(query + " ")
        self._last = query
        return [BrowserHit(group["location"], group["score"]) for group in self._ask(query)]
