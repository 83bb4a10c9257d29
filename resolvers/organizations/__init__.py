"""The organisation tree: scoped reads, statistics, and writes."""
