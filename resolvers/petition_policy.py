"""Petition settings the server configures at start-up (one policy per process)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PetitionPolicy:
    reopen_days: float = 7.0
    statistics_interval_seconds: float = 1.0


_current = [PetitionPolicy()]


def configure_petitions(policy: PetitionPolicy) -> None:
    _current[0] = policy


def policy() -> PetitionPolicy:
    return _current[0]
