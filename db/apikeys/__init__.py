"""API keys for partners and services: their rows, lookups and writes."""
