{# The map's distance tool (bordermap's own code, a Jinja template rendered by branca after situation.js,
   bordermap/publish/maps.py): click points on the map, read the geodesic length of the line through them
   (WGS84 ellipsoid, Vincenty's inverse formula), clear or close. This comment is not rendered. -#}
(function () {
  var map = {{ this._parent.get_name() }};
  var A = 6378137.0, F = 1 / 298.257223563, B = A * (1 - F);
  function rad(d) { return d * Math.PI / 180; }
  // Geodesic distance in metres between two L.LatLng on the WGS84 ellipsoid.
  function geodesicM(p, q) {
    var L0 = rad(q.lng - p.lng), U1 = Math.atan((1 - F) * Math.tan(rad(p.lat))),
        U2 = Math.atan((1 - F) * Math.tan(rad(q.lat))), sU1 = Math.sin(U1), cU1 = Math.cos(U1),
        sU2 = Math.sin(U2), cU2 = Math.cos(U2), lam = L0, prev, sS, cS, sig, ca2, c2m, iter = 0;
    do {
      var sl = Math.sin(lam), cl = Math.cos(lam);
      sS = Math.sqrt((cU2 * sl) * (cU2 * sl) + (cU1 * sU2 - sU1 * cU2 * cl) * (cU1 * sU2 - sU1 * cU2 * cl));
      if (sS === 0) return 0;  // the same point
      cS = sU1 * sU2 + cU1 * cU2 * cl;
      sig = Math.atan2(sS, cS);
      var sa = cU1 * cU2 * sl / sS;
      ca2 = 1 - sa * sa;
      c2m = ca2 !== 0 ? cS - 2 * sU1 * sU2 / ca2 : 0;
      var C = F / 16 * ca2 * (4 + F * (4 - 3 * ca2));
      prev = lam;
      lam = L0 + (1 - C) * F * sa * (sig + C * sS * (c2m + C * cS * (-1 + 2 * c2m * c2m)));
    } while (Math.abs(lam - prev) > 1e-12 && ++iter < 200);
    if (iter >= 200) return p.distanceTo(q);  // nearly antipodal: Leaflet's great-circle distance
    var u2 = ca2 * (A * A - B * B) / (B * B),
        AA = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2))),
        BB = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2))),
        ds = BB * sS * (c2m + BB / 4 * (cS * (-1 + 2 * c2m * c2m) -
             BB / 6 * c2m * (-3 + 4 * sS * sS) * (-3 + 4 * c2m * c2m)));
    return B * AA * (sig - ds);
  }
  function km(m) {
    var k = m / 1000;
    return (k < 10 ? k.toFixed(2) : k < 1000 ? k.toFixed(1) : Math.round(k).toLocaleString('en')) + ' km';
  }
  var el = bordermapEl;  // dom.js
  var points = [], active = false, total = 0;
  var drawn = L.layerGroup(), line = L.polyline([], {color: '#d7263d', weight: 3, dashArray: '5 5',
                                                      interactive: false});
  var box, toggle, panel, readout;
  var Measure = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      box = el('div', 'leaflet-bar bm-measure');
      toggle = el('a', 'bm-measure-toggle', 'Measure', box);
      toggle.href = '#';
      toggle.setAttribute('role', 'button');
      toggle.title = 'Measure a distance: click points on the map (geodesic, WGS84)';
      panel = el('div', 'bm-measure-panel', null, box);
      panel.hidden = true;
      readout = el('div', 'bm-measure-readout', null, panel);
      var bar = el('div', 'bm-measure-buttons', null, panel);
      var clear = el('button', 'bm-measure-clear', 'Clear', bar);
      var close = el('button', 'bm-measure-close', 'Close', bar);
      clear.type = close.type = 'button';
      L.DomEvent.on(toggle, 'click', function (e) { L.DomEvent.preventDefault(e); active ? stop() : start(); });
      L.DomEvent.on(clear, 'click', reset);
      L.DomEvent.on(close, 'click', stop);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });
  function show() {
    var n = points.length;
    readout.textContent = n < 2 ? (n ? 'Click the next point' : 'Click on the map to start a line') :
      'Distance: ' + km(total) + (n > 2 ? ' (' + (n - 1) + ' segments)' : '');
  }
  function reset() {
    points = []; total = 0; drawn.clearLayers(); line.setLatLngs([]); show();
  }
  function start() {
    active = true; panel.hidden = false; box.classList.add('bm-measure-on');
    map.getContainer().classList.add('bm-measuring');
    map.doubleClickZoom.disable();
    drawn.addTo(map); line.addTo(map); reset();
  }
  function stop() {
    reset(); active = false; panel.hidden = true; box.classList.remove('bm-measure-on');
    map.getContainer().classList.remove('bm-measuring');
    map.doubleClickZoom.enable();
    map.removeLayer(drawn); map.removeLayer(line);
  }
  function add(latlng) {
    if (points.length) total += geodesicM(points[points.length - 1], latlng);
    points.push(latlng);
    L.circleMarker(latlng, {radius: 4, color: '#d7263d', weight: 2, fillColor: '#fff', fillOpacity: 1,
                            interactive: false}).addTo(drawn);
    line.setLatLngs(points);
    show();
  }
  // While measuring, a click anywhere on the map (on a country, a line or a marker too) adds a point and
  // opens no popup: the click is taken before the map's layers see it. Clicks on controls are left alone.
  map.getContainer().addEventListener('click', function (ev) {
    if (!active || ev.target.closest('.leaflet-control, .leaflet-popup')) return;
    if (map.dragging && map.dragging.moved()) return;  // the end of a drag, not a click
    ev.stopPropagation();
    add(map.mouseEventToLatLng(ev));
  }, true);
  map.on('keydown', function (e) { if (active && e.originalEvent.key === 'Escape') stop(); });
  new Measure().addTo(map);
  window.bordermapMeasure = {geodesicM: geodesicM, points: function () { return points.slice(); },
                             totalM: function () { return total; }};
})();
