"""Equation labels in shown code become the numbers the page gives the equations.

labcode's docstrings name the equation a function implements by its label, "(eq-nn-forward)",
which stays right when equations are added or moved. A chapter shows that code from labcode
(``show_source``), and on the site a reader sees "(5.1)", as in the text, instead of the label:
every "(eq-...)" in a code block of a cell's output becomes the equation's number, as Sphinx
numbers an ``{eq}`` reference (a cell's own source is left as it runs). A label that names no
equation of the book is a build warning (an error of the strict build), so a docstring cannot
cite an equation that does not exist.
"""

import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)
LABEL = re.compile(r"\((eq-[\w-]+)\)")


def equation_number(env, label):
    """ "(5.1)" for ``label``, as the math domain writes an ``{eq}`` reference; None if unknown."""
    found = env.get_domain("math").equations.get(label)
    if found is None:
        return None
    docname, number = found
    if env.config.math_numfig and env.config.numfig:
        numbers = env.toc_fignumbers.get(docname, {}).get("displaymath", {})
        eqno = ".".join(map(str, numbers.get(nodes.make_id(f"equation-{label}"), ())))
        eqno = env.config.math_numsep.join(eqno.rsplit(".", 1))
    else:
        eqno = str(number)
    return (env.config.math_eqref_format or "({number})").format(number=eqno)


def numbered(env, match, block):
    eqno = equation_number(env, match.group(1))
    if eqno is None:
        logger.warning(
            f"the code shown cites {match.group(0)}, which is no equation of the book",
            location=block,
        )
        return match.group(0)
    return eqno


def in_output(node):
    """Whether ``node`` is part of a cell's output (the code a cell shows, or prints)."""
    while node is not None:
        if isinstance(node, nodes.container) and "cell_output" in node.get("classes", []):
            return True
        node = node.parent
    return False


def number_equations_in_code(app, doctree, docname):
    for block in list(doctree.findall(nodes.literal_block)):
        text = block.astext()
        if "(eq-" not in text or not in_output(block):
            continue

        new = LABEL.sub(lambda match, block=block: numbered(app.env, match, block), text)
        if new != text:
            # The HTML writer highlights rawsource when it equals the text: keep them equal.
            block.rawsource = new
            block[:] = [nodes.Text(new)]


def setup(app):
    app.connect("doctree-resolved", number_equations_in_code)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
