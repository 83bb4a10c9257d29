"""Activities 活动: organised by organisations or co-building units; sign-ups, attendance."""
