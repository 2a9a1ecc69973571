"""HTTP routers of the signals service."""
