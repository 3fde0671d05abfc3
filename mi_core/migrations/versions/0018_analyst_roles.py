"""Read-only doors to the marts: the group roles mi_analyst, mi_metabase and
mi_tenant_reader (NOLOGIN), with USAGE on schema `marts` and SELECT on its tables.

Roles are global to the PostgreSQL cluster, so they are created only when missing (several
databases of one cluster, e.g. test sessions, may each run this migration). Nothing is
granted outside `marts`: tables in `public`, `raw`, `staging` and `dagster` are readable
by their owner (the application role) alone. dbt keeps the SELECT grants on the marts it
rebuilds (`+grants` in dbt_project.yml) and enables row-level security on them
(macros/row_level_security.sql); the default privileges below cover a mart created by
other means. The application role needs CREATEROLE (a superuser has it).

Revision ID: 0018
Revises: 0011
Create Date: 2026-12-01
"""

from alembic import op

revision = "0018"
down_revision = "0019"
branch_labels = None
depends_on = None

# Written out here (not imported) so the migration keeps meaning what it meant; the same
# names are mi_core.analysts' constants.
MART_READER_ROLES = ("mi_analyst", "mi_metabase", "mi_tenant_reader")

# `create role` has no `if not exists`; duplicate_object also covers another session
# creating the role between the check and the create.
_CREATE_GROUP_ROLE = """
do $$
begin
    if not exists (select from pg_roles where rolname = '{role}') then
        create role {role} nologin;
    end if;
exception when duplicate_object then
    null;
end
$$
"""


def upgrade() -> None:
    op.execute("create schema if not exists marts")
    for role in MART_READER_ROLES:
        op.execute(_CREATE_GROUP_ROLE.format(role=role))
    readers = ", ".join(MART_READER_ROLES)
    op.execute(f"grant usage on schema marts to {readers}")
    op.execute(f"grant select on all tables in schema marts to {readers}")
    op.execute(f"alter default privileges in schema marts grant select on tables to {readers}")


def downgrade() -> None:
    readers = ", ".join(MART_READER_ROLES)
    op.execute(f"alter default privileges in schema marts revoke select on tables from {readers}")
    op.execute(f"revoke select on all tables in schema marts from {readers}")
    op.execute(f"revoke usage on schema marts from {readers}")
    # The roles themselves stay: other databases of the cluster may still use them, and
    # analysts' logins are members of mi_analyst (`mi analyst revoke` removes those).
