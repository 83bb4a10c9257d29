// Small helpers shared by the screen's modules: element lookup, SVG elements, number format.

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

export const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

export function svgElement(name, attributes = {}, text = undefined) {
  const element = document.createElementNS(SVG_NAMESPACE, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

const numberFormat = new Intl.NumberFormat("zh-CN");
export const formatNumber = (value) => numberFormat.format(value);

/** Set an element's text only when it changes (no layout work for an unchanged figure). */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}
