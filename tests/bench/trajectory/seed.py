"""100,000 trajectories as a running department has them, for the trajectory benchmarks.

Deterministic: trajectory `i` has id `traject_id(i)` and its phase from `i % 20` (`FASEN`), so
a Lua script can pick a case of a given kind without a list of ids. Dates are relative to today,
so the overdue work list is as long on every day the benchmark runs: a fifth of the cases is
still undecided, about half of those past the 8-week decision term. Cases from stabilisation on
carry debts (14 on average from the settlement on, seed §3.1), a VTLB calculation and, while the
settlement or solution runs, the offer. Finally the deadline watch's memory is filled as production
has it, so the service does not report thousands of passed deadlines while it is measured.
"""

from __future__ import annotations

import functools
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from services.trajectory import repository
from services.trajectory.domain import termijnen
from services.trajectory.domain.fasen import OVERGANGEN, Fase
from services.trajectory.domain.termijnen import BEWAAKT
from services.trajectory.models import termijn_verstreken, traject
from shared.db import create_db_engine
from shared.policy import load_policy
from tests.bench import databases
from tests.bench.scenario import SQLITE, SeedContext, engine_of

TRAJECTEN = 100_000
SLOTS = 20
FASEN: tuple[Fase, ...] = (
    Fase.AANMELDING,
    Fase.INTAKE,
    Fase.INTAKE,
    Fase.BESCHIKKING,
    Fase.PLAN_VAN_AANPAK,
    Fase.STABILISATIE,
    Fase.STABILISATIE,
    Fase.STABILISATIE,
    Fase.SCHULDREGELING,
    Fase.SCHULDREGELING,
    Fase.SCHULDREGELING,
    Fase.OPLOSSING,
    Fase.OPLOSSING,
    Fase.OPLOSSING,
    Fase.OPLOSSING,
    Fase.NAZORG,
    Fase.UITSTROOM,
    Fase.UITSTROOM,
    Fase.UITSTROOM,
    Fase.UITSTROOM,
)
# The path every seeded case takes, as far as its phase (the exits end after aftercare).
PAD = (
    Fase.AANMELDING,
    Fase.INTAKE,
    Fase.BESCHIKKING,
    Fase.PLAN_VAN_AANPAK,
    Fase.STABILISATIE,
    Fase.SCHULDREGELING,
    Fase.OPLOSSING,
    Fase.NAZORG,
    Fase.UITSTROOM,
)
# Slots whose case has history, debts, a calculation and an offer: what the case read reads.
VOLLE_SLOTS = tuple(s for s, f in enumerate(FASEN) if f in (Fase.SCHULDREGELING, Fase.OPLOSSING))
CONSULENTEN = 60
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
POLICY = load_policy()


def traject_id(i: int) -> str:
    return f"00000000-0000-4000-8000-{i:012d}"


def _uuid(soort: int, i: int) -> str:
    """A fixed UUID-shaped id per kind of row and number (uuid.UUID is slow at this volume)."""
    return f"{soort:08x}-0000-4000-8000-{i:012x}"


def subject_key(i: int) -> str:
    return f"traj{i:060d}"


# Lua: a random case with history, debts, calculation and offer.
VOL_TRAJECT_LUA = (
    'string.format("00000000-0000-4000-8000-%012d", '
    f"rand_int(0, {TRAJECTEN // SLOTS - 1}) * {SLOTS} + VOLLE_SLOTS[rand_int(1, #VOLLE_SLOTS)])"
)
VOL_TRAJECT_PRELUDE = "VOLLE_SLOTS = {" + ", ".join(str(s) for s in VOLLE_SLOTS) + "}"


@functools.cache
def _beslistermijn(aanvraagdatum: date) -> date:
    return termijnen.beslistermijn(POLICY, aanvraagdatum)


@functools.cache
def _stabilisatie(start: date) -> termijnen.StabilisatieTermijnen:
    return termijnen.stabilisatie_termijnen(POLICY, start)


@functools.cache
def _nazorg(start: date) -> date:
    return termijnen.nazorg_einde(POLICY, start)


def _persoon(i: int, rol: str) -> dict[str, Any]:
    return {
        "achternaam": ("Jansen", "de Vries", "Bakker", "Yilmaz", "El Amrani")[i % 5]
        + ("" if rol == "aanvrager" else "-Partner"),
        "voorletters": "A.B.",
        "geboortedatum": date(1960 + i % 40, 1 + i % 12, 1 + i % 28).isoformat(),
        "postcode": f"{1181 + i % 8}AB",
        "huisnummer": 1 + i % 200,
    }


class _Case:
    """The dates of one seeded case, from its aanvraag to its current phase."""

    def __init__(self, i: int, vandaag: date) -> None:
        self.i = i
        self.fase = FASEN[i % SLOTS]
        self.stap = PAD.index(self.fase)
        if self.stap <= PAD.index(Fase.BESCHIKKING):
            # Undecided: up to 16 weeks old, so about half is past the 8-week term.
            self.aanvraag = vandaag - timedelta(days=(i * 7) % 112 + 1)
        else:
            self.aanvraag = vandaag - timedelta(days=200 + (i * 13) % 700)
        self.datums = [
            self.aanvraag + timedelta(days=d) for d in (0, 3, 30, 45, 55, 170, 300, 320, 500)
        ]
        self.datums = [min(d, vandaag) for d in self.datums]

    def datum(self, fase: Fase) -> date | None:
        index = PAD.index(fase)
        return self.datums[index] if index <= self.stap else None

    def heeft(self, fase: Fase) -> bool:
        return PAD.index(fase) <= self.stap


# As oplossing.leg_afweging_vast stores it.
_AFWEGING = {
    "peildatum": "2026-01-05",
    "inkomen_stabiel": False,
    "motivatie": "voldoende",
    "kredietbedrag": "4000.00",
    "maximum": "25000.00",
    "ruimte_garantiefonds": "50000.00",
    "advies": "geen-saneringskrediet",
    "redenen": ["Het inkomen is niet stabiel."],
}


def _traject_row(c: _Case) -> dict[str, Any]:
    i = c.i
    beschikt = c.datum(Fase.PLAN_VAN_AANPAK)
    stab_start = c.datum(Fase.STABILISATIE)
    regeling = c.datum(Fase.SCHULDREGELING)
    oplossing = c.datum(Fase.OPLOSSING)
    nazorg = c.datum(Fase.NAZORG)
    uitstroom = c.datum(Fase.UITSTROOM)
    stab = _stabilisatie(stab_start) if stab_start else None
    ingediend = regeling + timedelta(days=3) if regeling else None
    toegekend = oplossing - timedelta(days=1) if oplossing else None
    now = T0 + timedelta(seconds=i)
    return {
        "id": traject_id(i),
        "aanvraag_id": _uuid(1, i),
        "melding_id": _uuid(2, i),
        "gemeentecode": "GM0362",
        "subject_key": subject_key(i),
        "partner_subject_key": subject_key(TRAJECTEN + i) if i % 10 == 0 else None,
        "aanvraagdatum": c.aanvraag,
        "crisis": i % 25 == 0,
        "crisissoort": "Dreigende huisuitzetting" if i % 25 == 0 else None,
        "fase": c.fase.value,
        "fase_sinds": c.datums[c.stap],
        "consulent": f"consulent-{i % CONSULENTEN:02d}" if c.stap >= 1 else None,
        "kinderen_onder_18": i % 3,
        "inkomensbron": ("Loon", "Uitkering", "Pensioen")[i % 3],
        "doelgroepen": ["jongere"] if i % 9 == 0 else [],
        "toelichting": None,
        "documenten": (
            {
                "identiteitsbewijs": c.datums[1].isoformat(),
                "bankafschriften": c.datums[1].isoformat(),
            }
            if c.stap >= 1
            else {}
        ),
        "intake_start": c.datum(Fase.INTAKE),
        "beslistermijn_datum": _beslistermijn(c.aanvraag),
        "beschikking_soort": "Toelatingsbeschikking" if beschikt else None,
        "beschikking_datum": beschikt,
        "beschikking_redenen": ["Voldoet aan de voorwaarden."] if beschikt else None,
        "bezwaar_datum": None,
        "bezwaar_toelichting": None,
        "plan": (
            {
                "hulpvraag": "Schulden regelen.",
                "ondersteuning": "Budgetbeheer.",
                "verwijzingen": [],
                "voorwaarden": ["Geen nieuwe schulden maken."],
                "verwachte_einddatum": (c.aanvraag + timedelta(days=800)).isoformat(),
            }
            if stab_start
            else None
        ),
        "plan_datum": beschikt if stab_start else None,
        "stabilisatie_start": stab_start,
        "stabilisatie_eind": regeling,
        "stabilisatie_benchmark_datum": stab.benchmark if stab else None,
        "stabilisatie_max_datum": stab.maximum if stab else None,
        "schuldregeling_start": regeling,
        "schuldregeling_ingediend": ingediend,
        "nvvk_datum": ingediend + timedelta(days=120) if ingediend else None,
        "schuldregeling_toegekend": toegekend,
        "schuldregeling_afgewezen": None,
        "schuldregeling_ingetrokken": None,
        "dwangakkoord_verzoek_datum": None,
        "dwangakkoord": None,
        "dwangakkoord_uitspraak_datum": None,
        "wsnp_verklaring_datum": None,
        "oplossing_soort": "Schuldbemiddeling" if oplossing else None,
        "oplossing_start": oplossing,
        "oplossing_eind": nazorg,
        "oplossing_vtlb": Decimal("1650.00") if oplossing else None,
        "nazorg_start": nazorg,
        "nazorg_einde_datum": _nazorg(nazorg) if nazorg else None,
        "nazorg_eind": uitstroom,
        "uitstroom_datum": uitstroom,
        "uitstroom_reden": "Afgerond" if uitstroom else None,
        "uitstroom_omschrijving": None,
        "afwegingskader": _AFWEGING if regeling else None,
        "afwegingskader_advies": "geen-saneringskrediet" if regeling else None,
        "kredietbedrag": None,
        "created_at": now,
        "updated_at": now,
    }


def _aantal_schulden(c: _Case) -> int:
    if c.heeft(Fase.SCHULDREGELING):
        return 5 + c.i % 19  # 14 on average (seed §3.1)
    return c.i % 8 if c.heeft(Fase.STABILISATIE) else 0


def _schulden(c: _Case) -> Iterator[dict[str, Any]]:
    aanbod = c.fase in (Fase.SCHULDREGELING, Fase.OPLOSSING, Fase.NAZORG)
    for n in range(_aantal_schulden(c)):
        bedrag = Decimal(150 + (c.i * 31 + n * 977) % 4800) + Decimal("0.50")
        yield {
            "id": _uuid(3, (c.i << 8) + n),
            "traject_id": traject_id(c.i),
            "schuldeiser_naam": ("Eigen Haard", "Vattenfall", "CAK", "Belastingdienst", "DUO")[
                n % 5
            ],
            "schuldeiser_kvk": f"{33000000 + n:08d}",
            "schuldeiser_postcode": "1066CS",
            "schuldeiser_privepersoon": False,
            "bedrag": bedrag,
            "peildatum": c.datums[1],
            "schuldsoort": ("Nuts", "Nuts", "Zorg", "Publiek", "Publiek")[n % 5],
            "preferent": n % 5 == 3,
            "zakelijk": False,
            "aanbod_bedrag": (bedrag * Decimal("0.4")).quantize(Decimal("0.01"))
            if aanbod
            else None,
            "reactie": "akkoord" if aanbod and c.fase is not Fase.SCHULDREGELING else None,
            "reactie_datum": c.datum(Fase.OPLOSSING),
            "created_at": T0 + timedelta(seconds=c.i, microseconds=n),
        }


def _historie(c: _Case) -> Iterator[dict[str, Any]]:
    for stap in range(c.stap + 1):
        van = PAD[stap - 1] if stap else None
        naar = PAD[stap]
        regel = OVERGANGEN[(van, naar)].regel if van else "Wgs art. 3: de aanvraag"
        yield {
            "traject_id": traject_id(c.i),
            "van_fase": van.value if van else None,
            "naar_fase": naar.value,
            "datum": c.datums[stap],
            "regel": regel,
            "reden": "Volgende stap.",
            "actor": f"consulent-{c.i % CONSULENTEN:02d}",
            "rol": "consulent",
            "at": T0 + timedelta(seconds=c.i, milliseconds=stap),
        }


def _berekening_id(i: int) -> str:
    return _uuid(4, i)


def _berekening(c: _Case) -> dict[str, Any]:
    return {
        "id": _berekening_id(c.i),
        "traject_id": traject_id(c.i),
        "peildatum": c.datums[5],
        "leefsituatie": "alleenstaande",
        "netto_inkomen": Decimal("1950.00"),
        "correcties": [{"soort": "woonkosten", "bedrag": "250.00", "toelichting": None}],
        "bijstandsnorm": Decimal("1401.50"),
        "beslagvrije_voet": Decimal("1331.43"),
        "vtlb": Decimal("1581.43"),
        "afloscapaciteit": Decimal("368.57"),
        "regels": [
            {
                "omschrijving": "Beslagvrije voet (95% bijstandsnorm)",
                "bedrag": "1331.43",
                "bron": "Recofa",
            },
            {"omschrijving": "Correctie woonkosten", "bedrag": "250.00", "bron": "Recofa"},
            {"omschrijving": "Afloscapaciteit", "bedrag": "368.57", "bron": "Wgs"},
        ],
        "actor": "consulent-00",
        "created_at": T0 + timedelta(seconds=c.i),
    }


def _aanbod(c: _Case, schulden: list[dict[str, Any]]) -> dict[str, Any]:
    totaal = sum((s["bedrag"] for s in schulden), Decimal("0.00"))
    return {
        "id": _uuid(5, c.i),
        "traject_id": traject_id(c.i),
        "berekening_id": _berekening_id(c.i),
        "ingediend_op": c.datums[5] + timedelta(days=3),
        "looptijd_maanden": 18,
        "afloscapaciteit": Decimal("368.57"),
        "totaal_schuld": totaal,
        "totaal_aflossing": Decimal("6634.26"),
        "percentage": Decimal("40.00"),
        "verdeling": [
            {
                "schuldId": s["id"],
                "vordering": str(s["bedrag"]),
                "aanbod": str(s["aanbod_bedrag"]),
                "percentage": "40.00",
            }
            for s in schulden
        ],
        "actueel": True,
        "created_at": T0 + timedelta(seconds=c.i),
    }


# The tables the seed fills, in foreign-key order: generated rows, then the watch's memory.
GEGENEREERD = ("traject", "traject_persoon", "traject_historie", "schuld", "berekening", "aanbod")
TABELLEN = (*GEGENEREERD, "termijn_verstreken")


def _rijen(start: int, stop: int, vandaag: date) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in GEGENEREERD}
    for i in range(start, stop):
        c = _Case(i, vandaag)
        rows["traject"].append(_traject_row(c))
        for rol, key in (("aanvrager", subject_key(i)), ("partner", subject_key(TRAJECTEN + i))):
            if rol == "partner" and i % 10:
                continue
            rows["traject_persoon"].append(
                {
                    "traject_id": traject_id(i),
                    "rol": rol,
                    "subject_key": key,
                    "actief": c.fase is not Fase.UITSTROOM,
                    "persoon": _persoon(i, rol),
                }
            )
        rows["traject_historie"].extend(_historie(c))
        eigen = list(_schulden(c))
        rows["schuld"].extend(eigen)
        if c.heeft(Fase.SCHULDREGELING):
            rows["berekening"].append(_berekening(c))
        if c.fase in (Fase.SCHULDREGELING, Fase.OPLOSSING, Fase.NAZORG):
            rows["aanbod"].append(_aanbod(c, eigen))
    return rows


# Seeding 100,000 cases takes minutes on a busy machine; every scenario on one engine on one day
# seeds the same rows, so the first seed is kept and later ones copy it (SEED_VERSION: bump it
# when the rows change).
SEED_VERSION = 1
CACHE_DIR = Path(tempfile.gettempdir()) / "balans-bench-cache"
CACHE_PREFIX = f"{databases.NAME_PREFIX}cache_trajectory_"


def _cache_sleutel(ctx: SeedContext, aantal: int, vandaag: date) -> str:
    engine = create_db_engine(ctx.url)
    try:
        with engine.connect() as connection:
            sql = sa.text("SELECT version_num FROM alembic_version")
            head = connection.execute(sql).scalar_one()
    finally:
        engine.dispose()
    return f"{vandaag:%Y%m%d}_{aantal}_{head}_v{SEED_VERSION}".replace("-", "_")


def seed_trajecten(ctx: SeedContext, aantal: int = TRAJECTEN, chunk: int = 5000) -> None:
    """`aantal` cases with persons, history, debts, calculations and offers (from today's cache
    when an earlier scenario seeded them); the deadline watch's memory."""
    vandaag = date.today()
    sleutel = _cache_sleutel(ctx, aantal, vandaag)
    if _uit_cache(ctx.url, sleutel):
        return
    for start in range(0, aantal, chunk):
        for name, rows in _rijen(start, min(aantal, start + chunk), vandaag).items():
            ctx.bulk_insert(ctx.metadata.tables[name], rows)
    _al_bewaakt(ctx.url, vandaag)
    _naar_cache(ctx.url, sleutel)


def _uit_cache(url: str, sleutel: str) -> bool:
    if engine_of(url) == SQLITE:
        bron = CACHE_DIR / f"trajectory-{sleutel}.db"
        if not bron.exists():
            return False
        doel = Path(make_url(url).database or "")
        for extra in (Path(f"{doel}-wal"), Path(f"{doel}-shm")):
            extra.unlink(missing_ok=True)
        shutil.copyfile(bron, doel)
        return True
    cache = make_url(url).set(database=CACHE_PREFIX + sleutel)
    try:
        bron_conn = psycopg.connect(_dsn(cache))
    except psycopg.OperationalError:
        return False
    with bron_conn, psycopg.connect(_dsn(make_url(url))) as doel_conn:
        for tabel in TABELLEN:
            with (
                bron_conn.cursor().copy(f"COPY {tabel} TO STDOUT (FORMAT BINARY)") as uit,
                doel_conn.cursor().copy(f"COPY {tabel} FROM STDIN (FORMAT BINARY)") as in_,
            ):
                for data in uit:
                    in_.write(data)
        for tabel in ("traject_persoon", "traject_historie"):
            doel_conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {tabel}))"
            )
    return True


def _naar_cache(url: str, sleutel: str) -> None:
    if engine_of(url) == SQLITE:
        CACHE_DIR.mkdir(exist_ok=True)
        for oud in CACHE_DIR.glob("trajectory-*.db"):
            oud.unlink()
        bron = sqlite3.connect(make_url(url).database or "")
        doel = sqlite3.connect(CACHE_DIR / f"trajectory-{sleutel}.db")
        try:
            bron.backup(doel)
        finally:
            doel.close()
            bron.close()
        return
    admin = sa.create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            oude = connection.execute(
                sa.text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                {"p": CACHE_PREFIX + "%"},
            ).scalars()
            for naam in list(oude):
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
            bron = make_url(url).database
            connection.execute(
                sa.text(f'CREATE DATABASE "{CACHE_PREFIX + sleutel}" TEMPLATE "{bron}"')
            )
    finally:
        admin.dispose()


def _dsn(url: sa.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _al_bewaakt(url: str, vandaag: date) -> None:
    """The deadline watch's memory as production has it after its earlier rounds: every
    deadline already passed is recorded (by the watch's own definition of an open deadline),
    so the measured service does not report 50,000 of them at start-up. Their events are left
    out: the feed is not what these scenarios read."""
    engine = create_db_engine(url)
    try:
        with engine.begin() as connection:
            for termijn in BEWAAKT:
                kolom, open_ = repository.open_termijn(termijn)
                connection.execute(
                    termijn_verstreken.insert().from_select(
                        ["traject_id", "termijn", "termijn_datum", "vastgesteld_op", "at"],
                        sa.select(
                            traject.c.id,
                            sa.literal(termijn.value),
                            kolom,
                            sa.literal(vandaag, sa.Date),
                            sa.literal(T0, sa.DateTime(timezone=True)),
                        ).where(open_, kolom < vandaag),
                    )
                )
    finally:
        engine.dispose()


def aantal_rijen(url: str) -> dict[str, int]:
    """Rows per table (for the report)."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: int(connection.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one())
                for name in (
                    "traject",
                    "traject_historie",
                    "schuld",
                    "berekening",
                    "aanbod",
                    "event",
                )
            }
    finally:
        engine.dispose()
