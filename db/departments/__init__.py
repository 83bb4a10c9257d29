"""Functional departments 职能部门 (条): handling units outside the party tree, the petitions
dispatched to them 派单, and their kept figures."""
