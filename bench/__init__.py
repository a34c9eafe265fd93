"""The benchmark suite of issue 5 (B1-B6): ``python -m bench --quick`` or ``--full``.

PostgreSQL only, in a database of its own (created, migrated and dropped by the run).
See docs/PERFORMANCE.md for what each item measures and the figures of the last runs.
Never part of the pytest suite.
"""
