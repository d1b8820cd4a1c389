"""Apparatus of the checks that re-run the golden twins (nbval and the portability gate).

``roundoff`` runs inside the notebook kernels (loaded by an IPython startup file), ``nbval_plugin``
inside pytest (``-p tests.harness.nbval_plugin``), ``figures`` compares two stored figures.
"""
