"""Persistence of the intake service: SQLAlchemy Core statements, no rules, never a commit."""
