"""The exercises' solutions on the site, and the student edition that leaves them out.

Loaded by _config.yml (``sphinx.local_extensions``). On every page:

- a solution's code shows without nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION``
  lines: tools/exercise_notebooks.py and tools/assignment.py read them in the chapter's source,
  a reader has no use for them;
- the title bar of a dropdown solution, "Solution to Exercise 5.5", is plain text, so the
  whole bar opens the solution: sphinx-exercise 1.2.1 makes "Exercise 5.5" a link to the
  exercise, and a tap on those words jumped away instead of opening it.

With ``lab_edition = "student"`` (``make book EDITION=student``, tools/student_edition.py),
for the weeks an assignment is open, each page is read without its solutions and without the
shown source (``show_source``) of every function a coding exercise asks for (a check cell
``check_<name>(<name>)`` names it), a line saying where it went; the search index is made
from those pages, and the page's downloads (its .md source and executed .ipynb in _sources/)
are written without them too.
"""

import re
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx_exercise.nodes import solution_node

logger = logging.getLogger(__name__)
EDITIONS = ("full", "student")
MARKER = re.compile(r"^[ \t]*### (?:BEGIN|END) SOLUTION[^\n]*(?:\n|$)", re.M)
CHECK = re.compile(r"^check_(\w+)\((\w+)\)[ \t]*$", re.M)
DEFINES = re.compile(r"^(?:@[^\n]*\n)*(?:async )?def (\w+)\(")
FENCE = re.compile(r"^(`{3,}|:{3,})\{([\w-]+)\}")


def graded_functions(text):
    """The functions a coding exercise asks for: ``check_f(f)`` cells name them."""
    return {a for a, b in CHECK.findall(text) if a == b}


def without_graded(code, graded):
    """``code`` (show_source's blocks, three newlines apart) less the graded functions'."""
    blocks = code.split("\n\n\n")
    kept = [b for b in blocks if (m := DEFINES.match(b)) is None or m.group(1) not in graded]
    left_out = [DEFINES.match(b).group(1) for b in blocks if b not in kept]
    return "\n\n\n".join(kept), left_out


def left_out_note(names):
    """The line (Markdown) that stands where the code of the functions ``names`` was."""
    quoted = [f"`{name}`" for name in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return (
        f"The code of {listed} is left out of this edition of the site: you write it in "
        f"this chapter's exercises."
    )


def _note_paragraph(names):
    paragraph = nodes.paragraph(classes=["left-out-source"])
    for i, part in enumerate(left_out_note(names).split("`")):
        paragraph += nodes.literal(text=part) if i % 2 else nodes.Text(part)
    return paragraph


def without_solutions(text, inside=False):
    """MyST text without its solutions: ``{solution}`` blocks, and everything from a
    ``{solution-start}`` to its ``{solution-end}``. ``inside``: a gated solution opened
    before ``text`` (a notebook's earlier cell). Returns (text, still inside)."""
    kept, closing = [], None  # closing: the fence that ends the directive being skipped
    skipping_end = False
    for line in text.splitlines(keepends=True):
        if closing is not None:
            if re.fullmatch(rf"{re.escape(closing[0])}{{{len(closing)},}}[ \t]*\n?", line):
                closing = None
                if skipping_end:
                    inside = skipping_end = False
            continue
        fence = FENCE.match(line)
        name = fence.group(2) if fence else None
        if name in ("solution", "solution-start", "solution-end") or (inside and fence):
            closing = fence.group(1)
            inside = inside or name == "solution-start"
            skipping_end = name == "solution-end"
            continue
        if not inside:
            kept.append(line)
    return "".join(kept), inside


def student_notebook(nb, graded):
    """The executed notebook ``nb`` as the student edition offers it for download."""
    cells, inside = [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source, inside = without_solutions(cell.source, inside)
            if cell.source.strip():
                cells.append(cell)
            continue
        if inside:
            continue
        for output in cell.get("outputs", []):
            code = output.get("data", {}).get("text/markdown", "")
            if code.startswith("```python\n"):
                kept, left_out = without_graded(code[len("```python\n") : -len("\n```")], graded)
                if left_out:
                    note = left_out_note(left_out)
                    shown = f"```python\n{kept}\n```\n\n{note}" if kept else note
                    output.data = {"text/markdown": shown}
        cells.append(cell)
    nb.cells = cells
    return nb


class StudentEdition(SphinxTransform):
    """Read a page without its solutions and the graded functions' source (student edition).

    After sphinx-exercise's MergeGatedSolutions (priority 10) has gathered each
    ``{solution-start}`` ... ``{solution-end}`` into one solution node.
    """

    default_priority = 11

    def apply(self):
        if self.config.lab_edition != "student":
            return
        graded = self.env.lab_graded_functions
        for node in list(self.document.findall(solution_node)):
            node.parent.remove(node)
        for block in list(self.document.findall(nodes.literal_block)):
            if block.get("language") != "python" or not _in_cell_output(block):
                continue
            kept, left_out = without_graded(block.astext(), graded)
            if not left_out:
                continue
            note = _note_paragraph(left_out)
            cell = _cell_of(block)
            if kept:
                _set_text(block, kept)
                cell.parent.insert(cell.parent.index(cell) + 1, note)
            else:
                cell.replace_self(note)


def _set_text(block, text):
    """A literal block's new text (the HTML writer highlights it only if rawsource agrees)."""
    block.rawsource = text
    block.children = [nodes.Text(text)]


def _in_cell_output(node):
    return _cell_of(node) is not None and any(
        p.get("nb_element") == "cell_code_output" for p in _parents(node)
    )


def _parents(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _cell_of(node):
    return next(
        (p for p in _parents(node) if isinstance(p, nodes.container) and "cell" in p["classes"]),
        None,
    )


def find_graded(app, env, docnames):
    """Before reading: the graded functions of the whole book (any page may show one)."""
    env.lab_graded_functions = set()
    for docname in env.found_docs:
        path = Path(env.doc2path(docname))
        if path.suffix == ".md":
            env.lab_graded_functions |= graded_functions(path.read_text())


def clean_solutions(app, doctree, docname):
    """Solution code without nbgrader's markers; a dropdown's title bar without a link."""
    for node in doctree.findall(solution_node):
        for block in node.findall(nodes.literal_block):
            text = block.astext()
            if MARKER.search(text):
                _set_text(block, MARKER.sub("", text))
        title = node.children[0] if node.children else None
        if "dropdown" in node["classes"] and isinstance(title, nodes.title):
            for reference in list(title.findall(nodes.reference)):
                reference.replace_self(reference.children)


def student_download(app, pagename, templatename, context, doctree):
    """The page's .ipynb download, made the student edition's: after sphinx-book-theme (500)
    and _ext/student_notebook.py (600) have written it to _sources/, from the page's doctree
    (already without its solutions) and the executed notebook's outputs, which still hold the
    graded functions' shown source."""
    if app.config.lab_edition != "student" or not context.get("ipynb_source"):
        return
    path = Path(app.outdir, "_sources", context["ipynb_source"])
    if path.is_file():
        nb = student_notebook(nbformat.read(path, as_version=4), app.env.lab_graded_functions)
        nbformat.write(nb, path)


def without_hidden_cells(text):
    """A MyST notebook's text without the code cells the page hides (``remove-cell``): they
    check what the text states, and may do so with an exercise's solution."""
    import jupytext

    nb = jupytext.reads(text, fmt="md:myst")
    if not any("remove-cell" in cell.metadata.get("tags", []) for cell in nb.cells):
        return text
    nb.cells = [
        cell
        for cell in nb.cells
        if "remove-cell" not in (tags := cell.metadata.get("tags", []))
        or "keep-in-notebook" in tags
    ]
    return jupytext.writes(nb, fmt="md:myst")


def student_sources(app, exception):
    """The .md sources Sphinx copied to _sources/, without their solutions and hidden cells."""
    if exception is not None or app.config.lab_edition != "student":
        return
    for docname in app.env.found_docs:
        copy = Path(app.outdir, "_sources", f"{docname}.md")
        if copy.is_file():
            source = Path(app.env.doc2path(docname)).read_text()
            text, inside = without_solutions(without_hidden_cells(source))
            if inside or "{solution" in text:
                logger.warning(f"{docname}: a solution the student edition cannot remove")
            copy.write_text(text)


def check_edition(app, config):
    if config.lab_edition not in EDITIONS:
        raise ValueError(f"lab_edition must be one of {EDITIONS}, got {config.lab_edition!r}")


def setup(app):
    app.add_config_value("lab_edition", "full", "env")
    app.connect("config-inited", check_edition)
    app.connect("env-before-read-docs", find_graded)
    app.add_transform(StudentEdition)
    app.connect("doctree-resolved", clean_solutions)
    app.connect("html-page-context", student_download, priority=650)
    app.connect("build-finished", student_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
