"""The development pipeline 党员发展: steps, a member's record and timeline, the funnel."""
