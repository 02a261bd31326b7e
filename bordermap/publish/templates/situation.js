{# The map's own script (a Jinja template rendered by branca in BordermapSituation, bordermap/publish/maps.py):
   `this.data_json()` is the situation as script-safe JSON (page.script_json). Every text from an article
   reaches the page through textContent, never as markup. This comment is not rendered. -#}
(function () {
  var map = {{ this._parent.get_name() }};
  var D = {{ this.data_json() }};
  var el = bordermapEl;  // dom.js
  function infoTable(info, parent) {
    var t = el('table', null, null, parent);
    Object.keys(info).forEach(function (k) {
      var r = el('tr', null, null, t); el('td', null, k, r); el('td', null, info[k], r);
    });
    return t;
  }
  function placePopup(p) {
    var box = el('div', 'bm-popup');
    el('div', 'name', p.name, box);
    el('div', 'meta', [p.country, p.kind].filter(Boolean).join(' · '), box);
    if (p.note) el('div', 'bm-note', p.note, box);
    p.mentions.slice(0, 6).forEach(function (m) {
      el('div', 'src', [m.article, m.date].filter(Boolean).join(', '), box);
      var q = el('blockquote', null, null, box);
      q.appendChild(document.createTextNode(m.parts[0]));
      if (m.parts[1]) el('mark', null, m.parts[1], q);
      q.appendChild(document.createTextNode(m.parts[2]));
    });
    if (p.mentions.length > 6) el('div', 'meta', '+ ' + (p.mentions.length - 6) + ' more mention(s)', box);
    return box;
  }
  function linePopup(p) {
    var box = el('div', 'bm-popup');
    el('div', 'name', p.tip, box);
    infoTable(p.info || {}, box);
    return box;
  }
  var S = D.styles, overlays = {}, layers = {};
  // Permanent labels, for the collision pass below: rank (lower first) and the moves to try.
  var labels = [];
  function addLabel(tip, rank, kind) { labels.push({tip: tip, rank: rank, kind: kind}); return tip; }
  D.layers.forEach(function (L_) {
    var group, markers = null;
    if (L_.kind === 'countries') {
      group = L.featureGroup();
      L.geoJSON(L_.features, {
        style: function (f) { return S[f.properties.role] || S.a; },
        onEachFeature: function (f, lyr) { lyr.bindTooltip(el('span', null, f.properties.name), {sticky: true}); }
      }).addTo(group);
      L_.features.forEach(function (f) {
        if (!f.properties.label) return;
        var neighbour = f.properties.role === 'context';  // labelled too, lighter, and yielding to the pair
        group.addLayer(addLabel(L.tooltip({permanent: true, direction: 'center',
          className: neighbour ? 'bm-label bm-neighbour' : 'bm-label', interactive: false})
          .setLatLng(f.properties.label).setContent(el('span', null, f.properties.name)),
          neighbour ? 3500 : 3000, 'country'));
      });
    } else if (L_.kind === 'places') {
      group = L.featureGroup();
      markers = L.geoJSON(L_.features, {
        pointToLayer: function (f, ll) { return L.circleMarker(ll, S.place); },
        onEachFeature: function (f, lyr) {
          var n = f.properties.mentions.length;
          lyr.bindTooltip(el('span', null, f.properties.name + ' — ' + n + ' mention' + (n === 1 ? '' : 's') +
            ' (click for the sentences)'), {direction: 'top', offset: [0, -6]});
          lyr.bindPopup(placePopup(f.properties), {maxWidth: 360});
        }
      }).addTo(group);
      L_.features.forEach(function (f, i) {
        var c = f.geometry.coordinates;
        group.addLayer(addLabel(L.tooltip({permanent: true, direction: 'right', className: 'bm-place-label',
          offset: [6, 0], interactive: false}).setLatLng([c[1], c[0]]).setContent(el('span', null, f.properties.name)),
          2000 - Math.min(f.properties.mentions.length, 999) + i / 1000, 'place'));
      });
    } else {
      var style = S[L_.kind] || S.border;
      group = L.featureGroup();
      L.geoJSON(L_.features, {
        style: function () { return style; },
        onEachFeature: function (f, lyr) {
          lyr.bindTooltip(el('span', null, f.properties.tip), {sticky: true});
          if (L_.kind !== 'border') lyr.bindPopup(linePopup(f.properties), {maxWidth: 360});
        }
      }).addTo(group);
      L_.features.forEach(function (f, i) {
        if (!f.properties.label) return;
        var w = Number((f.properties.info || {}).width_km);
        group.addLayer(addLabel(L.tooltip({permanent: true, direction: 'right', className: 'bm-width',
          offset: [8, 0]}).setLatLng(f.properties.label_at).setContent(el('span', null, f.properties.label)),
          1000 + (isFinite(w) ? Math.min(w, 900) : 900) + i / 1000, 'line'));
      });
    }
    group.addTo(map);
    overlays[L_.name] = group;
    layers[L_.id] = markers || group;  // places: the markers themselves
  });
  // Panels fold (<details>): open when the map has room, folded on a small window (800 x 600 shows the
  // map, not the panels); a click on a panel's heading opens or folds it, and that choice is kept when
  // the window is resized.
  var folds = [];
  function roomy() { var s = map.getSize(); return s.x >= 1000 && s.y >= 700; }
  function fold(box, title, openWhenRoomy) {
    var det = el('details', 'bm-fold', null, box);
    var sum = el('summary', null, title, det);
    det.open = openWhenRoomy && roomy();
    sum.addEventListener('click', function () { det.setAttribute('data-user', '1'); });
    folds.push({det: det, roomy: openWhenRoomy});
    return det;
  }
  map.on('resize', function () {
    var open = roomy();
    folds.forEach(function (f) {
      if (!f.det.hasAttribute('data-user')) f.det.open = f.roomy && open;
    });
  });
  var bases = null, tileNote = null;
  if (D.tiles) {
    // An online extra: the countries above are drawn without it.
    var none = L.layerGroup();
    var tl = L.tileLayer(D.tiles.url, {attribution: D.tiles.attribution, maxZoom: D.tiles.max_zoom});
    bases = {};
    bases['Countries only (offline)'] = none;
    bases[D.tiles.name + ' (online)'] = tl;
    tl.addTo(map);
    tl.once('tileerror', function () {
      if (tileNote) {
        tileNote.textContent = 'Basemap tiles could not be loaded (no connection?): the countries are drawn without them.';
        tileNote.className = 'bm-tiles-note bm-tiles-failed';
      }
    });
  }
  map.attributionControl.addAttribution(D.attribution);
  var layersControl = L.control.layers(bases, overlays, {collapsed: false, position: 'topright'}).addTo(map);
  var layersBox = layersControl.getContainer();
  layersBox.classList.add('bm-layers');
  fold(layersBox, 'Layers', true).appendChild(layersBox.querySelector('.leaflet-control-layers-list'));
  L.control.scale({metric: true, imperial: false, position: 'bottomleft'}).addTo(map);
  if (D.title) el('div', 'bm-title', D.title, map.getContainer());
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var outer = el('div', 'bm-panel bm-legend');
    var box = fold(outer, 'Legend', true);
    D.legend.forEach(function (it) {
      var row = el('div', 'row', null, box), sw = el('span', 'bm-sw', null, row);
      if (it.kind === 'line') {
        sw.style.height = '0'; sw.style.borderTop = Math.min(it.weight, 8) + 'px ' +
          (it.dashArray ? 'dashed ' : 'solid ') + it.color; sw.style.opacity = it.opacity || 1;
      } else if (it.kind === 'point') {
        sw.style.width = sw.style.height = '12px'; sw.style.borderRadius = '50%';
        sw.style.background = it.fillColor; sw.style.border = '2px solid ' + it.color;
        sw.style.boxShadow = '0 0 0 1px #888';
      } else {
        sw.style.background = it.fillColor; sw.style.border = '1px solid ' + it.color;
        sw.style.opacity = Math.max(it.fillOpacity || 1, 0.35);
      }
      el('span', null, it.label, row);
    });
    if (D.tiles) {
      tileNote = el('div', 'bm-tiles-note', 'Basemap: ' + D.tiles.name +
        ' tiles need an internet connection; everything else on this map works offline.', box);
    }
    L.DomEvent.disableClickPropagation(outer);
    return outer;
  };
  legend.addTo(map);
  if (D.claims.length) {
    var panel = L.control({position: 'bottomleft'});
    panel.onAdd = function () {
      var box = el('div', 'bm-panel bm-claims');
      var det = fold(box, 'Claims checked (' + D.claims.length + ')', true);
      var t = el('table', null, null, det);
      D.claims.forEach(function (c) {
        var td = el('td', null, null, el('tr', null, null, t));
        el('span', 'bm-verdict bm-' + c.tone, c.verdict, td);
        td.appendChild(document.createTextNode(' '));
        el('span', null, c.text, td);
        el('div', 'meta', (c.kind ? c.kind + ': ' : '') + 'claimed ' + c.claimed + ' · computed ' + c.computed +
          (c.difference ? ' (' + c.difference + ')' : '') + (c.band ? ' · band ' + c.band : ''), td);
        if (c.reason) { var why = el('div', 'meta bm-reason', c.reason, td); if (c.basis) why.title = c.basis; }
        if (c.source) el('div', 'meta', c.source, td);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    panel.addTo(map);
  }
  if (D.unresolved && D.unresolved.length) {
    var missing = L.control({position: 'bottomleft'});
    missing.onAdd = function () {
      var box = el('div', 'bm-panel bm-claims bm-unresolved');
      var det = fold(box, 'Not on the map (' + D.unresolved.length + ')', false);
      var t = el('table', null, null, det);
      D.unresolved.forEach(function (u) {
        var td = el('td', null, null, el('tr', null, null, t));
        el('b', null, u.name, td);
        el('div', 'meta', u.reason, td);
        if (u.sentence) { el('div', 'meta', '\u201c' + u.sentence + '\u201d', td); }
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    missing.addTo(map);
  }
  // Keep the situation clear of the panels in the corners.
  var size = map.getSize(), cont = map.getContainer();
  function widest(sel) {
    var w = 0;
    cont.querySelectorAll(sel).forEach(function (e) { w = Math.max(w, e.offsetWidth); });
    return Math.min(w, size.x * 0.3);
  }
  var left = widest('.leaflet-bottom.leaflet-left .bm-panel'), right = widest('.leaflet-right .leaflet-control');
  map.options.zoomSnap = 0.25;
  // no animation: the view is final before the page says it is ready
  map.fitBounds(D.bounds, {paddingTopLeft: [left + 15, D.title ? 45 : 15], paddingBottomRight: [right + 15, 15],
                           animate: false});
  // Labels must not stack: in rank order (corridor widths, then places, then country names), each label
  // keeps its place or takes the first free one of a few moves; a label with no free place is hidden.
  function boxesOverlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function moves(kind, w, h) {
    if (kind === 'country') {
      return [[0, 0], [0, 1.3 * h], [0, -1.3 * h], [0, 2.6 * h], [0, -2.6 * h], [0.7 * w, 0], [-0.7 * w, 0]];
    }
    var side = kind === 'line' ? 16 : 12;  // from the right of the anchor to its left
    return [[0, 0], [0, -h - 2], [0, h + 2], [-(w + side), 0], [-(w + side), -h - 2], [-(w + side), h + 2]];
  }
  function declutter() {
    // the panels are taken: a label under one moves or hides as under another label
    var kept = [];
    cont.querySelectorAll('.leaflet-control, .bm-title').forEach(function (p) {
      var r = p.getBoundingClientRect();
      if (r.width && r.height) kept.push({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
    });
    labels.slice().sort(function (a, b) { return a.rank - b.rank; }).forEach(function (it) {
      var e = it.tip.getElement();
      if (!e || !map.hasLayer(it.tip)) return;
      e.classList.remove('bm-hidden');
      e.style.translate = '';
      var r0 = e.getBoundingClientRect(), cand = moves(it.kind, r0.width, r0.height);
      for (var i = 0; i < cand.length; i++) {
        var r = {left: r0.left + cand[i][0], right: r0.right + cand[i][0],
                 top: r0.top + cand[i][1], bottom: r0.bottom + cand[i][1]};
        if (!kept.some(function (k) { return boxesOverlap(k, r); })) {
          if (i) e.style.translate = cand[i][0] + 'px ' + cand[i][1] + 'px';
          kept.push(r);
          return;
        }
      }
      e.classList.add('bm-hidden');
    });
  }
  map.on('zoomend overlayadd overlayremove resize', declutter);
  folds.forEach(function (f) { f.det.addEventListener('toggle', declutter); });
  declutter();
  window.bordermap = {map: map, layers: layers, data: D, labels: labels, declutter: declutter, ready: true,
                      folds: folds.map(function (f) { return f.det; }), readyMs: performance.now()};
  document.documentElement.setAttribute('data-bordermap-ready', '1');
})();
