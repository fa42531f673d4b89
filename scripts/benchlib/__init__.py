"""The pieces of `scripts/bench`: data set, workload, daemon process, timing, baseline, report."""
