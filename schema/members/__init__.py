"""Party members 党员: types, queries, mutations."""
