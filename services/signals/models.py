"""Tables of the signals service."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.plumbing import plumbing_tables

metadata = new_metadata()
plumbing = plumbing_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata
