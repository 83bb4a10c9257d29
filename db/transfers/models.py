"""A transfer of a member's organisational relation 组织关系转接 and its timeline.

A transfer moves a party member from their branch (the source) to a destination branch
anywhere in the city, or out of the platform (then the destination is a text and the
introduction letter 介绍信 its proof). Both branches' paths follow organisation moves, so
each side's list is an index range; the timeline keeps every step (全过程留痕).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class TransferStatus(enum.StrEnum):
    REQUESTED = "requested"  # 已申请: waits for the source branch
    APPROVED = "approved"  # 已开介绍信: waits for the destination (or the receipt, going out)
    RETURNED = "returned"  # 已退回: the destination refused, with its reason
    DONE = "done"  # 已完成: the member belongs to the destination now
    CANCELLED = "cancelled"  # 已撤销

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = (TransferStatus.REQUESTED, TransferStatus.APPROVED)


class TransferAction(enum.StrEnum):
    REQUEST = "request"  # 申请
    APPROVE = "approve"  # 同意转出, 开具介绍信
    ACCEPT = "accept"  # 接收
    RETURN = "return"  # 退回
    COMPLETE = "complete"  # 转出平台: 回执已收
    CANCEL = "cancel"  # 撤销


class TransferRow(Base):
    __tablename__ = "transfers"
    __table_args__ = (
        Index("ix_transfers_source_path_id", "source_path", "id"),
        Index("ix_transfers_destination_path_id", "destination_path", "id"),
        Index("ix_transfers_status_answer_due_at", "status", "answer_due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    source_branch_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    source_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    # In the city: the destination branch; out of the platform: None, and the text says where.
    destination_branch_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    destination_path: Mapped[str | None] = mapped_column(PathString, info=FOLLOWS_MOVES)
    destination_text: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[TransferStatus] = mapped_column(string_enum(TransferStatus, "transfer_status"))
    letter_number: Mapped[str | None] = mapped_column(String(64))  # 介绍信编号
    return_reason: Mapped[str | None] = mapped_column(String(500))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The destination answers by then (the reminder rule tells its secretary when it has not).
    answer_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class TransferStepRow(Base):
    """One step on a transfer's timeline: who did what, when, noted."""

    __tablename__ = "transfer_steps"
    __table_args__ = (Index("ix_transfer_steps_transfer_id_id", "transfer_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id", ondelete="CASCADE"))
    action: Mapped[TransferAction] = mapped_column(string_enum(TransferAction, "transfer_action"))
    from_status: Mapped[TransferStatus | None] = mapped_column(
        string_enum(TransferStatus, "transfer_status")
    )
    to_status: Mapped[TransferStatus] = mapped_column(
        string_enum(TransferStatus, "transfer_status")
    )
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
