#!/bin/sh
# Run once by the postgres image when the cluster is first initialised: Metabase's own
# application database, owned by a role of its own that can reach nothing else. (The
# warehouse login Metabase reads the marts with is kept by `mi metabase provision`.)
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v password="$METABASE_DB_PASSWORD" <<'SQL'
create role metabase login password :'password';
create database metabase owner metabase;
revoke all on database metabase from public;
SQL
