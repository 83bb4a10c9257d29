"""The durable event log (outbox)."""
