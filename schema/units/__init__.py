"""Co-building units 共建单位 on the GraphQL surface."""
