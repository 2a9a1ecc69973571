"""Load benchmarks (`make bench`, `python -m tests.bench`): each figure next to a baseline measured
in the same run. Not a test package: pytest collects nothing here (no `test_` modules).
See tests/bench/README.md.
"""
