"""Development token CLI: `python -m shared.auth --role consulent [--creditor ID ...]`.

Mints an HS256 token with the settings' JWT_SECRET; refuses with ENVIRONMENT=production.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta

from shared.auth import Role, mint_token
from shared.settings import ServiceSettings


def main(argv: Sequence[str] | None = None) -> int:
    """Print a development token (`make token ROLE=... CREDITOR=...`)."""
    parser = argparse.ArgumentParser(prog="python -m shared.auth", description=main.__doc__)
    parser.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    parser.add_argument("--creditor", default=None, help="creditor_id (with --role creditor)")
    parser.add_argument("--partner-type", default=None, help="DDAS signaalpartner, e.g. Huur")
    parser.add_argument("--subject", default=None, help="default: dev:<first role>")
    parser.add_argument("--ttl-hours", type=float, default=12.0)
    args = parser.parse_args(argv)
    try:
        settings = ServiceSettings()
    except ValueError as exc:
        parser.error(f"invalid settings: {exc}")
    if settings.environment == "production":
        parser.error("refusing to mint development tokens with ENVIRONMENT=production")
    if args.ttl_hours <= 0:
        parser.error("--ttl-hours must be positive")
    if Role.creditor in args.role and not args.creditor:
        parser.error("--role creditor needs --creditor")
    print(
        mint_token(
            secret=settings.jwt_secret,
            subject=args.subject or f"dev:{args.role[0]}",
            roles=args.role,
            creditor_id=args.creditor or None,
            partner_type=args.partner_type or None,
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            ttl=timedelta(hours=args.ttl_hours),
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
