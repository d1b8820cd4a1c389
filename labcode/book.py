"""Glue values from a chapter into its prose (MyST-NB ``glue``), wherever it runs.

The book build and Binder have MyST-NB; Colab does not, and there the values are simply
shown by the cells that compute them, so gluing is skipped instead of failing.
"""

try:
    from myst_nb import glue as _glue
except ImportError:  # Colab and bare installs of labcode
    _glue = None


def glue(name, value, display=False):
    """Store ``value`` under ``name`` for ``{glue:text}`name:fmt``` in the prose."""
    if _glue is not None:
        _glue(name, value, display=display)
