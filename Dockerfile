# syntax=docker/dockerfile:1
# One image for the four Balans services; SERVICE chooses which one runs:
#   docker build -t balans .
#   docker run -e SERVICE=intake -e INTAKE_DATABASE_URL=postgresql+psycopg://... -p 8001:8000 balans
#   docker run -e SERVICE=intake ... balans python -m deploy.migrate intake     (migration step)
# docs/operations.md has the environment variables; compose.yaml and deploy/k8s use this image.

ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: the locked runtime dependencies in a virtual environment ---------------------
FROM ${PYTHON_IMAGE} AS builder
# The uv version the Makefile bootstraps with.
ARG UV_VERSION=0.13.9
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
COPY pyproject.toml uv.lock ./
# Dependencies only (no dev group, not the project itself: its code is copied as source below),
# exactly as locked; this layer is rebuilt only when the lock changes.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

# --- runtime: the venv and the source, no build tools, not root ----------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 balans \
    && useradd --system --uid 10001 --gid balans --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin balans
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY shared/ shared/
COPY services/ services/
COPY deploy/__init__.py deploy/serve.py deploy/migrate.py deploy/healthcheck.py deploy/
# Byte-compile the source once as root; the files stay root-owned and read-only for the service.
RUN /app/.venv/bin/python -m compileall -q shared services deploy
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    GRACEFUL_SHUTDOWN_SECONDS=20
USER 10001:10001
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "deploy.healthcheck"]
ENTRYPOINT []
CMD ["python", "-m", "deploy.serve"]
