"""Pages of the domains the front-end pages do not cover (meetings, activities, volunteers,
co-building, transfers, dues, learning, organisations under a district): twenty rows with
the organisation or member each names, as a front end lists them. They keep the read path
honest where `bench/pages.py` does not look; `bench.in_process --pages meetings …` counts
them like the others."""

from __future__ import annotations

from typing import Any

# name -> (document, the level of the organisation it is asked about)
OTHER_PAGES: dict[str, tuple[str, str | dict[str, Any] | None]] = {
    "meetings": (
        """query ($id: ID!) { meetings(filter: {under: $id}, first: 20) { totalCount nodes {
        id topic startsAt status attendees present kind { name } organization { id name } } } }""",
        "DISTRICT",
    ),
    "activities": (
        """query ($id: ID!) { activities(filter: {under: $id}, first: 20) { totalCount nodes {
        id title kind startsAt status signedUp capacity organization { id name } } } }""",
        "DISTRICT",
    ),
    "volunteers": (
        """query ($id: ID!) { volunteers(under: $id, first: 20) { totalCount nodes {
        id name skills totalMinutes isPartyMember organization { id name } } } }""",
        "DISTRICT",
    ),
    "units": (
        """query ($id: ID!) { coBuildingUnits(filter: {under: $id}, first: 20) { totalCount
        nodes { id name sector contactName homeOrganization { id name } } } }""",
        "DISTRICT",
    ),
    "transfers": (
        """query ($id: ID!) { transfers(filter: {under: $id}, first: 20) { totalCount nodes {
        id status memberName requestedAt source { id name } } } }""",
        "DISTRICT",
    ),
    "arrears": (
        """query ($id: ID!) { duesArrears(under: $id, first: 20) { totalCount nodes {
        arrearsMonths lastPaidMonth member { id name } } } }""",
        "DISTRICT",
    ),
    "courses": (
        """query ($id: ID!) { courses(under: $id, first: 20) { totalCount nodes {
        id title suggestedMinutes organization { id name } } } }""",
        "DISTRICT",
    ),
    "orgs_under": (
        """query ($id: ID!) { organizations(filter: {under: $id}, first: 20) { totalCount nodes {
        id name level parent { id name } } } }""",
        "DISTRICT",
    ),
    "dues_collection": (
        """query ($id: ID!) { duesCollection(under: $id, since: "2026-01") { organization { id
        name } months { month dueMembers paidMembers dueFen paidFen collectionRate } } }""",
        "DISTRICT",
    ),
    "mobile_members": (
        """query ($id: ID!) { mobileMembers(under: $id, first: 20) { totalCount nodes {
        isMobile whereabouts since member { id name } organization { id name } } } }""",
        "DISTRICT",
    ),
    "absent_members": (
        """query ($id: ID!) { absentMembers(under: $id, first: 20) { totalCount nodes {
        months since meetingsAttended duesMonthsPaid checkIns member { id name } } } }""",
        "DISTRICT",
    ),
    "evaluation_results": (
        """query ($id: ID!) { evaluationResults(under: $id, first: 20) { totalCount nodes {
        id year total rank stars organization { id name } } } }""",
        "DISTRICT",
    ),
    "departments": (
        """query ($id: ID!) { departments(filter: {under: $id}, first: 20) { totalCount nodes {
        id name kind organization { id name } } } }""",
        "DISTRICT",
    ),
    "recent_events": (
        """query ($id: ID!) { recentEvents(under: $id, last: 20) { cursor type occurredAt
        ... on OrganizationEvent { organization { id name } }
        ... on StationEvent { station { id name } } } }""",
        "DISTRICT",
    ),
    "development_funnel": (
        """query ($id: ID!) { developmentFunnel(under: $id) { asOf
        stages { status count medianDaysInStage dueThisMonth }
        due { status possibleFrom member { id name } } } }""",
        "DISTRICT",
    ),
    "learning_completion": (
        """query ($id: ID!) { learningCompletion(under: $id) { members completionRate
        children(first: 20) { totalCount nodes { members learners membersMet completionRate
        averageMinutes organization { id name } } } } }""",
        "DISTRICT",
    ),
    "resources": (
        """query ($id: ID!) { coBuildingResources(filter: {under: $id}, first: 20) { totalCount
        nodes { id title category quantity status unit { id name } } } }""",
        "DISTRICT",
    ),
    "needs": (
        """query ($id: ID!) { coBuildingNeeds(filter: {under: $id}, first: 20) { totalCount
        nodes { id title category people status organization { id name } } } }""",
        "DISTRICT",
    ),
    "exchanges": (
        """query ($id: ID!) { coBuildingExchanges(under: $id, first: 20) { totalCount nodes {
        id status createdAt unit { id name } organization { id name } } } }""",
        "DISTRICT",
    ),
}
