"""Learning 网上党校 and 学习打卡: courses, study, check-in streaks, quizzes, completion."""
