"""The signals batch benchmark (issue 5): `python -m tests.bench.signals`."""
