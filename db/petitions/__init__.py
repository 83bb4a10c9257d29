"""Petitions: models, the taxonomy, tallies, statistics, hot words."""
