"""Petitions 群众诉求: types, inputs, queries, mutations, statistics."""
