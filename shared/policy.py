"""A municipality's policy configuration: terms, amounts, signal rules, retention, indicators.

One TOML file per municipality under `shared/policies/<gemeentecode>.toml`, validated into frozen
models at start-up so a bad file stops the service with a message naming the field. Values that
change on a known date (norms, settlement terms) are `Dated` tables, looked up per case date.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Generic, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    RootModel,
    ValidationError,
    model_validator,
)

from shared.calendar import WerkdagenKalender
from shared.types import AMSTELVEEN, Gemeentecode, NonNegativeBedrag

POLICY_DIR = Path(__file__).resolve().parent / "policies"

T = TypeVar("T")
Procent = Annotated[Decimal, Field(ge=0, le=100)]


class PolicyError(ValueError):
    """The policy file cannot be read or does not validate."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatedValue(_Frozen, Generic[T]):
    """A value in force from a date until the next entry's date."""

    vanaf: date
    waarde: T


class Dated(RootModel[tuple[DatedValue[T], ...]], Generic[T]):
    """A table of values by start date, e.g. a norm that changes on 1 January and 1 July."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _ascending(self) -> Self:
        if not self.root:
            raise ValueError("at least one entry is needed")
        starts = (entry.vanaf for entry in self.root)
        if any(later <= earlier for earlier, later in pairwise(starts)):
            raise ValueError("entries must be in strictly ascending order of 'vanaf'")
        return self

    def value_on(self, on: date) -> T:
        """The value in force on a date; LookupError before the first entry."""
        for entry in reversed(self.root):
            if entry.vanaf <= on:
                return entry.waarde
        raise LookupError(f"no value in force on {on}; the table starts on {self.root[0].vanaf}")


class Termijnen(_Frozen):
    """Norms (the municipality's own) and legal maxima for each step of the process."""

    eerste_gesprek_plannen_werkdagen: int = Field(ge=0)
    eerste_gesprek_weken: int = Field(ge=0)
    eerste_gesprek_alternatief_weken: int = Field(ge=0)
    eerste_gesprek_wettelijk_weken: int = Field(ge=1)
    crisis_eerste_gesprek_werkdagen: int = Field(ge=0)
    crisis_wettelijk_werkdagen: int = Field(ge=1)
    beslistermijn_weken: int = Field(ge=1)
    stabilisatie_min_maanden: int = Field(ge=0)
    stabilisatie_benchmark_maanden: int = Field(ge=1)
    stabilisatie_max_maanden: int = Field(ge=1)
    schuldregeling_maanden: Dated[int]
    schuldregeling_nvvk_dagen: int = Field(ge=1)
    nazorg_max_maanden: int = Field(ge=0)
    moratorium_max_maanden: int = Field(ge=1)
    recidive_jaren: int = Field(ge=1)

    @model_validator(mode="after")
    def _norms_within_law(self) -> Self:
        if self.eerste_gesprek_weken > self.eerste_gesprek_wettelijk_weken:
            raise ValueError("eerste_gesprek_weken exceeds the legal maximum")
        if self.crisis_eerste_gesprek_werkdagen > self.crisis_wettelijk_werkdagen:
            raise ValueError("crisis_eerste_gesprek_werkdagen exceeds the legal maximum")
        if self.stabilisatie_min_maanden > self.stabilisatie_max_maanden:
            raise ValueError("stabilisatie_min_maanden exceeds stabilisatie_max_maanden")
        return self


class Bijstandsnorm(_Frozen):
    """Net monthly social-assistance norm, holiday pay included, age 21 to state pension age."""

    alleenstaande: NonNegativeBedrag
    gehuwden: NonNegativeBedrag


class Geld(_Frozen):
    """Norms and amounts; money is Decimal (the loader reads TOML decimals as Decimal)."""

    bijstandsnorm: Dated[Bijstandsnorm]
    beslagvrije_voet_procent: Dated[Procent]
    saneringskrediet_max: Dated[NonNegativeBedrag]
    garantiefonds: NonNegativeBedrag
    jas_max_schuld: NonNegativeBedrag
    # Preferent creditors' share relative to concurrent ones; 1 means equal percentages.
    preferente_weging: Decimal = Field(ge=1)


class Signaalpartner(StrEnum):
    """DDAS `EnumSignaalpartner`, verbatim."""

    ENERGIE = "Energie"
    HUUR = "Huur"
    HYPOTHEEK = "Hypotheek"
    CAK_ZORGVERZEKERINGEN = "CAK Zorgverzekeringen"
    ZORG = "Zorg"
    WATER = "Water"
    DUO = "DUO"
    BELASTINGDIENST = "Belastingdienst"
    CAK_EIGEN_BIJDRAGE = "CAK Eigen bijdrage"
    OVERIGE = "Overige"
    DIENST_TOESLAGEN = "Dienst Toeslagen"


class SignaalActie(StrEnum):
    """The first outreach step for a signal."""

    HUISBEZOEK = "huisbezoek"
    BRIEF = "brief"
    TELEFOON = "telefoon"


class PartnerBeleid(_Frozen):
    """How signals from one partner type are picked up."""

    minimum_bedrag: NonNegativeBedrag
    achterstand_min_dagen: int | None = Field(default=None, ge=0)
    achterstand_max_dagen: int | None = Field(default=None, ge=0)
    actie: SignaalActie

    @model_validator(mode="after")
    def _window(self) -> Self:
        low, high = self.achterstand_min_dagen, self.achterstand_max_dagen
        if low is not None and high is not None and low > high:
            raise ValueError("achterstand_min_dagen exceeds achterstand_max_dagen")
        return self


class Prioriteit(StrEnum):
    """How soon the outreach team takes up a case (most urgent first)."""

    VANDAAG = "vandaag"
    HOOG = "hoog"
    NORMAAL = "normaal"

    @property
    def rang(self) -> int:
        return list(Prioriteit).index(self)


class TriageRegel(_Frozen):
    """One row of the outreach queue's triage table: when every condition given holds, the case
    gets this priority. Conditions left out do not matter."""

    naam: str = Field(min_length=1, max_length=120)
    prioriteit: Prioriteit
    crisis: bool | None = None
    warme_overdracht: bool | None = None
    # Any signal of the case from one of these partner types.
    partners: tuple[Signaalpartner, ...] = ()
    # The case's total arrears at least this amount.
    bedrag_vanaf: NonNegativeBedrag | None = None
    # Waiting since the matching date at least this many days.
    wachtdagen_vanaf: int | None = Field(default=None, ge=0)
    # A resident of the target group young people (16 to 27) among the case's signals.
    jongere: bool | None = None


# Without a triage table in the policy: crisis signals are handled today (seed annex 3).
CRISIS_VANDAAG = TriageRegel(naam="Crisissignaal", prioriteit=Prioriteit.VANDAAG, crisis=True)


class SignaalBeleid(_Frozen):
    """Early-signal rules: matching, repeats, one entry per DDAS partner type, and the triage
    table of the outreach queue (the first rule that holds decides; none: `normaal`)."""

    matching_periode_dagen: int = Field(ge=1)
    herhaling_venster_dagen: int = Field(ge=0)
    einde_levering_werkdagen: int = Field(ge=0)
    partners: dict[Signaalpartner, PartnerBeleid]
    triage: tuple[TriageRegel, ...] = (CRISIS_VANDAAG,)

    @model_validator(mode="after")
    def _every_partner(self) -> Self:
        missing = [p.value for p in Signaalpartner if p not in self.partners]
        if missing:
            raise ValueError(f"no policy for partner type(s): {', '.join(missing)}")
        return self

    def voor(self, partner: Signaalpartner | str) -> PartnerBeleid:
        """The rules for one partner type."""
        return self.partners[Signaalpartner(partner)]


class Bewaartermijnen(_Frozen):
    """Retention periods, enforced by the system."""

    signaal_zonder_hulp_maanden: int = Field(ge=1)
    verwerkingslog_maanden: int = Field(ge=1)
    trajectdossier_maanden: int = Field(ge=1)


class Verwerkingsactiviteit(_Frozen):
    """One entry of the register of processing activities (AVG art. 30)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    naam: str = Field(min_length=1)
    doel: str = Field(min_length=1)
    grondslag: str = Field(min_length=1)


class CrisisSoort(_Frozen):
    """A kind of threatening situation that makes a case a crisis."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    omschrijving: str = Field(min_length=1)
    wettelijk: bool = Field(description="Named by the Wgs itself, not only by local protocol.")


class Streefwaarde(_Frozen):
    """A yearly target: at least `minimum`, and for a range at most `maximum`."""

    minimum: int = Field(ge=0)
    maximum: int | None = Field(default=None, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _plain_number(cls, data: Any) -> Any:
        # `aanvragen = 200` is shorthand for `{ minimum = 200 }`.
        return {"minimum": data} if isinstance(data, int) and not isinstance(data, bool) else data

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.maximum is not None and self.maximum < self.minimum:
            raise ValueError("maximum is below minimum")
        return self


class Indicatoren(_Frozen):
    """Policy-plan indicators with their yearly targets; `_procent` fields are percentages."""

    aanvragen: Streefwaarde
    clienten_in_portefeuille: Streefwaarde
    jongeren_bereikt_preventie: Streefwaarde
    signalen_verwerkt: Streefwaarde
    jongeren_jas: Streefwaarde
    ondernemers_geholpen: Streefwaarde
    afwegingskader_procent: Streefwaarde
    bewind_convenanten: Streefwaarde
    online_schuldencoach_jongeren: Streefwaarde
    ggz_pilot_inwoners: Streefwaarde
    stoppen_met_roken: Streefwaarde
    contact_signalen_procent: Streefwaarde
    advies_of_traject_procent: Streefwaarde
    crisis_binnen_3_dagen_procent: Streefwaarde


class Policy(_Frozen):
    """Everything one municipality decides for itself, validated as a whole."""

    gemeentecode: Gemeentecode
    naam: str = Field(min_length=1)
    caseload_max_per_fte: int = Field(ge=1)
    gelijkgestelde_dagen: tuple[date, ...] = ()
    termijnen: Termijnen
    geld: Geld
    signalen: SignaalBeleid
    bewaartermijnen: Bewaartermijnen
    verwerkingsactiviteiten: tuple[Verwerkingsactiviteit, ...] = Field(min_length=1)
    crisissoorten: tuple[CrisisSoort, ...] = Field(min_length=1)
    indicatoren: Indicatoren

    _kalender: WerkdagenKalender = PrivateAttr()

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        for name, ids in (
            ("verwerkingsactiviteiten", [a.id for a in self.verwerkingsactiviteiten]),
            ("crisissoorten", [c.code for c in self.crisissoorten]),
        ):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"{name}: duplicate id(s) {', '.join(duplicates)}")
        return self

    def model_post_init(self, context: Any, /) -> None:
        # Built once: the calendar is consulted per row of every work list.
        self._kalender = WerkdagenKalender(self.gelijkgestelde_dagen)

    def kalender(self) -> WerkdagenKalender:
        """The working-day calendar with this municipality's equated days."""
        return self._kalender

    def verwerkingsactiviteit(self, activiteit_id: str) -> Verwerkingsactiviteit:
        """One processing activity by id; KeyError when it is not in the register."""
        for activiteit in self.verwerkingsactiviteiten:
            if activiteit.id == activiteit_id:
                return activiteit
        raise KeyError(activiteit_id)


def _format_errors(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc']) or '(root)'}: {e['msg']}"
        for e in error.errors()
    )


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """A policy from TOML text; PolicyError naming the source and every invalid field."""
    try:
        # Decimal, not float, so "1195.66" in the file is exactly 1195.66 in the model.
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{source}: not valid TOML: {error}") from error
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(f"{source}: invalid policy: {_format_errors(error)}") from error


def policy_path(gemeentecode: str = AMSTELVEEN) -> Path:
    """The bundled policy file of a municipality."""
    return POLICY_DIR / f"{gemeentecode}.toml"


@lru_cache(maxsize=16)
def load_policy_for(gemeentecode: str) -> Policy:
    """The bundled policy of a municipality, read once per process."""
    path = policy_path(gemeentecode)
    if not path.is_file():
        raise PolicyError(f"no policy file for {gemeentecode} at {path}")
    policy = load_policy(path)
    if policy.gemeentecode != gemeentecode:
        raise PolicyError(f"{path}: gemeentecode {policy.gemeentecode} does not match the name")
    return policy


def load_policy(path: Path | None = None) -> Policy:
    """The policy in a file, or Amstelveen's (cached) when no path is given."""
    if path is None:
        return load_policy_for(AMSTELVEEN)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{path}: cannot read policy file: {error}") from error
    return parse_policy(text, source=str(path))
