/* bordermap: the time slider of a corpus map (bordermap.publish.timeline).
   Reads window.BORDERMAP_TIMELINE: days, places [name, country, kind, lat, lon, total],
   counts (per day: place, mentions, place, mentions...), series, borders and countries (GeoJSON).
   Draws the places mentioned on the day the slider picks (or over a window of days ending on it),
   circles sized by their mentions; Play steps through the days. */
(function () {
  "use strict";
  var data = window.BORDERMAP_TIMELINE;
  var slider = document.getElementById("bm-tl-slider");
  var play = document.getElementById("bm-tl-play");
  var windowSelect = document.getElementById("bm-tl-window");
  var label = document.getElementById("bm-tl-label");
  var map = L.map("bm-tl-map", { preferCanvas: true, worldCopyJump: true, attributionControl: true });
  map.attributionControl.addAttribution("Countries: geo-maps (ODbL, OpenStreetMap contributors); places: GeoNames (CC-BY 4.0)");
  var countries = L.geoJSON(data.countries, {
    style: function () { return { color: "#8c8c8c", weight: 1, fillColor: "#ffffff", fillOpacity: 1 }; },
    interactive: false
  }).addTo(map);
  var borders = L.geoJSON(data.borders, {
    style: function () { return { color: "#c0392b", weight: 3, opacity: 0.9 }; },
    onEachFeature: function (f, layer) {
      var p = f.properties;
      layer.bindTooltip(p.name + (p.length_km ? " border: " + p.length_km + " km" : ""));
    }
  }).addTo(map);
  var placesLayer = L.layerGroup().addTo(map);
  var markers = [];
  var state = { day: 0, span: +windowSelect.value, timer: null, shown: 0, mentions: 0 };

  function radius(n) { return 3 + 3 * Math.sqrt(n); }

  function fit() {
    var bounds = borders.getBounds();
    var pts = data.places.slice(0, 50).map(function (p) { return [p[3], p[4]]; });
    if (pts.length) {
      var around = L.latLngBounds(pts);
      bounds = bounds.isValid() ? bounds.extend(around) : around;
    }
    if (bounds.isValid()) { map.fitBounds(bounds.pad(0.3)); } else { map.setView([30, 10], 2); }
  }

  function totalsFor(day, span) {
    var sums = {};
    var first = span > 0 ? Math.max(0, day - span + 1) : 0;
    for (var d = first; d <= day; d++) {
      var c = data.counts[d] || [];
      for (var k = 0; k < c.length; k += 2) { sums[c[k]] = (sums[c[k]] || 0) + c[k + 1]; }
    }
    return sums;
  }

  function describe(day, span) {
    if (!data.days.length) { return "no dated articles"; }
    var first = span > 0 ? Math.max(0, day - span + 1) : 0;
    var when = first === day ? data.days[day] : data.days[first] + " – " + data.days[day];
    var m = 0, s = 0;
    for (var d = first; d <= day; d++) { m += data.series.mentions[d] || 0; s += data.series.stated_counts[d] || 0; }
    return when + ": " + state.shown + " places, " + m + " mentions, stated counts " + s;
  }

  function render() {
    placesLayer.clearLayers();
    markers = [];
    var sums = totalsFor(state.day, state.span);
    var shown = 0, mentions = 0;
    Object.keys(sums).forEach(function (key) {
      var p = data.places[+key], n = sums[key];
      var mk = L.circleMarker([p[3], p[4]], {
        radius: radius(n), color: "#08519c", weight: 1, fillColor: "#3182bd", fillOpacity: 0.55
      });
      mk.bindTooltip(p[0] + (p[1] ? " (" + p[1] + ")" : "") + ": " + n + " mention" + (n === 1 ? "" : "s"));
      mk.bmPlace = p[0];
      mk.bmCount = n;
      mk.addTo(placesLayer);
      markers.push(mk);
      shown += 1;
      mentions += n;
    });
    state.shown = shown;
    state.mentions = mentions;
    label.textContent = describe(state.day, state.span);
    document.documentElement.setAttribute("data-bordermap-day", data.days[state.day] || "");
  }

  function setDay(k) {
    state.day = Math.max(0, Math.min(data.days.length - 1, k | 0));
    slider.value = String(state.day);
    render();
  }

  function stop() {
    if (state.timer !== null) { clearInterval(state.timer); state.timer = null; }
    play.textContent = "Play";
  }

  function start() {
    if (state.day >= data.days.length - 1) { setDay(0); }
    play.textContent = "Pause";
    state.timer = setInterval(function () {
      if (state.day >= data.days.length - 1) { stop(); return; }
      setDay(state.day + 1);
    }, 400);
  }

  slider.max = String(Math.max(0, data.days.length - 1));
  slider.addEventListener("input", function () { setDay(+slider.value); });
  windowSelect.addEventListener("change", function () { state.span = +windowSelect.value; render(); });
  play.addEventListener("click", function () { if (state.timer === null) { start(); } else { stop(); } });
  if (!data.days.length) { slider.disabled = true; play.disabled = true; }
  fit();
  setDay(data.days.length ? data.days.length - 1 : 0);
  window.bordermapTimeline = {
    map: map, places: placesLayer, borders: borders, countries: countries, setDay: setDay,
    setWindow: function (n) { state.span = n; windowSelect.value = String(n); render(); },
    markers: function () { return markers.map(function (m) { return [m.bmPlace, m.bmCount]; }); },
    state: state, data: data
  };
  document.documentElement.setAttribute("data-bordermap-ready", "1");
}());
