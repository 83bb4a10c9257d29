"""Subtree aggregates at the root, a district and a community of the city-scale data.

Through the GraphQL API as the bench administrator: members by status, the member portrait,
open petitions (`openNow`, from the petition tallies; and the petition list's totalCount, whole
and with the open statuses or a kind and statuses, from the held counts), petition statistics
over 30 days (the 90th percentile from the kept hourly histograms), stations online (the
awareness totals by live status), co-building's volunteer hours, activities now and today,
and open needs, learning's completion this year, and
organisational life: compliance this month and quarter with attendance and dues collection
(the screen panel), meetingCompliance's figures (kept) and its branches behind (judged
branch by branch), and dues collection.

.venv/bin/python -m bench.aggregates --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
import functools

from bench.common import graphql_client, measure, query, report

LEVEL_NODE = """
query ($level: GovernanceLevel!) {
  organizations(filter: {levels: [$level]}, first: 1) { nodes { id name } }
}
"""
STATISTICS = """
query ($id: ID!) {
  organization(id: $id) { statistics { memberCount membersByStatus { status count } } }
}
"""
PORTRAIT = """
query ($id: ID!) {
  organization(id: $id) {
    portrait {
      byGender { key count } byAgeBand { key count } byEducation { key count }
      byEthnicity { key count } byOccupation { key count }
    }
  }
}
"""
OPEN_PETITIONS = """
query ($id: ID!) { petitionStatistics(under: $id, days: 1) { openNow } }
"""
OPEN_PETITION_LIST = """
query ($id: ID!) {
  petitions(filter: {under: $id, statuses: [SUBMITTED, ACCEPTED, ASSIGNED, IN_PROGRESS]},
            first: 1) { totalCount }
}
"""
# The petition list's count for the whole subtree, and narrowed by kind and status (from the
# held counts; filters they cannot answer, such as text, count the petitions).
PETITION_LIST_TOTAL = """
query ($id: ID!) { petitions(filter: {under: $id}, first: 1) { totalCount } }
"""
PETITION_LIST_KIND_TOTAL = """
query ($id: ID!) {
  petitions(filter: {under: $id, kinds: [PUBLIC_SAFETY], statuses: [RESOLVED, CLOSED]},
            first: 1) { totalCount }
}
"""
PETITION_STATISTICS = """
query ($id: ID!) {
  petitionStatistics(under: $id, days: 30) {
    total byStatus { status count } onTimeRate meanHandlingHours p90HandlingHours
    satisfactionRate overdueNow
  }
}
"""
# The same statistics without overdue-now (it needs every open petition's deadline) and the
# 90th percentile (read from the kept hourly histograms: timed on its own below).
PETITION_FIGURES = """
query ($id: ID!) {
  petitionStatistics(under: $id, days: 30) {
    total byStatus { status count } onTimeRate meanHandlingHours satisfactionRate openNow
  }
}
"""
P90_HANDLING = """
query ($id: ID!) { petitionStatistics(under: $id, days: 30) { p90HandlingHours } }
"""
OVERDUE_NOW = """
query ($id: ID!) { petitionStatistics(under: $id, days: 30) { overdueNow } }
"""
STATIONS_ONLINE = """
query ($id: ID!) {
  stationAwareness(under: $id) { totals { stations byStatus { status count } } }
}
"""
# Co-building: a subtree's volunteer hours (kept per organisation and day: a range read),
# what runs now and today (the activities of the subtree), its open needs.
VOLUNTEER_HOURS = """
query ($id: ID!) { volunteerHours(under: $id) { minutes entries } }
"""
ACTIVITY_FIGURES = """
query ($id: ID!) { activityFigures(under: $id) { runningNow today signedUpToday } }
"""
OPEN_NEEDS = """
query ($id: ID!) {
  coBuildingNeeds(filter: {under: $id, statuses: [OPEN, CLAIMED]}, first: 1) { totalCount }
}
"""
# Learning 网上党校: a subtree's study this year (kept per organisation and year: one row).
LEARNING_COMPLETION = """
query ($id: ID!) {
  learningCompletion(under: $id) {
    members learners membersMet completionRate creditedMinutes averageMinutes checkIns
  }
}
"""
# Organisational life: the screen panel's figures (compliance this month and quarter, attendance,
# dues collection) and meetingCompliance's figures, both from kept per-subtree figures; the
# branches behind (judged branch by branch: every branch's tallies are read); dues collection.
ORGLIFE = """
query ($id: ID!) {
  organizationalLife(under: $id) {
    branches compliantThisMonth compliantThisQuarter behindThisQuarter
    attendanceRateThisQuarter duesCollectionRate
  }
}
"""
MEETING_COMPLIANCE = """
query ($id: ID!) { meetingCompliance(under: $id) { branches compliant attendanceRate } }
"""
MEETING_COMPLIANCE_BEHIND = """
query ($id: ID!) { meetingCompliance(under: $id) { behind(first: 20) { totalCount } } }
"""
DUES_COLLECTION = """
query ($id: ID!) { duesCollection(under: $id) { months { dueMembers paidMembers collectionRate } } }
"""
# The Party members with no presence 在场 in six months (口袋党员 candidates): the count of the
# whole subtree with the first page.
ABSENT_MEMBERS = """
query ($id: ID!) {
  absentMembers(under: $id, months: 6, first: 20) { totalCount nodes { member { id } } }
}
"""
DOCUMENTS = {
    "members_by_status": STATISTICS,
    "portrait": PORTRAIT,
    "open_petitions": OPEN_PETITIONS,
    "open_petition_list_total": OPEN_PETITION_LIST,
    "petition_list_total": PETITION_LIST_TOTAL,
    "petition_list_kind_total": PETITION_LIST_KIND_TOTAL,
    "petition_statistics": PETITION_STATISTICS,
    "petition_figures": PETITION_FIGURES,
    "p90_handling": P90_HANDLING,
    "overdue_now": OVERDUE_NOW,
    "stations_online": STATIONS_ONLINE,
    "volunteer_hours": VOLUNTEER_HOURS,
    "activity_figures": ACTIVITY_FIGURES,
    "open_needs": OPEN_NEEDS,
    "learning_completion": LEARNING_COMPLETION,
    "orglife_compliance": ORGLIFE,
    "meeting_compliance": MEETING_COMPLIANCE,
    "meeting_compliance_behind": MEETING_COMPLIANCE_BEHIND,
    "dues_collection": DUES_COLLECTION,
    "absent_members": ABSENT_MEMBERS,
}


async def run(database_url: str, repeat: int, only: list[str]) -> None:
    figures: dict[str, object] = {}
    async with graphql_client(database_url) as (client, token):
        for level in ("CITY", "DISTRICT", "COMMUNITY"):
            node = (await query(client, token, LEVEL_NODE, level=level))["organizations"]["nodes"][
                0
            ]
            for name in only:
                document = DOCUMENTS[name]
                figures[f"{level.lower()}.{name}"] = await measure(
                    functools.partial(query, client, token, document, id=node["id"]),
                    label=f"{level.lower()} {node['name']}: {name}",
                    repeat=repeat,
                )
    report("aggregates", figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument(
        "--only", nargs="+", choices=list(DOCUMENTS), default=list(DOCUMENTS), help="figures"
    )
    options = parser.parse_args()
    asyncio.run(run(options.database_url, options.repeat, options.only))


if __name__ == "__main__":
    main()
