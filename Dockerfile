# One image for the portal and Dagster's processes (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY mi_core mi_core
COPY mi_cli mi_cli
COPY portal portal
COPY orchestration orchestration
COPY dbt_project dbt_project
COPY workspace.yaml dagster.yaml ./
RUN pip install --no-cache-dir . && mkdir -p /dagster_home && cp dagster.yaml /dagster_home/
# Production unless told otherwise (also the settings' default; compose sets it too).
ENV MI_ENVIRONMENT=production DAGSTER_HOME=/dagster_home MI_DATA_DIR=/data
