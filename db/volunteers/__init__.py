"""Volunteers 志愿者 and their hours ledger."""
