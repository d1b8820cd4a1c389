"""The scripts the Makefile runs, as modules of one package: ``python -m tools.NAME`` from the
repository's root. Tests and benchmarks import them as ``tools.NAME`` too."""
