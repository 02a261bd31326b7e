{# The one DOM helper of the map's scripts (situation.js and measure.js), rendered before them by branca in
   BordermapSituation (bordermap/publish/maps.py). Text goes in through textContent, never as markup.
   This comment is not rendered. -#}
function bordermapEl(tag, cls, text, parent) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (parent) parent.appendChild(e);
  return e;
}
