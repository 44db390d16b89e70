/**
 * The only way the page builds markup: elements from tag names, attributes set one by one, data as
 * text nodes. Nothing here (or anywhere in the page) parses HTML, so data can never become markup.
 */
/* global document */

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Appends children: strings and numbers become text nodes; null, undefined and false are skipped;
 * arrays are flattened.
 * @param {Element} parent
 * @param {unknown[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === "string" || typeof child === "number") parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(/** @type {Node} */ (child));
  }
}

/**
 * Sets attributes. `class` takes a string or an array (falsy entries dropped); `on*` keys take
 * listener functions; `dataset` takes an object; everything else is set as a string attribute.
 * @param {Element} el
 * @param {Record<string, unknown>} attrs
 */
function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") {
      const names = Array.isArray(value) ? value.filter(Boolean).join(" ") : String(value);
      if (names) el.setAttribute("class", names);
    } else if (key === "dataset") {
      for (const [k, v] of Object.entries(/** @type {Record<string, unknown>} */ (value))) {
        if (v !== null && v !== undefined) /** @type {HTMLElement} */ (el).dataset[k] = String(v);
      }
    } else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

/**
 * An HTML element.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * An SVG element.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * Replaces an element's children.
 * @param {Element} el
 * @param {...unknown} children
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * A number for people: 4 significant digits, exponent form for very large or small magnitudes, "–"
 * for null (the same rule as the CLI's explanation renderer).
 * @param {number | null | undefined} x
 */
export function num(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  return abs >= 1e4 || abs < 1e-4 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

/** @param {number} x */
export function signed(x) {
  return x > 0 ? `+${num(x)}` : num(x);
}
