"""Each level's own deadline 层级时限, and the setting that changes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from db.base import utcnow
from db.organizations.models import GovernanceLevel as Level
from resolvers.petitions.policy import PetitionPolicy, climbs_from
from server import Settings


def test_each_level_below_the_city_has_its_own_deadline() -> None:
    now = utcnow()
    policy = PetitionPolicy()
    assert policy.level_deadline(Level.COMMUNITY, now) == now + timedelta(hours=72)
    assert policy.level_deadline(Level.STREET, now) == now + timedelta(hours=120)
    assert policy.level_deadline(Level.DISTRICT, now) == now + timedelta(hours=168)
    assert policy.level_deadline(Level.CITY, now) is None
    # an organisation outside the five levels holds it as long as a community
    assert policy.level_deadline(None, now) == now + timedelta(hours=72)


def test_a_petition_climbs_below_the_district_and_never_into_the_city() -> None:
    assert climbs_from(Level.GRID, Level.COMMUNITY)
    assert climbs_from(Level.STREET, Level.DISTRICT)
    assert climbs_from(None, Level.STREET)
    assert not climbs_from(Level.DISTRICT, Level.CITY)
    assert not climbs_from(None, Level.CITY)
    assert not climbs_from(Level.CITY, None)


def test_the_setting_replaces_the_levels_it_names_and_keeps_the_others() -> None:
    settings = Settings(petition_level_deadline_hours={"street": 48}, _env_file=None)
    hours = settings.level_deadline_hours()
    assert hours["street"] == 48
    assert hours["district"] == 168


@pytest.mark.parametrize("hours", [{"city": 24}, {"street": 0}, {"district": 24 * 91}])
def test_the_setting_refuses_levels_and_hours_a_petition_cannot_have(
    hours: dict[str, float],
) -> None:
    with pytest.raises(ValidationError):
        Settings(petition_level_deadline_hours=hours, _env_file=None)
