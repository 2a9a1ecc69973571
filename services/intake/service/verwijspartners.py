"""Coordinators maintain the partners the desk refers residents to (seed §4.2, annex 6)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from services.intake.context import IntakeContext
from services.intake.repository import verwijspartners as repo
from services.intake.schemas.verwijspartners import VerwijspartnerCreate, VerwijspartnerRead
from shared.pagination import Page, PageParams
from shared.problems import Conflict, NotFound


def read(row: Any) -> VerwijspartnerRead:
    return VerwijspartnerRead(
        id=row.id,
        naam=row.naam,
        omschrijving=row.omschrijving,
        contact=row.contact,
        actief=row.actief,
    )


def get_or_404(ctx: IntakeContext, partner_id: str) -> Any:
    row = repo.get(ctx.session, partner_id)
    if row is None:
        raise NotFound(f"Verwijspartner {partner_id} bestaat niet.")
    return row


def _unique_naam(ctx: IntakeContext, naam: str, *, own_id: str | None) -> None:
    existing = repo.by_naam(ctx.session, naam)
    if existing is not None and existing != own_id:
        raise Conflict(
            f"Er is al een verwijspartner '{naam}'.",
            links={"verwijspartner": f"/v1/verwijspartners/{existing}"},
        )


def maak(ctx: IntakeContext, body: VerwijspartnerCreate) -> str:
    _unique_naam(ctx, body.naam, own_id=None)
    partner_id = str(uuid.uuid4())
    repo.insert(
        ctx.session,
        {"id": partner_id, **body.model_dump(), "aangemaakt_at": datetime.now(UTC)},
    )
    return partner_id


def vervang(ctx: IntakeContext, partner_id: str, body: VerwijspartnerCreate) -> None:
    get_or_404(ctx, partner_id)
    _unique_naam(ctx, body.naam, own_id=partner_id)
    repo.update(ctx.session, partner_id, **body.model_dump())


def verwijder(ctx: IntakeContext, partner_id: str) -> None:
    get_or_404(ctx, partner_id)
    if repo.is_referenced(ctx.session, partner_id):
        # Past referrals must keep naming the partner; retire it from the list instead.
        raise Conflict(
            "Naar deze partner is al verwezen; zet actief op false in plaats van verwijderen."
        )
    repo.delete(ctx.session, partner_id)


def lijst(
    ctx: IntakeContext, *, actief: bool | None, paging: PageParams
) -> Page[VerwijspartnerRead]:
    rows, total = repo.page(
        ctx.session, actief=actief, offset=paging.offset, limit=paging.page_size
    )
    return Page[VerwijspartnerRead](
        items=[read(row) for row in rows],
        page=paging.page,
        page_size=paging.page_size,
        total=total,
    )
