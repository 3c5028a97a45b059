"""Lesson metadata schema, lint, release (student edition) and catalogue."""
