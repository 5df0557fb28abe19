"""Hostile submissions for the sandbox tests, and the tiny course they are graded in."""
