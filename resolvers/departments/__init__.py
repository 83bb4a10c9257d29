"""Functional departments 职能部门 (条): who sees them and their dispatches, dispatching 派单 a
petition, each step of a dispatch, their figures and reminders."""
