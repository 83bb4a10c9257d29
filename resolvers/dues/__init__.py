"""Dues 党费: the amount rule, the ledger of payments and reversals, accounts and figures."""
