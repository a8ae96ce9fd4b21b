"""Analysis: reads the store and the built site, groups phrasings, rechecks them against the site's own
search and ranks what to write and what to fix. Imports `intake` only."""
