"""Ship only the Font Awesome icons the site shows.

pydata-sphinx-theme 0.16 bundles all of Font Awesome's free icons (about 2,000) twice: as
``_static/scripts/fontawesome.js`` (542 kB gzipped), which turns each ``<i class="fa-...">``
into an inline SVG, and as web fonts (274 kB), which its CSS uses for the icons of admonitions
and download links and which a browser fetches before that script has run. Together they were
half of every first page load, for about 20 icons. After the build this rewrites both with only
the icons the site uses: those named ``fa-NAME`` (or by an alias) in a built page or a script,
and the characters the theme's CSS draws itself (``content:`` outside Font Awesome's own
``.fa-NAME::before`` rules). Font Awesome's code is kept as it is. tests/site checks that every
icon on every page is drawn.
"""

import re
from pathlib import Path

# One icon definition in the bundle: NAME:[width,height,[aliases],"unicode",path or [paths]],
# NAME quoted or, where it is a valid identifier, bare.
ICON = re.compile(
    r'(?:"(?P<quoted>[a-z0-9-]+)"|\b(?P<bare>[a-z][a-z0-9]*)):'
    r'\[\d+,\d+,\[(?P<aliases>[^\]]*)\],"(?P<unicode>[0-9a-f]+)",(?:"[^"]*"|\[(?:"[^"]*",?)*\])\]'
)
USED = re.compile(r"\bfa-([a-z0-9-]+)")
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CSS_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
FA_RULE = re.compile(r"\.fa-[a-z0-9-]+:{1,2}(?:before|after)")
BUNDLE = Path("_static", "scripts", "fontawesome.js")
FONTS = Path("_static", "vendor", "fontawesome", "webfonts")


def used_icons(outdir):
    """Every NAME of an ``fa-NAME`` class in the built pages and the site's other scripts.

    The scripts are those of the theme and the extensions (``_static/`` and its ``scripts/``),
    not the vendored trees below them (MathJax alone is 20 MB of JavaScript).
    """
    outdir = Path(outdir)
    scripts = [*outdir.glob("_static/*.js"), *outdir.glob("_static/scripts/*.js")]
    names = set()
    for path in [*outdir.rglob("*.html"), *scripts]:
        if path != outdir / BUNDLE:
            names.update(USED.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def subset(source, keep):
    """The bundle ``source`` with only the icons named (or aliased) in ``keep``.

    Returns the new text and the code points of the icons kept.
    """
    out, start, kept = [], 0, set()
    for match in ICON.finditer(source):
        names = {match["quoted"] or match["bare"], *re.findall(r'"([a-z0-9-]+)"', match["aliases"])}
        if names & keep:
            kept.add(int(match["unicode"], 16))
            continue
        begin, end = match.span()
        last = source[end : end + 1] != ","
        if not last:
            end += 1  # drop the entry with the comma after it
        out.append(source[start:begin])
        start = end
        if last:
            # The last entry of its object: the comma before it goes too, wherever it was
            # left (the entries dropped just before took theirs with them).
            for i in range(len(out) - 1, -1, -1):
                if out[i]:
                    if out[i].endswith(","):
                        out[i] = out[i][:-1]
                    break
    out.append(source[start:])
    return "".join(out), kept


def css_characters(css):
    """The icon characters a style sheet draws itself (not Font Awesome's per-icon rules)."""
    points = set()
    for selectors, body in CSS_RULE.findall(css):
        if all(FA_RULE.fullmatch(s.strip()) for s in selectors.split(",")):
            continue
        points.update(int(h, 16) for h in CSS_ESCAPE.findall(body))
        points.update(ord(c) for c in PRIVATE_USE.findall(body))
    return points


def subset_font(source, target, points):
    """Write the web font ``source`` to ``target`` with only the characters ``points``."""
    from fontTools import subset as ft

    options = ft.Options()
    options.flavor = "woff2"
    font = ft.load_font(str(source), options)
    subsetter = ft.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    ft.save_font(font, str(target), options)


def theme_file(app, relative):
    """The theme's own copy of a static file (the output's may be an earlier build's subset)."""
    for folder in app.builder.theme.get_theme_dirs():
        path = Path(folder, "static", relative)
        if path.is_file():
            return path
    raise FileNotFoundError(f"no theme ships static/{relative.as_posix()}: the theme changed")


def write_subset(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    bundle = theme_file(app, BUNDLE.relative_to("_static"))
    text, points = subset(bundle.read_text(encoding="utf-8"), used_icons(outdir))
    if not points:
        raise RuntimeError("fontawesome.js: no icon definition recognised; its format changed")
    for css in (outdir / "_static").rglob("*.css"):
        points |= css_characters(css.read_text(encoding="utf-8"))
    # Subsetting the fonts takes a second: an unchanged build with the same icons skips it.
    key = f"{bundle}\n{sorted(points)}"
    done = Path(app.doctreedir, "icon-subset")
    if done.is_file() and done.read_text() == key and (outdir / BUNDLE).read_text() == text:
        return
    (outdir / BUNDLE).write_text(text, encoding="utf-8")
    for font in (outdir / FONTS).glob("*.woff2"):
        subset_font(theme_file(app, font.relative_to(outdir / "_static")), font, points)
    done.write_text(key)


def setup(app):
    app.connect("build-finished", write_subset)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
