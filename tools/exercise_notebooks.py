"""Write the exercise notebook of each chapter: ``python -m tools.exercise_notebooks [X.md ...]``.

The chapter is the single source. A coding exercise is an ``{exercise}`` whose solution
(between ``{solution-start}`` and ``{solution-end}``) holds a code cell with nbgrader's
``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers. The notebook
chapters/exercises/NN_name_exercises.ipynb, which the chapter page links, stands alone:

- a title cell: what to do, and a link to the chapter on the published site;
- the chapter's first code cell (it installs labcode on Colab);
- the chapter's cells tagged ``exercise-setup`` (the imports the exercises need);
- the chapter's Markdown cells tagged ``exercise-context`` (in MyST, a ``+++ {"tags":
  ["exercise-context"]}`` line before them): what a student needs to know before the first
  task, such as the API the exercises use;
- every equation the context and the tasks cite, written out with its number;
- for each coding exercise, its statement and its code cells, every solution region replaced
  by nbgrader's skeleton, ``# YOUR CODE HERE`` / ``raise NotImplementedError()``.

The solution prose is left out; the check cells stay. With ``solutions=True`` (the tests) the
solution regions are kept, which gives the notebook nbgrader's ``generate_assignment`` would
start from. The MyST roles of the statements and the context become plain Jupyter Markdown:
{term} a link to its glossary entry on the site, {eq} the equation's number linked to it on the
chapter's page, {math} dollar math; any other role is refused with a message.
"""

import re
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml
from sphinx.util.nodes import _make_id

from tools.bookpaths import CHAPTERS, ROOT

SKELETON = "# YOUR CODE HERE\nraise NotImplementedError()"
SOLUTION = re.compile(
    r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*$", re.M | re.S
)
# A fenced directive: ```{name} argument, its body, the closing fence of the same length.
DIRECTIVE = re.compile(r"^(`{3,})\{([\w-]+)\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", re.M | re.S)
EQUATION_LABEL = re.compile(r"^\$\$[ \t]*\(([\w-]+)\)[ \t]*$", re.M)
# A labelled display equation of MyST: $$ latex $$ (label), the latex on lines of its own.
EQUATION = re.compile(r"^\$\$[ \t]*\n(.*?)\n\$\$[ \t]*\(([\w-]+)\)[ \t]*$", re.M | re.S)
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")


def notebook_path(md):
    return md.parent / "exercises" / f"{md.stem}_exercises.ipynb"


def chapter_number(md):
    """The chapter's number on the site: its place among the chapters of _toc.yml."""
    name = md.resolve().relative_to(ROOT).with_suffix("").as_posix()
    if name not in CHAPTERS:
        raise ValueError(f"{name} is not a chapter of _toc.yml")
    return CHAPTERS.index(name) + 1


def skeleton(source):
    """nbgrader's ClearSolutions: each marked region becomes the stub, at its indentation."""
    return SOLUTION.sub(
        lambda m: "\n".join(m.group(1) + line for line in SKELETON.split("\n")), source
    )


def site():
    """The published site's address, ending in '/' (html.baseurl in _config.yml)."""
    return yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"].rstrip("/") + "/"


def chapter_url(md):
    return site() + md.resolve().relative_to(ROOT).with_suffix(".html").as_posix()


def glossary_url(term):
    """Where Sphinx's glossary puts ``term`` on the site (the id sphinx.domains.std gives it)."""
    return f"{site()}notation.html#{_make_id('term-' + term)}"


def plain(text, equations, where):
    """MyST roles as Jupyter shows them. ``equations``: {label: ("(N.k)", url, latex)}."""

    def replace(match):
        role, content = match.groups()
        if role == "term":
            shown = re.sub(r"\s*<[^>]*>$", "", content)
            target = re.search(r"<([^>]*)>$", content)
            return f"[{shown}]({glossary_url(target.group(1) if target else shown)})"
        if role == "eq":
            if content not in equations:
                raise ValueError(f"{where}: {{eq}}`{content}` names no numbered equation")
            number, url, _ = equations[content]
            return f"[{number}]({url})"
        if role == "math":
            return f"${content}$"
        raise ValueError(
            f"{where}: the role {{{role}}} cannot be shown in an exercise notebook; "
            f"write that part of the statement without it"
        )

    return ROLE.sub(replace, text)


def markdown(chapter):
    return "\n".join(cell.source for cell in chapter.cells if cell.cell_type == "markdown")


def equation_numbers(chapter, number, url=""):
    """{label: ("(N.k)", its url, its latex)}: the site numbers chapter N's labelled equations
    in order."""
    return {
        label: (f"({number}.{k})", f"{url}#{_make_id('equation-' + label)}", latex.strip())
        for k, (latex, label) in enumerate(EQUATION.findall(markdown(chapter)), start=1)
    }


def cited_equations(texts, equations):
    """The equations ``texts`` cite with {eq}, written out with their numbers, as Markdown."""
    cited = dict.fromkeys(
        content for text in texts for role, content in ROLE.findall(text) if role == "eq"
    )
    lines = [
        f"$$\n{equations[label][2]} \\tag{{{equations[label][0][1:-1]}}}\n$$"
        for label in cited
        if label in equations
    ]
    return "The equations these exercises use:\n\n" + "\n\n".join(lines) if lines else None


def coding_exercises(chapter, number):
    """The coding exercises of chapter N, in order: dicts of label, title, statement, code.

    The title is "Exercise N.k", with k counting every exercise of the chapter, as the site does.
    """
    exercises, current, inside = [], None, None
    for cell in chapter.cells:
        if cell.cell_type == "code":
            if inside is not None:
                current["code"].append(cell)
            continue
        for match in DIRECTIVE.finditer(cell.source):
            name, argument, body = match.group(2), match.group(3).strip(), match.group(4)
            if name == "exercise":
                label = re.search(r"^:label:[ \t]*(\S+)", body, re.M)
                statement = re.sub(r"^:[\w-]+:.*\n", "", body, flags=re.M).strip()
                current = {
                    "label": label.group(1) if label else "",
                    "title": f"Exercise {number}.{len(exercises) + 1}",
                    "statement": statement,
                    "code": [],
                }
                exercises.append(current)
            elif name == "solution-start":
                if current is None or argument != current["label"]:
                    raise ValueError(f"{{solution-start}} {argument} does not follow its exercise")
                inside = argument
            elif name == "solution-end":
                inside = None
    return [e for e in exercises if any("### BEGIN SOLUTION" in cell.source for cell in e["code"])]


def exercise_notebook(md, solutions=False):
    """The exercise notebook of chapter ``md`` (a Path), or None if it has no coding exercise."""
    chapter = jupytext.read(md)
    number = chapter_number(md)
    exercises = coding_exercises(chapter, number)
    if not exercises:
        return None
    url = chapter_url(md)
    equations = equation_numbers(chapter, number, url)
    title = re.search(r"^# (.+)$", markdown(chapter), re.M).group(1).strip()
    code = [cell for cell in chapter.cells if cell.cell_type == "code"]
    setup = [cell for cell in code if "exercise-setup" in cell.metadata.get("tags", [])]
    if not setup:
        raise ValueError(f"{md.name} has coding exercises but no code cell tagged exercise-setup")
    context = [
        cell.source
        for cell in chapter.cells
        if cell.cell_type == "markdown" and "exercise-context" in cell.metadata.get("tags", [])
    ]
    cells = [
        nbformat.v4.new_markdown_cell(
            f"# Exercises of chapter {number}: {title}\n\n"
            f"The coding exercises of [chapter {number}]({url}), to write and check your own "
            f"functions. Run the two cells below first. Then, in each exercise, write the "
            f"function where it says `# YOUR CODE HERE`, delete the `raise NotImplementedError()` "
            f"line under it, and run the cell after it: the check says whether your function "
            f"is right and, when it is not, what the likely mistake is. Until then it says "
            f'"not implemented yet". The worked solutions are on the [chapter\'s page]({url}), '
            f"in the dropdowns under each exercise."
        ),
        nbformat.v4.new_code_cell(code[0].source),
    ]
    cells += [nbformat.v4.new_code_cell(cell.source) for cell in setup]
    cells += [
        nbformat.v4.new_markdown_cell(plain(text, equations, f"{md.name}, exercise-context"))
        for text in context
    ]
    written_out = cited_equations(context + [e["statement"] for e in exercises], equations)
    if written_out:
        cells.append(nbformat.v4.new_markdown_cell(written_out))
    for exercise in exercises:
        where = f"{md.name}, {exercise['title']}"
        cells.append(
            nbformat.v4.new_markdown_cell(
                f"## {exercise['title']}\n\n{plain(exercise['statement'], equations, where)}"
            )
        )
        cells += [
            nbformat.v4.new_code_cell(cell.source if solutions else skeleton(cell.source))
            for cell in exercise["code"]
        ]
    for i, cell in enumerate(cells):
        cell.id = f"{md.stem}-exercises-{i}"
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": chapter.metadata["kernelspec"],
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(nb)
    return nb


def write(md):
    """Write the exercise notebook of ``md``; return its path, or None for no coding exercise."""
    nb = exercise_notebook(md)
    if nb is None:
        return None
    path = notebook_path(md)
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        path = write(Path(arg).resolve())
        print(f"  {arg}: " + (f"wrote {path.relative_to(ROOT)}" if path else "no coding exercise"))
