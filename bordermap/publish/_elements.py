"""The folium and branca classes of the map: a Leaflet-only map that saves atomically, and the situation element.

Made on first use (folium is imported only when a map is drawn).
"""

from __future__ import annotations

import functools
import html
import os
from typing import IO, Any, ClassVar

from ..exc import OptionalDependencyError
from .page import render_html, save_map, script_json, template_text


def _folium() -> Any:
    try:
        import folium
    except ImportError as err:  # pragma: no cover - folium is a dependency
        raise OptionalDependencyError("make_map needs folium: pip install folium") from err
    return folium


@functools.cache
def _map_class() -> type:
    """folium.Map that needs only Leaflet (no jQuery/Bootstrap) and saves atomically, self-contained by default."""
    folium = _folium()
    from ._assets import cdn_url

    class BorderMap(folium.Map):  # type: ignore[misc,name-defined]
        default_js: ClassVar[list[tuple[str, str]]] = [("leaflet", cdn_url("leaflet.js"))]
        default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_css", cdn_url("leaflet.css"))]

        def to_html(self, *, cdn: bool = False, self_contained: bool | None = None) -> str:
            """The page as one HTML string: Leaflet inlined, or with ``cdn=True`` loaded from a CDN."""
            return render_html(self, cdn=cdn, self_contained=self_contained)

        def save(
            self,
            outfile: str | os.PathLike[str] | IO[bytes],
            close_file: bool = True,
            *,
            cdn: bool = False,
            self_contained: bool | None = None,
            **kwargs: Any,
        ) -> None:
            """Write the page (atomically to a path): self-contained, or with ``cdn=True`` loading Leaflet online."""
            save_map(self, outfile, cdn=cdn, self_contained=self_contained, close_file=close_file)

        def _repr_html_(self, **kwargs: Any) -> str:
            """The self-contained page in an iframe (Jupyter), as folium shows maps, but with no network."""
            page = html.escape(render_html(self))
            fig = self.get_root()
            if getattr(fig, "height", None) is None:
                return (
                    f'<div style="width:{fig.width};"><div style="position:relative;width:100%;height:0;'
                    f'padding-bottom:{fig.ratio};"><span style="color:#565656">Make this Notebook Trusted to load '
                    f'map: File -> Trust Notebook</span><iframe srcdoc="{page}" style="position:absolute;width:100%;'
                    'height:100%;left:0;top:0;border:none !important;" allowfullscreen webkitallowfullscreen '
                    "mozallowfullscreen></iframe></div></div>"
                )
            return (
                f'<iframe srcdoc="{page}" width="{fig.width}" height="{fig.height}" style="border:none !important;" '
                "allowfullscreen webkitallowfullscreen mozallowfullscreen></iframe>"
            )

    BorderMap.__name__ = BorderMap.__qualname__ = "BorderMap"
    BorderMap.__module__ = __name__
    return BorderMap


@functools.cache
def _situation_class() -> type:
    """A folium element that draws all the situation's layers from one JSON blob with text-only DOM."""
    from branca.element import MacroElement
    from jinja2 import Template

    class BordermapSituation(MacroElement):
        _template = Template(
            "{% macro header(this, kwargs) %}<style>\n"
            + template_text("situation.css")
            + "</style>{% endmacro %}{% macro script(this, kwargs) %}\n"
            + template_text("dom.js")
            + template_text("situation.js")
            + template_text("measure.js")
            + "{% endmacro %}"
        )

        def __init__(self, data: dict[str, Any]) -> None:
            super().__init__()  # type: ignore[no-untyped-call]
            self._name = "BordermapSituation"
            self.data = data

        def data_json(self) -> str:
            return script_json(self.data)

        def render(self, **kwargs: Any) -> None:  # type: ignore[override]
            """As branca's ``MacroElement.render``, but the rendered text is added as is.

            branca wraps each rendered macro in a new ``Element``, which parses it again as a Jinja
            template: for this element's script (the situation's data) that took a third of a
            second and nothing in it is a template.
            """
            figure: Any = self.get_root()
            module = self._template.module.__dict__
            for part, target in (("header", figure.header), ("script", figure.script)):
                target.add_child(_RawElement(module[part](self, kwargs)), name=self.get_name())

    return BordermapSituation


@functools.cache
def _raw_element_class() -> type:
    from branca.element import Element

    class RawElement(Element):
        """Text added to a page as is (not a Jinja template)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self._name = "RawElement"
            self.text = text[:-1] if text.endswith("\n") else text  # as a Jinja template would drop it

        def render(self, **kwargs: Any) -> str:
            return self.text

    return RawElement


def _RawElement(text: str) -> Any:  # noqa: N802 - used as a class
    return _raw_element_class()(text)
