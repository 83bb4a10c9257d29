"""The development pipeline 党员发展: dates, contacts, trainings, votes and the timeline."""
