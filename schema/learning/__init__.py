"""Learning 网上党校 on the GraphQL surface."""
