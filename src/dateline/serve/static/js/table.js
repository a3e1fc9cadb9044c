// The events table: one page at a time from /api/events with keyset cursors, so paging
// through a million events never loads more than one page.

import { get } from "./api.js";
import { h, replace } from "./dom.js";

function actor(a) {
  return a ? a.name || a.key : "";
}

export class EventTable {
  constructor(root, onSelect) {
    this.body = root.querySelector("tbody");
    this.onSelect = onSelect;
    this.cursors = [null];
    this.page = 0;
    this.sort = "date";
    this.limit = 50;
  }

  async load(filters, { reset = true } = {}) {
    if (reset) { this.cursors = [null]; this.page = 0; }
    this.filters = filters;
    const answer = await get("/api/events", { ...filters, limit: this.limit, sort: this.sort, cursor: this.cursors[this.page] });
    this.cursors[this.page + 1] = answer.next;
    replace(this.body, answer.events.map((e) => h("tr", { "data-id": e.cluster_id, tabindex: 0, onclick: () => this.onSelect(e.cluster_id) },
      h("td", {}, e.date || "undated"), h("td", {}, actor(e.source)), h("td", {}, `${e.event} [${e.cameo}]`),
      h("td", {}, actor(e.target)), h("td", {}, e.modality), h("td", {}, e.location ? e.location.name : ""),
      h("td", {}, String(e.sources)))));
    if (!answer.events.length) replace(this.body, h("tr", {}, h("td", { colspan: 7, class: "note" }, "no events match")));
    return answer;
  }

  hasNext() { return Boolean(this.cursors[this.page + 1]); }
  hasPrevious() { return this.page > 0; }
  async next() { if (this.hasNext()) { this.page += 1; return this.load(this.filters, { reset: false }); } }
  async previous() { if (this.hasPrevious()) { this.page -= 1; return this.load(this.filters, { reset: false }); } }
  async toggleSort() { this.sort = this.sort === "date" ? "-date" : "date"; return this.load(this.filters); }
}
