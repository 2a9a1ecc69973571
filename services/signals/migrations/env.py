"""Alembic environment of the signals service; the work is done in shared.migrations."""

from services.signals.models import metadata
from shared.migrations import run_env

run_env(metadata)
