// The filing form's helpers (truce/web/templates/truce/report_new.html): a map where a tap or a drag of the
// marker fills latitude and longitude, and a button for more actor rows. Without this script, or without
// Leaflet, the form works as it is: the coordinates are typed and the rows the page rendered suffice.
"use strict";
(function () {
  function setUpMap() {
    const box = document.getElementById("place-map");
    if (!box || typeof L === "undefined") return;
    const latInput = document.getElementById(box.dataset.latInput);
    const lonInput = document.getElementById(box.dataset.lonInput);
    if (!latInput || !lonInput) return;
    box.hidden = false;
    const help = document.getElementById("place-map-help");
    if (help) help.hidden = false;

    const map = L.map(box, { minZoom: 3, maxZoom: 14 });
    map.attributionControl.setPrefix(false);
    // The base map's credit, translated on the page.
    map.attributionControl.addAttribution(box.dataset.attribution || "Natural Earth (public domain)");
    map.setView([31.5, 67.5], 5);
    [
      [box.dataset.countriesUrl, { color: "#56616a", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }],
      [box.dataset.provincesUrl, { color: "#8a959d", weight: 1, dashArray: "4 3", fill: false }],
    ].forEach(([url, style]) => {
      fetch(url, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : null))
        .then((data) => {
          if (data) L.geoJSON(data, { style: style, interactive: false }).addTo(map).bringToBack();
        })
        .catch(() => {});
    });

    let marker = null;
    const six = (x) => (Math.round(x * 1e6) / 1e6).toFixed(6);
    function fill(latlng) {
      latInput.value = six(latlng.lat);
      lonInput.value = six(latlng.lng);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { draggable: true, autoPan: true }).addTo(map);
        marker.on("dragend", () => fill(marker.getLatLng()));
      }
    }
    map.on("click", (e) => {
      place(e.latlng);
      fill(e.latlng);
    });
    // Typed coordinates move the marker, so the map and the inputs never disagree.
    function fromInputs() {
      const lat = parseFloat(latInput.value);
      const lon = parseFloat(lonInput.value);
      if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        place(L.latLng(lat, lon));
        return true;
      }
      return false;
    }
    latInput.addEventListener("input", fromInputs);
    lonInput.addEventListener("input", fromInputs);
    if (fromInputs()) map.setView(marker.getLatLng(), 9);
  }

  function setUpActorRows() {
    const rows = document.getElementById("actor-rows");
    const button = document.getElementById("add-actor");
    if (!rows || !button) return;
    const prefix = rows.dataset.prefix;
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    const template = rows.querySelector(".actor-row");
    if (!total || !template) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const n = parseInt(total.value, 10);
      if (max && n >= parseInt(max.value, 10)) return;
      const row = template.cloneNode(true);
      row.querySelectorAll(".error").forEach((e) => e.remove());
      row.querySelectorAll("[id],[for],[name],[aria-describedby]").forEach((el) => {
        ["id", "for", "name", "aria-describedby"].forEach((attr) => {
          const v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(new RegExp(prefix + "-\\d+-", "g"), prefix + "-" + n + "-"));
        });
        if (el.tagName === "INPUT") el.value = "";
        if (el.tagName === "SELECT") el.selectedIndex = 0;
      });
      const legend = row.querySelector("legend");
      if (legend) legend.textContent = legend.textContent.replace(/\d+/, String(n + 1));
      rows.appendChild(row);
      total.value = String(n + 1);
      const first = row.querySelector("input");
      if (first) first.focus();
    });
  }

  setUpMap();
  setUpActorRows();
})();
