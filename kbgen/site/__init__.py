"""The two help-center sites: staging, the MkDocs plugin, the build and its atomic swap."""
