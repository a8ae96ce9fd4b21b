"""Output: the report and the fix list rendered as table, json, csv, Markdown and the html health
dashboard. Imports `analysis` and `intake`."""
