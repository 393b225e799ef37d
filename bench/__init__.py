"""Benchmarks: each module runs a reference and ours side by side and prints the ratio."""
