"""The organisation tree by materialized path."""
