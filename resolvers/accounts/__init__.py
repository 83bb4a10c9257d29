"""Accounts: passwords, bearer tokens, signing in, viewers by token."""
