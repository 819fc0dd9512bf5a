"""Scanning many documents: one per-document function, run serially, by local worker
processes, or on a Dask cluster; results stream out in input order."""
