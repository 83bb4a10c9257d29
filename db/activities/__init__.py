"""Activities 活动: organised by organisations or co-building units, with sign-ups and attendance."""
