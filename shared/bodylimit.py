"""A cap on request bodies: one too large is refused with 413 before the app reads it.

Without it a 50 MB JSON body sent to any endpoint would be read and parsed whole before its
validation failed. The cap (`MAX_BODY_BYTES`, 1 MiB by default) is far above any document these
APIs take; an endpoint made for large uploads (the signal batches) names its path in the
service's `ServiceSpec.own_body_limit_paths` and enforces its own cap.

A declared `Content-Length` over the cap is answered at once. A body sent in chunks without a
length is counted as it arrives and cut off at the cap; whatever the app then answers (FastAPI
turns the failed read into a 400) is replaced by the same 413.
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.problems import PayloadTooLarge, problem_response


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int, own_limit_paths: Collection[str]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.own_limit_paths = frozenset(own_limit_paths)

    def _too_large(self) -> PayloadTooLarge:
        return PayloadTooLarge(f"Een request body is hoogstens {self.max_bytes} bytes.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.own_limit_paths:
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None:  # the server holds the body to its declared length
            if length.isdigit() and int(length) > self.max_bytes:
                problem = self._too_large().to_problem(instance=scope["path"])
                await problem_response(problem)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        received = 0
        answered = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large()
            return message

        async def instead_413(message: Message) -> None:
            nonlocal answered
            if received <= self.max_bytes:
                await send(message)
            elif not answered:  # the app's answer to a body it could not read
                answered = True
                problem = self._too_large().to_problem(instance=scope["path"])
                await problem_response(problem)(scope, receive, send)

        await self.app(scope, counted, instead_413)
