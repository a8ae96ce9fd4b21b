"""Push: the report's groups and fixes as requests in the Notion "Article requests" database. Imports
`analysis` and `output`."""
