"""The demo's organisational life: the `member` account is a party member of 锦绣社区's own; a
year of meetings with attendance and minutes, compliance true from the first start; the
secretary reminded of the community's arrears."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from starlette.applications import Starlette

from db.base import CHINA_STANDARD_TIME
from db.engine import Database
from db.meetings.subtree_rebuild import kept_compliance_tallies, recount_compliance_tallies
from db.meetings.tallies import kept_meeting_tallies, recount_meeting_tallies
from generators.demo.seed import seed_demo
from jobs.reminders import REMINDER_RULES
from resolvers.reminders.produce import produce_reminders
from tests.databases import SeedDemo
from tests.graphql import error_codes, execute
from tests.test_co_building_demo import token

OWN = "{ viewer { displayName member { name branch { name }} } }"


async def test_the_demo_member_account_is_a_member_of_the_demo_community(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    # given the demo seeded twice (the second start writes nothing more)
    await demo(database, members=300, petitions=50, history_days=2)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    member = await token(client, "member")
    # when the member account asks for its own record, and for the members list
    own = await execute(client, OWN, token=member)
    others = await execute(client, "{ members { totalCount } }", token=member)
    # then it is a member of a branch of 锦绣社区, named in the account, and sees no one else
    record = own["data"]["viewer"]["member"]
    assert own["data"]["viewer"]["displayName"].startswith(record["name"])
    assert "锦绣社区" in own["data"]["viewer"]["displayName"]
    assert record["branch"]["name"]
    assert error_codes(others) == ["FORBIDDEN"]


MEETINGS = """
{ myMeetings(first: 100) { totalCount nodes { status minutes myAttendance { status } } }
  memberMeetingAttendance { held present rate } }
"""
COMPLIANCE = """
query ($period: String) {
  meetingCompliance(period: $period) { branches compliant attendanceRate behind { totalCount } }
}
"""


async def test_the_demo_has_a_year_of_meetings_true_to_the_kept_figures(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    # given the demo seeded
    await demo(database, members=300, petitions=50, history_days=2)
    # when the member reads its meetings and the secretary the last full quarter's compliance
    mine = await execute(client, MEETINGS, token=await token(client, "member"))
    local = datetime.now(UTC).astimezone(CHINA_STANDARD_TIME)
    quarter = (local.month - 1) // 3  # the previous quarter, 1-4 (0: Q4 of last year)
    period = f"{local.year}-Q{quarter}" if quarter else f"{local.year - 1}-Q4"
    found = await execute(client, COMPLIANCE, {"period": period},
                          token=await token(client, "secretary"))  # fmt: skip
    # then the member has a year of closed meetings with minutes, and an attendance rate
    meetings = mine["data"]["myMeetings"]
    assert meetings["totalCount"] >= 30  # 44 a year, fewer where a branch lags
    closed = [m for m in meetings["nodes"] if m["status"] == "CLOSED"]
    assert closed
    assert all(m["minutes"] for m in closed)
    assert mine["data"]["memberMeetingAttendance"]["held"] >= 25
    # and the community's branches are judged, some of them compliant
    compliance = found["data"]["meetingCompliance"]
    assert compliance["branches"] > 0
    assert compliance["compliant"] > 0
    assert compliance["attendanceRate"] > 0.5
    async with database.session() as session:
        assert await kept_meeting_tallies(session) == await recount_meeting_tallies(session)
        kept = await kept_compliance_tallies(session)
        assert kept == await recount_compliance_tallies(session)
        assert kept


SECRETARY_REMINDERS = "{ myReminders { nodes { rule title body } } }"


async def test_the_demo_secretary_is_reminded_of_arrears_in_the_community(
    app: Starlette, client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    # given the demo seeded, and the reminder rules run as the server's job runs them
    await demo(database, members=300, petitions=50, history_days=2)
    await produce_reminders(app.state.services, REMINDER_RULES)
    # when the demo secretary reads their reminders
    body = await execute(client, SECRETARY_REMINDERS, token=await token(client, "secretary"))
    # then a branch of 锦绣社区 with a member six months or more in arrears is among them
    arrears = [n for n in body["data"]["myReminders"]["nodes"]
               if n["rule"] == "dues_arrears_for_secretary"]  # fmt: skip
    assert arrears
    assert all("欠缴党费满6个月" in n["body"] for n in arrears)


BEHIND = """
{ meetingCompliance { behind(first: 20) { nodes { organization { name } missing { code } } } } }
"""


async def test_a_branch_of_the_demo_community_is_one_assembly_from_compliance_this_quarter(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    # given the demo seeded (whatever the day: its meetings are reckoned from now)
    await demo(database, members=300, petitions=50, history_days=2)
    # when the community's secretary reads the branches behind this quarter
    body = await execute(client, BEHIND, token=await token(client, "secretary"))
    assert "errors" not in body, body
    nodes = body["data"]["meetingCompliance"]["behind"]["nodes"]
    # then one branch misses only its 支部党员大会, so holding one turns it compliant
    missing = {n["organization"]["name"]: [k["code"] for k in n["missing"]] for n in nodes}
    assert ["branch_assembly"] in missing.values(), missing
