"""Dependencies of the intake endpoints, named once: the use-case context per set of roles.

No `from __future__ import annotations` here: FastAPI must see the closure's dependency objects,
not annotation strings it would look up among the module's globals.
"""

import uuid
from typing import Annotated, Any

from fastapi import Depends, Path, Request

from services.intake.context import IntakeContext
from services.intake.schemas.meldingen import CRISISSOORTEN
from shared.auth import BearerCredentials, Role, authorizer
from shared.db import DbSession


def context_for(*roles: Role) -> Any:
    """A `Depends` giving the IntakeContext to callers holding one of `roles`."""
    authorize = authorizer(*roles)

    async def context(
        request: Request, session: DbSession, credentials: BearerCredentials
    ) -> IntakeContext:
        return IntakeContext(
            session=session,
            policy=request.app.state.policy,
            settings=request.app.state.settings,
            principal=await authorize(request, credentials),
        )

    return Depends(context)


# Registering a melding is the desk's work; counsellors and coordinators read and follow up.
LoketContext = Annotated[IntakeContext, context_for(Role.loket)]
StaffContext = Annotated[IntakeContext, context_for(Role.loket, Role.consulent, Role.coordinator)]
# The outcome is decided by the counsellor in the conversation (seed §4.2).
ConsulentContext = Annotated[IntakeContext, context_for(Role.consulent, Role.coordinator)]
CoordinatorContext = Annotated[IntakeContext, context_for(Role.coordinator)]
ServiceContext = Annotated[IntakeContext, context_for(Role.service)]

MeldingId = Annotated[uuid.UUID, Path(alias="meldingId", description="Id of the melding.")]
GesprekId = Annotated[uuid.UUID, Path(alias="gesprekId", description="Id of the conversation.")]
PartnerId = Annotated[uuid.UUID, Path(alias="partnerId", description="Id of the partner.")]


async def _crisissoorten_van_beleid(request: Request) -> None:
    # `async def`: it runs in the request's own context, so the body validation that follows
    # sees the value (a plain `def` would set it in a worker thread's copy).
    CRISISSOORTEN.set(tuple(c.code for c in request.app.state.policy.crisissoorten))


# A route dependency: the body's crisis kind is checked against the policy with the other fields.
CrisissoortenVanBeleid = Depends(_crisissoorten_van_beleid)
