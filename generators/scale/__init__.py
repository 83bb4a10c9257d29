"""City-scale data on PostgreSQL for the benchmarks (`python -m generators.scale`), one
module per domain."""
