// Building the page's DOM. Every piece of text from the store goes through text(), which makes
// a text node: the browser never parses it as HTML, so a title such as "<script>" is shown,
// not run. Nothing in the page parses a string as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** A text node for any value (null and undefined become empty): the one escaping point. */
export function text(value) {
  return document.createTextNode(value == null ? "" : String(value));
}

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : text(child));
  }
  return el;
}

/** An HTML element: h("p", {class: "note"}, "text", h("b", {}, "bold")). */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, the same way. */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replace an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return fill(el, {}, children);
}

/** A link target only when it is http(s): a "javascript:" URL from a story is never a link. */
export function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The width the element has on screen (SVGs are drawn to fit it). */
export function widthOf(el, fallback = 800) {
  return Math.max(300, Math.round(el.getBoundingClientRect().width) || fallback);
}
