"""The ``{exercise-notebook}`` directive: a chapter's links to its exercise notebook.

In chapters/NN_name.md, a ```{exercise-notebook}``` block becomes one paragraph linking
chapters/exercises/NN_name_exercises.ipynb (written by tools/exercise_notebooks.py):

- a download: Sphinx copies the notebook into the site, as for the ``{download}`` role, and a
  missing notebook is a build warning (so an error in strict builds);
- "open in Binder" and "open in Colab": the URLs sphinx-book-theme builds for a chapter's own
  launch buttons, from the same _config.yml settings (repository url and branch, path_to_book,
  launch_buttons), so the two kinds of link cannot disagree.
"""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)
INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}


def launch_urls(theme_options, path):
    """{"Binder": url, "Colab": url} for the repository file ``path``, as the theme builds them.

    Only GitHub repositories are supported (Colab opens nothing else); an empty dict when
    no repository or no launch service is configured.
    """
    repository = theme_options.get("repository_url", "").rstrip("/")
    parts = urlsplit(repository)
    if parts.netloc != "github.com":
        return {}
    org_repo = parts.path.strip("/")
    branch = theme_options.get("repository_branch") or "master"  # the theme's default
    book = theme_options.get("path_to_docs", "").strip("/")
    path = f"{book}/{path}" if book else path
    launch = theme_options.get("launch_buttons", {})
    urls = {}
    if launch.get("binderhub_url"):
        ui = INTERFACES[launch.get("notebook_interface", "classic")]
        urls["Binder"] = (
            f"{launch['binderhub_url'].strip('/')}/v2/gh/{org_repo}/{branch}?urlpath={ui}/{path}"
        )
    if launch.get("colab_url"):
        urls["Colab"] = f"{launch['colab_url'].strip('/')}/github/{org_repo}/blob/{branch}/{path}"
    return urls


class ExerciseNotebook(SphinxDirective):
    """The paragraph of links; the notebook's name follows from the chapter's."""

    def run(self):
        chapter = PurePosixPath(self.env.docname)
        name = f"{chapter.name}_exercises.ipynb"
        download = addnodes.download_reference(
            "",
            "",
            reftype="download",
            refdomain="",
            refexplicit=True,
            refwarn=False,
            reftarget=f"exercises/{name}",
            refdoc=self.env.docname,
        )
        download += nodes.literal("", name, classes=["xref", "download"])
        paragraph = nodes.paragraph(classes=["exercise-notebook"])
        paragraph += nodes.strong(text="Exercise notebook: ")
        paragraph += nodes.Text(
            "the coding exercises of this chapter, with skeletons in place "
            "of the solutions, to write and check your own functions. "
            "Download "
        )
        paragraph += download
        urls = launch_urls(self.config.html_theme_options, str(chapter.parent / "exercises" / name))
        if not urls:
            logger.warning(
                "exercise-notebook: no Binder or Colab link, since the repository "
                "is not on GitHub or no launch button is configured",
                location=self.get_location(),
            )
        for i, (service, url) in enumerate(urls.items()):
            paragraph += nodes.Text(", or open it in " if i == 0 else " or in ")
            paragraph += nodes.reference(
                "", service, refuri=url, classes=["exercise-notebook-launch"]
            )
        paragraph += nodes.Text(".")
        return [paragraph]


def setup(app):
    app.add_directive("exercise-notebook", ExerciseNotebook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
