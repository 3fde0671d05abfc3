# One image for the portal, Dagster's user code (gRPC server and run workers), the Dagster
# webserver and daemon, and the one-shot jobs (see docker-compose.yml, deploy/).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY mi_core mi_core
COPY mi_cli mi_cli
COPY portal portal
COPY orchestration orchestration
COPY dbt_project dbt_project
COPY workspace.yaml dagster.yaml ./
COPY deploy/workspace.compose.yaml deploy/workspace.compose.yaml
# The k8s extra (dagster-k8s) lets the same image serve as the Helm chart's user code.
RUN pip install --no-cache-dir '.[k8s]' && mkdir -p /dagster_home && cp dagster.yaml /dagster_home/
# The dbt manifest is prepared at build time (Dagster's definitions only read it), with
# the connection names of docker-compose.yml; `mi dbt prepare` re-parses only if they differ.
RUN MI_ENVIRONMENT=development MI_DBT_HOST=postgres MI_DBT_USER=mi \
    MI_DBT_DBNAME=mercari_intelligence DBT_TARGET_PATH=target/compose \
    DBT_PROFILES_DIR=/app/dbt_project mi dbt prepare
# Not root: a fixed uid (Kubernetes' runAsNonRoot checks it) owning only what it writes:
# uploads and Dagster's instance directory (volumes) and dbt's target and logs.
RUN useradd --system --uid 10001 --gid 0 --home-dir /app --no-create-home mi \
    && mkdir -p /data /dagster_home/storage /app/dbt_project/logs \
    && chown -R 10001:0 /data /dagster_home /app/dbt_project/target /app/dbt_project/logs
USER 10001
# Production unless told otherwise (also the settings' default): placeholders are refused.
ENV MI_ENVIRONMENT=production DAGSTER_HOME=/dagster_home MI_DATA_DIR=/data \
    DBT_TARGET_PATH=target/compose DBT_PROFILES_DIR=/app/dbt_project
EXPOSE 8000 3000 4000
