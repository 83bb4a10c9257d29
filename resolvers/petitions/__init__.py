"""Petitions: reads, submission, the closed-loop workflow, deadlines, statistics, the taxonomy."""
