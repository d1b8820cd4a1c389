"""The JupyterHub launch link of a chapter page, made by sphinx-book-theme's own launch-button
code from the site's _config.yml, as `make book` makes it with launch_buttons.jupyterhub_url set
(tests/site/test_jupyterhub.py checks that the built pages carry this very link)."""

from pathlib import Path
from types import SimpleNamespace

from jupyter_book.config import get_final_config
from sphinx_book_theme.header_buttons import update_context_with_repository_info
from sphinx_book_theme.header_buttons.launch import add_launch_buttons

ROOT = Path(__file__).resolve().parents[2]


class _Config(dict):
    """Sphinx's config, read both ways the theme reads it (config["key"] and config.key)."""

    __getattr__ = dict.__getitem__


def launch_link(hub_url: str, page: str, book: Path = ROOT, branch: str | None = None) -> str:
    """The href of the JupyterHub button on ``page`` (a docname such as chapters/05_network)
    of ``book``, with the hub at ``hub_url`` and, if given, another repository ``branch``."""
    config, _ = get_final_config(
        user_yaml=book / "_config.yml",
        sourcedir=book,
        cli_config={"external_toc_path": "_toc.yml", "latex_individualpages": False},
    )
    theme = config["html_theme_options"]
    theme["launch_buttons"] = {**theme["launch_buttons"], "jupyterhub_url": hub_url}
    if branch is not None:
        theme["repository_branch"] = branch
    app = SimpleNamespace(
        config=_Config(html_theme_options=theme, html_context={}),
        builder=None,
        env=SimpleNamespace(
            doc2path=lambda docname: str(book / f"{docname}.md"),
            metadata={page: {"kernelspec": {}}},  # a page MyST-NB executes
        ),
    )
    update_context_with_repository_info(app)
    # A sourcename other than .md: the theme then skips copying the executed notebook.
    context = {"pagename": page, "sourcename": f"{page}.ipynb", "header_buttons": []}
    add_launch_buttons(app, page, "page.html", {**context, **app.config.html_context}, None)
    [group] = context["header_buttons"]
    [link] = [button["url"] for button in group["buttons"] if button["text"] == "JupyterHub"]
    return link
