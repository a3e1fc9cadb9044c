// The JSON API, and the filters as they live in the URL (so a view can be shared).

export const FILTERS = ["actor", "dyad", "root", "quad_class", "since", "until", "place", "modality", "text"];

/** The filters in the page's URL, as an object of non-empty strings. */
export function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

export function query(params) {
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value != null && value !== "") out.set(name, value);
  }
  const text = out.toString();
  return text ? `?${text}` : "";
}

export class ApiError extends Error {}

/** GET a JSON endpoint; a 4xx answer becomes an ApiError carrying the server's message. */
export async function get(path, params = {}) {
  const response = await fetch(path + query(params), { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body.error || `${response.status} ${response.statusText}`);
  return body;
}

/** Parse an ISO date at any precision to a time value (a year is its 1 July, a month its 15th). */
export function dateValue(iso) {
  if (!iso) return null;
  const [y, m, d] = iso.split("-").map(Number);
  if (!m) return Date.UTC(y, 6, 1);
  if (!d) return Date.UTC(y, m - 1, 15);
  return Date.UTC(y, m - 1, d);
}

export function quadKind(quad) {
  return quad === 1 || quad === 2 ? "coop" : quad === 3 || quad === 4 ? "conflict" : "neutral";
}
