"""Read one melding, and the desk's work lists."""

from __future__ import annotations

from typing import Any

from services.intake.context import IntakeContext
from services.intake.repository import meldingen as repo
from services.intake.schemas.meldingen import MeldingSamenvatting, StatuswijzigingRead, Werklijst
from services.intake.service import registratie, weergave
from shared.pagination import Page, PageParams
from shared.problems import NotFound
from shared.pseudonym import person_key


def get_or_404(ctx: IntakeContext, melding_id: str, *, for_update: bool = False) -> Any:
    row = repo.get(ctx.session, melding_id, for_update=for_update)
    if row is None:
        raise NotFound(f"Melding {melding_id} bestaat niet.")
    return row


def lees(ctx: IntakeContext, melding_id: str) -> Any:
    """The melding; reading it is a processing of the resident's data."""
    row = get_or_404(ctx, melding_id)
    ctx.log("melding-inzien", registratie.melding_keys(ctx, row._mapping))
    return row


def werklijst(
    ctx: IntakeContext,
    *,
    soort: Werklijst | None,
    consulent: str | None,
    status: str | None,
    paging: PageParams,
) -> Page[MeldingSamenvatting]:
    """One page of a work list; one log record per resident shown."""
    rows, total = repo.werklijst(
        ctx.session,
        soort=soort,
        vandaag=ctx.vandaag(),
        consulent=consulent,
        status=status,
        offset=paging.offset,
        limit=paging.page_size,
    )
    ctx.log("werklijst-inzien", [row.subject_key for row in rows])
    return Page[MeldingSamenvatting](
        items=[weergave.samenvatting(row._mapping) for row in rows],
        page=paging.page,
        page_size=paging.page_size,
        total=total,
    )


def zoek_op_bsn(ctx: IntakeContext, bsn: str, paging: PageParams) -> Page[MeldingSamenvatting]:
    """The meldingen of the resident with this BSN (found or not, the search is logged)."""
    rows, total = repo.by_bsn(ctx.session, bsn, offset=paging.offset, limit=paging.page_size)
    keys = {row.subject_key for row in rows}
    if not keys:
        # Nothing found (or a page past the last): the BSN searched for was still processed, so
        # the record goes under the key its resident has, or would get at registration.
        keys = {person_key(key=ctx.settings.pseudonym_key, bsn=bsn)}
    ctx.log("melding-zoeken", keys)
    return Page[MeldingSamenvatting](
        items=[weergave.samenvatting(row._mapping) for row in rows],
        page=paging.page,
        page_size=paging.page_size,
        total=total,
    )


def statushistorie(
    ctx: IntakeContext, melding_id: str, paging: PageParams
) -> Page[StatuswijzigingRead]:
    """Who changed the melding's status when, from what to what, and why."""
    melding = get_or_404(ctx, melding_id)
    rows, total = repo.statushistorie(
        ctx.session, melding.id, offset=paging.offset, limit=paging.page_size
    )
    ctx.log("statushistorie-inzien", [melding.subject_key])
    return Page[StatuswijzigingRead](
        items=[weergave.statuswijziging(row) for row in rows],
        page=paging.page,
        page_size=paging.page_size,
        total=total,
    )
