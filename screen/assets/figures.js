// The header and the headline figures: organisation name, connection state, members, stations
// online, visitors now, served today, open and overdue petitions, satisfaction.

import { byTestId, formatNumber, setText } from "./dom.js";

const CONNECTION_LABEL = {
  idle: "未连接", connecting: "连接中…", connected: "已连接", reconnecting: "重连中…", "signed-out": "未登录",
};
const FIGURES = [
  "members", "stations-online", "visitors-now", "served-today", "activities-running", "open-petitions",
  "overdue-petitions", "satisfaction",
];
const ONLINE = new Set(["OPEN", "BUSY"]); // 在线: serving now; closed and offline stations are not

export function showFigure(id, value) {
  setText(byTestId(id), value === null || value === undefined ? "—" : typeof value === "number" ? formatNumber(value) : value);
}

export function clearFigures() {
  for (const id of FIGURES) showFigure(id, null);
  setText(byTestId("stations-total"), "");
  setText(byTestId("activities-today"), "");
  setText(byTestId("pipeline"), "");
}

/** 党员总数: probationary and full members; the people on the way counted apart beneath. */
export function showMembers(statistics) {
  showFigure("members", statistics.memberCount);
  setText(byTestId("pipeline"), `发展中 ${formatNumber(statistics.pipelineCount)} 人`);
}

export function showOrganisation(name) {
  setText(byTestId("org-name"), name);
  document.title = `${name} · 指挥大屏`;
}

export function showConnection(state) {
  const element = byTestId("connection-state");
  element.dataset.state = state;
  setText(element, `连接状态: ${CONNECTION_LABEL[state] ?? state}`);
}

export function showPetitionFigures(statistics) {
  showFigure("open-petitions", statistics.openNow);
  showFigure("overdue-petitions", statistics.overdueNow);
  const rate = statistics.satisfactionRate;
  showFigure("satisfaction", rate === null ? null : `${(rate * 100).toFixed(1)}%`);
}

export function showStationTotals(totals) {
  const online = totals.byStatus.filter((entry) => ONLINE.has(entry.status)).reduce((sum, entry) => sum + entry.count, 0);
  showFigure("stations-online", online);
  setText(byTestId("stations-total"), `共 ${formatNumber(totals.stations)} 个`);
  showFigure("visitors-now", totals.visitorsNow);
  showFigure("served-today", totals.servedToday);
}

export function showActivityFigures(figures) {
  showFigure("activities-running", figures?.runningNow ?? null);
  setText(byTestId("activities-today"), figures ? `今日 ${formatNumber(figures.today)} 场` : "");
}
