"""Migrate service databases to the newest revision and exit: the migration step of a deployment.

    python -m deploy.migrate intake            # one service (a compose step, a Kubernetes Job)
    python -m deploy.migrate --all             # every service

Each service reads its own settings (`<SERVICE>_DATABASE_URL`, ...). On PostgreSQL the upgrade
holds a session advisory lock, so two runs at once (a retried Job, a second replica) take turns
instead of racing on the same history; the second finds the database at head and does nothing.
Exit status 0 when every named database is at head, 1 when a migration failed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sqlalchemy import text

from shared.db import create_db_engine, is_sqlite
from shared.migrations import is_at_head, upgrade_to_head

SERVICE_NAMES = ("intake", "signals", "trajectory", "reporting")
# Any constant will do, as long as every migrating process uses the same one per database.
MIGRATION_LOCK = 0x62616C616E736D  # "balansm"


def migrate(service: str) -> str:
    """Bring one service's database to head; returns the URL (password hidden) it migrated."""
    app = importlib.import_module(f"services.{service}.app").create_app()
    settings, spec = app.state.settings, app.state.spec
    app.state.engine.dispose()
    url = settings.resolved_database_url
    engine = create_db_engine(url)
    try:
        if is_sqlite(engine):
            upgrade_to_head(url, spec.migrations)
        else:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
                try:
                    upgrade_to_head(url, spec.migrations)
                finally:
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK}
                    )
                    connection.commit()
        if not is_at_head(engine, spec.migrations):
            raise RuntimeError(f"{service}: not at head after the upgrade")
        return engine.url.render_as_string(hide_password=True)
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.migrate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("services", nargs="*", metavar="SERVICE", help=", ".join(SERVICE_NAMES))
    parser.add_argument("--all", action="store_true", help="migrate all four services")
    args = parser.parse_args(argv)
    names: list[str] = list(SERVICE_NAMES) if args.all else list(dict.fromkeys(args.services))
    unknown = [name for name in names if name not in SERVICE_NAMES]
    if unknown or not names:
        parser.error(f"name services of {', '.join(SERVICE_NAMES)} or pass --all")
    for name in names:
        try:
            where = migrate(name)
        except Exception as exc:
            print(f"{name}: migration failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        print(f"{name}: at head ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
