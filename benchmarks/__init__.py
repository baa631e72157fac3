"""Synthetic corpora and load benchmarks (run from a source checkout; not installed)."""
