"""Activities 活动: publishing, sign-ups with a waiting list, attendance, hours, feedback."""
