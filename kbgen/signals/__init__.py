"""What comes back from the sites: searches that find nothing, votes, comments and contact clicks.

Four jobs, one direction of import: `intake` (collector, access-log import, the SQLite store) <-
`analysis` (grouping, verdicts, the report and fix lists) <- `output` (table, json, csv, md, html
dashboard) <- `push` (requests in Notion). A package imports only the ones before it.
"""
