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
# The dbt manifest is prepared at build time (Dagster's definitions only read it), with
# the connection names of docker-compose.yml; `mi dbt prepare` re-parses only if they differ.
RUN MI_ENVIRONMENT=development MI_DBT_HOST=postgres MI_DBT_USER=mi \
    MI_DBT_DBNAME=mercari_intelligence DBT_TARGET_PATH=target/compose \
    DBT_PROFILES_DIR=/app/dbt_project mi dbt prepare
# Production unless told otherwise (also the settings' default; compose sets it too).
ENV MI_ENVIRONMENT=production DAGSTER_HOME=/dagster_home MI_DATA_DIR=/data
