"""`make bench`: the benchmark suite (docs/performance.md). Not collected by pytest."""
