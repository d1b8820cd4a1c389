"""_ext/solutions.py on small cases: what the student edition leaves out of a page's MyST
text, of an executed notebook and of show_source's output (the built editions are checked by
tests/book/test_student_edition.py and tests/site/test_solutions.py)."""

import importlib.util

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.bookpaths import ROOT

_spec = importlib.util.spec_from_file_location("solutions", ROOT / "_ext" / "solutions.py")
solutions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solutions)

GATED = """Before.

```{exercise}
:label: ex-a

Write f.
```

```{solution-start} ex-a
:class: dropdown
```

Secret prose.

```{code-cell} ipython3
secret = 1
```

```{solution-end}
```

After.
"""


def test_a_gated_solution_goes_from_its_start_to_its_end():
    text, inside = solutions.without_solutions(GATED)
    assert not inside
    assert "Secret" not in text and "secret" not in text and "solution" not in text
    assert text.startswith("Before.") and text.rstrip().endswith("After.")
    assert "```{exercise}\n:label: ex-a\n\nWrite f.\n```" in text


def test_a_solution_block_goes_with_the_code_fences_inside_it():
    text, _ = solutions.without_solutions(
        "A.\n\n````{solution} ex-a\n:class: dropdown\n\n```python\nsecret = 1\n```\n\n"
        "Secret.\n````\n\n:::{solution} ex-b\nSecret too.\n:::\n\nB.\n"
    )
    assert text == "A.\n\n\n\nB.\n"


def test_a_gated_solution_across_notebook_cells():
    first, inside = solutions.without_solutions("Text.\n\n```{solution-start} ex-a\n```\n\nSo")
    assert (first, inside) == ("Text.\n\n", True)
    last, inside = solutions.without_solutions("lution.\n\n```{solution-end}\n```\n\nNext.", True)
    assert (last, inside) == ("\nNext.", False)


def test_show_source_loses_the_graded_functions_only():
    code = (
        "def f(x):\n    return 2 * x\n\n\n@cache\ndef g(x):\n    return x\n\n\nclass H:\n    pass"
    )
    assert solutions.without_graded(code, {"g"}) == (
        "def f(x):\n    return 2 * x\n\n\nclass H:\n    pass",
        ["g"],
    )
    assert solutions.without_graded(code, {"k"}) == (code, [])


def test_the_note_names_what_was_left_out():
    assert solutions.left_out_note(["f", "g", "h"]).startswith("The code of `f`, `g` and `h` is")


def test_student_notebook_keeps_the_lesson_and_drops_the_solutions():
    shown = new_output(
        "display_data",
        data={
            "text/markdown": "```python\ndef f(x):\n    return 1\n\n\ndef g(x):\n    return 2\n```",
            "text/plain": "<IPython.core.display.Markdown object>",
        },
    )
    nb = new_notebook(
        cells=[
            new_code_cell("show_source(f, g)", outputs=[shown]),
            new_markdown_cell("Do it.\n\n```{solution-start} ex-a\n```\n"),
            new_code_cell("secret = 1"),
            new_markdown_cell("```{solution-end}\n```\n\nOn."),
        ]
    )
    nb = solutions.student_notebook(nb, {"g"})
    assert [c.source for c in nb.cells] == ["show_source(f, g)", "Do it.\n\n", "\nOn."]
    markdown = nb.cells[0].outputs[0].data["text/markdown"]
    assert "return 1" in markdown and "return 2" not in markdown
    assert markdown.endswith(solutions.left_out_note(["g"]))


def test_an_unknown_edition_stops_the_build():
    class Config:
        lab_edition = "teacher"

    with pytest.raises(ValueError, match="lab_edition must be one of"):
        solutions.check_edition(None, Config())
