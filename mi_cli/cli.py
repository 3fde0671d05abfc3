"""`mi`: the command line of Mercari Intelligence (installed by pyproject.toml)."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from mi_core.settings import Settings

app = typer.Typer(
    name="mi",
    help="Mercari Intelligence: sales-report analytics for Mercari sellers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
seller_app = typer.Typer(help="Sellers' accounts (operators).", no_args_is_help=True)
app.add_typer(seller_app, name="seller")
staff_app = typer.Typer(help="Staff: who may open the admin view (/admin).", no_args_is_help=True)
app.add_typer(staff_app, name="staff")
dbt_app = typer.Typer(help="The dbt project.", no_args_is_help=True)
app.add_typer(dbt_app, name="dbt")
costs_app = typer.Typer(help="Sellers' costs of goods.", no_args_is_help=True)
app.add_typer(costs_app, name="costs")
metabase_app = typer.Typer(help="Metabase dashboards embedded in the portal.", no_args_is_help=True)
app.add_typer(metabase_app, name="metabase")
analyst_app = typer.Typer(
    help="Analysts' read-only PostgreSQL logins to the marts.", no_args_is_help=True
)
app.add_typer(analyst_app, name="analyst")
docs_app = typer.Typer(help="The dbt documentation site.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")

# Exit code for "the input cannot be read", distinct from typer's usage errors (2 too,
# by contract of `mi check`).
EXIT_UNREADABLE = 2


def _fail(message: str, code: int = EXIT_UNREADABLE) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _settings() -> Settings:
    """The settings, for the commands that need them; an incomplete configuration is one
    line of explanation rather than a traceback."""
    from pydantic import ValidationError

    from mi_core.settings import get_settings

    try:
        return get_settings()
    except ValidationError as err:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in err.errors())
        raise _fail(
            f"configuration: {reasons} (MI_ENVIRONMENT is production unless set; "
            "`mi serve` runs in development)",
            1,
        ) from None


@app.command()
def check(file: Annotated[Path, typer.Argument(help="A Mercari sales report CSV.")]) -> None:
    """Parse and validate a report without storing anything; print one JSON object.

    The object: file, layout (the export's generation: 2022 or 2024), rows, completed,
    cancelled, quarantined, totals (the money columns the file has), reconciled,
    differences, date_range, fees (per fee regime, and the sales whose seller fees no
    dated rule explains). Exit 2 with one line on stderr when the file cannot be read.
    """
    from mi_core.sales_report import ReportError, check_summary, parse_report

    if not file.is_file():
        raise _fail(f"{file}: no such file")
    try:
        report = parse_report(file, source_name=file.name)
    except ReportError as err:
        raise _fail(str(err)) from None
    json.dump(check_summary(report), sys.stdout, indent=2)
    sys.stdout.write("\n")


@app.command()
def upload(
    file: Annotated[Path, typer.Argument(help="A Mercari sales report CSV.")],
    seller: Annotated[str, typer.Option("--seller", help="The seller's email.")],
) -> None:
    """Register a report for a seller; the pipeline processes it. Prints the upload id."""
    from mi_core.billing.usage import UploadLimitReachedError
    from mi_core.db import get_engine, session_scope, upgrade_database
    from mi_core.uploads import create_seller, find_seller, register_upload_file
    from portal.run_launcher import start_upload_run

    if not file.is_file():
        raise _fail(f"{file}: no such file")
    settings = _settings()
    upgrade_database(settings)
    try:
        with session_scope() as session:
            account = find_seller(session, seller)
            if account is None:
                if not settings.is_development:
                    raise _fail(f"{seller}: no such seller (sellers are created on sign-up)", 1)
                account = create_seller(session, seller)
            created = register_upload_file(session, settings, account, file)
            upload_id, seller_id = created.id, account.id
    except UploadLimitReachedError as err:
        raise _fail(str(err), 1) from None
    start_upload_run(settings, get_engine(), upload_id, seller_id)
    typer.echo(str(upload_id))


@app.command()
def categorize(
    input_csv: Annotated[Path, typer.Argument(help="A CSV with a `title` column.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the result.")],
) -> None:
    """Categorise titles: OUTPUT adds department, subcategory, confidence, source.

    Offline unless OPENAI_API_KEY is set (then answers are cached in the database).
    """
    from mi_core.categorisation import Categoriser, build_categoriser, categorise_csv
    from mi_core.settings import configured_value

    if not input_csv.is_file():
        raise _fail(f"{input_csv}: no such file")
    categoriser: Categoriser
    if configured_value("OPENAI_API_KEY") is None:
        # Offline: no settings at all, so nothing (secrets, a database) has to be configured.
        categoriser = build_categoriser(openai_api_key=None)
    else:
        from mi_core.categorisation import PostgresCache
        from mi_core.db import get_engine, upgrade_database

        settings = _settings()
        upgrade_database(settings)
        categoriser = build_categoriser(
            openai_api_key=settings.openai_api_key.get_secret_value()
            if settings.openai_api_key
            else None,
            openai_base_url=settings.openai_base_url,
            openai_model=settings.openai_model,
            cache=PostgresCache(get_engine()),
            requests_per_minute=settings.openai_requests_per_minute,
        )
    try:
        rows = categorise_csv(input_csv, output, categoriser)
    except ValueError as err:
        raise _fail(str(err)) from None
    typer.echo(f"{rows} rows categorised → {output}", err=True)


@app.command("demo-report")
def demo_report(
    output: Annotated[Path, typer.Argument(help="Where to write the CSV.")],
    rows: Annotated[int, typer.Option(help="Number of sales.")] = 750,
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same file.")] = 7,
) -> None:
    """Write a realistic synthetic Mercari sales report (for demos and benchmarks)."""
    from mi_core.sales_report import write_report

    write_report(output, rows, seed=seed)
    typer.echo(str(output))


@app.command()
def serve(
    no_demo: Annotated[bool, typer.Option("--no-demo", help="Skip the demo seller.")] = False,
) -> None:
    """Run the whole product: database, migrations, Dagster webserver + daemon, portal."""
    from mi_cli.stack import default_to_development, run_stack

    # Before anything reads the settings (they default to production).
    default_to_development()
    raise typer.Exit(run_stack(_settings(), seed_demo=not no_demo))


@costs_app.command("import")
def costs_import(
    file: Annotated[Path, typer.Argument(help="A cost CSV: item_id or title, and cost.")],
    seller: Annotated[str, typer.Option("--seller", help="The seller's email.")],
) -> None:
    """Import a cost CSV for a seller, whole or not at all; the marts follow through a
    queued marts-only run. Prints what matched; refused rows go to stderr (exit 1)."""
    from mi_core.costs import CostFileError, import_costs
    from mi_core.db import session_scope, upgrade_database
    from mi_core.uploads import find_seller

    if not file.is_file():
        raise _fail(f"{file}: no such file")
    upgrade_database(_settings())
    with session_scope() as session:
        account = find_seller(session, seller)
        if account is None:
            raise _fail(f"{seller}: no such seller", 1)
        try:
            result = import_costs(session, account.id, file.read_bytes(), file.name)
        except CostFileError as err:
            raise _fail(str(err)) from None
        if not result.applied:
            session.rollback()
    for problem in result.unmatched_rows:
        typer.echo(problem.reason, err=True)
    if result.refused:
        for problem in result.refused:
            typer.echo(problem.reason, err=True)
        raise _fail(f"{file.name}: {len(result.refused)} row(s) refused, nothing imported", 1)
    typer.echo(f"{result.matched} matched, {result.unmatched} unmatched (stored), 0 refused")


@seller_app.command("plan")
def seller_plan(
    email: Annotated[str, typer.Argument(help="The seller's email.")],
    plan: Annotated[str, typer.Argument(help="free, pro or business.")],
    until: Annotated[
        str | None,
        typer.Option(help="Last day of the override (YYYY-MM-DD, UTC); no end if omitted."),
    ] = None,
) -> None:
    """Put a seller on a plan by hand (a comp); webhooks do not change it until it ends."""
    import getpass
    from datetime import UTC, date, datetime, time, timedelta

    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope, upgrade_database
    from mi_core.uploads import find_seller

    try:
        chosen = PlanName(plan.strip().lower())
    except ValueError:
        raise _fail(f"{plan}: not a plan (free, pro or business)", 1) from None
    ends: datetime | None = None
    if until is not None:
        try:
            last_day = date.fromisoformat(until)
        except ValueError:
            raise _fail(f"{until}: not a date (YYYY-MM-DD)", 1) from None
        ends = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=UTC)
        if ends <= datetime.now(UTC):
            raise _fail(f"{until} is in the past", 1)
    settings = _settings()
    upgrade_database(settings)
    with session_scope() as session:
        account = find_seller(session, email)
        if account is None:
            raise _fail(f"{email}: no such seller", 1)
        released = grant_plan_override(
            session, settings, account.id, chosen, until=ends, granted_by=f"cli:{getpass.getuser()}"
        )
    period = f"until {ends:%Y-%m-%d %H:%M} UTC" if ends else "with no end date"
    typer.echo(f"{account.email} is on the {chosen.value} plan {period}")
    if released:
        typer.echo(f"{len(released)} uploads with waiting rows will be processed again")


def _set_staff(email: str, staff: bool) -> None:
    from mi_core.admin_analytics import NoSuchUserError, set_staff
    from mi_core.db import session_scope, upgrade_database

    upgrade_database(_settings())
    try:
        with session_scope() as session:
            user = set_staff(session, email, staff)
    except NoSuchUserError:
        raise _fail(f"{email}: no such user", 1) from None
    typer.echo(f"{user.email} is {'now' if staff else 'no longer'} staff")


@staff_app.command("grant")
def staff_grant(email: Annotated[str, typer.Argument(help="The user's email.")]) -> None:
    """Make a user staff (fastapi-users' is_superuser): they can open /admin."""
    _set_staff(email, True)


@staff_app.command("revoke")
def staff_revoke(email: Annotated[str, typer.Argument(help="The user's email.")]) -> None:
    """Take staff away from a user: /admin answers 404 to them again."""
    _set_staff(email, False)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Start the embedded database if needed and apply migrations."""
    from mi_core.db import upgrade_database

    upgrade_database(_settings())
    typer.echo("database is up to date")


@metabase_app.command("provision")
def metabase_provision(
    wait: Annotated[int, typer.Option(help="Seconds to wait for Metabase to start answering.")] = 0,
) -> None:
    """Set Metabase up for the embedded seller dashboard (idempotent); print what it did."""
    from mi_core.metabase import MetabaseError, provision

    settings = _settings()
    if not settings.metabase_configured:
        raise _fail("MI_METABASE_URL is not set: Metabase is not configured", 1)
    try:
        report = provision(settings, wait_seconds=wait)
    except MetabaseError as err:
        raise _fail(f"metabase: {err}", 1) from None
    typer.echo(f"Metabase {report.version}")
    for line in report.lines():
        typer.echo(line)
    typer.echo(f"dashboard id {report.dashboard_id}" + ("" if report.changed else " (unchanged)"))


@metabase_app.command("warehouse-login")
def metabase_warehouse_login() -> None:
    """Make the login of MI_METABASE_WAREHOUSE_URL a member of the read-only role
    mi_metabase, with that URL's password (idempotent)."""
    from mi_core.metabase import MetabaseError
    from mi_core.metabase.warehouse_login import GROUP_ROLE, ensure_warehouse_login

    try:
        login = ensure_warehouse_login(_settings())
    except MetabaseError as err:
        raise _fail(f"metabase: {err}", 1) from None
    typer.echo(f"{login.action:<8} login {login.name!r} in {GROUP_ROLE}")


@dbt_app.command("prepare")
def dbt_prepare(
    docs: Annotated[
        bool,
        typer.Option(
            "--docs", help="Then generate the dbt docs site (reads the database's catalog)."
        ),
    ] = False,
) -> None:
    """Parse the dbt project once (the manifest Dagster's definitions read); run before the
    Dagster webserver and daemon start (`mi serve` does it itself). With --docs, then `dbt
    docs generate` into MI_DATA_DIR/dbt_docs (served at /admin/dbt-docs and by `mi docs
    serve`); without, no database is needed (the image build parses this way)."""
    from orchestration.dbt_project import generate_docs, prepare_manifest

    typer.echo(str(prepare_manifest()))
    if docs:
        typer.echo(str(generate_docs(_migrated_settings())))


@analyst_app.command("create")
def analyst_create(
    name: Annotated[str, typer.Argument(help="The login: a-z, 0-9 and _, e.g. ada_lovelace.")],
) -> None:
    """Create an analyst's login (read-only on the marts, every seller); print its
    connection string, with a generated password shown only this once."""
    from mi_core.analysts import AnalystError, create_analyst

    settings = _migrated_settings()
    try:
        login = create_analyst(settings.resolved_database_url(), name)
    except AnalystError as err:
        raise _fail(str(err), 1) from None
    typer.echo(login.connection_url)
    typer.echo(
        f"{login.name}: read-only on schema marts (every seller's rows); the password is not "
        "stored anywhere else",
        err=True,
    )


@analyst_app.command("revoke")
def analyst_revoke(name: Annotated[str, typer.Argument(help="The analyst's login.")]) -> None:
    """Drop an analyst's login."""
    from mi_core.analysts import AnalystError, revoke_analyst

    settings = _migrated_settings()
    try:
        revoke_analyst(settings.resolved_database_url(), name)
    except AnalystError as err:
        raise _fail(str(err), 1) from None
    typer.echo(f"{name}: revoked")


@analyst_app.command("list")
def analyst_list() -> None:
    """The analysts' logins, one per line."""
    from mi_core.analysts import list_analysts

    settings = _migrated_settings()
    for name in list_analysts(settings.resolved_database_url()):
        typer.echo(name)


@docs_app.command("serve")
def docs_serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8580,
    regenerate: Annotated[
        bool, typer.Option("--regenerate", help="Run `dbt docs generate` first.")
    ] = False,
) -> None:
    """Serve the dbt documentation site on 127.0.0.1 (generated first when missing)."""
    from mi_core.docs_site import serve_docs
    from orchestration.dbt_project import generate_docs

    settings = _settings()
    if regenerate or not settings.dbt_docs_index.is_file():
        generate_docs(_migrated_settings())
    with serve_docs(settings.dbt_docs_dir, "127.0.0.1", port) as server:
        typer.echo(f"dbt docs at http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def _migrated_settings() -> Settings:
    """The settings, once the database is there and migrated (the group roles with it)."""
    from mi_core.db import upgrade_database

    settings = _settings()
    upgrade_database(settings)
    return settings


corrections_app = typer.Typer(
    help="Sellers' category corrections: review them, promote reviewed ones (operators).",
    no_args_is_help=True,
)
app.add_typer(corrections_app, name="corrections")


@corrections_app.command("review")
def corrections_review(
    limit: Annotated[int, typer.Option(help="Show at most this many rows.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Every (normalised title → department › subcategory) sellers set, ranked by how many
    sellers agree; nothing reaches the shared model until promoted."""
    from mi_core.corrections import review
    from mi_core.db import get_engine, upgrade_database

    upgrade_database(_settings())
    rows = review(get_engine())[:limit]
    for row in rows:
        if as_json:
            typer.echo(json.dumps(row.__dict__))
        else:
            mark = " (promoted)" if row.promoted else ""
            typer.echo(
                f"{row.sellers:>4} of {row.sellers_correcting:<4} {row.normalised_title}"
                f" → {row.department} › {row.subcategory}{mark}"
            )
    if not rows and not as_json:
        typer.echo("no corrections yet")


@corrections_app.command("promote")
def corrections_promote(
    title: Annotated[str, typer.Argument(help="A title (normalised here) or a correction id.")],
    department: Annotated[
        str | None, typer.Option(help="The category to promote (default: most sellers').")
    ] = None,
    subcategory: Annotated[str | None, typer.Option(help="With --department.")] = None,
    file: Annotated[
        Path | None,
        typer.Option(help="Knowledge file to write (default: the shipped one)."),
    ] = None,
) -> None:
    """Write a reviewed correction into the offline categoriser's shipped knowledge
    (mi_core/categorisation/promoted_corrections.yaml; commit it to ship it)."""
    from mi_core.categorisation.promoted import PROMOTED_PATH
    from mi_core.corrections import CorrectionError, CorrectionNotFoundError, promote
    from mi_core.db import get_engine, upgrade_database

    if (department is None) != (subcategory is None):
        raise _fail("give both --department and --subcategory, or neither", 1)
    upgrade_database(_settings())
    try:
        row = promote(
            get_engine(),
            title,
            department=department,
            subcategory=subcategory,
            path=file or PROMOTED_PATH,
        )
    except (CorrectionError, CorrectionNotFoundError) as err:
        raise _fail(str(err), 1) from None
    typer.echo(
        f"promoted {row.normalised_title} → {row.department} › {row.subcategory}"
        f" ({row.sellers} of {row.sellers_correcting} sellers) into {file or PROMOTED_PATH}"
    )


if __name__ == "__main__":
    app()
