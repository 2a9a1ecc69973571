"""The container's HEALTHCHECK: exit 0 when `/health/ready` answers 200, else 1.

The slim base image has no curl; this uses the standard library only and reads `PORT` as
deploy.serve does.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 3.0


def ready(url: str, timeout: float = TIMEOUT_SECONDS) -> bool:
    """Whether the readiness endpoint at `url` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http only
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    return 0 if ready(f"http://127.0.0.1:{port}/health/ready") else 1


if __name__ == "__main__":
    sys.exit(main())
