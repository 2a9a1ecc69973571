"""The request's unit of work for a use case: session, policy, caller, and the two side effects
every change of resident data brings (a processing-log record and, for reporting, an event)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from services.intake.models import plumbing
from services.intake.settings import IntakeSettings
from shared import types
from shared.auth import Principal
from shared.events import append_event
from shared.pagination import ApiModel
from shared.policy import Policy
from shared.processing_log import log_processing

# (GM0362.toml, register of processing activities) Everything the desk does with a resident's
# data serves this activity; the early-signal hand-over continues it once it reaches intake.
ACTIVITEIT = "intake-melding"


# The register's activity ids per policy (by identity: a Policy is not hashable), made once per
# policy the app loads instead of a new set for every log record. The policy is kept with them,
# so its id cannot be reused while the entry exists; a test run that loads many is kept bounded.
_ACTIVITEITEN: dict[int, tuple[Policy, frozenset[str]]] = {}


def _activiteiten(policy: Policy) -> frozenset[str]:
    known = _ACTIVITEITEN.get(id(policy))
    if known is None or known[0] is not policy:
        if len(_ACTIVITEITEN) >= 16:
            _ACTIVITEITEN.clear()
        known = _ACTIVITEITEN[id(policy)] = (
            policy,
            frozenset(a.id for a in policy.verwerkingsactiviteiten),
        )
    return known[1]


@dataclass(frozen=True)
class IntakeContext:
    """What a use case needs from the request, without HTTP."""

    session: Connection
    policy: Policy
    settings: IntakeSettings
    principal: Principal

    @property
    def actor(self) -> str:
        return self.principal.subject

    def vandaag(self) -> date:
        """Today in the Netherlands (tests freeze `shared.types.today`)."""
        return types.today()

    def log(self, action: str, subject_keys: Iterable[str]) -> None:
        """Record the processing of these residents' data (Logboek Dataverwerkingen)."""
        log_processing(
            self.session,
            plumbing,
            activities=_activiteiten(self.policy),
            principal=self.principal,
            action=action,
            activity_id=ACTIVITEIT,
            subject_keys=subject_keys,
        )

    def event(self, type: str, *, subject_key: str, payload: ApiModel) -> None:
        """Append an event for reporting in this transaction (no personal data in `payload`)."""
        append_event(
            self.session,
            plumbing,
            type=type,
            gemeentecode=self.policy.gemeentecode,
            subject_key=subject_key,
            payload=payload.model_dump(mode="json", by_alias=True),
        )
