// The dyad chart: per month, both directions side by side; cooperation as bars above the
// axis, conflict below; each direction its own colour.

import { replace, s, widthOf } from "./dom.js";

export function drawChart(svg, series) {
  const width = widthOf(svg, 500), height = 240, pad = { left: 30, right: 10, top: 12, bottom: 30 };
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const [a, b] = series.dyad;
  const directions = [`${a}->${b}`, `${b}->${a}`];
  const periods = [...new Set(series.rows.map((r) => r.period))];
  if (!periods.length) {
    replace(svg, s("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "label" },
      `no month-dated events between ${a} and ${b}`));
    return 0;
  }
  const byKey = new Map(series.rows.map((r) => [`${r.period}|${r.direction}`, r]));
  const coop = (r) => (r ? r.verbal_coop + r.material_coop : 0);
  const conflict = (r) => (r ? r.verbal_conflict + r.material_conflict : 0);
  let top = 1;
  for (const r of series.rows) top = Math.max(top, coop(r), conflict(r));
  const mid = (pad.top + height - pad.bottom) / 2;
  const scale = (mid - pad.top) / top;
  const band = (width - pad.left - pad.right) / periods.length;
  const bar = Math.max(1, Math.min(24, band / 2 - 2));
  const g = s("g", { class: "bars" });
  periods.forEach((period, i) => {
    directions.forEach((direction, j) => {
      const r = byKey.get(`${period}|${direction}`);
      const x0 = pad.left + i * band + band / 2 - bar + j * bar;
      const up = coop(r) * scale, down = conflict(r) * scale;
      const cls = j === 0 ? "dirA" : "dirB";
      const what = `${period} ${direction.replace("->", " → ")}: ${coop(r)} cooperation, ${conflict(r)} conflict`;
      if (up) g.append(s("rect", { x: x0, y: mid - up, width: bar, height: up, class: `bar ${cls}` }, s("title", {}, what)));
      if (down) g.append(s("rect", { x: x0, y: mid, width: bar, height: down, class: `bar ${cls}`, opacity: 0.6 }, s("title", {}, what)));
    });
  });
  const axis = s("g", { class: "axis" },
    s("line", { x1: pad.left, x2: width - pad.right, y1: mid, y2: mid }),
    s("text", { x: 2, y: pad.top + 8, class: "label" }, String(top)),
    s("text", { x: 2, y: height - pad.bottom, class: "label" }, String(top)));
  const every = Math.ceil(periods.length / 8);
  periods.forEach((period, i) => {
    if (i % every === 0) {
      axis.append(s("text", { x: pad.left + i * band + band / 2, y: height - 14, "text-anchor": "middle", class: "label" }, period));
    }
  });
  const legend = s("g", { class: "legend" },
    s("rect", { x: width - 190, y: 2, width: 9, height: 9, class: "dirA" }),
    s("text", { x: width - 178, y: 10, class: "label" }, `${a} → ${b}`),
    s("rect", { x: width - 100, y: 2, width: 9, height: 9, class: "dirB" }),
    s("text", { x: width - 88, y: 10, class: "label" }, `${b} → ${a}`),
    s("text", { x: pad.left + 4, y: pad.top + 10, class: "label" }, "cooperation ↑"),
    s("text", { x: pad.left + 4, y: height - pad.bottom - 4, class: "label" }, "conflict ↓"));
  replace(svg, axis, g, legend);
  return periods.length;
}

/** The busiest pair of actors among timeline points, when the filters name no dyad. */
export function busiestPair(points) {
  const counts = new Map();
  for (const p of points) {
    if (!p.source || !p.target || p.source === p.target) continue;
    const key = [p.source, p.target].sort().join(" ");
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let best = null, most = 0;
  for (const [key, n] of counts) if (n > most) { best = key; most = n; }
  return best ? best.split(" ") : null;
}
