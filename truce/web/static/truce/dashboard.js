// The dashboard's map (truce/web/templates/truce/dashboard.html). Without this script, or without
// Leaflet, the page still lists the same incidents with links: the map container stays hidden.
"use strict";
(function () {
  const box = document.getElementById("map");
  const status = document.getElementById("map-status");
  if (!box || typeof L === "undefined" || typeof L.markerClusterGroup !== "function") return;
  box.hidden = false;

  // What the map says, translated on the page (truce.web.dashboard.map_words) as JSON data, with
  // {placeholders} filled in here. The English stands in only if the page carries none.
  const ENGLISH = {
    attribution: "Natural Earth (public domain)",
    baseFailed: "The base map could not be loaded ({error}); the incidents are listed below.",
    incidentsHere: "Incidents here: {count}. Zoom in to see them.",
    noneOnMap: "No incident you may see has a place on the map.",
    loadFailed: "The incidents could not be loaded on the map ({error}); they are listed below.",
  };
  let given = {};
  try {
    const data = document.getElementById("map-words");
    given = data ? JSON.parse(data.textContent) : {};
  } catch {
    given = {};
  }
  function words(name, params = {}) {
    const template = given[name] || ENGLISH[name];
    return template.replace(/\{(\w+)\}/g, (whole, p) => (p in params ? String(params[p]) : whole));
  }

  // The marker-cluster plugin needs a maximum zoom; with no tiles, past 14 there is nothing more to see.
  const map = L.map(box, { zoomSnap: 0.5, minZoom: 3, maxZoom: 14, attributionControl: true });
  // Whether the incidents have placed the view (then the zones do not re-centre it when they arrive).
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(words("attribution"));
  map.setView([31.5, 67.5], 5);

  function say(text) {
    status.textContent = text;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((r) => {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  // Base map: countries, then provinces, then the agreement's zones, all from this instance, in a pane of
  // their own below the markers (Leaflet's overlay pane is at z-index 400), drawn in that order.
  map.createPane("basemap").style.zIndex = "350";
  const base = L.featureGroup().addTo(map);
  Promise.all([
    getJson(box.dataset.countriesUrl),
    getJson(box.dataset.provincesUrl),
    getJson(box.dataset.zonesUrl),
  ])
    .then(([countries, provinces, zones]) => {
      L.geoJSON(countries, {
        style: { color: "#56616a", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false,
        pane: "basemap",
      }).addTo(base);
      L.geoJSON(provinces, {
        style: { color: "#8a959d", weight: 1, dashArray: "4 3", fill: false },
        interactive: false,
        pane: "basemap",
      }).addTo(base);
      const zoneLayer = L.geoJSON(zones, {
        style: { color: "#2b6a3f", weight: 2, dashArray: "6 4", fillColor: "#2b6a3f", fillOpacity: 0.12 },
        interactive: false,
        pane: "basemap",
      }).addTo(base);
      if (zoneLayer.getLayers().length && !located) map.fitBounds(zoneLayer.getBounds(), { padding: [20, 20] });
    })
    .catch((err) => say(words("baseFailed", { error: err.message })));

  // The plugin's own cluster icon, with words for a screen reader after its bare count (Leaflet makes a
  // keyboard marker a button named by its content).
  const clusterIcon = (cluster) => {
    const n = cluster.getChildCount();
    const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    const html = document.createElement("div");
    const count = document.createElement("span");
    count.textContent = String(n);
    count.setAttribute("aria-hidden", "true");
    const said = document.createElement("span");
    said.className = "visually-hidden";
    said.textContent = words("incidentsHere", { count: n });
    html.append(count, said);
    return L.divIcon({ html, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  };
  const points = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45, iconCreateFunction: clusterIcon });
  const cells = L.layerGroup();
  points.addTo(map);
  cells.addTo(map);
  let located = false;
  // Whether the whole set is too large to send as points: then the map asks again as the view moves.
  let grid = false;

  function popup(p) {
    const div = document.createElement("div");
    const link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.reference;
    div.appendChild(link);
    const kind = p.event_words || p.event_type;
    for (const line of [p.title, [p.date_words || p.date, p.place].filter(Boolean).join(" · "), p.status_words + " · " + kind]) {
      if (!line) continue;
      const el = document.createElement("div");
      el.dir = "auto";
      el.textContent = line;
      div.appendChild(el);
    }
    return div;
  }

  function draw(data, fit) {
    points.clearLayers();
    cells.clearLayers();
    const latlngs = [];
    for (const f of data.features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      latlngs.push([lat, lon]);
      if (data.clustered) {
        // A server-side grid cell: too many incidents to send one by one; zoom in to see them.
        const n = document.createElement("span");
        n.textContent = String(p.count);
        const size = p.count > 999 ? 44 : p.count > 99 ? 36 : 30;
        const cell = L.marker([lat, lon], {
          icon: L.divIcon({ className: "cell", html: n, iconSize: [size, size] }),
          title: words("incidentsHere", { count: p.count }),
          keyboard: true,
        });
        cell.on("click", () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 14)));
        cells.addLayer(cell);
      } else {
        const marker = L.marker([lat, lon], {
          icon: L.divIcon({ className: "marker status-" + p.status_group + " " + p.event_group, iconSize: [18, 18] }),
          // The tooltip (and a screen reader's name for the marker): reference, place, status.
          title: [p.reference, p.place, p.status_words].filter(Boolean).join(" — "),
          alt: p.reference,
          keyboard: true,
        });
        marker.bindPopup(popup(p));
        points.addLayer(marker);
      }
    }
    if (fit) grid = data.clustered;
    say(data.total === 0 ? words("noneOnMap") : "");
    if (fit && latlngs.length) {
      located = true;
      map.fitBounds(L.latLngBounds(latlngs), { padding: [30, 30], maxZoom: 9 });
    }
  }

  function load(fit) {
    const url = new URL(box.dataset.mapUrl, window.location.href);
    if (!fit) url.searchParams.set("bbox", map.getBounds().toBBoxString());
    return getJson(url.toString())
      .then((data) => draw(data, fit))
      .catch((err) => say(words("loadFailed", { error: err.message })));
  }

  let pending = null;
  map.on("moveend", () => {
    // Only a server-side grid changes with the view; individual points are all there already.
    if (!grid) return;
    clearTimeout(pending);
    pending = setTimeout(() => load(false), 250);
  });
  load(true);
})();
