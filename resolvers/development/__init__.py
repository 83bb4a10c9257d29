"""The development pipeline 党员发展: its workflow table, guards, steps and funnel."""
