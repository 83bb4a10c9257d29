"""Organisational life 组织生活: 三会一课 and 主题党日, their attendance and kept figures."""
