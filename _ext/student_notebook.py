"""The notebook a student opens: each chapter again as plain Jupyter Markdown, written by the build.

The launch buttons (Binder, Colab, JupyterHub) open chapters/NN_name.ipynb, and the page's
download button offers the same notebook. JupyterLab, Notebook 7, VS Code and Colab render
CommonMark with ``$math$``, tables and raw HTML, and no MyST. So once Sphinx has resolved a
chapter (section, equation, figure and exercise numbers, cross-references, glued values,
citations), this extension writes it again as a notebook, to _build/notebooks/<docname>.ipynb:

- the prose as CommonMark; every reference a link to its place on the published site
  (``html_baseurl``, from ``html.baseurl`` in _config.yml), glossary terms to the glossary,
  citations as their author-year text linked to the bibliography, equations with their
  numbers (``\\tag{5.1}``), admonitions as a blockquote led by their title in bold, dropdowns
  and solutions in a ``<details>`` block that starts collapsed in every client;
- the code cells the page shows, with the build's outputs (streams merged, as nbval merges
  them), numbered from 1; a ``remove-input`` cell keeps its output and starts with its input
  hidden (``jupyter.source_hidden``; Colab: ``cellView: form``); a ``remove-cell`` cell is
  left out, unless it is also tagged ``keep-in-notebook`` (the Colab setup cell);
- a solution's code as Python code blocks inside its ``<details>``, its outputs after them
  (text as code blocks, figures as image attachments with their alt text);
- under a figure made by a code cell, its caption and number, and its alt text in a collapsed
  "Description of the figure" (no Jupyter client gives an output image an alt text).

``make notebooks`` copies the file over chapters/NN_name.ipynb; tools/student_notebooks.py
compares the two (a stale committed notebook fails ``make test``). The same notebook replaces
the theme's ``.ipynb`` download, so the site offers what the launch buttons open.
"""

import copy
import re
from pathlib import Path
from urllib.parse import urljoin

import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError

KEEP_TAG = "keep-in-notebook"
HIDDEN_INPUT = {"remove-input", "hide-input", "hide-cell"}
HIDDEN_OUTPUT = {"remove-output", "hide-output", "hide-cell"}
GLUE = "application/papermill.record/"
VERT = "\\vert "  # | in math inside a table cell, where a | would end the cell
SOLUTION_SUMMARY = "Solution to"  # how sphinx-exercise titles a solution, and so do we
ADMONITION_TITLES = {
    "attention": "Attention",
    "caution": "Caution",
    "danger": "Danger",
    "error": "Error",
    "hint": "Hint",
    "important": "Important",
    "note": "Note",
    "seealso": "See also",
    "tip": "Tip",
    "warning": "Warning",
}
SKIPPED = (
    nodes.target,
    nodes.comment,
    nodes.substitution_definition,
    nodes.system_message,
    addnodes.index,
    addnodes.meta if hasattr(addnodes, "meta") else nodes.meta,
)


def site_url(config):
    """The published site's address, ending in '/': html_baseurl (html.baseurl in _config.yml)."""
    url = (config.html_baseurl or "").strip()
    if not url.startswith(("https://", "http://")):
        raise ExtensionError(
            "student_notebook: set html.baseurl in _config.yml to the published site's address "
            "(https://...): the notebooks students open link to the site"
        )
    return url.rstrip("/") + "/"


def escape(text):
    """Text as CommonMark shows it literally (with the dollar-math extension Jupyter has)."""
    text = re.sub(r"([\\`*_$<])", r"\\\1", text)
    return text.replace("](", "]\\(")


def fence(text, info=""):
    ticks = "`" * max([3] + [len(m) + 1 for m in re.findall(r"`+", text)])
    return f"{ticks}{info}\n{text.rstrip()}\n{ticks}"


def indent(text, prefix):
    return "\n".join(prefix + line if line.strip() else line.rstrip() for line in text.split("\n"))


def details(summary, body):
    """A block that starts collapsed in JupyterLab, Notebook 7, VS Code and Colab.

    The blank lines after <summary> and before </details> let the Markdown inside render.
    """
    return f"<details>\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>"


def merged_streams(outputs):
    """The outputs with consecutive writes to one stream merged, as nbval compares them."""
    merged = []
    for out in outputs:
        out = copy.deepcopy(out)
        if (
            out.get("output_type") == "stream"
            and merged
            and merged[-1].get("output_type") == "stream"
            and merged[-1]["name"] == out["name"]
        ):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    return merged


class Flattener:
    """One resolved chapter and its executed notebook -> the student's notebook."""

    def __init__(self, env, docname, doctree, executed, site):
        self.env, self.docname, self.executed = env, docname, executed
        self.page = urljoin(site, f"{docname}.html")
        self.site = site
        self.fignumbers = env.toc_fignumbers.get(docname, {})
        self.secnumbers = env.toc_secnumbers.get(docname, {})
        lines = executed.metadata.get("source_map", [])
        # Cells the page hides but the notebook keeps, with the source line each starts at.
        self.kept = [
            (index, lines[index] if index < len(lines) else 0)
            for index, cell in enumerate(executed.cells)
            if cell.cell_type == "code"
            and "remove-cell" in cell.metadata.get("tags", [])
            and KEEP_TAG in cell.metadata.get("tags", [])
        ]
        self.attachments = {}  # a solution's figures, by name, for its Markdown cell
        self.items = []  # Markdown strings, code cells, and None where a Markdown cell must end
        self.count = 0
        self.in_solution = False
        self.in_table = False
        self.depth = 0
        self.stream(doctree)

    # --- where things are on the site

    def url(self, node):
        if node.get("refuri") is not None:
            return urljoin(self.page, node["refuri"])
        if node.get("refid"):
            return f"{self.page}#{node['refid']}"
        return self.page

    def number(self, kind, node):
        ids = node.get("ids") or [""]
        numbers = self.fignumbers.get(kind, {}).get(ids[0])
        return ".".join(map(str, numbers)) if numbers else None

    def where(self, node):
        return f"{self.docname} (line {node.line})" if node.line else self.docname

    # --- the stream of cells

    def emit_kept(self, node):
        """Emit the kept hidden cells that come before ``node`` in the chapter's source."""
        index = node.get("cell_index") if isinstance(node, nodes.container) else None
        line = node.line or next((n.line for n in node.findall() if n.line), None)
        while self.kept:
            kept_index, kept_line = self.kept[0]
            if (index is not None and kept_index < index) or (
                index is None and line is not None and kept_line < line
            ):
                self.kept.pop(0)
                self.items += [None, self.code_cell(self.executed.cells[kept_index]), None]
            else:
                break

    def stream(self, node):
        for child in node.children:
            self.emit_kept(child)
            if isinstance(child, nodes.section):
                self.section(child)
            elif isinstance(child, nodes.container) and child.get("nb_element") == "cell_code":
                cell = self.executed.cells[child["cell_index"]]
                self.items += [None, self.code_cell(cell), None]
                caption = self.figure_caption(child)
                if caption:
                    self.items.append(caption)
            elif child.__class__.__name__ in ("exercise_enumerable_node", "exercise_node"):
                self.exercise(child)
            elif child.__class__.__name__ == "solution_node":  # a cell of its own
                self.items += [None, self.block(child), None]
            elif isinstance(child, nodes.Admonition) and self.holds_code(child):
                self.region(child)
            else:
                text = self.block(child)
                if text:
                    self.items.append(text)

    def section(self, node):
        if not isinstance(node[0], nodes.title):  # sphinx-exercise's content wrappers
            self.stream(node)
            return
        self.depth += 1
        title = self.inline(node[0])
        anchor = "" if self.depth == 1 else "#" + node["ids"][0]
        number = self.secnumbers.get(anchor)
        if number:
            title = ".".join(map(str, number)) + ". " + title
        self.items += [None, "#" * self.depth + " " + title]
        section = copy.copy(node)
        section.children = node.children[1:]
        self.stream(section)
        self.depth -= 1

    @staticmethod
    def holds_code(node):
        return any(c.get("nb_element") == "cell_code" for c in node.findall(nodes.container))

    def region(self, node):
        """A collapsed region of the page that holds code cells ("Going further", the note for
        instructors: _ext/collapsed.py). A <details> cannot hold a code cell, so its cells stay
        runnable cells, between two lines that say where the optional part begins and ends."""
        titles = [c for c in node.children if isinstance(c, nodes.title)]
        title = self.inline(titles[0]) if titles else "Going further"
        self.items += [None, f"> **{title}** (optional, down to its end below)", None]
        body = copy.copy(node)
        body.children = [c for c in node.children if not isinstance(c, nodes.title)]
        self.stream(body)
        self.items += [None, f"> *End of {title}.*", None]

    def exercise(self, node):
        number = self.number("exercise", node)
        title = "Exercise" + (f" {number}" if number else "")
        subtitle = node[0].astext().strip() if isinstance(node[0], nodes.title) else ""
        if subtitle and subtitle != node[0].get("title", "").replace("%s", "").strip():
            title += f" ({self.inline(node[0])})"
        self.items += [None, "#" * min(self.depth + 1, 6) + " " + title]
        body = copy.copy(node)
        body.children = [c for c in node.children if not isinstance(c, nodes.title)]
        self.stream(body)
        self.items.append(None)

    def code_cell(self, source):
        tags = set(source.metadata.get("tags", []))
        cell = nbformat.v4.new_code_cell(source.source)
        cell.metadata = {
            k: copy.deepcopy(v) for k, v in source.metadata.items() if k != "execution"
        }
        hidden = {}
        if tags & HIDDEN_INPUT:
            hidden["source_hidden"] = True
            cell.metadata["cellView"] = "form"  # Colab's way to start with the code hidden
        if tags & HIDDEN_OUTPUT:
            hidden["outputs_hidden"] = True
        if hidden:
            cell.metadata["jupyter"] = hidden
        self.count += 1
        cell.execution_count = self.count
        cell.outputs = merged_streams(source.get("outputs", []))
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = self.count
        return cell

    def figure_caption(self, container, describe=True):
        """'**Fig. 5.2.** caption' for a cell whose output the page shows as a numbered figure,
        and its alt text in a collapsed "Description" (Jupyter clients show an output image
        without alt text)."""
        for figure in container.findall(nodes.figure):
            captions = [c for c in figure.children if isinstance(c, nodes.caption)]
            number = self.number("figure", figure)
            text = (f"**Fig. {number}.** " if number else "") + (
                self.inline(captions[0]) if captions else ""
            )
            alt = " ".join(image.get("alt", "") for image in figure.findall(nodes.image)).strip()
            if describe and alt:
                text += "\n\n" + details("Description of the figure", escape(alt))
            return text.strip() or None
        return None

    # --- Markdown of block-level nodes

    def blocks(self, children):
        return "\n\n".join(text for text in (self.block(c) for c in children) if text)

    def block(self, node):
        name = node.__class__.__name__
        if isinstance(node, SKIPPED):
            return ""
        if isinstance(node, nodes.raw):
            text = node.astext()
            return "" if node.get("format") != "html" or "<script" in text else text.strip()
        if isinstance(node, nodes.paragraph):
            text = self.inline(node).strip()
            return re.sub(r"^([#>+-]|\d+[.)])(?=\s|$)", r"\\\1", text)
        if isinstance(node, nodes.section):
            return self.blocks(node.children)
        if isinstance(node, nodes.bullet_list):
            return "\n".join(self.list_item(item, "- ") for item in node.children)
        if isinstance(node, nodes.enumerated_list):
            start = node.get("start", 1)
            return "\n".join(
                self.list_item(item, f"{start + k}. ") for k, item in enumerate(node.children)
            )
        if isinstance(node, nodes.definition_list):
            return "\n".join(self.definition(item) for item in node.children)
        if isinstance(node, nodes.block_quote):
            return indent(self.blocks(node.children), "> ")
        if isinstance(node, nodes.literal_block):
            return fence(node.astext(), node.get("language", "").replace("ipython3", "python"))
        if isinstance(node, nodes.math_block):
            return self.math_block(node)
        if isinstance(node, nodes.table):
            return self.table(node)
        if isinstance(node, nodes.transition):
            return "---"
        if isinstance(node, nodes.rubric):
            return f"**{self.inline(node)}**"
        if isinstance(node, (nodes.figure, nodes.image)):
            return self.figure(node)
        if name == "solution_node":
            return self.solution(node)
        if isinstance(node, nodes.Admonition):
            return self.admonition(node)
        if isinstance(node, nodes.container) and node.get("nb_element") == "cell_code":
            if not self.in_solution:
                raise ExtensionError(
                    f"student_notebook: {self.where(node)}: a code cell inside "
                    f"{node.parent.__class__.__name__} cannot be a notebook cell"
                )
            return self.solution_code(node)
        if isinstance(node, (nodes.container, nodes.compound, nodes.topic, nodes.line_block)):
            return self.blocks(node.children)
        if isinstance(node, nodes.line):
            return self.inline(node)
        raise ExtensionError(
            f"student_notebook: {self.where(node)}: no Markdown for a {name} node; "
            f"add it to _ext/student_notebook.py"
        )

    def list_item(self, item, marker):
        return marker + indent(self.blocks(item.children), " " * len(marker)).lstrip()

    def definition(self, item):
        term = " ".join(self.inline(t) for t in item.children if isinstance(t, nodes.term))
        body = " ".join(
            self.blocks(d.children) for d in item.children if isinstance(d, nodes.definition)
        )
        return f"- **{term}**: " + indent(body, "  ").lstrip()

    def math_block(self, node):
        latex = node.astext().strip()
        number = self.number("displaymath", node) or (
            str(node["number"]) if node.get("number") else None
        )
        tag = f" \\tag{{{number}}}" if number else ""
        return f"$$\n{latex}{tag}\n$$"

    def table(self, node):
        rows = []
        self.in_table = True  # a | would end the cell, even inside $math$
        for part in node.findall(nodes.row):
            cells = [self.blocks(entry.children).replace("\n", " ") for entry in part.children]
            rows.append("| " + " | ".join(cells) + " |")
            if isinstance(part.parent, nodes.thead) and len(rows) == 1:
                rows.append("|" + " --- |" * len(cells))
        self.in_table = False
        if rows and "---" not in rows[1 if len(rows) > 1 else 0]:
            width = rows[0].count(" | ") + 1
            rows.insert(0, "|" + "  |" * width)
            rows.insert(1, "|" + " --- |" * width)
        return "\n".join(rows)

    def figure(self, node):
        image = node if isinstance(node, nodes.image) else next(node.findall(nodes.image))
        url = urljoin(self.page, image["uri"])
        text = f"![{escape(image.get('alt', ''))}]({url})"
        caption = [c for c in node.children if isinstance(c, nodes.caption)]
        if caption:
            number = self.number("figure", node)
            text += "\n\n" + (f"**Fig. {number}.** " if number else "") + self.inline(caption[0])
        return text

    def admonition(self, node):
        """A dropdown as a <details>; any other admonition as a blockquote led by its title."""
        titles = [c for c in node.children if isinstance(c, nodes.title)]
        body = self.blocks([c for c in node.children if not isinstance(c, nodes.title)])
        kind = node.__class__.__name__
        title = self.inline(titles[0]) if titles else ADMONITION_TITLES.get(kind, kind.title())
        if "dropdown" in node.get("classes", []):
            return details(title, body)
        return indent(f"**{title}.** " + body, "> ")

    def solution(self, node):
        titles = [c for c in node.children if isinstance(c, nodes.title)]
        summary = " ".join(titles[0].astext().split()) if titles else SOLUTION_SUMMARY
        self.in_solution = True
        try:
            body = self.blocks([c for c in node.children if not isinstance(c, nodes.title)])
        finally:
            self.in_solution = False
        return details(summary, body)

    def solution_code(self, container):
        """A solution's code cell as Markdown: its code, then what it printed and drew."""
        cell = self.executed.cells[container["cell_index"]]
        parts = [fence(cell.source, "python")]
        outputs = len(parts)
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        for out in merged_streams(cell.get("outputs", [])):
            data = out.get("data", {})
            if out["output_type"] == "stream":
                parts.append(fence(out["text"]))
            elif out["output_type"] == "error":
                parts.append(fence(f"{out['ename']}: {out['evalue']}"))
            elif any(key.startswith(GLUE) for key in data):
                continue
            elif "image/png" in data:
                name = f"figure-{container['cell_index']}-{len(self.attachments)}.png"
                self.attachments[name] = {"image/png": data["image/png"]}
                parts.append(f"![{escape(alt)}](attachment:{name})")
            elif "text/markdown" in data:
                parts.append("".join(data["text/markdown"]).strip())
            elif "text/plain" in data:
                parts.append(fence("".join(data["text/plain"])))
        if len(parts) > outputs:  # in the notebook an output looks like code: say which it is
            parts.insert(outputs, "*Output:*")
        caption = self.figure_caption(container, describe=False)  # the image has its alt
        if caption:
            parts.append(caption)
        return "\n\n".join(parts)

    # --- Markdown of inline nodes

    def inline(self, node):
        return "".join(self.inline_node(child) for child in node.children)

    def inline_node(self, node):
        if isinstance(node, nodes.Text):
            text = escape(str(node).replace("\n", " "))
            return text.replace("|", "\\|") if self.in_table else text
        if isinstance(node, (nodes.emphasis, nodes.strong)):
            # CommonMark: no space just inside the delimiters ("**a: **b" stays literal).
            mark = "*" if isinstance(node, nodes.emphasis) else "**"
            text = self.inline(node)
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            return f"{lead}{mark}{core}{mark}{trail}" if core else text
        if isinstance(node, nodes.literal):
            text = node.astext().replace("\n", " ")
            ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
            pad = " " if text.startswith("`") or text.endswith("`") else ""
            return f"{ticks}{pad}{text}{pad}{ticks}"
        if isinstance(node, nodes.math):
            latex = node.astext().strip()
            return f"${latex.replace('|', VERT) if self.in_table else latex}$"
        if isinstance(node, addnodes.download_reference):
            if "filename" in node:
                return (
                    f"[{self.inline(node)}]({urljoin(self.site, '_downloads/' + node['filename'])})"
                )
            return self.inline(node)
        if isinstance(node, (nodes.reference, addnodes.number_reference)):
            return f"[{self.inline(node)}]({self.url(node)})"
        if isinstance(node, nodes.image):
            return f"![{escape(node.get('alt', ''))}]({urljoin(self.page, node['uri'])})"
        if isinstance(node, nodes.subscript):
            return f"<sub>{self.inline(node)}</sub>"
        if isinstance(node, nodes.superscript):
            return f"<sup>{self.inline(node)}</sup>"
        if isinstance(node, nodes.raw):
            return node.astext() if node.get("format") == "html" else ""
        if isinstance(node, (nodes.footnote_reference, nodes.target, addnodes.index)):
            return ""
        if isinstance(node, nodes.Element):  # inline, abbreviation, pending_xref's text, ...
            return self.inline(node)
        return escape(node.astext())

    # --- the notebook

    def notebook(self):
        cells, markdown = [], []

        def flush():
            if markdown:
                cells.append(nbformat.v4.new_markdown_cell("\n\n".join(markdown)))
                markdown.clear()

        for item in self.items:
            if item is None:
                flush()
            elif isinstance(item, str):
                markdown.append(item)
            else:
                flush()
                cells.append(item)
        flush()
        stem = Path(self.docname).name
        for k, cell in enumerate(cells):
            cell.id = f"{stem}-{k}"
            if cell.cell_type == "markdown":
                names = set(re.findall(r"\(attachment:([^)\s]+)\)", cell.source))
                if names:
                    cell.attachments = {n: self.attachments[n] for n in sorted(names)}
        # The kernel's own language_info, as the build recorded it: with less, JupyterLab marks
        # the notebook changed as soon as its kernel starts.
        metadata = {
            key: copy.deepcopy(self.executed.metadata[key])
            for key in ("kernelspec", "language_info")
            if key in self.executed.metadata
        }
        nb = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
        nbformat.validate(nb)
        return nb


def student_notebook(env, docname, doctree, executed, site):
    """The notebook students open for ``docname`` (a resolved doctree and its executed notebook)."""
    return Flattener(env, docname, doctree, executed, site).notebook()


def output_path(app, docname):
    return Path(app.outdir).parent / "notebooks" / f"{docname}.ipynb"


def write_student_notebook(app, pagename, templatename, context, doctree):
    """After the theme has copied the executed notebook to _sources/: write ours, there too."""
    if doctree is None:
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file() or not context.get("ipynb_source"):
        return
    nb = student_notebook(
        app.env,
        pagename,
        doctree,
        nbformat.read(executed, as_version=4),
        site_url(app.config),
    )
    text = nbformat.writes(nb) + "\n"
    for path in (
        output_path(app, pagename),
        Path(app.outdir) / "_sources" / context["ipynb_source"],
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def setup(app):
    # Priority 600: after sphinx-book-theme (501) copies the executed notebook to _sources/.
    app.connect("html-page-context", write_student_notebook, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
