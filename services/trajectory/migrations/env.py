"""Alembic environment of the trajectory service; the work is done in shared.migrations."""

from services.trajectory.models import metadata
from shared.migrations import run_env

run_env(metadata)
