// The ticker 实时动态: the latest events, newest first, at most LIMIT items in the page. It
// remembers the cursor of the last event shown, from which the page resumes after a drop.

import { statusLabel } from "./map.js";

const LIMIT = 50;
const TYPE_LABEL = {
  ORGANIZATION_CREATED: "新建组织", ORGANIZATION_UPDATED: "组织更新", ORGANIZATION_MOVED: "组织调整",
  MEMBER_CREATED: "新增党员", MEMBER_UPDATED: "人员信息更新", MEMBER_STATUS_CHANGED: "党员发展",
  MEMBER_DEVELOPMENT_RECORDED: "发展纪实",
  STATION_CREATED: "新建服务站", STATION_UPDATED: "服务站更新", STATION_DEVICE_ADDED: "设备接入",
  STATION_STATUS_CHANGED: "服务站状态", PETITION_CREATED: "新诉求", PETITION_TRANSITIONED: "诉求办理",
  PETITION_OVERDUE: "诉求超期", PETITION_ESCALATED: "诉求升级",
  ACTIVITY_CREATED: "活动发布", ACTIVITY_CANCELLED: "活动取消", ACTIVITY_SIGN_UPS_CHANGED: "活动报名",
  ACTIVITY_STARTED: "活动开始", ACTIVITY_ENDED: "活动结束", ACTIVITY_ATTENDANCE: "活动签到",
  NEED_POSTED: "新需求", NEED_CHANGED: "需求更新", EXCHANGE_OPENED: "资源对接", EXCHANGE_STEPPED: "对接进展",
};
// Only probationary and full members are Party members; the earlier stages are named as such.
const MEMBER_STAGE_LABEL = {
  applicant: "入党申请人", activist: "入党积极分子", development_target: "发展对象",
  probationary: "预备党员", full: "正式党员", cancelled: "取消预备党员资格",
  transferred_out: "已转出",
};
const PETITION_STATUS_LABEL = {
  SUBMITTED: "待受理", ACCEPTED: "已受理", ASSIGNED: "已派单", IN_PROGRESS: "办理中",
  RESOLVED: "已办结", RATED: "已评价", CLOSED: "已归档", REJECTED: "不予受理",
};
const timeFormat = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});

export function describe(event) {
  const label = TYPE_LABEL[event.type] ?? event.type;
  const changes = event.changes ?? {};
  if (event.petition) {
    // A workflow step shows where it went; overdue and escalation keep the status as it was.
    const to = String(changes.to ?? "").toUpperCase();
    const moved = changes.from !== changes.to && PETITION_STATUS_LABEL[to];
    return `${label}：${event.petition.title}${moved ? ` → ${PETITION_STATUS_LABEL[to]}` : ""}`;
  }
  if (event.station) {
    if (event.type === "STATION_STATUS_CHANGED" && changes.to) {
      return `${label}：${event.station.name} ${statusLabel(changes.from)} → ${statusLabel(changes.to)}`;
    }
    return `${label}：${event.station.name}`;
  }
  if (event.member) {
    const stage = (value) => MEMBER_STAGE_LABEL[String(value ?? "").toLowerCase()];
    if (event.type === "MEMBER_CREATED" && stage(changes.status)) {
      const party = ["probationary", "full"].includes(String(changes.status).toLowerCase());
      return `${party ? label : `新增${stage(changes.status)}`}：${event.member.name}`;
    }
    if (event.type === "MEMBER_STATUS_CHANGED" && String(changes.to) === "transferred_out") {
      return `组织关系转出：${event.member.name}（${stage(changes.from) ?? "党员"}）`;
    }
    if (event.type === "MEMBER_STATUS_CHANGED" && stage(changes.from) && stage(changes.to)) {
      return `${label}：${event.member.name} ${stage(changes.from)} → ${stage(changes.to)}`;
    }
  }
  const titled = event.activity ?? event.need ?? event.exchange?.need;
  if (titled) return `${label}：${titled.title}`;
  const named = event.organization ?? event.member;
  return named ? `${label}：${named.name}` : label;
}

export class Ticker {
  #list;

  constructor(list) {
    this.#list = list;
    this.cursor = null; // the last event shown
    this.shown = 0; // events shown since the page opened
  }

  /** `fresh`: flash it, as something that just happened (not the first paint's history). */
  add(event, fresh = true) {
    const item = document.createElement("li");
    if (fresh) item.className = "fresh";
    item.dataset.cursor = event.cursor;
    item.dataset.type = event.type;
    const time = document.createElement("time");
    time.textContent = timeFormat.format(new Date(event.occurredAt));
    item.append(time, describe(event));
    this.#list.prepend(item);
    while (this.#list.childElementCount > LIMIT) this.#list.lastElementChild.remove();
    this.cursor = event.cursor;
    this.shown += 1;
  }

  clear() {
    this.#list.replaceChildren();
    this.cursor = null;
  }
}
