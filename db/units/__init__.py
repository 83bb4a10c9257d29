"""Co-building units 共建单位: their agreements with communities and the accounts that speak for them."""
