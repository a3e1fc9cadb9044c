// The timeline: one circle per deduplicated event at its date; cooperation (QuadClass 1-2)
// above the axis, conflict (3-4) below, material farther out than verbal; the radius grows
// with the number of outlets that reported it.

import { dateValue, quadKind } from "./api.js";
import { replace, s, widthOf } from "./dom.js";

const LANE = { 1: -1, 2: -2, 3: 1, 4: 2 };

function jitter(id) {
  // A stable offset per event so same-day events do not sit on one another.
  return (((id * 2654435761) >>> 0) % 1000) / 1000 - 0.5;
}

export function drawTimeline(svg, points, onSelect) {
  const width = widthOf(svg), height = 240, pad = { left: 30, right: 16, top: 14, bottom: 26 };
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const precise = points.filter((p) => p.date && p.date.length >= 7);
  const shown = precise.length ? precise : points.filter((p) => p.date);
  if (!shown.length) {
    replace(svg, s("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "label" }, "no dated events match"));
    return { shown: 0, hidden: points.length };
  }
  const times = shown.map((p) => dateValue(p.date));
  let lo = Math.min(...times), hi = Math.max(...times);
  if (hi - lo < 864e5 * 2) { lo -= 864e5 * 3; hi += 864e5 * 3; }
  const span = hi - lo;
  lo -= span * 0.02; hi += span * 0.02;
  const x = (t) => pad.left + ((t - lo) / (hi - lo)) * (width - pad.left - pad.right);
  const mid = (pad.top + height - pad.bottom) / 2;
  const laneHeight = (height - pad.top - pad.bottom) / 4.6;
  const y = (p) => mid + (LANE[p.quad] || 0) * laneHeight + jitter(p.id) * laneHeight * 0.6;

  const axis = s("g", { class: "axis" },
    s("line", { x1: pad.left, x2: width - pad.right, y1: mid, y2: mid }),
    s("text", { x: 4, y: pad.top + 10, class: "label" }, "coop"),
    s("text", { x: 4, y: height - pad.bottom - 4, class: "label" }, "conflict"));
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const t = lo + ((hi - lo) * i) / ticks;
    const label = new Date(t).toISOString().slice(0, span > 864e5 * 400 ? 7 : 10);
    const anchor = i === 0 ? "start" : i === ticks ? "end" : "middle";
    axis.append(s("text", { x: x(t), y: height - 6, "text-anchor": anchor, class: "label" }, label));
  }
  const dots = s("g", { class: "points" });
  for (const p of shown) {
    const r = 3 + 2.2 * Math.sqrt(Math.max(1, p.sources || 1));
    const label = `${p.date} ${p.source || "?"} → ${p.target || "?"}: ${p.event} (${p.sources} outlet${p.sources === 1 ? "" : "s"})`;
    const dot = s("circle", {
      cx: x(dateValue(p.date)).toFixed(1), cy: y(p).toFixed(1), r: r.toFixed(1),
      class: `point ${quadKind(p.quad)}`, "data-id": p.id, tabindex: 0, role: "button", "aria-label": label,
      onclick: () => onSelect(p.id, dot),
      onkeydown: (event) => { if (event.key === "Enter" || event.key === " ") onSelect(p.id, dot); },
    }, s("title", {}, label));
    dots.append(dot);
  }
  replace(svg, axis, dots);
  return { shown: shown.length, hidden: points.length - shown.length };
}

export function markSelected(svg, id) {
  for (const dot of svg.querySelectorAll(".point.selected")) dot.classList.remove("selected");
  const dot = svg.querySelector(`.point[data-id="${Number(id)}"]`);
  if (dot) dot.classList.add("selected");
}
