"""The pages bordermap writes (the map, the corpus timeline): one escaper, one template reader, one writer.

Everything that comes from an article is handed to a page as JSON data (:func:`script_json`, safe
inside ``<script>`` and inside a Jinja template) and put into the page by its own script with
``textContent``.  The scripts and styles are package data files read by :func:`template_text`.
Pages are self-contained: Leaflet is inlined from ``xstatic-leaflet`` (:mod:`._assets`), or with
``cdn=True`` loaded from a CDN.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import folium


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element and inside a Jinja template.

    No ``<``, ``>``, ``&``, U+2028/9, and no ``{{``, ``{%``, ``{#``: branca renders a macro's
    output a second time as a Jinja template (the situation element no longer lets it, but any
    other element would), so text such as ``{{ 7*7 }}`` in an article would otherwise be
    evaluated (as Python, on the machine drawing the map).  In JSON these
    pairs can only occur inside strings, where ``\\u007b`` is the same character.

    Examples
    --------
    >>> script_json({"s": "</script><b>"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    >>> script_json({"s": "{{ 7*7 }}"})
    '{"s":"\\\\u007b{ 7*7 }}"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return re.sub(r"\{(?=[{%#])", lambda _: "\\u007b", text)


#: The package-data folder of the map's script and stylesheet (Jinja templates).
TEMPLATES = "templates"


@functools.cache
def template_text(name: str) -> str:
    """The text of a file of ``bordermap/publish/templates/`` (package data, read once).

    Examples
    --------
    >>> "textContent" in template_text("situation.js")
    True
    """
    from importlib.resources import files

    return files("bordermap.publish").joinpath(TEMPLATES, name).read_text(encoding="utf-8")


def render_html(fmap: folium.Map, *, cdn: bool = False, self_contained: bool | None = None) -> str:
    """Render a folium map to HTML: self-contained (Leaflet inlined), or with ``cdn=True`` loading Leaflet online.

    Self-contained pages take Leaflet from the ``xstatic-leaflet`` package and need no network.
    ``cdn=True`` pages load the same Leaflet version from a CDN (with its integrity hash).  Either
    page writes a visible message if Leaflet did not load.  ``self_contained`` is accepted for
    compatibility and changes nothing (``True`` is the default; it cannot be combined with ``cdn=True``).

    Raises
    ------
    ArgumentError
        ``self_contained=True`` with ``cdn=True``.
    OutputError
        Self-contained: the page loads an external script other than Leaflet (a plain folium map
        with plugins: save it with ``cdn=True``), or ``xstatic-leaflet`` is missing.
    """
    from ..exc import ArgumentError

    if cdn and self_contained:
        raise ArgumentError("self_contained=True and cdn=True: a page either inlines Leaflet or loads it from a CDN")
    return build_page(str(fmap.get_root().render()), cdn=cdn)


def build_page(html: str, *, cdn: bool = False) -> str:
    """A page's HTML as written: Leaflet's CDN tags (as folium writes them, or :func:`leaflet_tags`) inlined, or kept.

    The one place a page gets Leaflet: self-contained, its script and stylesheet are inlined from the
    ``xstatic-leaflet`` package (:func:`~bordermap.publish._assets.inline_assets`); with ``cdn=True`` the
    tags keep loading it from the CDN, with their integrity hash.  Either way a visible message
    replaces a blank page when Leaflet did not load.

    Raises
    ------
    OutputError
        Self-contained: the page loads an external script or stylesheet other than Leaflet's, or
        ``xstatic-leaflet`` is missing.

    Examples
    --------
    >>> from bordermap.publish._assets import external_urls
    >>> css, js = leaflet_tags()
    >>> page = build_page(f"<head>{css}</head><body>{js}</body>")
    >>> "Leaflet failed to load" in page, external_urls(page)
    (True, [])
    """
    from ._assets import cdn_assets, inline_assets

    return cdn_assets(html) if cdn else inline_assets(html)


def leaflet_tags() -> tuple[str, str]:
    """Leaflet's ``<link>`` (for the head) and ``<script>`` (for the body), as folium writes them (:func:`build_page`).

    Examples
    --------
    >>> leaflet_tags()[1]
    '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    """
    from ._assets import cdn_url

    return (
        f'<link rel="stylesheet" href="{html.escape(cdn_url("leaflet.css"))}"/>',
        f'<script src="{html.escape(cdn_url("leaflet.js"))}"></script>',
    )


def leaflet_page(*, title: str, style: str, body: str, data_name: str, data: Any, script: str) -> str:
    """A self-contained page drawn by its own script from JSON data (the corpus timeline; the map is folium's).

    ``title`` is text (escaped here); ``style`` and ``script`` are the names of files of the
    templates folder (:func:`template_text`); ``body`` is HTML; ``data`` is handed to the script as
    the global variable ``data_name`` (:func:`script_json`).  Leaflet is inlined (:func:`build_page`).

    Examples
    --------
    >>> from bordermap.publish._assets import external_urls
    >>> page = leaflet_page(title="A <b>", style="timeline.css", body="<p>x</p>", data_name="D",
    ...                     data={"s": "</script>"}, script="timeline.js")
    >>> "<title>A &lt;b&gt;</title>" in page, page.count("</script>") == page.count("<script"), external_urls(page)
    (True, True, [])
    """
    css, js = leaflet_tags()
    t = html.escape(title)
    return build_page(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{t}</title>\n"
        + css
        + "\n<style>\n"
        + template_text(style)
        + "\n</style>\n</head>\n<body>\n"
        + body
        + js
        + f"\n<script>var {data_name} = "
        + script_json(data)
        + ";</script>\n<script>\n"
        + template_text(script)
        + "\n</script>\n</body>\n</html>\n"
    )


def save_map(
    fmap: folium.Map,
    outfile: str | os.PathLike[str] | IO[bytes],
    *,
    cdn: bool = False,
    self_contained: bool | None = None,
    close_file: bool = True,
) -> None:
    """Write a map's page (see :func:`render_html`): to a path atomically (temporary file + rename), or to a file."""
    from .._cache import atomic_write

    text = render_html(fmap, cdn=cdn, self_contained=self_contained)
    if isinstance(outfile, (str, os.PathLike)):
        atomic_write(outfile, text)
    else:
        outfile.write(text.encode("utf-8"))
        if close_file:
            outfile.close()
