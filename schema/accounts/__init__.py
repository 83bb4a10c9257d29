"""Accounts: the signed-in viewer and signing in."""
