"""Dues 党费: the brackets in force, members' declared bases, and the payments ledger."""
