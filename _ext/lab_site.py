"""Build-time repairs of the Lab 02 site that no configuration value reaches.

Loaded by _config.yml (``sphinx.local_extensions``). Each repair names the problem it fixes and
its upstream report, and is written for the exact versions in REPAIRED: when the lock moves one
of them, the build stops with the repair to re-examine (drop it if the new version is fixed,
else check it still works and update REPAIRED). tests/site/ checks their results on the built
site, and tests/book/test_lab_site.py the repairs and the guard.
"""

from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.errors import ConfigError, ExtensionError


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """Write each <script> once.

    sphinx-thebe 0.3.1 registers its inline configuration script after Sphinx 7.4's HTML
    builder has set up its scripts, so the script lands in every page twice (once with
    filename None, once with ''), and the second copy throws "Identifier 'THEBE_JS_URL' has
    already been declared" in the browser console. Upstream: Sphinx's add_js_file passes None
    to the builder where the builder's own set-up passes '', fixed by
    https://github.com/sphinx-doc/sphinx/pull/13402, merged in 2025, long after Sphinx 7's
    last release (7.4.7); Jupyter Book 1 requires Sphinx 7.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for js in scripts:
        attributes = tuple(sorted(getattr(js, "attributes", {}).items()))
        key = (getattr(js, "filename", js) or "", getattr(js, "priority", 0), attributes)
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique  # in place: the builder resets this list for the next page


def bibliography_entries_are_listitems(app, pagename, templatename, context, doctree):
    """Give bibliography entries an ARIA role that a list may contain.

    docutils writes the references page as role="list" holding role="doc-biblioentry"
    entries. DPUB-ARIA 1.1 deprecated doc-biblioentry
    (https://github.com/w3c/dpub-aria/pull/22), and axe-core then reports the list as a
    critical aria-required-children violation (axe-core's side of the deprecation:
    https://github.com/dequelabs/axe-core/issues/2759); role="listitem" is the documented
    replacement and changes nothing visible. The role comes from docutils' HTML writer
    (docutils/writers/_html_base.py, visit_citation); docutils tracks its bugs on SourceForge,
    and no report of this one was found there or on GitHub.
    """
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def executed_notebooks_keep_their_outputs(app, pagename, templatename, context, doctree):
    """Give the downloadable notebook of a cached chapter its outputs.

    With ``execute_notebooks: cache``, MyST-NB 1.4 writes the notebook it read, not the one
    it merged with the cached outputs, to _build/jupyter_execute/ (myst_nb/sphinx_.py writes
    ``notebook`` while myst_nb/core/execute/cache.py merged the outputs into a copy);
    sphinx-book-theme then copies that output-less file to _sources/ as the page's ".ipynb"
    download. Before the theme copies it (this handler runs first), the outputs are merged
    back from the cache. No upstream report was found (the nearest,
    https://github.com/executablebooks/MyST-NB/issues/617, is about pages, not downloads).
    """
    config = getattr(app.env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache":
        return
    path = Path(config.output_folder, *f"{pagename}.ipynb".split("/"))
    if not path.is_file():
        return
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if not code or any(cell.get("outputs") for cell in code):
        return  # executed in this build: written with its outputs
    try:
        _, merged = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
    except KeyError:  # not in the cache: nothing to restore
        return
    nbformat.write(merged, path)


# The versions each repair was written for and checked against (package -> version).
REPAIRED = {
    drop_duplicate_scripts: {"sphinx": "7.4.7", "sphinx-thebe": "0.3.1"},
    bibliography_entries_are_listitems: {"docutils": "0.21.2"},
    executed_notebooks_keep_their_outputs: {"myst-nb": "1.4.0", "jupyter-cache": "1.0.1"},
}


def check_versions(installed=version):
    """Stop the build if a repaired package is not at the version its repair was written for."""
    moved = [
        f"{repair.__name__} was written for {package} {wanted}, and {package} "
        f"{installed(package)} is installed"
        for repair, packages in REPAIRED.items()
        for package, wanted in packages.items()
        if installed(package) != wanted
    ]
    if moved:
        raise ExtensionError(
            "_ext/lab_site.py: re-examine these repairs (see each one's docstring for the "
            "upstream bug; drop a repair the new version makes unnecessary, else update "
            "REPAIRED):\n  " + "\n  ".join(moved)
        )


def is_branch_name(name):
    """Whether git accepts ``name`` as a branch: git-check-ref-format(1)'s rules for
    refs/heads/<name>, and --branch's (no leading dash, not HEAD)."""
    parts = name.split("/")
    return not (
        name in ("", "HEAD")
        or name.startswith(("-", "/"))
        or name.endswith(("/", "."))
        or any(s in name for s in ("..", "@{", "//"))
        or any(ord(ch) < 32 or ch in " ~^:?*[\\\x7f" for ch in name)
        or any(part.startswith(".") or part.endswith(".lock") for part in parts)
    )


def is_web_address(url, path_parts=0):
    """Whether ``url`` is an http(s) address of a host (with at least ``path_parts`` parts in
    its path), with no spaces, query or fragment: something a link can be built on."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not (parts.query or parts.fragment or any(ch.isspace() for ch in url))
        and len([p for p in parts.path.split("/") if p]) >= path_parts
    )


def check_launch_settings(app, config):
    """Stop the build with the setting to fix when _config.yml's repository or launch buttons
    cannot make a working link (the theme would build a dead button, or fail with a traceback)."""
    theme = config.html_theme_options
    problems = []
    url = theme.get("repository_url", "")
    if url and not is_web_address(url, path_parts=2):
        problems.append(
            f"repository.url is {url!r}: it must be the repository's web address, such as "
            "https://github.com/ORG/REPO"
        )
    branch = theme.get("repository_branch", "")
    if url and not is_branch_name(branch):
        problems.append(
            f"repository.branch is {branch!r}, which git does not accept as a branch name (see "
            "git check-ref-format --branch); the launch buttons open this branch"
        )
    buttons = theme.get("launch_buttons", {})
    for key in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url"):
        value = buttons.get(key)
        if value and not is_web_address(value):
            problems.append(
                f"launch_buttons.{key} is {value!r}: it must be an http(s) address such as "
                "https://hub.example.edu, or empty for no button"
            )
    if problems:
        raise ConfigError("_config.yml: " + "; ".join(problems))


def setup(app):
    check_versions()
    app.connect("config-inited", check_launch_settings)
    # Priority 900: after every other handler that may still add a script to the page.
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", bibliography_entries_are_listitems)
    # Priority 400: before sphinx-book-theme (500) copies the notebook to _sources/.
    app.connect("html-page-context", executed_notebooks_keep_their_outputs, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
