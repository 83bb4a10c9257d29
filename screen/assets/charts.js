// The charts, hand-drawn: petitions by category and peak service hours (SVG bars from a fixed
// pool of nodes per chart, updated in place), and the hot words (replaced, never accumulated).

import { formatNumber, svgElement } from "./dom.js";

const CATEGORY_ROWS = 15; // every subcategory of the taxonomy fits
const CATEGORY_PITCH = 30;
const HOURS = 24;

function addGradient(svg) {
  const stops = [
    svgElement("stop", { offset: "0%", "stop-color": "#1d6fd1" }),
    svgElement("stop", { offset: "100%", "stop-color": "#3fe0ff" }),
  ];
  const gradient = svgElement("linearGradient", { id: `${svg.id}-bar`, x1: "0", y1: "0", x2: "1", y2: "0" });
  gradient.append(...stops);
  const defs = svgElement("defs");
  defs.append(gradient);
  svg.append(defs);
}

/** A chart's `size` groups of bar nodes, built once; `shown` of them visible. */
class BarPool {
  #groups = [];

  constructor(svg, size, build) {
    addGradient(svg);
    for (let index = 0; index < size; index += 1) {
      const nodes = build(`url(#${svg.id}-bar)`);
      this.#groups.push(nodes);
      svg.append(...Object.values(nodes));
    }
  }

  show(shown) {
    this.#groups.forEach((nodes, index) => {
      for (const node of Object.values(nodes)) node.style.display = index < shown ? "" : "none";
    });
    return this.#groups;
  }
}

export class CategoryChart {
  #pool;

  constructor(svg) {
    this.#pool = new BarPool(svg, CATEGORY_ROWS, (fill) => ({
      label: svgElement("text", { x: "150", "text-anchor": "end" }),
      bar: svgElement("rect", { x: "160", height: "18", rx: "3", fill }),
      value: svgElement("text", { class: "value" }),
    }));
  }

  draw(byCategory) {
    const rows = byCategory.filter((entry) => entry.count > 0).sort((a, b) => b.count - a.count).slice(0, CATEGORY_ROWS);
    const max = Math.max(1, ...rows.map((row) => row.count));
    const groups = this.#pool.show(rows.length);
    rows.forEach((row, index) => {
      const { label, bar, value } = groups[index];
      const y = 8 + index * CATEGORY_PITCH;
      const width = Math.max(2, (row.count / max) * 290);
      label.setAttribute("y", y + 14);
      label.textContent = row.category?.name ?? "未分类";
      bar.setAttribute("y", y);
      bar.setAttribute("width", width);
      value.setAttribute("x", 166 + width);
      value.setAttribute("y", y + 14);
      value.textContent = formatNumber(row.count);
    });
  }
}

export class PeakHoursChart {
  #pool;

  constructor(svg) {
    this.#pool = new BarPool(svg, HOURS, (fill) => ({
      bar: svgElement("rect", { width: "15", rx: "2", fill }),
      label: svgElement("text", { "text-anchor": "middle" }),
    }));
  }

  draw(hours) {
    const byHour = new Array(HOURS).fill(0);
    for (const entry of hours) byHour[entry.hour] = entry.served;
    const top = Math.max(...byHour);
    const groups = this.#pool.show(HOURS);
    byHour.forEach((served, hour) => {
      const { bar, label } = groups[hour];
      const height = Math.max(1, (served / Math.max(1, top)) * 170);
      const x = 12 + hour * 20.8;
      bar.setAttribute("x", x);
      bar.setAttribute("y", 185 - height);
      bar.setAttribute("height", height);
      bar.classList.toggle("peak", top > 0 && served === top);
      label.setAttribute("x", x + 7.5);
      label.setAttribute("y", 208);
      label.textContent = hour % 3 === 0 ? `${hour}时` : "";
    });
  }
}

export function drawWords(box, topics) {
  const max = Math.max(1, ...topics.map((topic) => topic.count));
  const spans = topics.map((topic) => {
    const span = document.createElement("span");
    span.textContent = topic.word;
    span.title = `${topic.word}: ${topic.count}`;
    span.style.fontSize = `${Math.round(18 + (topic.count / max) * 30)}px`;
    return span;
  });
  box.replaceChildren(...spans);
}

export function refuseWords(box, message) {
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = message;
  box.replaceChildren(note);
}
