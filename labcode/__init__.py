"""Shared code of Lab 02: calculus, backpropagation and logistic regression.

Each module has one job and names the chapter it serves; import them directly,
e.g. ``from labcode.nn import forward_propagation``.
"""

__version__ = "0.1.0"
