"""Activities 活动 on the GraphQL surface."""
