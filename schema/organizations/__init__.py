"""The organisation tree: types, queries, mutations, subtree statistics."""
