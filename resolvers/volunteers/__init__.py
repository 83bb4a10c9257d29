"""Volunteers 志愿者: registration, the hours ledger, totals and rankings."""
