"""Prose follows the parameters of the cells: where the text, a figure's caption, or a label a
cell prints names a learning rate, a number of steps, a hidden size or a step h, the
value comes from the code (glued, or formatted from the variable), never typed, so that an
instructor who edits a cell cannot leave a false sentence behind.

A typed parameter is a number written next to the word that names it ("learning rate 0.3",
"$\\alpha = 1$", "2000 iterations", "10 hidden units", "$h = 10^{-6}$"). Exercise statements
are exempt: they set the task, and their solutions follow them.
"""

import ast
import re

import jupytext
import pytest

from tools.bookpaths import ROOT, chapter_sources

NUMBER = r"(?:\d[\d,]*(?:\.\d+)?(?:e-?\d+)?|10\^\{?-?\d+\}?)"
TYPED = re.compile(
    r"|".join(
        [
            rf"\b(?:learning\s+)?rates?\s+(?:of\s+)?\$?{NUMBER}",
            rf"\\alpha\s*=\s*\$?\s*{NUMBER}",
            rf"\balpha\s*=\s*{NUMBER}",
            rf"(?<!by ){NUMBER}\s+(?:iterations|steps|hidden\s+units|units)\b",
            rf"\bn_h\s*=\s*{NUMBER}",
            rf"(?<![\w\\])h\s*=\s*{NUMBER}",
            rf"\\varepsilon\s*=\s*{NUMBER}",
        ]
    )
)
EXERCISE = re.compile(r"^```\{exercise\}.*?^```", re.M | re.S)


def typed(text):
    return [m.group(0) for m in TYPED.finditer(" ".join(text.split()))]


def prose_of(md):
    """The chapter's Markdown without its exercise statements."""
    cells = jupytext.read(md).cells
    return EXERCISE.sub("", "\n".join(c.source for c in cells if c.cell_type == "markdown"))


def labels_of(md):
    """Figure captions, and the literal text of the strings in code cells (what they print)."""
    texts = []
    for cell in jupytext.read(md).cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("mystnb", {})
        # alt texts describe what the picture shows, numbers read off it included
        texts += [v for k, v in meta.get("figure", {}).items() if k == "caption"]
        try:
            lines = cell.source.splitlines()
            tree = ast.parse("\n".join(line for line in lines if line[:1] not in "%!"))
        except SyntaxError:
            continue
        texts += [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
    return texts


@pytest.mark.parametrize("md", chapter_sources(), ids=lambda p: p.stem)
def test_prose_names_no_typed_parameter(md):
    found = typed(prose_of(md))
    assert not found, (
        f"{md.name} types parameters that a cell sets; glue them from the cell "
        f"(labcode.book.glue) so that editing the cell cannot leave the text wrong: {found}"
    )


@pytest.mark.parametrize("md", chapter_sources(), ids=lambda p: p.stem)
def test_captions_and_printed_labels_name_no_typed_parameter(md):
    found = [hit for text in labels_of(md) for hit in typed(text)]
    assert not found, (
        f"{md.name}: captions, alt texts or printed labels type parameters a cell sets; format "
        f"them from the variables (f-strings) or describe the run without them: {found}"
    )


# --- the detector itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "with $\\alpha = 1$ for 2000 iterations",
        "the handout's default rate 1.2",
        "10 hidden units, learning rate 0.3, 10,000 iterations",
        "with $h = 10^{-6}$",
        "raw features, alpha = 0.1",
    ],
)
def test_a_typed_parameter_is_found(text):
    assert typed(text), f"{text!r} types a parameter"


@pytest.mark.parametrize(
    "text",
    [
        "with $\\alpha =$ {glue:text}`lr-rate` for {glue:text}`lr-iters` iterations",
        "the slope is 1 at the origin",
        "label 1 for versicolor",
        "the first 200 of them",
    ],
)
def test_a_glued_parameter_or_another_number_is_not(text):
    assert not typed(text), f"{text!r} types no parameter"


def test_captions_are_read_from_the_cell_metadata():
    md = ROOT / "chapters" / "05_network.md"
    captions = labels_of(md)
    assert any("decision regions" in text for text in captions), "no caption of chapter 5 read"
