"""Fault harness of issue 11 §5: `python -m bench.faults` (see __main__.py)."""
