"""The demo city 江州市: deterministic, idempotent, all-or-nothing; one module per domain."""
