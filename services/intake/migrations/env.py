"""Alembic environment of the intake service; the work is done in shared.migrations."""

from services.intake.models import metadata
from shared.migrations import run_env

run_env(metadata)
