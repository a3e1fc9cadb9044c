// The evidence panel: the event, its sentence highlighted in its story, the source, the
// attribution and modality, and a link to every story that reported it.

import { get } from "./api.js";
import { h, replace, safeUrl } from "./dom.js";

/** The story's text with the evidence span marked; offsets are Python's (code points). */
function highlighted(textValue, span) {
  const chars = Array.from(textValue || "");
  if (!span) return h("div", { class: "article-text" }, textValue);
  const [start, end] = span;
  return h("div", { class: "article-text" },
    chars.slice(0, start).join(""),
    h("mark", { id: "evidence-mark" }, chars.slice(start, end).join("")),
    chars.slice(end).join(""));
}

function actorName(actor) {
  if (!actor) return "?";
  return actor.key && actor.name && actor.name !== actor.key ? `${actor.name} (${actor.key})` : actor.name || actor.key || "?";
}

function storyLink(report) {
  const url = safeUrl(report.url);
  const label = `${report.outlet || "unknown outlet"}${report.published ? `, ${report.published}` : ""}: ${report.title || report.article_id}`;
  return url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, label)
    : h("a", { href: `/api/articles/${encodeURIComponent(report.article_id)}` }, label);
}

export async function showEvidence(panel, id) {
  replace(panel, h("p", { class: "note" }, "loading…"));
  const event = await get(`/api/events/${Number(id)}`);
  const first = event.reports.find((r) => event.article && r.article_id === event.article.id) || event.reports[0] || {};
  const attribution = [...new Set(event.reports.flatMap((r) => r.attribution || []))];
  const article = event.article || {};
  replace(panel,
    h("h3", { class: "event-title" }, `${actorName(event.source)} → ${actorName(event.target)}: ${event.event}`),
    h("dl", { class: "facts" },
      h("dt", {}, "date"), h("dd", {}, `${event.date || "undated"}${event.date_precision ? ` (${event.date_precision})` : ""}`),
      h("dt", {}, "CAMEO"), h("dd", {}, `${event.cameo}, QuadClass ${event.quad_class}, Goldstein ${event.goldstein ?? "?"}`),
      h("dt", {}, "modality"), h("dd", { id: "evidence-modality" }, event.modality),
      h("dt", {}, "according to"), h("dd", { id: "evidence-attribution" }, attribution.length ? attribution.join("; ") : "the outlet itself"),
      h("dt", {}, "place"), h("dd", {}, event.location ? `${event.location.name} (${event.location.country || "?"})` : "not given"),
      h("dt", {}, "source"), h("dd", { id: "evidence-source" }, `${first.outlet || article.source || "?"}${article.published ? `, published ${article.published}` : ""}`)),
    h("h4", { class: "article-title" }, article.title || article.id || ""),
    highlighted(article.text, event.highlight),
    h("h4", {}, `Reported by ${event.sources} outlet${event.sources === 1 ? "" : "s"} in ${event.articles} stor${event.articles === 1 ? "y" : "ies"}`),
    h("ul", { class: "stories" }, event.reports.map((r) => h("li", {}, storyLink(r), h("div", { class: "meta" }, `“${r.sentence}” — ${r.modality}`)))));
  return event;
}
