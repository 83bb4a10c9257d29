// The map's other layers 一张图: district and street outlines (names on hover), activities
// running now or today, and the resource wall's open needs and resources. Each is an SVG group
// redrawn from its GeoJSON FeatureCollection, projected by the station map; a toggle hides it.

import { GraphQLError } from "./api.js";
import { ACTIVITIES, MAP_LAYERS } from "./documents.js";
import { svgElement } from "./dom.js";
import { showActivityFigures } from "./figures.js";

const KIND_LABEL = { NEED: "需求", RESOURCE: "资源" };
export const LAYER_EVENTS = /^(ACTIVITY_|NEED_|EXCHANGE_)/; // events that change a layer
export const LAYERS_EVERY_MS = 30_000; // activities start and end with the clock too

/** `run` once, a moment after the first of a burst of calls (cancel() forgets a pending one). */
export function soon(run, ms = 1_000) {
  let timer = null;
  const call = () => {
    timer ??= setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
  call.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return call;
}

/** Every [longitude, latitude] of the collections' features (to frame the map on them). */
export function featurePoints(...collections) {
  const points = [];
  for (const feature of collections.flatMap((collection) => collection?.features ?? [])) {
    const { type, coordinates } = feature.geometry ?? {};
    if (type === "Point") points.push(coordinates);
    if (type === "Polygon") for (const ring of coordinates) points.push(...ring);
  }
  return points;
}

export class Layers {
  #svg;
  #map;

  constructor(svg, map) {
    this.#svg = svg;
    this.#map = map;
  }

  /** Let each `[data-layer]` checkbox of the page show or hide its layer. */
  wireToggles(root) {
    for (const box of root.querySelectorAll("[data-layer]")) {
      box.addEventListener("change", () => this.toggle(box.dataset.layer, box.checked));
    }
  }

  clear() {
    this.drawOutlines(null);
    this.drawActivities(null);
    this.drawWall(null);
  }

  /** Show or hide a layer (its group in the SVG; the stations' group is `stations`). */
  toggle(name, shown) {
    this.#svg.querySelector(`.${name}`)?.classList.toggle("hidden", !shown);
  }

  count(name) {
    return this.#svg.querySelectorAll(`.${name} > *`).length;
  }

  drawOutlines(collection) {
    const nodes = [];
    for (const feature of collection?.features ?? []) {
      if (feature.geometry?.type !== "Polygon") continue;
      const ring = feature.geometry.coordinates[0].map(([lon, lat]) => this.#map.project(lon, lat));
      const polygon = svgElement("polygon", {
        points: ring.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "),
        class: `outline level-${feature.properties.level ?? "OTHER"}`,
      });
      polygon.append(svgElement("title", {}, feature.properties.name));
      nodes.push(polygon);
    }
    // streets over districts, so each street's name shows on hover
    nodes.sort((a, b) => (a.classList.contains("level-DISTRICT") ? -1 : 0) - (b.classList.contains("level-DISTRICT") ? -1 : 0));
    this.#svg.querySelector(".outlines").replaceChildren(...nodes);
  }

  drawActivities(collection) {
    const nodes = (collection?.features ?? []).map((feature) => {
      const [x, y] = this.#map.project(...feature.geometry.coordinates);
      const p = feature.properties;
      const group = svgElement("g", { class: p.running ? "activity running" : "activity later" });
      group.append(
        svgElement("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: p.running ? 13 : 9 }),
        svgElement("title", {}, `${p.name}｜${p.running ? "进行中" : "今日"}｜报名 ${p.signedUp}/${p.capacity}｜签到 ${p.checkedIn}`),
      );
      return group;
    });
    this.#svg.querySelector(".activities").replaceChildren(...nodes);
  }

  drawWall(collection) {
    const nodes = (collection?.features ?? []).map((feature) => {
      const [x, y] = this.#map.project(...feature.geometry.coordinates);
      const p = feature.properties;
      const size = 7;
      const shape = p.kind === "NEED"
        ? svgElement("polygon", { points: `${x},${y - size} ${x + size},${y + size} ${x - size},${y + size}` })
        : svgElement("rect", { x: x - size / 1.4, y: y - size / 1.4, width: size * 1.4, height: size * 1.4 });
      const group = svgElement("g", { class: `wall-${p.kind}` });
      group.append(shape, svgElement("title", {}, `${KIND_LABEL[p.kind] ?? p.kind}｜${p.name}`));
      return group;
    });
    this.#svg.querySelector(".wall").replaceChildren(...nodes);
  }
}

/**
 * Draw the outlines and the wall of organisation `org`, and its activities when `activities`
 * (the viewer may read them); whether activities may be asked for next time.
 */
export async function refreshLayers(ask, org, map, layers, activities) {
  const { organizationMap, coBuildingMap } = await ask(MAP_LAYERS, { org });
  const outlined = organizationMap.features.length > 0;
  // the city's outlines frame it; without outlines, what the layers show does
  map.fitTo(outlined ? featurePoints(organizationMap) : featurePoints(coBuildingMap));
  layers.drawOutlines(organizationMap);
  layers.drawWall(coBuildingMap);
  if (!activities) return false;
  try {
    const { activityFigures, activityMap } = await ask(ACTIVITIES, { org });
    if (!outlined) map.fitTo(featurePoints(coBuildingMap, activityMap));
    layers.drawWall(coBuildingMap);
    showActivityFigures(activityFigures);
    layers.drawActivities(activityMap);
    return true;
  } catch (error) {
    if (!(error instanceof GraphQLError && error.code === "FORBIDDEN")) throw error;
    showActivityFigures(null); // a role that may not read activities here
    return false;
  }
}
