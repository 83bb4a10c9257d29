"""Co-building units 共建单位: agreements with communities, the accounts acting for them."""
