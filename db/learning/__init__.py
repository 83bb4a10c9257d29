"""Learning 网上党校: courses and quizzes, study sessions, the credit-hours ledger, check-ins."""
