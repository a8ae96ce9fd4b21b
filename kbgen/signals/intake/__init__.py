"""Intake: beacons over HTTP (`collector`, `server`) and access logs (`logimport`), checked and scrubbed,
stored in the one SQLite file that `store` owns. Imports nothing else of `kbgen.signals`."""
