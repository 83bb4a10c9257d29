"""A department's figures 部门考核 (on-time rate, returns, satisfaction), read from its kept
tallies (db/departments/tallies.py): one row by key, batched for a page of departments."""

from __future__ import annotations

from dataclasses import dataclass

from resolvers.context import Context


@dataclass(frozen=True, slots=True)
class DepartmentFigures:
    """The kept figures, in db/departments/tallies.py FIGURES order, and the rates of them."""

    dispatched: int
    returned: int
    answered: int
    on_time: int
    confirmed: int
    rated: int
    satisfied: int
    satisfaction: int

    @property
    def return_rate(self) -> float | None:
        return self.returned / self.dispatched if self.dispatched else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def average_satisfaction(self) -> float | None:
        return self.satisfaction / self.rated if self.rated else None


async def department_figures(context: Context, department_id: int) -> DepartmentFigures:
    return DepartmentFigures(*await context.loaders.departments.tallies.load(department_id))
