"""Presence 在场: what a member did, month by month (meetings attended, dues months paid,
check-ins at activities and stations), kept in the transactions that write those facts.

One row per member and month (the month's first day, China time). The figures a secretary
reads (a member's presence over the last months; the members with none, 口袋党员 candidates)
are range reads on this key, never scans of the attendance, dues or activity tables. A row
whose figures have all fallen to zero (a payment reversed) stays, and counts as no presence.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class PresenceMonthRow(Base):
    __tablename__ = "presence_months"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    # Meetings 三会一课/主题党日 of the month the member was present at (checked in).
    meetings: Mapped[int] = mapped_column(Integer, default=0)
    # Dues months 党费 paid for this month (0 or 1; a reversal frees it).
    dues_months: Mapped[int] = mapped_column(Integer, default=0)
    # Check-ins at activities (at a station or elsewhere) in the month, through the member's
    # volunteer record.
    check_ins: Mapped[int] = mapped_column(Integer, default=0)
