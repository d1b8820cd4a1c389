"""Build-time repairs of the Lab 02 site that no configuration value reaches.

Loaded by _config.yml (``sphinx.local_extensions``). Each repair names the problem it fixes;
tests/site/ checks their results on the built site (and test_lab_site.py the repairs).
"""

from pathlib import Path


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """Write each <script> once.

    sphinx-thebe 0.3.1 registers its inline configuration script after Sphinx 7.4's HTML
    builder has set up its scripts, so the script lands in every page twice (once with
    filename None, once with ''), and the second copy throws "Identifier 'THEBE_JS_URL' has
    already been declared" in the browser console.
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
    entries. DPUB-ARIA 1.1 deprecated doc-biblioentry, and axe-core then reports the list as
    a critical aria-required-children violation; role="listitem" is the documented
    replacement and changes nothing visible.
    """
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def executed_notebooks_keep_their_outputs(app, pagename, templatename, context, doctree):
    """Give the downloadable notebook of a cached chapter its outputs.

    With ``execute_notebooks: cache``, MyST-NB 1.4 writes the notebook it read, not the one
    it merged with the cached outputs, to _build/jupyter_execute/; sphinx-book-theme then
    copies that output-less file to _sources/ as the page's ".ipynb" download. Before the
    theme copies it (this handler runs first), the outputs are merged back from the cache.
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


def setup(app):
    # Priority 900: after every other handler that may still add a script to the page.
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", bibliography_entries_are_listitems)
    # Priority 400: before sphinx-book-theme (500) copies the notebook to _sources/.
    app.connect("html-page-context", executed_notebooks_keep_their_outputs, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
