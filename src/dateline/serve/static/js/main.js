// The page: filters live in the URL; each change reloads the timeline, chart, map and table.
// Plain ES modules, no framework and no build step (see the README for why).

import { FILTERS, filtersFromUrl, get, query } from "./api.js";
import { busiestPair, drawChart } from "./chart.js";
import { h, replace } from "./dom.js";
import { showEvidence } from "./evidence.js";
import { drawMap } from "./map.js";
import { EventTable } from "./table.js";
import { drawTimeline, markSelected } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const form = $("filters");
const status = $("status");
let selected = null;

function setStatus(message, error = false) {
  status.textContent = message;
  status.classList.toggle("error", error);
}

function fillForm(filters) {
  for (const name of FILTERS) form.elements[name].value = filters[name] || "";
}

function formFilters() {
  const filters = {};
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

function navigate(filters) {
  history.pushState(null, "", location.pathname + query(filters));
  load();
}

async function select(id) {
  selected = id;
  markSelected($("timeline"), id);
  try {
    await showEvidence($("evidence"), id);
  } catch (error) {
    replace($("evidence"), h("p", { class: "note" }, String(error.message)));
  }
}

const table = new EventTable($("events"), select);

function updatePager(answer) {
  $("prev").disabled = !table.hasPrevious();
  $("next").disabled = !table.hasNext();
  $("page").textContent = `page ${table.page + 1}`;
  if (answer) {
    const total = `${answer.total.toLocaleString("en")}${answer.total_capped ? "+" : ""}`;
    $("table-total").textContent = `${total} deduplicated event${answer.total === 1 ? "" : "s"}`;
  }
  $("sort").textContent = table.sort === "date" ? "Date ▲" : "Date ▼";
}

function downloads(filters) {
  const links = ["csv", "jsonl", "gdelt", "parquet"].map((format) =>
    h("a", { href: `/api/export${query({ ...filters, format })}`, download: "" }, format.toUpperCase()));
  replace($("downloads"), "download: ", ...links.flatMap((a, i) => (i ? [" · ", a] : [a])));
}

async function load() {
  const filters = filtersFromUrl();
  fillForm(filters);
  downloads(filters);
  setStatus("loading…");
  try {
    const [timeline, places, page] = await Promise.all([
      get("/api/timeline", filters), get("/api/places", filters), table.load(filters),
    ]);
    const drawn = drawTimeline($("timeline"), timeline.points, select);
    const notes = [];
    if (timeline.truncated) notes.push(`showing the first ${timeline.points.length.toLocaleString("en")} events in date order: narrow the dates to see the rest`);
    if (drawn.hidden) notes.push(`${drawn.hidden} event${drawn.hidden === 1 ? "" : "s"} dated only to the year not drawn (they are in the table)`);
    $("timeline-note").textContent = notes.join("; ");
    updatePager(page);
    const placed = await drawMap($("map"), places.places, (filters.place || "").toUpperCase(), (iso) => navigate({ ...filtersFromUrl(), place: iso }));
    $("map-note").textContent = placed ? `${placed} place${placed === 1 ? "" : "s"}` : "no located events match";
    const pair = filters.dyad ? filters.dyad.split(/[\s,]+/) : busiestPair(timeline.points);
    if (pair && pair.length === 2) {
      const { dyad, ...rest } = filters;
      const series = await get("/api/series", { ...rest, a: pair[0], b: pair[1] });
      $("chart-label").textContent = `${series.dyad[0]} – ${series.dyad[1]}${filters.dyad ? "" : " (the busiest pair in view)"}`;
      drawChart($("chart"), series);
      $("chart-note").textContent = series.too_coarse ? `${series.too_coarse} event(s) dated too coarsely for months left out` : "";
    } else {
      replace($("chart"));
      $("chart-label").textContent = "";
      $("chart-note").textContent = "no pair of actors in view: set a dyad";
    }
    if (selected != null) markSelected($("timeline"), selected);
    setStatus(`${page.total.toLocaleString("en")}${page.total_capped ? "+" : ""} events`);
  } catch (error) {
    setStatus(error.message, true);
  }
  document.body.dataset.ready = String(Number(document.body.dataset.ready || 0) + 1);
  if (!window.dateline_first_render) window.dateline_first_render = performance.now();
}

function setupTheme() {
  const stored = localStorage.getItem("dateline-theme");
  const dark = stored ? stored === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.dataset.theme = dark ? "dark" : "light";
  $("theme").addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("dateline-theme", next);
  });
}

async function setupRoots() {
  const select = form.elements.root;
  const { roots } = await get("/api/roots");
  for (const root of roots) select.append(h("option", { value: root.code }, `${root.code} ${root.name}`));
  select.value = filtersFromUrl().root || "";
}

setupTheme();
setupRoots();
form.addEventListener("submit", (event) => { event.preventDefault(); navigate(formFilters()); });
$("clear").addEventListener("click", () => navigate({}));
$("next").addEventListener("click", async () => updatePager(await table.next()));
$("prev").addEventListener("click", async () => updatePager(await table.previous()));
$("sort").addEventListener("click", async () => updatePager(await table.toggleSort()));
window.addEventListener("popstate", load);
load();
