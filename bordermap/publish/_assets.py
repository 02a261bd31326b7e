"""Leaflet for the maps, from the PyPI package ``xstatic-leaflet``: inlined, or loaded from a CDN.

Self-contained pages (the default of :func:`bordermap.make_map`'s ``save``) inline Leaflet's
``leaflet.js`` and ``leaflet.css`` from the installed package (module ``xstatic.pkg.leaflet``,
files in its ``data`` folder); the images the stylesheet refers to become ``data:`` URIs.
Nothing is fetched, at run time or ever: the files come with ``pip install``.  Pages saved with
``cdn=True`` load the same Leaflet version from a CDN instead (with its Subresource Integrity
hash when the package is installed, so a different file is refused).  Either way the page checks
that Leaflet loaded and otherwise writes a visible message instead of staying blank.

Every file taken from the package is checked against its SHA-256 pinned here
(:data:`PINNED_SHA256`, Leaflet 1.9.3 as released): a changed file (an edited install, another
version) is refused with an error, never inlined.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html as htmllib
import mimetypes
import posixpath
import re
from pathlib import Path

from ..exc import OutputError

#: The Leaflet version the maps are written for (the version of ``xstatic-leaflet`` required).
LEAFLET_VERSION = "1.9.3"
#: Where ``cdn=True`` pages load Leaflet from (``{version}``, ``{file}``: ``leaflet.js`` or ``leaflet.css``).
CDN_URL = "https://cdn.jsdelivr.net/npm/leaflet@{version}/dist/{file}"

#: SHA-256 of Leaflet 1.9.3's files as released (``leaflet.js`` and ``leaflet.css`` match the SRI hashes of
#: Leaflet's download page); :func:`read_asset` refuses any other bytes.
PINNED_SHA256 = {
    "leaflet.js": "5819285cec137b229c94e1ee5ad73e8b6b84345a4367d60f75fe477fe0fb7b03",
    "leaflet.css": "90b693d86392a4779c861b28cf307e7e59c3fb35328c4d8b95f58f814d38c722",
    "images/layers-2x.png": "066daca850d8ffbef007af00b06eac0015728dee279c51f3cb6c716df7c42edf",
    "images/layers.png": "1dbbe9d028e292f36fcba8f8b3a28d5e8932754fc2215b9ac69e4cdecf5107c6",
    "images/marker-icon-2x.png": "00179c4c1ee830d3a108412ae0d294f55776cfeb085c60129a39aa6fc4ae2528",
    "images/marker-icon.png": "574c3a5cca85f4114085b6841596d62f00d7c892c7b03f28cbfa301deb1dc437",
    "images/marker-shadow.png": "264f5c640339f042dd729062cfc04c17f8ea0f29882b538e3848ed8f10edb4da",
}

_SCRIPT = re.compile(r"<script\s+src=\"(https?://[^\"]+)\"\s*>\s*</script>")
_LINK = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"(https?://[^\"]+)\"\s*/?>")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_LEAFLET_URL = re.compile(r"/leaflet@([^/]+)/dist/(leaflet\.(?:js|css))$")
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


@functools.cache
def leaflet_dir() -> Path:
    """The folder of Leaflet's files in the installed ``xstatic-leaflet`` package.

    Raises
    ------
    OutputError
        The package is not installed (it is a dependency of bordermap).

    Examples
    --------
    >>> sorted(p.name for p in leaflet_dir().glob("leaflet.*s"))
    ['leaflet.css', 'leaflet.js']
    """
    try:
        from xstatic.pkg import leaflet
    except ImportError as err:
        raise OutputError(
            "self-contained maps need the PyPI package xstatic-leaflet (pip install xstatic-leaflet), "
            "or save the map with cdn=True (bordermap report --cdn)"
        ) from err
    return Path(leaflet.BASE_DIR)


def leaflet_version() -> str:
    """Version of the installed ``xstatic-leaflet`` (its Leaflet version), else :data:`LEAFLET_VERSION`.

    Examples
    --------
    >>> leaflet_version()
    '1.9.3'
    """
    try:
        from xstatic.pkg import leaflet
    except ImportError:
        return LEAFLET_VERSION
    return str(leaflet.VERSION)


def cdn_url(file: str) -> str:
    """The CDN address of one of Leaflet's files (``"leaflet.js"`` or ``"leaflet.css"``).

    Examples
    --------
    >>> cdn_url("leaflet.js")
    'https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js'
    """
    return CDN_URL.format(version=leaflet_version(), file=file)


def read_asset(path: str) -> bytes:
    """The bytes of a file of the Leaflet distribution (``leaflet.js``, ``images/layers.png``...).

    Raises
    ------
    OutputError
        The package is missing, has no such file, or the file differs from its pinned SHA-256
        (:data:`PINNED_SHA256`; a file without a pinned hash is refused too).
    """
    rel = posixpath.normpath(path)
    file = leaflet_dir() / rel
    pinned = PINNED_SHA256.get(rel)
    if pinned is None:
        raise OutputError(f"{file}: not a Leaflet {LEAFLET_VERSION} file bordermap knows (no pinned hash)")
    try:
        data = file.read_bytes()
    except OSError as err:
        raise OutputError(f"{file}: Leaflet file missing from xstatic-leaflet ({err.strerror or err})") from err
    if hashlib.sha256(data).hexdigest() != pinned:
        raise OutputError(
            f"{file}: differs from Leaflet {LEAFLET_VERSION} as released (SHA-256 mismatch); "
            "reinstall xstatic-leaflet (pip install --force-reinstall xstatic-leaflet==1.9.3.*)"
        )
    return data


@functools.cache
def _integrity(file: str) -> str | None:
    """``sha384-...`` of a Leaflet file as installed (the CDN serves the same bytes), or None."""
    try:
        data = read_asset(file)
    except OutputError:
        return None
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def _data_uri(data: bytes, path: str) -> str:
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@functools.cache
def _inline_css(path: str) -> str:
    css = read_asset(path).decode("utf-8")
    base = posixpath.dirname(path)

    def repl(m: re.Match[str]) -> str:
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#")) or "://" in ref:
            return m.group(0)
        file = posixpath.normpath(posixpath.join(base, ref.split("?")[0].split("#")[0]))
        return f'url("{_data_uri(read_asset(file), file)}")'

    css = _CSS_URL.sub(repl, css)
    return "<style>\n" + css.replace("</style", "<\\/style") + "\n</style>"


@functools.cache
def _inline_js(path: str) -> str:
    js = _SOURCE_MAP.sub("", read_asset(path).decode("utf-8"))
    # A literal "</script" would end the element early; "<\/" means the same in JS strings.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return "<script>\n" + js + "\n</script>"


def _leaflet_file(url: str) -> str | None:
    """``leaflet.js``/``leaflet.css`` if the address is a Leaflet distribution file on a CDN."""
    m = _LEAFLET_URL.search(url.split("?")[0].split("#")[0])
    return m.group(2) if m else None


def missing_leaflet_notice(*, cdn: bool) -> str:
    """An inline script that writes a visible message into the page when Leaflet did not load.

    Placed right after Leaflet's ``<script>``: if ``window.L`` is missing then, the page says why
    instead of staying blank.

    Examples
    --------
    >>> "Leaflet failed to load" in missing_leaflet_notice(cdn=True)
    True
    """
    if cdn:
        why = (
            "Leaflet failed to load: this page needs an internet connection to load Leaflet from "
            "cdn.jsdelivr.net. Write it without --cdn (cdn=True) for a page that works offline."
        )
    else:
        why = "Leaflet failed to load: the Leaflet script inlined in this page is damaged. Write the page again."
    text = why.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "<script>window.L||document.addEventListener('DOMContentLoaded',function(){"
        "var d=document.createElement('div');d.className='bm-noleaflet';d.setAttribute('role','alert');"
        "d.style.cssText='position:fixed;z-index:100000;top:0;left:0;right:0;padding:14px 18px;background:#fdecea;"
        "color:#611a15;font:15px/1.4 system-ui,sans-serif;border-bottom:2px solid #c0392b';"
        f'd.textContent="{text}";document.body.insertBefore(d,document.body.firstChild);}});</script>'
    )


def inline_assets(html: str) -> str:
    """Inline Leaflet's script and stylesheet (from ``xstatic-leaflet``) in place of their CDN tags.

    Raises
    ------
    OutputError
        The page loads another external script or stylesheet (only Leaflet is bundled: save such
        a page with ``cdn=True``), or ``xstatic-leaflet`` is missing.

    Examples
    --------
    >>> inline_assets("<p>no assets</p>")
    '<p>no assets</p>'
    """

    def script(m: re.Match[str]) -> str:
        file = _leaflet_file(m.group(1))
        if file != "leaflet.js":
            raise _not_bundled(m.group(1))
        return _inline_js(file) + missing_leaflet_notice(cdn=False)

    def link(m: re.Match[str]) -> str:
        file = _leaflet_file(m.group(1))
        if file != "leaflet.css":
            raise _not_bundled(m.group(1))
        return _inline_css(file)

    return _LINK.sub(link, _SCRIPT.sub(script, html))


def cdn_assets(html: str) -> str:
    """Point Leaflet's tags at :func:`cdn_url` (with their integrity hash) and add the missing-Leaflet notice.

    Examples
    --------
    >>> out = cdn_assets('<script src="https://x.org/npm/leaflet@1.9.3/dist/leaflet.js"></script>')
    >>> out.startswith('<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" integrity="sha384-')
    True
    """

    def attrs(file: str) -> str:
        sri = _integrity(file)
        return f' integrity="{sri}" crossorigin="anonymous"' if sri else ""

    def script(m: re.Match[str]) -> str:
        if _leaflet_file(m.group(1)) != "leaflet.js":
            return m.group(0)
        url = htmllib.escape(cdn_url("leaflet.js"))
        return f'<script src="{url}"{attrs("leaflet.js")}></script>' + missing_leaflet_notice(cdn=True)

    def link(m: re.Match[str]) -> str:
        if _leaflet_file(m.group(1)) != "leaflet.css":
            return m.group(0)
        return f'<link rel="stylesheet" href="{htmllib.escape(cdn_url("leaflet.css"))}"{attrs("leaflet.css")}/>'

    return _LINK.sub(link, _SCRIPT.sub(script, html))


def _not_bundled(url: str) -> OutputError:
    return OutputError(f"cannot inline {url}: only Leaflet is bundled (xstatic-leaflet); save this page with cdn=True")


_ANY_SCRIPT = re.compile(r"<script\s[^>]*\bsrc=\"(https?://[^\"]+)\"")
_ANY_LINK = re.compile(r"<link\s[^>]*\bhref=\"(https?://[^\"]+)\"")


def external_urls(html: str) -> list[str]:
    """Addresses of external scripts and stylesheets a page still loads.

    Examples
    --------
    >>> external_urls('<script src="https://x.org/a.js"></script>')
    ['https://x.org/a.js']
    """
    return [m.group(1) for m in _ANY_SCRIPT.finditer(html)] + [m.group(1) for m in _ANY_LINK.finditer(html)]
