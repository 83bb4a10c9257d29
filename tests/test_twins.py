"""The baselines' pages read every server's answer into the same rows, whatever its shape."""

from __future__ import annotations

import base64
from typing import Any

from bench.twins import Twin, twins

KEYS = {"branch": 7, "member": 11, "grid": 13, "category": 5, "district": 2, "meeting_branch": 7}


def _twin(name: str) -> Twin:
    return next(twin for twin in twins(KEYS) if twin.name == name)


def _gid(type_name: str, key: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode()


def _rows(twin: Twin, answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {server: twin.rows(server, {"data": data}) for server, data in answers.items()}


def test_an_outline_reads_alike_from_global_ids_keys_and_bigint_strings() -> None:
    # Given one district outline as zhdj, the floor and PostGraphile each write it
    grandchild: dict[str, dict[str, Any]] = {"zhdj": {"id": _gid("Organization", 9), "name": "网格"},
                  "floor": {"id": 9, "name": "网格"}, "postgraphile": {"id": "9", "name": "网格"}}  # fmt: skip
    answers: dict[str, dict[str, Any]] = {
        "zhdj": {"organization": {"id": _gid("Organization", 2), "name": "区", "children": {
            "totalCount": 1, "nodes": [{"id": _gid("Organization", 4), "name": "街道",
                                        "children": {"totalCount": 6,
                                                     "nodes": [grandchild["zhdj"]]}}]}}},
        "floor": {"organization": {"id": 2, "name": "区", "children": {
            "totalCount": 1, "nodes": [{"id": 4, "name": "街道", "children": {
                "totalCount": 6, "nodes": [grandchild["floor"]]}}]}}},
        "postgraphile": {"organizationById": {"id": "2", "name": "区", "organizationsByParentId": {
            "totalCount": 1, "nodes": [{"id": "4", "name": "街道", "organizationsByParentId": {
                "totalCount": 6, "nodes": [grandchild["postgraphile"]]}}]}}},
    }  # fmt: skip

    # When each is read
    rows = _rows(_twin("org_outline"), answers)

    # Then all three are the same rows
    assert rows["zhdj"] == (2, "区", 1, [(4, "街道", 6, [(9, "网格")])])
    assert rows["floor"] == rows["zhdj"] == rows["postgraphile"]


def test_a_petition_reads_alike_whatever_the_instants_offset_and_the_statuss_case() -> None:
    # Given one petition, PostGraphile's with the stored status and another offset
    node = {"title": "路灯不亮", "status": "CLOSED", "category": {"name": "市政"}}
    answers: dict[str, dict[str, Any]] = {
        "zhdj": {"petitions": {"totalCount": 3, "nodes": [
            node | {"id": _gid("Petition", 8), "submittedAt": "2026-12-01T09:14:27.082966Z"}]}},
        "floor": {"petitions": {"totalCount": 3, "nodes": [
            node | {"id": 8, "submittedAt": "2026-12-01T09:14:27.082966+00:00"}]}},
        "postgraphile": {"allPetitions": {"totalCount": 3, "nodes": [
            {"id": "8", "title": "路灯不亮", "status": "closed",
             "createdAt": "2026-12-01T17:14:27.082966+08:00",
             "petitionCategoryByCategoryId": {"name": "市政"}}]}},
    }  # fmt: skip

    # When each is read
    rows = _rows(_twin("filtered_petitions"), answers)

    # Then all three are the same rows
    assert rows["floor"] == rows["zhdj"] == rows["postgraphile"]
    assert rows["zhdj"][0] == 3


def test_a_different_row_reads_differently() -> None:
    # Given a member as zhdj writes it, and PostGraphile's with another status
    zhdj = {"node": {"id": _gid("Member", 11), "name": "李明", "gender": "MALE",
                     "status": "FULL", "joinDate": "2001-07-01"}}  # fmt: skip
    other = {"memberById": {"id": "11", "name": "李明", "gender": "male",
                            "status": "probationary", "joinDate": "2001-07-01"}}  # fmt: skip

    # When both are read
    rows = _rows(_twin("member_node"), {"zhdj": zhdj, "postgraphile": other})

    # Then they differ, so the bench would stop before measuring
    assert rows["zhdj"] != rows["postgraphile"]


def test_a_meeting_reads_alike_whatever_the_instants_offset_and_the_statuss_case() -> None:
    # Given one meeting, PostGraphile's with the stored status and another offset
    answers: dict[str, dict[str, Any]] = {
        "zhdj": {"meetings": {"totalCount": 44, "nodes": [
            {"id": _gid("Meeting", 3), "topic": "支部党员大会", "startsAt": "2026-11-02T06:30:00Z",
             "status": "CLOSED", "organization": {"name": "第一支部"}}]}},
        "floor": {"meetings": {"totalCount": 44, "nodes": [
            {"id": 3, "topic": "支部党员大会", "startsAt": "2026-11-02T06:30:00+00:00",
             "status": "CLOSED", "organization": {"name": "第一支部"}}]}},
        "postgraphile": {"allMeetings": {"totalCount": 44, "nodes": [
            {"id": "3", "topic": "支部党员大会", "startsAt": "2026-11-02T14:30:00+08:00",
             "status": "closed", "organizationByOrganizationId": {"name": "第一支部"}}]}},
    }  # fmt: skip

    # When each is read
    rows = _rows(_twin("branch_meetings"), answers)

    # Then all three are the same rows
    assert rows["zhdj"][0] == 44
    assert rows["floor"] == rows["zhdj"] == rows["postgraphile"]
