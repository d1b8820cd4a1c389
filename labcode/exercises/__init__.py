"""Checkers for the coding exercises: run a student's function and say what is likely wrong.

Ng's public tests, with diagnoses. ``check_<name>(student_function)`` calls the student's
function, which has the signature of labcode's function of the same name (the reference), on
two or more inputs, so that a hard-coded answer fails, and compares the results:

- all right: one pass line is printed, ``<name>: all N tests passed.``;
- still the skeleton, raising ``NotImplementedError``: ``<name>: not implemented yet.`` is
  printed and nothing is raised, so an exercise notebook runs from top to bottom. With
  ``strict=True``, as the graded cells of the nbgrader assignment call them
  (tools/assignment.py), a skeleton fails like a wrong function, so an untouched notebook
  scores 0; a keyword of the locked cell, which a student's code cannot change;
- wrong: a ``CheckFailed``, an ``AssertionError``, says which test failed and names the likely
  mistake (a factor of m, a flipped sign, sigma' or 1 - Z1^2 where tanh' belongs, A1 where X
  belongs, a pair in the wrong order, a float32 result, the caller's dict written into, a
  leftover ``raise NotImplementedError()``, a reversed breadth-first order, a tape that
  watches nothing, ...), found by comparing the result with the reference's and with planted
  mistakes computed from it. An exception raised by the student's function, and a result of
  the wrong type or shape, become a ``CheckFailed`` too: a student's bug is the normal case,
  and the checker itself never fails with another exception. Jupyter shows it as one line,
  without the traceback through labcode;
- labcode's own function, which the check compares with, fails too: passed as it is, copied
  from its source, or called by the student's function.

Diagnoses carry shapes, counts and formulas, and numbers only where no diagnosis fits (then
the largest difference); the pass and skeleton lines carry no computed number at all, so an
executed notebook prints the same text on every machine.

One module per chapter, named after it (``calculus`` for chapters/01_calculus.md, ...), with
the machinery they share in ``_check``; import the checkers from here, as the chapters do.
"""

from labcode.exercises._check import CheckFailed
from labcode.exercises.autodiff import check_get_derivative, check_get_second_derivative
from labcode.exercises.calculus import check_central_difference, check_numerical_gradient
from labcode.exercises.graphs import check_backward, check_topological_order
from labcode.exercises.logistic import check_bce_with_logits, check_propagate
from labcode.exercises.network import (
    check_backward_propagation,
    check_compute_cost,
    check_forward_propagation,
    check_update_parameters,
)

__all__ = [
    "CheckFailed",
    "check_backward",
    "check_backward_propagation",
    "check_bce_with_logits",
    "check_central_difference",
    "check_compute_cost",
    "check_forward_propagation",
    "check_get_derivative",
    "check_get_second_derivative",
    "check_numerical_gradient",
    "check_propagate",
    "check_topological_order",
    "check_update_parameters",
]
