// 指挥大屏: the command-centre big screen of zhdj, in hand-written ES modules (no build step).
// What is not streamed comes over HTTP on every (re)connect; stations, petition figures and the
// ticker come live over graphql-transport-ws (commandCentre, petitionStatistics, events), the
// ticker resumed with `after:` its last cursor, so nothing that happened while away is missed.

import { GraphQLError, graphql } from "./api.js";
import { CategoryChart, PeakHoursChart, drawWords, refuseWords } from "./charts.js";
import { HOT_WORDS, MEMBER_COUNT, OVERVIEW, RECENT_EVENTS, VIEWER, subscriptions } from "./documents.js";
import { byTestId } from "./dom.js";
import {
  clearFigures, showConnection, showMembers, showOrganisation, showPetitionFigures,
  showStationTotals,
} from "./figures.js";
import { LAYER_EVENTS, LAYERS_EVERY_MS, Layers, refreshLayers, soon } from "./layers.js";
import { LiveConnection } from "./live.js";
import { StationMap, stationsFromGeoJson } from "./map.js";
import { hideNotice, showNotice } from "./notice.js";
import { refuseOrgLife, showOrgLife } from "./orglife.js";
import { rank } from "./ranking.js";
import { askSignIn, forgetToken, takeToken } from "./signin.js";
import { fitStage, startClock } from "./stage.js";
import { Ticker } from "./ticker.js";

const WORDS_EVERY_MS = 10_000;
const MEMBERS_AFTER_MS = 1_000; // a burst of member events: one count refresh
const SIGNED_OUT = "登录已失效或令牌无效，请重新登录";
const NOT_VISIBLE = ["无权查看该组织", "该组织不存在，或不在本账号的查看范围内。请检查地址中的 org 参数，或换一个有权限的账号登录。"];
const BAD_ID = ["组织编号无效", "地址中的 org 参数不是有效的组织编号。请使用系统中组织的 id，或去掉该参数查看本账号的组织。"];
const NO_SCOPE = ["此账号没有可查看的组织", "请联系管理员为账号分配组织，或换一个账号登录。"];
const WORDS_FORBIDDEN = "本账号无权查看诉求热词";
const params = new URLSearchParams(location.search);

const page = {
  token: null,
  org: null, // global ID of the organisation shown: `?org=`, else the account's top node
  firstEvents: null, // the ticker's first paint, loaded once per sign-in
  wordsAllowed: true,
  membersTimer: null,
  activitiesAllowed: true,
};
const map = new StationMap(document.getElementById("map"));
const categories = new CategoryChart(document.getElementById("categories"));
const peaks = new PeakHoursChart(document.getElementById("peaks"));
const ticker = new Ticker(byTestId("ticker"));
const layers = new Layers(document.getElementById("map"), map);
const words = byTestId("hot-words");
const ask = (query, variables) => graphql(query, variables, page.token);
const isCode = (error, ...codes) => error instanceof GraphQLError && codes.includes(error.code);

/** Nothing to show for this organisation and account, and retrying will not change that. */
class Refusal extends Error {
  constructor([title, detail]) {
    super(title);
    this.detail = detail;
  }
}

// ---------------------------------------------------------------- loading over HTTP
async function ownOrganisation() {
  const { viewer } = await ask(VIEWER);
  return viewer.roles.find((role) => role.organization)?.organization ?? null;
}

async function loadOverview() {
  let data;
  try {
    data = await ask(OVERVIEW, { org: page.org });
  } catch (error) {
    if (isCode(error, "BAD_USER_INPUT")) throw new Refusal(BAD_ID);
    if (isCode(error, "NOT_FOUND", "FORBIDDEN")) throw new Refusal(NOT_VISIBLE);
    throw error;
  }
  if (!data.organization) throw new Refusal(NOT_VISIBLE);
  hideNotice();
  showOrganisation(data.organization.name);
  showMembers(data.organization.statistics);
  showPetitionFigures(data.petitionStatistics);
  categories.draw(data.petitionStatistics.byCategory);
  showStationTotals(data.stationAwareness.totals);
  peaks.draw(data.stationAwareness.peakHours);
  map.draw(stationsFromGeoJson(data.stationMap));
}

async function loadWords() {
  if (!page.wordsAllowed) return;
  try {
    drawWords(words, (await ask(HOT_WORDS, { org: page.org })).petitionHotTopics);
  } catch (error) {
    if (!isCode(error, "FORBIDDEN")) throw error;
    page.wordsAllowed = false; // e.g. a resident: figures yes, petition text no
    refuseWords(words, WORDS_FORBIDDEN);
  }
}

// The ticker's first paint: the newest events, then live after the last one (or after the
// log's head when there are none). Once per sign-in, however many connections race to it.
function loadFirstEvents() {
  page.firstEvents ??= ask(RECENT_EVENTS, { org: page.org }).then(
    (data) => {
      for (const event of data.recentEvents) ticker.add(event, false);
      ticker.cursor ??= data.eventCursor;
    },
    (error) => {
      page.firstEvents = null;
      throw error;
    },
  );
  return page.firstEvents;
}

// The outlines, the resource wall and the activities (layers.js), refreshed on their events.
async function loadLayers() {
  page.activitiesAllowed = await refreshLayers(ask, page.org, map, layers, page.activitiesAllowed);
}

const refreshLayersSoon = soon(() => loadLayers().catch(onBackgroundError));

/** Before every (re)subscription: refresh what is not streamed. */
async function prepare() {
  if (!page.org) {
    const own = await ownOrganisation();
    if (!own) throw new Refusal(NO_SCOPE);
    page.org = own.id;
  }
  await loadOverview();
  await loadLayers();
  await loadWords();
  await rank(ask, page.org);
  await loadFirstEvents();
}

function refreshMembersSoon() {
  if (page.membersTimer) return;
  page.membersTimer = setTimeout(async () => {
    page.membersTimer = null;
    try {
      const { organization } = await ask(MEMBER_COUNT, { org: page.org });
      if (organization) showMembers(organization.statistics);
    } catch (error) {
      onBackgroundError(error);
    }
  }, MEMBERS_AFTER_MS);
}

// ---------------------------------------------------------------- live
function onNext(id, payload) {
  if (payload.errors?.length) {
    console.warn(`subscription ${id}: ${payload.errors[0].message}`);
    return;
  }
  const { data } = payload;
  if (id === "centre") {
    showStationTotals(data.commandCentre.totals);
    map.draw(data.commandCentre.stations);
  } else if (id === "petitions") {
    showPetitionFigures(data.petitionStatistics);
    categories.draw(data.petitionStatistics.byCategory);
  } else if (id === "events") {
    onEvent(data.events);
  } else if (id === "orglife") showOrgLife(data.organizationalLife);
}

function onEvent(event) {
  ticker.add(event);
  if (event.type.startsWith("MEMBER_") || event.type === "ORGANIZATION_MOVED") refreshMembersSoon();
  if (LAYER_EVENTS.test(event.type)) refreshLayersSoon();
  if (/^EVAL/.test(event.type)) rank(ask, page.org);
  if (event.type === "ORGANIZATION_UPDATED" && event.organization?.id === page.org) {
    showOrganisation(event.organization.name);
  }
}

function onError(id, errors) {
  console.warn(`subscription ${id} refused: ${errors?.[0]?.message}`);
  if (id === "orglife") refuseOrgLife();
  // A resume cursor the server no longer accepts: continue live rather than not at all.
  if (id === "events" && ticker.cursor) {
    ticker.cursor = null;
    live.resubscribe("events");
  }
}

function onPrepareFailed(error) {
  if (error instanceof Refusal) refuse(error);
  else if (isCode(error, "UNAUTHENTICATED")) signOut(SIGNED_OUT);
  else console.warn(`loading the screen failed, retrying: ${error.message}`);
}

function onBackgroundError(error) {
  if (isCode(error, "UNAUTHENTICATED")) signOut(SIGNED_OUT);
  // anything else: the next refresh or reconnect tries again
}

const live = new LiveConnection({
  path: "/graphql",
  connectionParams: () => ({ Authorization: `Bearer ${page.token}` }),
  prepare,
  operations: () => subscriptions(page.org, ticker.cursor),
  onNext,
  onError,
  onPrepareFailed,
  onState: showConnection,
  onRefused: () => signOut(SIGNED_OUT),
});

// ---------------------------------------------------------------- who and what
function clearScreen() {
  clearFigures();
  showOrganisation("智慧党建");
  map.fitTo([]);
  map.draw([]);
  layers.clear();
  categories.draw([]);
  peaks.draw([]);
  drawWords(words, []);
  ticker.clear();
  page.firstEvents = null;
}

function refuse(refusal) {
  live.stop(); // nothing is subscribed, and the state says so
  clearScreen();
  const actions = [{ label: "切换账号", run: () => signOut("") }];
  if (params.has("org")) actions.unshift({ label: "查看本账号的组织", run: () => location.assign(location.pathname) });
  showNotice(refusal.message, refusal.detail, actions);
}

function begin(token) {
  page.token = token;
  page.org = params.get("org");
  page.wordsAllowed = true;
  page.activitiesAllowed = true;
  live.start();
}

function signOut(message) {
  live.stop();
  forgetToken();
  page.token = null;
  clearTimeout(page.membersTimer);
  refreshLayersSoon.cancel();
  page.membersTimer = null;
  clearScreen();
  hideNotice();
  showConnection("signed-out");
  askSignIn(message, begin);
}

// ---------------------------------------------------------------- boot
window.__zhdj = { // for the browser tests and the soak test
  drop: () => live.drop(),
  get state() {
    return {
      connection: live.state, cursor: ticker.cursor, org: page.org, eventsSeen: ticker.shown, stations: map.size,
      activities: layers.count("activities"), outlines: layers.count("outlines"), wall: layers.count("wall"),
    };
  },
};

fitStage(document.getElementById("screen"));
startClock(byTestId("clock"));
setInterval(() => {
  if (live.state === "connected") loadWords().catch(onBackgroundError);
}, WORDS_EVERY_MS);
setInterval(() => {
  if (live.state === "connected") loadLayers().catch(onBackgroundError);
}, LAYERS_EVERY_MS);
layers.wireToggles(document);
const token = takeToken(params);
if (token) begin(token);
else signOut("");
