"""kbgen's search: Material's browser search, made to understand residents and owners.

Stable API (used by `kbgen find` and by the miss report to re-run old searches):

- `load_index(site_dir, audience) -> SiteIndex`: the published index of `site_dir/<audience>/`;
  `SiteIndex.search(query, limit=10) -> list[Hit]` ranks exactly like the browser.
- `Hit`: `.location` (path in the site), `.title`, `.score` (the browser's), `.url`, `.summary`,
  `.audience`, `.terms` (query term -> found), `.missing`, `.strong` (a confident answer), `.sections`.
- `SiteIndex.analyze(query) -> QueryAnalysis`: `.emergency`, `.other_audience` (the words belong
  to the other help center: a "wrong site" search), `.suggestion` (did-you-mean), `.normalized`.
- `normalize(query)`: a grouping key for equal searches.

Everything that depends on Material's worker lives in `kbgen.search.material`.
"""

from kbgen.search.analysis import QueryAnalysis, normalize
from kbgen.search.site_index import Hit, IndexNotFound, SiteIndex, load_index

__all__ = ["Hit", "IndexNotFound", "QueryAnalysis", "SiteIndex", "load_index", "normalize"]
