"""Accounts and their role bindings."""
