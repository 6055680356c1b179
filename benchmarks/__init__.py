"""Benchmarks of tj-audit (not tests: run them by hand, results in docs/performance.md)."""
