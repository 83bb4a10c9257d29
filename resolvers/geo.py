"""Distances on the WGS-84 ellipsoid's mean sphere: check-in ranges and matching distances."""

from __future__ import annotations

import math

EARTH_RADIUS_METERS = 6_371_008.8  # the mean radius of WGS-84 (IUGG)


def haversine_meters(
    longitude_a: float, latitude_a: float, longitude_b: float, latitude_b: float
) -> float:
    """The great-circle distance between two WGS-84 points (metres; within 0.5 % of the
    ellipsoidal distance, plenty for a check-in radius or a ranking)."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(longitude_b - longitude_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METERS * math.asin(min(1.0, math.sqrt(h)))
