// The organisational-life panel 组织生活: compliance this month and quarter, branches behind,
// attendance and dues collection, from the organizationalLife feed (coalesced like
// commandCentre). Only secretaries and administrators may watch it: others see a note.

import { byTestId, formatNumber, setText } from "./dom.js";

const percent = (share) => (share === null || share === undefined ? "—" : `${(share * 100).toFixed(1)}%`);

export function showOrgLife(panel) {
  byTestId("orglife").dataset.state = "live";
  setText(byTestId("orglife-month"), percent(panel.compliantShareThisMonth));
  setText(byTestId("orglife-quarter"), percent(panel.compliantShareThisQuarter));
  setText(byTestId("orglife-behind"), `${formatNumber(panel.behindThisMonth)} / ${formatNumber(panel.branches)}`);
  setText(byTestId("orglife-attendance"), percent(panel.attendanceRateThisQuarter));
  setText(byTestId("orglife-dues"), percent(panel.duesCollectionRate));
  setText(byTestId("orglife-period"), `${panel.month} · ${panel.quarter}`);
}

export function refuseOrgLife() {
  byTestId("orglife").dataset.state = "refused";
  setText(byTestId("orglife-period"), "本账号无权查看组织生活");
}
