# My Plan: a production image. Build the front-end assets, then a slim Python runtime
# with WeasyPrint's system libraries. Run with ENVIRONMENT=production and real settings.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-assets.mjs scripts/
COPY static/src static/src
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 PORT=8000 WORKERS=4
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libffi8 \
      libjpeg62-turbo libopenjp2-7 fonts-dejavu-core fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 myplan
WORKDIR /app
COPY pyproject.toml README.md ./
COPY app app
RUN pip install -e .
COPY templates templates
COPY locales locales
COPY migrations migrations
COPY docs docs
COPY static static
COPY --from=assets /build/static/dist static/dist
RUN mkdir -p var && chown myplan var
USER myplan
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz')"
CMD ["sh", "-c", "python -m app migrate && exec python -m app serve --host \"$HOST\" --port \"$PORT\" --workers \"$WORKERS\""]
