"""The GraphQL surface: Strawberry types, inputs and enums, and the schema with its guards."""
