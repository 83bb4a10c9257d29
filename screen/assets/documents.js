// What the screen asks zhdj: queries over HTTP, subscriptions over graphql-transport-ws.

const STATISTICS = "total openNow overdueNow satisfactionRate byCategory { category { name } count }";
const TOTALS = "stations visitorsNow servedToday byStatus { status count }";
const ORGLIFE = `month quarter branches behindThisMonth compliantShareThisMonth compliantShareThisQuarter
  attendanceRateThisQuarter duesCollectionRate`;
const EVENT = `cursor type occurredAt changes
  ... on PetitionEvent { petition { title } }
  ... on StationEvent { station { name } }
  ... on OrganizationEvent { organization { id name } }
  ... on MemberEvent { member { name } }
  ... on ActivityEvent { activity { title } }
  ... on NeedEvent { need { title } }
  ... on ExchangeEvent { exchange { need { title } } }`;

export const LOGIN = "mutation ($input: LoginInput!) { login(input: $input) { token } }";
export const VIEWER = "{ viewer { roles { organization { id name } } } }";
export const OVERVIEW = `query ($org: ID!) {
  organization(id: $org) { id name statistics { memberCount pipelineCount } }
  petitionStatistics(under: $org, days: 30) { ${STATISTICS} }
  stationAwareness(under: $org) { totals { ${TOTALS} } peakHours(days: 30) { hour served } }
  stationMap(filter: { under: $org })
}`;
// The map's other layers: outlines and the resource wall (any organisation reader), activities
// (those who may read activities): apart, so a viewer refused one still sees the others.
export const MAP_LAYERS = `query ($org: ID!) {
  organizationMap(under: $org, levels: [DISTRICT, STREET], outlines: true)
  coBuildingMap(under: $org)
}`;
export const ACTIVITIES = `query ($org: ID!) {
  activityFigures(under: $org) { runningNow today }
  activityMap(under: $org, today: true)
}`;
export const HOT_WORDS = "query ($org: ID!) { petitionHotTopics(under: $org, first: 30) { word count } }";
export const MEMBER_COUNT = "query ($org: ID!) { organization(id: $org) { statistics { memberCount pipelineCount } } }";
export const RECENT_EVENTS = `query ($org: ID) { recentEvents(under: $org, last: 20) { ${EVENT} } eventCursor }`;

/** The live feeds of organisation `org`; `events` resumes after `cursor` when given. */
export function subscriptions(org, cursor) {
  return {
    centre: {
      query: `subscription ($org: ID) { commandCentre(under: $org) { generatedAt totals { ${TOTALS} }
        stations { id name status occupancy capacity longitude latitude } } }`,
      variables: { org },
    },
    petitions: {
      query: `subscription ($org: ID!) { petitionStatistics(under: $org, days: 30) { ${STATISTICS} } }`,
      variables: { org },
    },
    orglife: {
      query: `subscription ($org: ID) { organizationalLife(under: $org) { ${ORGLIFE} } }`,
      variables: { org },
    },
    events: {
      query: `subscription ($org: ID, $after: String) { events(under: $org, after: $after) { ${EVENT} } }`,
      variables: { org, after: cursor },
    },
  };
}
