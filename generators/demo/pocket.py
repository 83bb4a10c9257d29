"""The demo's pocket members 口袋党员: a few Party members (about one in forty) whose files are
held but who stopped taking part seven months ago or more: no meeting attended and no dues
paid since, so the secretary's list of members without presence (absentMembers) shows someone
true. Decided per member from the seed, so the meetings and the dues agree on them; the demo
`member` account's member is never one."""

from __future__ import annotations

import random

SHARE = 0.025
SINCE_MONTHS = 7  # they stopped this many months ago (or earlier)


def is_pocket_member(member_id: int, seed: int) -> bool:
    return random.Random(seed * 7919 + member_id).random() < SHARE
