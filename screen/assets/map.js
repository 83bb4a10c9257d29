// The station map 一张图: stations drawn locally from their coordinates, coloured by status.
// One SVG group per station, kept by id and updated in place; a station that leaves the
// snapshot leaves the map, so the nodes are bounded by the stations in scope.

import { svgElement } from "./dom.js";

const WIDTH = 1040; // the map's SVG viewBox (index.html)
const HEIGHT = 960;
const PADDING = 50;
const GRID_STEP = 80;
const LABEL_ALL_UP_TO = 40; // more stations than this: only those needing attention are named
const STATUS_LABEL = { OPEN: "开放", BUSY: "繁忙", CLOSED: "闭站", OFFLINE: "离线" };
const ATTENTION = new Set(["BUSY", "OFFLINE"]);

export const statusLabel = (status) => STATUS_LABEL[String(status ?? "").toUpperCase()] ?? status ?? "";

/** Stations from the `stationMap` GeoJSON FeatureCollection, shaped like commandCentre's. */
export function stationsFromGeoJson(collection) {
  return (collection?.features ?? []).map((feature) => ({
    id: feature.properties.id,
    name: feature.properties.name,
    status: feature.properties.status,
    occupancy: feature.properties.occupancy ?? 0,
    capacity: feature.properties.capacity ?? 0,
    longitude: feature.geometry.coordinates[0],
    latitude: feature.geometry.coordinates[1],
  }));
}

export class StationMap {
  #svg;
  #nodes = new Map(); // station id → its SVG nodes
  #box = "";
  #bounds = null;
  #extent = null; // fixed by the outlines when there are some; else the stations' own
  #last = [];

  constructor(svg) {
    this.#svg = svg;
  }

  get size() {
    return this.#nodes.size;
  }

  /** Frame the map on these [longitude, latitude] points (the outlines, or the other layers'
   * points) as well as the stations, from now on. */
  fitTo(points) {
    this.#extent = points.length ? points.map(([longitude, latitude]) => ({ longitude, latitude })) : null;
    this.draw(this.#last);
  }

  /** SVG coordinates of a WGS-84 point, in the map's current frame. */
  project(longitude, latitude) {
    if (!this.#bounds) this.#fit([{ longitude, latitude }]);
    return this.#project(longitude, latitude);
  }

  draw(stations) {
    this.#last = stations;
    const located = stations.filter((s) => Number.isFinite(s.longitude) && Number.isFinite(s.latitude));
    const frame = [...(this.#extent ?? []), ...located];
    if (frame.length) this.#fit(frame);
    const layer = this.#svg.querySelector(".stations");
    const seen = new Set();
    for (const station of located) {
      seen.add(station.id);
      let node = this.#nodes.get(station.id);
      if (!node) {
        node = { group: svgElement("g"), circle: svgElement("circle"), title: svgElement("title"),
          label: svgElement("text", { dy: "-14", "text-anchor": "middle" }) };
        node.circle.append(node.title);
        node.group.append(node.circle, node.label);
        layer.append(node.group);
        this.#nodes.set(station.id, node);
      }
      this.#place(node, station, located.length <= LABEL_ALL_UP_TO || ATTENTION.has(station.status));
    }
    for (const [id, node] of this.#nodes) {
      if (!seen.has(id)) {
        node.group.remove();
        this.#nodes.delete(id);
      }
    }
  }

  #place(node, station, named) {
    const [x, y] = this.#project(station.longitude, station.latitude);
    const ratio = station.capacity > 0 ? station.occupancy / station.capacity : 0;
    node.circle.setAttribute("cx", x.toFixed(1));
    node.circle.setAttribute("cy", y.toFixed(1));
    node.circle.setAttribute("r", (7 + Math.min(1, ratio) * 9).toFixed(1));
    node.circle.setAttribute("class", `s-${station.status}`);
    node.circle.dataset.status = station.status;
    node.label.setAttribute("x", x.toFixed(1));
    node.label.setAttribute("y", y.toFixed(1));
    const label = named ? station.name.replace(/党群服务站|服务站/, "") : "";
    if (node.label.textContent !== label) node.label.textContent = label;
    node.title.textContent = `${station.name}｜${statusLabel(station.status)}｜在站 ${station.occupancy}/${station.capacity}`;
  }

  #fit(located) {
    const longitudes = located.map((s) => s.longitude);
    const latitudes = located.map((s) => s.latitude);
    let [west, east] = [Math.min(...longitudes), Math.max(...longitudes)];
    let [south, north] = [Math.min(...latitudes), Math.max(...latitudes)];
    if (east - west < 0.01) [west, east] = [west - 0.01, east + 0.01];
    if (north - south < 0.01) [south, north] = [south - 0.01, north + 0.01];
    const box = `${west},${south},${east},${north}`;
    if (this.#box === box) return;
    this.#box = box;
    this.#bounds = { west, east, south, north };
    this.#drawGrid();
  }

  #project(longitude, latitude) {
    const { west, east, south, north } = this.#bounds;
    return [
      PADDING + ((longitude - west) / (east - west)) * (WIDTH - 2 * PADDING),
      PADDING + ((north - latitude) / (north - south)) * (HEIGHT - 2 * PADDING),
    ];
  }

  #drawGrid() {
    const lines = [];
    for (let x = 0; x <= WIDTH; x += GRID_STEP) lines.push(svgElement("line", { x1: x, y1: 0, x2: x, y2: HEIGHT }));
    for (let y = 0; y <= HEIGHT; y += GRID_STEP) lines.push(svgElement("line", { x1: 0, y1: y, x2: WIDTH, y2: y }));
    this.#svg.querySelector(".grid-lines").replaceChildren(...lines);
  }
}
