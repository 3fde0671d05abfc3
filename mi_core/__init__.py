"""The shared core: settings, database, schema, report parsing, categorisation, uploads,
loading, billing rules and tenant erasure. It imports neither FastAPI nor Dagster; the
portal and the orchestration depend on it and never on each other."""
