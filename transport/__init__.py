"""GraphQL over HTTP and websockets: the endpoint, persisted queries, document guards,
query cost, metrics, error masking, and the subscription executor."""
