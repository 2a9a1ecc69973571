"""W3C Trace Context (`traceparent`): the current trace and span, kept in context variables.

The request middleware binds them from the incoming header (or starts a new trace); outgoing
calls and the processing log read them. Background jobs outside a request get a fresh trace.
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

trace_id_var: ContextVar[str | None] = ContextVar("trace_id", default=None)
span_id_var: ContextVar[str | None] = ContextVar("span_id", default=None)

# version "00" has exactly four fields; a later version may append more after a dash.
_TRACEPARENT = re.compile(
    r"(?P<version>[0-9a-f]{2})-(?P<trace>[0-9a-f]{32})-(?P<span>[0-9a-f]{16})-[0-9a-f]{2}"
    r"(?P<rest>-.*)?"
)
_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16


def new_trace_id() -> str:
    """A random 16-byte trace id as 32 lowercase hex digits."""
    trace_id = secrets.token_hex(16)
    return trace_id if trace_id != _ZERO_TRACE else new_trace_id()


def new_span_id() -> str:
    """A random 8-byte span id as 16 lowercase hex digits."""
    span_id = secrets.token_hex(8)
    return span_id if span_id != _ZERO_SPAN else new_span_id()


def parse_traceparent(header: str) -> tuple[str, str] | None:
    """(trace id, parent span id) of a valid `traceparent` header, else None (start anew)."""
    match = _TRACEPARENT.fullmatch(header.strip())
    if match is None:
        return None
    version, trace_id, span_id = match["version"], match["trace"], match["span"]
    if version == "ff" or (version == "00" and match["rest"] is not None):
        return None
    if trace_id == _ZERO_TRACE or span_id == _ZERO_SPAN:
        return None
    return trace_id, span_id


def current_trace_id() -> str:
    """The current trace id; outside a request a new trace is started in this context."""
    trace_id = trace_id_var.get()
    if trace_id is None:
        trace_id = new_trace_id()
        trace_id_var.set(trace_id)
    return trace_id


def current_span_id() -> str:
    """The current span id; outside a request a new span is started in this context."""
    span_id = span_id_var.get()
    if span_id is None:
        span_id = new_span_id()
        span_id_var.set(span_id)
    return span_id


def current_traceparent() -> str:
    """The `traceparent` for an outgoing call: this trace, a new span for the call."""
    return f"00-{current_trace_id()}-{new_span_id()}-01"


def fresh_traceparent() -> str:
    """A `traceparent` that starts a new trace (a background delivery, not part of a request)."""
    return f"00-{new_trace_id()}-{new_span_id()}-01"
