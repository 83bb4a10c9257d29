"""The event stream: scope, resumption and per-event visibility."""
