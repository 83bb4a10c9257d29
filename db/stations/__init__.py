"""Service stations: registry, telemetry, roll-ups, awareness figures."""
