"""Service stations 党群服务站: registry, live status, telemetry, awareness, screens."""
