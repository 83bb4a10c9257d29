"""Service stations: registry, derived status, telemetry ingestion, awareness, screens."""
