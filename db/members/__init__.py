"""Party members and their subtree tallies."""
