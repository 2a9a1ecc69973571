"""Alembic environment of the reporting service; the work is done in shared.migrations."""

from services.reporting.models import metadata
from shared.migrations import run_env

run_env(metadata)
