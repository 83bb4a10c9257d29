"""The development pipeline's guards, each at its boundary dates: the day before is refused
with the day it becomes possible, the day itself is allowed."""

from __future__ import annotations

from datetime import date

import pytest

from db.development.models import DevelopmentRow
from resolvers.development import guards
from resolvers.development.guards import Person
from resolvers.development.workflow import month_end, months_after, one_year_after
from resolvers.errors import BadUserInput

TODAY = date(2026, 12, 6)
PERSON = Person(name="王芳", birth_date=date(2000, 5, 17), contacts=2, trainings=1)


def development(**dates: object) -> DevelopmentRow:
    return DevelopmentRow(member_id=1, probation_extended=False, **dates)


def refused(call: object, *args: object) -> BadUserInput:
    with pytest.raises(BadUserInput) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_a_year_after_a_leap_day_is_the_first_of_march() -> None:
    assert one_year_after(date(2024, 2, 29)) == date(2025, 3, 1)
    assert one_year_after(date(2025, 3, 1)) == date(2026, 3, 1)
    assert months_after(date(2025, 8, 31), 6) == date(2026, 3, 1)
    assert month_end(date(2026, 2, 3)) == date(2026, 2, 28)


def test_an_application_counts_from_the_18th_birthday() -> None:
    error = refused(guards.check_application, PERSON, date(2018, 5, 16), TODAY)
    assert error.field == "appliedOn"
    assert "2018-05-17" in str(error)
    guards.check_application(PERSON, date(2018, 5, 17), TODAY)


def test_an_application_is_not_in_the_future() -> None:
    error = refused(guards.check_application, PERSON, date(2026, 12, 7), TODAY)
    assert error.field == "appliedOn"


def test_an_activist_needs_a_recorded_application_and_a_day_after_it() -> None:
    error = refused(guards.check_activist, development(), PERSON, date(2025, 1, 1), TODAY)
    assert "application date" in str(error)
    assert "recordDevelopmentApplication" in str(error)
    applied = development(applied_on=date(2025, 1, 10))
    error = refused(guards.check_activist, applied, PERSON, date(2025, 1, 9), TODAY)
    assert error.field == "on"
    assert "2025-01-10" in str(error)
    guards.check_activist(applied, PERSON, date(2025, 1, 10), TODAY)


def test_an_activist_needs_exactly_two_different_contacts() -> None:
    assert refused(guards.check_contacts, [5]).field == "contactIds"
    assert refused(guards.check_contacts, [5, 5]).field == "contactIds"
    assert refused(guards.check_contacts, [5, 6, 7]).field == "contactIds"
    guards.check_contacts([5, 6])


def test_a_development_target_needs_a_full_year_as_an_activist() -> None:
    row = development(activist_since=date(2025, 3, 1))
    error = refused(guards.check_target, row, PERSON, date(2026, 2, 28), date(2026, 2, 1), TODAY)
    assert error.field == "on"
    assert "possible from 2026-03-01" in str(error)
    guards.check_target(row, PERSON, date(2026, 3, 1), date(2026, 2, 1), TODAY)


def test_a_development_target_needs_two_contacts_a_training_and_a_review_by_then() -> None:
    row = development(activist_since=date(2025, 3, 1))
    on, review = date(2026, 3, 1), date(2026, 2, 1)
    alone = Person("王芳", PERSON.birth_date, contacts=1, trainings=1)
    assert "1 of the 2 contacts" in str(refused(guards.check_target, row, alone, on, review, TODAY))
    untrained = Person("王芳", PERSON.birth_date, contacts=2, trainings=0)
    error = refused(guards.check_target, row, untrained, on, review, TODAY)
    assert "training record" in str(error)
    late = refused(guards.check_target, row, PERSON, on, date(2026, 3, 2), TODAY)
    assert late.field == "politicalReviewOn"
    guards.check_target(row, PERSON, on, on, TODAY)


def test_a_vote_passes_with_more_than_half_in_favour() -> None:
    error = refused(guards.check_vote, 5, 3, 2)
    assert error.field == "votesFor"
    assert "5 for of 10" in str(error)
    guards.check_vote(6, 3, 1)
    assert refused(guards.check_vote, 6, -1, 0).field == "votesAgainst"


def test_probation_is_voted_a_year_after_the_activist_date_at_the_earliest() -> None:
    row = development(activist_since=date(2025, 3, 1), target_since=date(2026, 3, 1))
    early = refused(
        guards.check_probationary, row, PERSON, date(2026, 2, 28), date(2026, 3, 5), TODAY
    )
    assert early.field == "voteOn"
    assert "possible from 2026-03-01" in str(early)
    guards.check_probationary(row, PERSON, date(2026, 3, 1), date(2026, 3, 5), TODAY)


def test_a_vote_before_the_target_date_is_refused() -> None:
    row = development(activist_since=date(2024, 1, 1), target_since=date(2026, 4, 1))
    error = refused(
        guards.check_probationary, row, PERSON, date(2026, 3, 31), date(2026, 4, 5), TODAY
    )
    assert "possible from 2026-04-01" in str(error)


def test_the_higher_committee_approves_within_three_months_of_the_vote() -> None:
    row = development(activist_since=date(2024, 1, 1), target_since=date(2025, 1, 1))
    vote = date(2026, 3, 1)
    error = refused(guards.check_probationary, row, PERSON, vote, date(2026, 6, 2), TODAY)
    assert error.field == "approvedOn"
    assert "2026-06-01" in str(error)
    guards.check_probationary(row, PERSON, vote, date(2026, 6, 1), TODAY)
    before = refused(guards.check_probationary, row, PERSON, vote, date(2026, 2, 28), TODAY)
    assert before.field == "approvedOn"


def test_a_target_without_recorded_dates_is_told_which_step_is_missing() -> None:
    error = refused(
        guards.check_probationary, development(), PERSON, date(2026, 3, 1), date(2026, 3, 2), TODAY
    )
    assert error.field == "id"
    assert "admitDevelopmentTarget" in str(error)


def test_full_membership_from_the_end_of_probation() -> None:
    row = development(probation_since=date(2025, 12, 7), probation_ends_on=date(2026, 12, 7))
    error = refused(guards.check_confirmation, row, PERSON, date(2026, 12, 6), TODAY)
    assert error.field == "on"
    assert "possible from 2026-12-07" in str(error)
    guards.check_confirmation(row, PERSON, date(2026, 12, 7), date(2026, 12, 7))


def test_probation_is_extended_once_by_six_to_twelve_months_at_its_end() -> None:
    row = development(probation_since=date(2025, 1, 1), probation_ends_on=date(2026, 1, 1))
    assert refused(guards.check_extension, row, PERSON, date(2026, 1, 1), 5, TODAY).field == (
        "extendMonths"
    )
    assert refused(guards.check_extension, row, PERSON, date(2026, 1, 1), 13, TODAY).field == (
        "extendMonths"
    )
    early = refused(guards.check_extension, row, PERSON, date(2025, 12, 31), 6, TODAY)
    assert "possible from 2026-01-01" in str(early)
    guards.check_extension(row, PERSON, date(2026, 1, 1), 6, TODAY)
    row.probation_extended = True
    twice = refused(guards.check_extension, row, PERSON, date(2026, 1, 1), 6, TODAY)
    assert twice.field == "decision"
    assert "only once" in str(twice)


def test_a_qualification_is_cancelled_during_probation_only() -> None:
    row = development(probation_since=date(2026, 1, 1), probation_ends_on=date(2027, 1, 1))
    early = refused(guards.check_cancellation, row, PERSON, date(2025, 12, 31), TODAY)
    assert early.field == "on"
    guards.check_cancellation(row, PERSON, date(2026, 1, 1), TODAY)
