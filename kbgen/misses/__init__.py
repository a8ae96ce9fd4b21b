"""Searches that find nothing: collected from the sites, grouped, ranked and handed to the writers.

Data flows one way: beacons or access logs -> `store` (SQLite) -> `grouping` -> `report` -> `push`.
"""
