"""Collapsed regions of a chapter: "Going further" depth and the one note for instructors.

A chapter is a notebook, and a code cell cannot sit inside a directive, so a region is opened
and closed by two directives, as sphinx-exercise's ``{solution-start}`` is:

    ```{going-further} How large a step is safe
    ```
    ... prose, equations and code cells ...
    ```{going-further-end}
    ```

    ```{instructor-note}
    ```
    ... what the build and the tests check, and why outputs are printed as they are ...
    ```{instructor-note-end}
    ```

Each region becomes an admonition of the class ``dropdown``: sphinx-togglebutton shows its
title, "Going further: How large a step is safe" or "For instructors: what is checked", and
hides the rest until the reader opens it (printed, it is open: _static/lab.css). Its cells
still run in the build and in nbval. A region opens and closes within one section (no heading
inside), and a page has at most one instructor note; anything else is a build warning, so an
error of the strict build.
"""

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

KINDS = {
    "going-further": "Going further: {title}",
    "instructor-note": "For instructors: what is checked",
}


class region_start(nodes.Element):
    """Where a collapsed region opens (replaced by the region's admonition)."""


class region_end(nodes.Element):
    """Where a collapsed region closes (removed)."""


class RegionStart(SphinxDirective):
    has_content = False

    def run(self):
        kind = self.name
        title = " ".join(self.arguments).strip()
        if kind == "going-further" and not title:
            logger.warning(
                "{going-further} needs a title: what the reader finds inside",
                location=self.get_location(),
            )
        node = region_start(kind=kind, title=KINDS[kind].format(title=title))
        self.set_source_info(node)
        return [node]


class GoingFurther(RegionStart):
    optional_arguments = 1
    final_argument_whitespace = True


class InstructorNote(RegionStart):
    optional_arguments = 0


class RegionEnd(SphinxDirective):
    has_content = False

    def run(self):
        node = region_end(kind=self.name.removesuffix("-end"))
        self.set_source_info(node)
        return [node]


class CollapseRegions(SphinxTransform):
    """Move what lies between each start and its end into a collapsed admonition."""

    default_priority = 200

    def apply(self):
        notes = 0
        for start in list(self.document.findall(region_start)):
            kind = start["kind"]
            notes += kind == "instructor-note"
            if notes == 2 and kind == "instructor-note":
                logger.warning(
                    "a page has at most one {instructor-note}: put everything it checks in one",
                    location=start,
                )
            parent = start.parent
            siblings = parent.children[parent.index(start) + 1 :]
            inside = []
            for node in siblings:
                if isinstance(node, region_end) and node["kind"] == kind:
                    break
                if isinstance(node, nodes.section | region_start):
                    what = "a heading" if isinstance(node, nodes.section) else "another region"
                    logger.warning(
                        f"{{{kind}}} reaches {what} before its {{{kind}-end}}: close it first",
                        location=start,
                    )
                    inside = None
                    break
                inside.append(node)
            else:
                logger.warning(f"{{{kind}}} has no {{{kind}-end}} in its section", location=start)
                inside = None
            if inside is None:
                parent.remove(start)
                continue
            end = siblings[len(inside)]
            admonition = nodes.admonition(classes=["dropdown", kind])
            admonition += nodes.title(text=start["title"])
            for node in inside:
                parent.remove(node)
                admonition += node
            parent.replace(start, admonition)
            parent.remove(end)
        for end in list(self.document.findall(region_end)):
            logger.warning(f"{{{end['kind']}-end}} closes no region", location=end)
            end.parent.remove(end)


def setup(app):
    app.add_node(region_start)
    app.add_node(region_end)
    app.add_directive("going-further", GoingFurther)
    app.add_directive("going-further-end", RegionEnd)
    app.add_directive("instructor-note", InstructorNote)
    app.add_directive("instructor-note-end", RegionEnd)
    app.add_transform(CollapseRegions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
