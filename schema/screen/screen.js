// 指挥大屏: the command-centre big screen of zhdj. Hand-written, no framework, no build step.
// Static parts over HTTP POST /graphql; live parts over graphql-transport-ws subscriptions:
// commandCentre (stations), petitionStatistics (petition figures) and events (the ticker),
// resumed with `after:` the last cursor shown, so nothing that happened while away is missed.

const SVG = "http://www.w3.org/2000/svg";
const MAP_WIDTH = 1040; // the map's SVG viewBox (index.html)
const MAP_HEIGHT = 960;
const TOKEN_KEY = "zhdj.screen.token";
const TICKER_LIMIT = 50;
const WORDS_EVERY_MS = 10_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const PING_EVERY_MS = 10_000;
const SILENCE_LIMIT_MS = 35_000;
const OPEN_STATUSES = ["SUBMITTED", "ACCEPTED", "ASSIGNED", "IN_PROGRESS"];
const STATUS_LABEL = { OPEN: "开放", BUSY: "繁忙", CLOSED: "闭站", OFFLINE: "离线" };
const PETITION_STATUS_LABEL = {
  SUBMITTED: "待受理", ACCEPTED: "已受理", ASSIGNED: "已派单", IN_PROGRESS: "办理中",
  RESOLVED: "已办结", RATED: "已评价", CLOSED: "已归档", REJECTED: "不予受理",
};

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const params = new URLSearchParams(location.search);

const state = {
  token: null,
  org: null, // global ID of the organisation shown
  orgName: "",
  cursor: null, // the last event cursor displayed
  socket: null,
  connection: "idle",
  attempt: 0,
  reconnectTimer: null,
  pingTimer: null,
  lastMessageAt: 0,
  wordsTimer: null,
  generation: 0, // bumps on every (re)connect; stale callbacks check it
  stationNodes: new Map(), // station id → its SVG group (bounded by the stations in scope)
  eventsSeen: 0,
};

// ---------------------------------------------------------------- scale and clock
function fit() {
  const scale = Math.min(innerWidth / 1920, innerHeight / 1080);
  const screen = document.getElementById("screen");
  screen.style.transform = `scale(${scale})`;
  screen.style.left = `${(innerWidth - 1920 * scale) / 2}px`;
  screen.style.top = `${(innerHeight - 1080 * scale) / 2}px`;
}
addEventListener("resize", fit);

const clockFormat = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
  weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});
function tick() {
  const parts = Object.fromEntries(clockFormat.formatToParts(new Date()).map((part) => [part.type, part.value]));
  $("clock").textContent = `${parts.year}-${parts.month}-${parts.day} ${parts.weekday} ${parts.hour}:${parts.minute}:${parts.second}`;
}

// ---------------------------------------------------------------- HTTP
class AuthError extends Error {}

async function graphql(query, variables = {}, token = state.token) {
  const headers = { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors?.length) {
    const code = body.errors[0].extensions?.code;
    if (code === "UNAUTHENTICATED") throw new AuthError(body.errors[0].message);
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  return body.data;
}

// ---------------------------------------------------------------- sign-in
function showLogin(message = "") {
  setConnection("signed-out");
  const form = document.getElementById("login");
  form.hidden = false;
  $("login-error").textContent = message;
}

document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    const data = await graphql(
      "mutation ($input: LoginInput!) { login(input: $input) { token } }",
      { input: { username: form.username.value, password: form.password.value } },
      null,
    );
    state.token = data.login.token;
    sessionStorage.setItem(TOKEN_KEY, state.token);
    form.hidden = true;
    form.password.value = "";
    start();
  } catch (error) {
    $("login-error").textContent = error instanceof AuthError ? "用户名或密码错误" : `登录失败：${error.message}`;
  }
});

// ---------------------------------------------------------------- figures
const number = new Intl.NumberFormat("zh-CN");
function setFigure(id, value) {
  const element = $(id);
  const text = value === null || value === undefined ? "—" : typeof value === "number" ? number.format(value) : value;
  if (element.textContent !== text) element.textContent = text;
}

function setConnection(kind) {
  state.connection = kind;
  const labels = {
    idle: "未连接", connecting: "连接中…", connected: "已连接", reconnecting: "重连中…", "signed-out": "未登录",
  };
  const element = $("connection-state");
  element.dataset.state = kind;
  element.textContent = `连接状态: ${labels[kind]}`;
}

function applyPetitionStatistics(statistics) {
  const open = statistics.byStatus
    .filter((entry) => OPEN_STATUSES.includes(entry.status))
    .reduce((sum, entry) => sum + entry.count, 0);
  setFigure("open-petitions", open);
  setFigure("overdue-petitions", statistics.overdueNow);
  setFigure("satisfaction", statistics.satisfactionRate === null ? null : `${(statistics.satisfactionRate * 100).toFixed(1)}%`);
  if (statistics.byCategory) drawCategories(statistics.byCategory);
}

function applyTotals(totals) {
  const offline = totals.byStatus.find((entry) => entry.status === "OFFLINE")?.count ?? 0;
  setFigure("stations-online", totals.stations - offline);
  $("stations-total").textContent = `共 ${number.format(totals.stations)} 个`;
  setFigure("visitors-now", totals.visitorsNow);
  setFigure("served-today", totals.servedToday);
}

// ---------------------------------------------------------------- charts (hand-drawn SVG)
function svgElement(name, attributes = {}, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

function gradient(svg) {
  if (svg.querySelector("defs")) return;
  const defs = svgElement("defs");
  const linear = svgElement("linearGradient", { id: "barGradient", x1: "0", y1: "0", x2: "1", y2: "0" });
  linear.append(svgElement("stop", { offset: "0%", "stop-color": "#1d6fd1" }), svgElement("stop", { offset: "100%", "stop-color": "#3fe0ff" }));
  defs.append(linear);
  svg.append(defs);
}

// Bars are a fixed pool of nodes per chart, updated in place.
function barPool(svg, count, build) {
  gradient(svg);
  svg.pools ??= [];
  while (svg.pools.length < count) {
    const nodes = build();
    svg.pools.push(nodes);
    svg.append(...Object.values(nodes));
  }
  svg.pools.forEach((nodes, index) => {
    for (const node of Object.values(nodes)) node.style.display = index < count ? "" : "none";
  });
  return svg.pools;
}

function drawCategories(byCategory) {
  const svg = document.getElementById("categories");
  const rows = byCategory
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 10);
  const max = Math.max(1, ...rows.map((row) => row.count));
  const pools = barPool(svg, rows.length, () => ({
    label: svgElement("text", { x: "150", "text-anchor": "end" }),
    bar: svgElement("rect", { x: "160", height: "18", rx: "3", class: "bar" }),
    value: svgElement("text", { class: "value" }),
  }));
  rows.forEach((row, index) => {
    const { label, bar, value } = pools[index];
    const y = 10 + index * 28;
    const width = Math.max(2, (row.count / max) * 290);
    label.setAttribute("y", y + 14);
    label.textContent = row.category?.name ?? "未分类";
    bar.setAttribute("y", y);
    bar.setAttribute("width", width);
    value.setAttribute("x", 166 + width);
    value.setAttribute("y", y + 14);
    value.textContent = number.format(row.count);
  });
}

function drawPeaks(hours) {
  const svg = document.getElementById("peaks");
  const byHour = new Array(24).fill(0);
  for (const entry of hours) byHour[entry.hour] = entry.served;
  const max = Math.max(1, ...byHour);
  const pools = barPool(svg, 24, () => ({
    bar: svgElement("rect", { width: "15", rx: "2", class: "bar" }),
    label: svgElement("text", { "text-anchor": "middle" }),
  }));
  const top = Math.max(...byHour);
  byHour.forEach((served, hour) => {
    const { bar, label } = pools[hour];
    const height = Math.max(1, (served / max) * 170);
    const x = 12 + hour * 20.8;
    bar.setAttribute("x", x);
    bar.setAttribute("y", 185 - height);
    bar.setAttribute("height", height);
    bar.setAttribute("class", served === top && top > 0 ? "bar peak" : "bar");
    if (served === top && top > 0) bar.setAttribute("fill", "#ff9f1a"); else bar.removeAttribute("fill");
    label.setAttribute("x", x + 7.5);
    label.setAttribute("y", 208);
    label.textContent = hour % 3 === 0 ? `${hour}时` : "";
  });
}

function drawWords(topics) {
  const box = document.getElementById("words");
  const max = Math.max(1, ...topics.map((topic) => topic.count));
  const spans = [];
  for (const topic of topics) {
    const span = document.createElement("span");
    span.textContent = topic.word;
    span.title = `${topic.word}: ${topic.count}`;
    span.style.fontSize = `${Math.round(18 + (topic.count / max) * 30)}px`;
    spans.push(span);
  }
  box.replaceChildren(...spans); // replace, never accumulate
}

// ---------------------------------------------------------------- the map
const map = { box: null };

function drawStations(stations) {
  const svg = document.getElementById("map");
  const layer = svg.querySelector(".stations");
  const located = stations.filter((s) => Number.isFinite(s.longitude) && Number.isFinite(s.latitude));
  if (located.length) {
    let [west, east] = [Math.min(...located.map((s) => s.longitude)), Math.max(...located.map((s) => s.longitude))];
    let [south, north] = [Math.min(...located.map((s) => s.latitude)), Math.max(...located.map((s) => s.latitude))];
    if (east - west < 0.01) { west -= 0.01; east += 0.01; }
    if (north - south < 0.01) { south -= 0.01; north += 0.01; }
    const box = `${west},${south},${east},${north}`;
    if (map.box !== box) { map.box = box; map.bounds = { west, east, south, north }; drawGridLines(svg); }
  }
  const seen = new Set();
  for (const station of located) {
    seen.add(station.id);
    let node = state.stationNodes.get(station.id);
    if (!node) {
      const group = svgElement("g");
      const circle = svgElement("circle");
      const label = svgElement("text", { dy: "-14", "text-anchor": "middle" });
      const title = svgElement("title");
      circle.append(title);
      group.append(circle, label);
      layer.append(group);
      node = { group, circle, label, title };
      state.stationNodes.set(station.id, node);
    }
    const [x, y] = project(station.longitude, station.latitude);
    const ratio = station.capacity > 0 ? station.occupancy / station.capacity : 0;
    node.circle.setAttribute("cx", x.toFixed(1));
    node.circle.setAttribute("cy", y.toFixed(1));
    node.circle.setAttribute("r", (7 + Math.min(1, ratio) * 9).toFixed(1));
    node.circle.setAttribute("class", `s-${station.status}`);
    node.circle.dataset.status = station.status;
    node.label.setAttribute("x", x.toFixed(1));
    node.label.setAttribute("y", y.toFixed(1));
    const short = station.name.replace(/党群服务站|服务站/, "");
    if (node.label.textContent !== short) node.label.textContent = located.length <= 40 ? short : "";
    node.title.textContent = `${station.name}｜${STATUS_LABEL[station.status] ?? station.status}｜在站 ${station.occupancy}/${station.capacity}`;
  }
  for (const [id, node] of state.stationNodes) {
    if (!seen.has(id)) { node.group.remove(); state.stationNodes.delete(id); }
  }
}

function project(longitude, latitude) {
  const { west, east, south, north } = map.bounds;
  const pad = 50;
  return [
    pad + ((longitude - west) / (east - west)) * (MAP_WIDTH - 2 * pad),
    pad + ((north - latitude) / (north - south)) * (MAP_HEIGHT - 2 * pad),
  ];
}

function drawGridLines(svg) {
  const layer = svg.querySelector(".grid-lines");
  const lines = [];
  for (let i = 0; i <= MAP_WIDTH / 80; i += 1) lines.push(svgElement("line", { x1: i * 80, y1: 0, x2: i * 80, y2: MAP_HEIGHT }));
  for (let i = 0; i <= MAP_HEIGHT / 80; i += 1) lines.push(svgElement("line", { x1: 0, y1: i * 80, x2: MAP_WIDTH, y2: i * 80 }));
  layer.replaceChildren(...lines);
}

function geoJsonStations(collection) {
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

// ---------------------------------------------------------------- the ticker
const TYPE_LABEL = {
  ORGANIZATION_CREATED: "新建组织", ORGANIZATION_UPDATED: "组织更新", ORGANIZATION_MOVED: "组织调整",
  MEMBER_CREATED: "新增党员", MEMBER_UPDATED: "党员信息更新", MEMBER_STATUS_CHANGED: "党员发展",
  STATION_CREATED: "新建服务站", STATION_UPDATED: "服务站更新", STATION_DEVICE_ADDED: "设备接入",
  STATION_STATUS_CHANGED: "服务站状态", PETITION_CREATED: "新诉求", PETITION_TRANSITIONED: "诉求办理",
  PETITION_OVERDUE: "诉求超期", PETITION_ESCALATED: "诉求升级",
};
const timeFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

function describe(event) {
  const label = TYPE_LABEL[event.type] ?? event.type;
  const changes = event.changes ?? {};
  if (event.petition) {
    const to = changes.to ?? changes.status;
    const key = typeof to === "string" ? to.toUpperCase() : "";
    const step = PETITION_STATUS_LABEL[key] ? ` → ${PETITION_STATUS_LABEL[key]}` : "";
    return `${label}：${event.petition.title}${step}`;
  }
  if (event.station) {
    if (event.type === "STATION_STATUS_CHANGED" && changes.to) {
      const name = (status) => STATUS_LABEL[String(status ?? "").toUpperCase()] ?? status ?? "";
      return `${label}：${event.station.name} ${name(changes.from)} → ${name(changes.to)}`;
    }
    return `${label}：${event.station.name}`;
  }
  if (event.organization) return `${label}：${event.organization.name}`;
  if (event.member) return `${label}：${event.member.name}`;
  return label;
}

function addEvent(event) {
  const ticker = $("ticker");
  const item = document.createElement("li");
  item.className = "fresh";
  item.dataset.cursor = event.cursor;
  item.dataset.type = event.type;
  const time = document.createElement("time");
  time.textContent = timeFormat.format(new Date(event.occurredAt));
  item.append(time, document.createTextNode(describe(event)));
  ticker.prepend(item);
  while (ticker.childElementCount > TICKER_LIMIT) ticker.lastElementChild.remove();
  state.cursor = event.cursor;
  state.eventsSeen += 1;
}

// ---------------------------------------------------------------- static parts over HTTP
const STATISTICS_FIELDS = "total overdueNow satisfactionRate byStatus { status count } byCategory { category { name } count }";
const SNAPSHOT_FIELDS = `generatedAt totals { stations visitorsNow servedToday byStatus { status count } }
  stations { id name status occupancy capacity longitude latitude }`;

async function chooseOrganisation() {
  if (state.org) return;
  const wanted = params.get("org");
  if (wanted) { state.org = wanted; return; }
  const data = await graphql("{ viewer { displayName roles { organization { id name } } } }");
  const binding = data.viewer.roles.find((role) => role.organization);
  if (!binding) throw new Error("此账号没有可查看的组织");
  state.org = binding.organization.id;
}

async function loadStatic() {
  await chooseOrganisation();
  const data = await graphql(
    `query ($org: ID!) {
      organization(id: $org) { id name statistics { memberCount } }
      petitionStatistics(under: $org, days: 30) { ${STATISTICS_FIELDS} }
      stationAwareness(under: $org) { totals { stations visitorsNow servedToday byStatus { status count } } peakHours(days: 30) { hour served visitors } }
      stationMap(filter: { under: $org })
    }`,
    { org: state.org },
  );
  if (!data.organization) throw new Error("找不到该组织，或无权查看");
  state.orgName = data.organization.name;
  $("org-name").textContent = data.organization.name;
  document.title = `${data.organization.name} · 指挥大屏`;
  setFigure("members", data.organization.statistics.memberCount);
  applyPetitionStatistics(data.petitionStatistics);
  applyTotals(data.stationAwareness.totals);
  drawPeaks(data.stationAwareness.peakHours);
  drawStations(geoJsonStations(data.stationMap));
  await loadWords();
}

async function loadWords() {
  const data = await graphql("query ($org: ID!) { petitionHotTopics(under: $org, first: 30) { word count } }", { org: state.org });
  drawWords(data.petitionHotTopics);
}

async function loadMembers() {
  const data = await graphql("query ($org: ID!) { organization(id: $org) { statistics { memberCount } } }", { org: state.org });
  if (data.organization) setFigure("members", data.organization.statistics.memberCount);
}

// ---------------------------------------------------------------- graphql-transport-ws
const EVENT_FIELDS = `cursor type occurredAt changes
      ... on PetitionEvent { petition { title } }
      ... on StationEvent { station { name } }
      ... on OrganizationEvent { organization { name } }
      ... on MemberEvent { member { name } }`;

// First paint of the ticker: the newest events, then live from the last one's cursor (or from
// the log's head when there are none), so even a drop before the first live event loses nothing.
async function loadRecentEvents() {
  const data = await graphql(`query ($org: ID) { recentEvents(under: $org, last: 20) { ${EVENT_FIELDS} } eventCursor }`, { org: state.org });
  for (const event of data.recentEvents) addEvent(event);
  if (!state.cursor) state.cursor = data.eventCursor;
}

const OPERATIONS = {
  centre: () => ({ query: `subscription ($org: ID) { commandCentre(under: $org) { ${SNAPSHOT_FIELDS} } }`, variables: { org: state.org } }),
  petitions: () => ({ query: `subscription ($org: ID!) { petitionStatistics(under: $org, days: 30) { ${STATISTICS_FIELDS} } }`, variables: { org: state.org } }),
  events: () => ({
    query: `subscription ($org: ID, $after: String) { events(under: $org, after: $after) {
      ${EVENT_FIELDS}
    } }`,
    variables: { org: state.org, after: state.cursor },
  }),
};

function onNext(id, payload) {
  if (payload.errors?.length) { console.warn("subscription error", id, payload.errors); return; }
  const data = payload.data;
  if (id === "centre") {
    applyTotals(data.commandCentre.totals);
    drawStations(data.commandCentre.stations);
  } else if (id === "petitions") {
    applyPetitionStatistics(data.petitionStatistics);
  } else if (id === "events") {
    addEvent(data.events);
    if (data.events.type.startsWith("MEMBER_")) loadMembers().catch(() => {});
    if (data.events.type === "ORGANIZATION_UPDATED" && data.events.organization && state.org) loadStatic().catch(() => {});
  }
}

function send(socket, message) {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  const generation = ++state.generation;
  clearTimeout(state.reconnectTimer);
  setConnection(state.attempt === 0 && state.eventsSeen === 0 && state.connection !== "reconnecting" ? "connecting" : "reconnecting");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/graphql`, "graphql-transport-ws");
  state.socket = socket;
  socket.addEventListener("open", () => {
    state.lastMessageAt = Date.now();
    send(socket, { type: "connection_init", payload: { Authorization: `Bearer ${state.token}` } });
  });
  socket.addEventListener("message", async (message) => {
    if (generation !== state.generation) return;
    state.lastMessageAt = Date.now();
    const data = JSON.parse(message.data);
    switch (data.type) {
      case "connection_ack":
        try {
          await loadStatic(); // refresh what is not streamed, then stream
          if (!state.cursor) await loadRecentEvents();
        } catch (error) {
          if (error instanceof AuthError) { signOut(); return; }
          console.warn("static load failed", error);
        }
        if (generation !== state.generation) return;
        state.attempt = 0;
        for (const [id, build] of Object.entries(OPERATIONS)) send(socket, { id, type: "subscribe", payload: build() });
        setConnection("connected");
        break;
      case "next": onNext(data.id, data.payload); break;
      case "error":
        console.warn("subscription refused", data.id, data.payload);
        // A resume cursor that is no longer valid: continue live rather than not at all.
        if (data.id === "events" && state.cursor) { state.cursor = null; send(socket, { id: "events", type: "subscribe", payload: OPERATIONS.events() }); }
        break;
      case "complete": break;
      case "ping": send(socket, { type: "pong" }); break;
      case "pong": break;
      default: break;
    }
  });
  socket.addEventListener("close", (event) => {
    if (generation !== state.generation) return;
    state.socket = null;
    if (event.code === 4401 || event.code === 4403) { signOut(); return; }
    scheduleReconnect();
  });
}

function scheduleReconnect() {
  clearTimeout(state.reconnectTimer);
  setConnection("reconnecting");
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** state.attempt);
  const delay = ceiling / 2 + Math.random() * (ceiling / 2); // exponential backoff, jitter
  state.attempt = Math.min(state.attempt + 1, 16);
  state.reconnectTimer = setTimeout(connect, delay);
}

function dropConnection() {
  // Close the socket as a network drop would; the page reconnects by itself.
  if (state.socket) state.socket.close(4000, "dropped");
}

function heartbeat() {
  const socket = state.socket;
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  if (Date.now() - state.lastMessageAt > SILENCE_LIMIT_MS) {
    // A half-open connection: nothing heard for too long.
    state.generation += 1;
    socket.close();
    state.socket = null;
    scheduleReconnect();
    return;
  }
  send(socket, { type: "ping" });
}

function signOut() {
  state.generation += 1;
  if (state.socket) state.socket.close();
  state.socket = null;
  clearTimeout(state.reconnectTimer);
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  showLogin("登录已失效，请重新登录");
}

function start() {
  clearInterval(state.pingTimer);
  clearInterval(state.wordsTimer);
  state.pingTimer = setInterval(heartbeat, PING_EVERY_MS);
  state.wordsTimer = setInterval(() => {
    if (state.token && state.org && state.connection === "connected") loadWords().catch(() => {});
  }, WORDS_EVERY_MS);
  connect();
}

// ---------------------------------------------------------------- boot
window.__zhdj = {
  dropConnection,
  get state() { return { connection: state.connection, cursor: state.cursor, org: state.org, eventsSeen: state.eventsSeen, stations: state.stationNodes.size }; },
};

fit();
tick();
setInterval(tick, 1000);
const fromAddress = params.get("token");
if (fromAddress) {
  sessionStorage.setItem(TOKEN_KEY, fromAddress);
  // Keep the token out of the address bar (and out of screenshots and history).
  params.delete("token");
  const rest = params.toString();
  history.replaceState(null, "", `${location.pathname}${rest ? `?${rest}` : ""}`);
}
state.token = sessionStorage.getItem(TOKEN_KEY);
if (state.token) start(); else showLogin();
