"""Data generators: the demo city (seeded once by `make serve`) and the city-scale
benchmark data."""
