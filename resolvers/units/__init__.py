"""Co-building units 共建单位: who sees them, registering them, agreements, their accounts."""
