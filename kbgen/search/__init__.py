"""kbgen's search: Material's browser search, made to understand residents and owners.

Stable API (used by `kbgen find` and by the miss report to re-run old searches):

- `load_index(site_dir, audience) -> SiteIndex`: the published index of `audience`'s help center in
  `site_dir` (the folder whose kbgen.json names it); `load_site_index(audience_dir)` for one folder;
  `SiteIndex.search(query, limit=10) -> list[Hit]` ranks exactly like the browser.
- `Hit`: `.location` (path in the site), `.title`, `.score` (the browser's), `.url`, `.summary`,
  `.audience`, `.terms` (query term -> found), `.missing`, `.sections`, `.parts` (terms per part).
- `SiteIndex.analyze(query) -> QueryAnalysis`: `.answered` (THE rule, `analysis.answered`),
  `.emergency` (the emergency intent, or None), `.other_audience` (the words belong to the other
  help center: a "wrong site" search), `.suggestion` (did-you-mean), `.normalized`.
- `SiteIndex.answer(query) -> Hit | None`: the result that answers, by the same rule.
- `SiteIndex.emergency_line`: the number the site offers with an emergency ("" where none).
- `normalize(query)`: a grouping key for equal searches.
- `read_site_facts(audience_dir) -> SiteFacts`: what `kbgen build` wrote into `<audience>/kbgen.json`
  (`.audience`, `.site_url`, `.contacts`, `.emergency_line`, `.version`); read these, never folder names.
- `find_sites(site_dir) -> dict[str, Path]`: the help centers built in `site_dir`, by audience.

The search's text model (tokenizer and stems in `words`, stop words in `vocabulary.filler_words`,
corrections in `rewrite`, emergencies in `emergency`, the answered rule in `analysis`, the
articles listed first for a word in `rank_first`) is defined
here once and written into each index as data (`tuning.search_text_model`) for the browser's one
helper, `overrides/assets/javascripts/kbgen-analysis.js`.

Everything that depends on Material's worker lives in `kbgen.search.material`.
"""

from kbgen.search.analysis import QueryAnalysis, normalize
from kbgen.search.facts import SiteFacts, SiteFactsNotFound, find_sites, read_site_facts
from kbgen.search.site_index import Hit, IndexNotFound, SiteIndex, load_index, load_site_index

__all__ = [
    "Hit",
    "IndexNotFound",
    "QueryAnalysis",
    "SiteFacts",
    "SiteFactsNotFound",
    "SiteIndex",
    "find_sites",
    "load_index",
    "load_site_index",
    "normalize",
    "read_site_facts",
]
