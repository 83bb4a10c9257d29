"""Petition settings, read at start-up and carried by `Services.petitions`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PetitionPolicy:
    reopen_days: float = 7.0
    statistics_interval_seconds: float = 1.0
