"""_ext/icon_subset.py: the site keeps the icons it uses, by name or alias, and no other; the
browser tests (tests/site/test_pages.py) check that every icon of every page is still drawn."""

import importlib.util

from tools.bookpaths import ROOT

spec = importlib.util.spec_from_file_location("icon_subset", ROOT / "_ext" / "icon_subset.py")
icon_subset = importlib.util.module_from_spec(spec)
spec.loader.exec_module(icon_subset)

# Font Awesome's bundle, in miniature: its code around objects of NAME:[w,h,[aliases],hex,path].
BUNDLE = (
    'var a={rocket:[512,512,[],"f135","M1 1z"],"magnifying-glass":[512,512,[128269,"search"],'
    '"f002","M2 2z"],bell:[448,512,[61602],"f0f3","M3 3z"]};'
    'var b={github:[496,512,[],"f09b","M4 4z"],"circle-half-stroke":[512,512,[9680,"adjust"],'
    '"f042",["M5 5z","M6 6z"]]};f(a,b);'
)


def test_keeps_the_named_icons_and_drops_the_rest():
    text, points = icon_subset.subset(BUNDLE, {"rocket", "github"})
    assert text == (
        'var a={rocket:[512,512,[],"f135","M1 1z"]};var b={github:[496,512,[],"f09b","M4 4z"]};'
        "f(a,b);"
    )
    assert points == {0xF135, 0xF09B}


def test_an_alias_keeps_its_icon():
    text, points = icon_subset.subset(BUNDLE, {"search", "adjust"})
    assert '"magnifying-glass":' in text and '"circle-half-stroke":' in text
    assert "rocket" not in text and "bell" not in text and "github" not in text
    assert points == {0xF002, 0xF042}


def test_the_last_entry_of_an_object_leaves_no_dangling_comma():
    text, _ = icon_subset.subset(BUNDLE, {"rocket", "magnifying-glass"})
    assert text.startswith('var a={rocket:[512,512,[],"f135","M1 1z"],"magnifying-glass":')
    assert ",}" not in text and "{," not in text and ",," not in text


def test_css_characters_are_those_the_theme_draws_itself():
    css = (
        '.fa-rocket:before{content:"\\f135"}.fa-bell:before,.fa-bell:after{content:"\\f0f3"}'
        'html{--pst-icon-info:"\uf05a"}.admonition-title:after{content:"\\f303"}'
    )
    assert icon_subset.css_characters(css) == {0xF05A, 0xF303}


def test_the_icons_in_use_are_read_from_pages_and_scripts(tmp_path):
    (tmp_path / "_static" / "scripts").mkdir(parents=True)
    (tmp_path / "_static" / "vendor").mkdir()
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-rocket"></i>')
    (tmp_path / "_static" / "scripts" / "theme.js").write_text('e.classList.add("fa-xmark")')
    (tmp_path / "_static" / "vendor" / "big.js").write_text('"fa-vendored"')
    assert icon_subset.used_icons(tmp_path) == {"solid", "rocket", "xmark"}
