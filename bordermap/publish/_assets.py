"""Inline a map's JavaScript and CSS so one HTML file works with no network.

The files come from npm packages (``npm pack NAME@VERSION``) kept in a git-ignored
assets folder (:func:`assets_dir`: ``settings.assets_folder``, ``$BORDERMAP_ASSETS``, else
``assets`` in the cache folder).  Nothing
third-party is stored in the repository; :func:`fetch_assets` (``bordermap
fetch-assets``, ``scripts/fetch_assets``) fills the folder, and inlining never uses
the network.  A CDN address is mapped to its npm package and file from the address
itself (``.../npm/leaflet@1.9.3/dist/leaflet.js``, ``.../gh/ljagis/leaflet-measure@2.1.7/...``)
or from :data:`KNOWN_URLS`; files a stylesheet refers to (images, fonts) become
``data:`` URIs.
"""

from __future__ import annotations

import base64
import mimetypes
import posixpath
import re
import tarfile
from pathlib import Path

from ..exc import OutputError

#: npm packages the maps of :func:`bordermap.make_map` need: (name, version).
PACKAGES: tuple[tuple[str, str], ...] = (("leaflet", "1.9.3"), ("leaflet-measure", "2.1.7"))

#: CDN addresses whose npm source cannot be read from the address itself: url -> (name, version, file).
KNOWN_URLS: dict[str, tuple[str, str, str]] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "3.7.1", "dist/jquery.min.js"),
}

_CDN = re.compile(r"/(?:npm|gh/[^/]+)/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_SCRIPT = re.compile(r"<script\s+src=\"(https?://[^\"]+)\"\s*>\s*</script>")
_LINK = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"(https?://[^\"]+)\"\s*/?>")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def assets_dir() -> Path:
    """Folder of the npm packages: :func:`bordermap.settings.assets_root`.

    That is :data:`settings.assets_folder`, else ``$BORDERMAP_ASSETS``, else ``assets`` in the cache folder.

    Examples
    --------
    >>> assets_dir().name
    'assets'
    """
    from .. import settings

    return settings.assets_root()


def _tarball_name(name: str, version: str) -> str:
    """The file name ``npm pack`` gives: ``@scope/pkg`` -> ``scope-pkg-1.0.0.tgz``."""
    return f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"


def source_of(url: str) -> tuple[str, str, str]:
    """The npm (name, version, file) of a CDN address.

    Raises
    ------
    OutputError
        The address names no npm package and version.

    Examples
    --------
    >>> source_of("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    ('leaflet', '1.9.3', 'dist/leaflet.js')
    >>> source_of("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css")[0]
    '@fortawesome/fontawesome-free'
    """
    if url in KNOWN_URLS:
        return KNOWN_URLS[url]
    m = _CDN.search(url.split("?")[0].split("#")[0])
    if m is None:
        raise OutputError(f"cannot inline {url}: no npm package known for it (self-contained maps need npm sources)")
    return m.group(1), m.group(2), m.group(3)


def fetch_assets(packages: tuple[tuple[str, str], ...] = PACKAGES, *, folder: Path | None = None) -> Path:
    """Fetch npm packages with ``npm pack`` into the assets folder (needs npm); return the folder.

    Already fetched packages are not fetched again.  Each tarball is packed in a temporary
    folder and then written with :func:`bordermap._cache.atomic_write`, so an interrupted
    fetch never leaves half a tarball.  This uses the network; inlining does not.
    """
    import shutil
    import subprocess
    import tempfile

    from .._cache import atomic_write

    target = folder or assets_dir()
    missing = [(n, v) for n, v in packages if not (target / _tarball_name(n, v)).is_file()]
    if not missing:
        return target
    if shutil.which("npm") is None:
        raise OutputError("fetching map assets needs npm (Node.js): " + ", ".join(f"{n}@{v}" for n, v in missing))
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{target}: cannot create the assets folder ({err.strerror or err})") from err
    for name, version in missing:
        with tempfile.TemporaryDirectory(prefix=".npm-pack-", dir=target) as tmp:
            packed = Path(tmp) / _tarball_name(name, version)
            proc = subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, capture_output=True, text=True, check=False
            )
            if proc.returncode != 0 or not packed.is_file():
                last = (proc.stderr.strip().splitlines() or ["npm pack failed"])[-1]
                raise OutputError(f"npm pack {name}@{version}: {last}")
            atomic_write(target / packed.name, packed.read_bytes())
    return target


class _Packages:
    """Reads files out of the cached npm tarballs (without extracting them)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._open: dict[tuple[str, str], tarfile.TarFile] = {}

    def read(self, name: str, version: str, path: str) -> bytes:
        key = (name, version)
        if key not in self._open:
            tgz = self.folder / _tarball_name(name, version)
            if not tgz.is_file():
                raise OutputError(
                    f"map asset {name}@{version} not found in {self.folder}: run 'bordermap fetch-assets' "
                    "(or scripts/fetch_assets) once, with npm, to fetch it"
                )
            self._open[key] = tarfile.open(tgz)  # noqa: SIM115 - closed by close()
        fh = None
        # A GitHub dist folder may hold a minified file the npm package only has unminified.
        for candidate in dict.fromkeys([path, re.sub(r"\.min\.(js|css)$", r".\1", path)]):
            try:
                fh = self._open[key].extractfile("package/" + posixpath.normpath(candidate))
            except KeyError:
                continue
            if fh is not None:
                break
        if fh is None:
            raise OutputError(f"map asset {name}@{version} has no file {path}")
        return fh.read()

    def close(self) -> None:
        for tar in self._open.values():
            tar.close()


def _data_uri(data: bytes, path: str) -> str:
    mime = mimetypes.guess_type(path)[0] or {
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
    }.get(posixpath.splitext(path)[1], "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _inline_css(pkgs: _Packages, name: str, version: str, path: str) -> str:
    css = pkgs.read(name, version, path).decode("utf-8")
    base = posixpath.dirname(path)

    def repl(m: re.Match[str]) -> str:
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#")) or "://" in ref:
            return m.group(0)
        file = posixpath.normpath(posixpath.join(base, ref.split("?")[0].split("#")[0]))
        return f'url("{_data_uri(pkgs.read(name, version, file), file)}")'

    css = _CSS_URL.sub(repl, css)
    return "<style>\n" + css.replace("</style", "<\\/style") + "\n</style>"


def _inline_js(pkgs: _Packages, name: str, version: str, path: str) -> str:
    js = pkgs.read(name, version, path).decode("utf-8")
    # A literal "</script" would end the element early; "<\/" means the same in JS strings.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return "<script>\n" + js + "\n</script>"


def inline_assets(html: str, *, folder: Path | None = None) -> str:
    """Replace every external ``<script src>`` and stylesheet ``<link>`` by its inlined content.

    Raises
    ------
    OutputError
        An asset is not in the assets folder, or has no known npm source.

    Examples
    --------
    >>> inline_assets("<p>no assets</p>")
    '<p>no assets</p>'
    """
    pkgs = _Packages(folder or assets_dir())
    try:

        def script(m: re.Match[str]) -> str:
            return _inline_js(pkgs, *source_of(m.group(1)))

        def link(m: re.Match[str]) -> str:
            return _inline_css(pkgs, *source_of(m.group(1)))

        out = _SCRIPT.sub(script, html)
        return _LINK.sub(link, out)
    finally:
        pkgs.close()


def external_urls(html: str) -> list[str]:
    """Addresses of external scripts and stylesheets a page still loads.

    Examples
    --------
    >>> external_urls('<script src="https://x.org/a.js"></script>')
    ['https://x.org/a.js']
    """
    return [m.group(1) for m in _SCRIPT.finditer(html)] + [m.group(1) for m in _LINK.finditer(html)]
