// The world map: the bundled Natural Earth outline (static/world.json, built by
// scripts/build_world.py) in an equirectangular projection, with a circle per event location.
// Clicking a country filters to events located in it.

import { replace, s } from "./dom.js";

let world = null;

async function loadWorld() {
  if (!world) {
    const response = await fetch("/static/world.json");
    world = await response.json();
  }
  return world;
}

export async function drawMap(svg, places, selected, onCountry) {
  const { countries } = await loadWorld();
  const land = s("g", { class: "land" });
  for (const [iso, country] of Object.entries(countries)) {
    land.append(s("path", {
      d: country.d, class: `country${iso === selected ? " selected" : ""}`, "data-iso": iso,
      onclick: () => onCountry(iso),
    }, s("title", {}, `${country.name} (${iso})`)));
  }
  const dots = s("g", { class: "places" });
  const most = Math.max(1, ...places.map((p) => p.events));
  for (const p of places) {
    const r = 0.8 + 3.2 * Math.sqrt(p.events / most);
    const kind = p.cooperation > p.conflict ? "place coop" : "place";
    dots.append(s("circle", { cx: (p.lon + 180).toFixed(2), cy: (90 - p.lat).toFixed(2), r: r.toFixed(2), class: kind },
      s("title", {}, `${p.name || "?"} (${p.country || "?"}): ${p.events} event${p.events === 1 ? "" : "s"}`)));
  }
  replace(svg, land, dots);
  return places.length;
}
