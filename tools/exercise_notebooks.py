"""Write the exercise notebook of each chapter: ``python -m tools.exercise_notebooks [X.md ...]``.

The chapter is the single source. A coding exercise is an ``{exercise}`` whose solution
(between ``{solution-start}`` and ``{solution-end}``) holds a code cell with nbgrader's
``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers. The notebook
chapters/exercises/NN_name_exercises.ipynb, which the chapter page links, holds in order:

- a title cell saying what to do;
- the chapter's first code cell (it installs labcode on Colab);
- the chapter's cells tagged ``exercise-setup`` (the imports the exercises need);
- for each coding exercise, its statement and its code cells, every solution region replaced
  by nbgrader's skeleton, ``# YOUR CODE HERE`` / ``raise NotImplementedError()``.

The solution prose is left out; the check cells stay. With ``solutions=True`` (the tests) the
solution regions are kept, which gives the notebook nbgrader's ``generate_assignment`` would
start from. MyST roles that Jupyter cannot show are made plain text in the statements:
{term} becomes its text and {eq} the equation's number, as the site numbers it.
"""

import re
import sys
from pathlib import Path

import jupytext
import nbformat

from tools.bookpaths import CHAPTERS, ROOT

SKELETON = "# YOUR CODE HERE\nraise NotImplementedError()"
SOLUTION = re.compile(
    r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*$", re.M | re.S
)
# A fenced directive: ```{name} argument, its body, the closing fence of the same length.
DIRECTIVE = re.compile(r"^(`{3,})\{([\w-]+)\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", re.M | re.S)
EQUATION_LABEL = re.compile(r"^\$\$[ \t]*\(([\w-]+)\)[ \t]*$", re.M)
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


def plain(text, equations, where):
    """MyST roles as Jupyter can show them: {term} as its text, {eq} as its number."""

    def replace(match):
        role, content = match.groups()
        if role == "term":
            return re.sub(r"\s*<[^>]*>$", "", content)
        if role == "eq":
            if content not in equations:
                raise ValueError(f"{where}: {{eq}}`{content}` names no numbered equation")
            return equations[content]
        if role == "math":
            return f"${content}$"
        raise ValueError(
            f"{where}: the role {{{role}}} cannot be shown in an exercise notebook; "
            f"write that part of the statement without it"
        )

    return ROLE.sub(replace, text)


def markdown(chapter):
    return "\n".join(cell.source for cell in chapter.cells if cell.cell_type == "markdown")


def equation_numbers(chapter, number):
    """{label: "(N.k)"}: the site numbers the labelled equations of chapter N in order."""
    text = markdown(chapter)
    return {
        label: f"({number}.{k})" for k, label in enumerate(EQUATION_LABEL.findall(text), start=1)
    }


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
    equations = equation_numbers(chapter, number)
    title = re.search(r"^# (.+)$", markdown(chapter), re.M).group(1).strip()
    code = [cell for cell in chapter.cells if cell.cell_type == "code"]
    setup = [cell for cell in code if "exercise-setup" in cell.metadata.get("tags", [])]
    if not setup:
        raise ValueError(f"{md.name} has coding exercises but no code cell tagged exercise-setup")
    cells = [
        nbformat.v4.new_markdown_cell(
            f"# Exercises of chapter {number}: {title}\n\n"
            f"Write each function where it says `# YOUR CODE HERE`, in place of "
            f"`raise NotImplementedError()`, and run the cell after it: the check says whether "
            f"your function is right and, when it is not, what the likely mistake is. Until then "
            f'it says "not implemented yet". The worked solutions are on the chapter\'s page, in '
            f"the dropdowns under each exercise."
        ),
        nbformat.v4.new_code_cell(code[0].source),
    ]
    cells += [nbformat.v4.new_code_cell(cell.source) for cell in setup]
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
