"""Trajectory benchmarks that are not wrk load: the lifecycle driver, the DDAS page."""
