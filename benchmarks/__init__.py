"""`make bench`: ``python -m benchmarks.report`` from the repository's root."""
