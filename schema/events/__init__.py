"""The event stream: typed domain events, resumable by cursor."""
