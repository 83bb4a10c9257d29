"""What follows a member to another branch, in the transaction that moves them (a transfer
accepted, or `updateMember` with another branch): their dues account with its ledger and
kept collection figures, and their study account with its kept completion figures. Their
own tallies follow through db/members/writes.py `change_member`; presence is kept by
member, so it needs nothing."""

from __future__ import annotations

from db.dues.amounts import declared_changes
from db.dues.moves import move_dues_account
from db.dues.queries import all_brackets, bases_of_member
from db.engine import Session
from db.learning.writes import move_study_account


async def move_what_follows_member(
    session: Session, member_id: int, branch_id: int, branch_path: str
) -> None:
    bases = await bases_of_member(session, member_id)
    if bases:
        due = declared_changes(bases, await all_brackets(session))
        await move_dues_account(session, member_id, branch_id, branch_path, due)
    await move_study_account(session, member_id, branch_id, branch_path)
