"""Benchmarks: each script prints a table and writes its figures into bench/RESULTS.md (see bench/results.py)."""
