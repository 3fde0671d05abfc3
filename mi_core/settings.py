"""The one place where configuration and environment branching live.

Every process (portal, Dagster code location, CLI, tests) reads its configuration
through `get_settings()`. Values come from environment variables (or a `.env`
file); names are upper-case versions of the field names unless an alias says
otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from mi_core.storage import UploadStorage, open_storage, uploads_root

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# Secrets that ship in examples and docs; refusing them outside development keeps
# a copy-pasted configuration from reaching production.
PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev-secret-change-me"})
DEV_SECRET = "dev-secret-change-me"
# Metabase's development credentials. Metabase wants its embedding secret as 64 hex
# characters and an admin password with a digit, so these differ from DEV_SECRET; both
# are refused outside development like the placeholders above.
DEV_METABASE_ADMIN_PASSWORD = "mi-dev-password-1"
DEV_METABASE_EMBED_SECRET = "bd4b969ec202e3b67240d985aaa4262999c614e4e7a2ccb7fcd314853a8a1d7b"
DAGSTER_SCHEMA = "dagster"


ENV_FILE = ".env"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore", populate_by_name=True)

    # Production unless told otherwise: a process nobody configured must not run with the
    # development secrets. `mi serve` (and so `make run`) defaults to development itself.
    environment: Literal["development", "test", "production"] = Field(
        "production", alias="MI_ENVIRONMENT"
    )
    # Unset: an embedded PostgreSQL is started in `data_dir/pgdata`.
    database_url: str | None = Field(None, alias="DATABASE_URL")
    database_name: str = Field("mercari_intelligence", alias="MI_DATABASE_NAME")
    data_dir: Path = Field(PROJECT_ROOT / ".mi", alias="MI_DATA_DIR")
    secret_key: SecretStr = Field(SecretStr(DEV_SECRET), alias="MI_SECRET_KEY")

    portal_host: str = Field("127.0.0.1", alias="MI_PORTAL_HOST")
    portal_port: int = Field(8000, alias="MI_PORTAL_PORT")
    dagster_port: int = Field(3000, alias="MI_DAGSTER_PORT")
    # uvicorn worker processes of the portal (`mi serve`); each has its own answer cache
    # and connection pools. 2 keeps a 2-core machine busy (bench/bench_load.py).
    portal_workers: int = Field(2, alias="MI_PORTAL_WORKERS", ge=1)
    # How long uvicorn keeps an idle keep-alive connection. Longer than a client or proxy
    # keeps its own (nginx: 75 s), so none sends a request on a connection being closed
    # (uvicorn's 5 s default reset connections of sellers pausing between pages).
    portal_keepalive_seconds: int = Field(90, alias="MI_PORTAL_KEEPALIVE_SECONDS", ge=1)
    # SQLAlchemy connection pool of each process (portal worker, Dagster), beyond which up
    # to `db_max_overflow` more are opened for a burst.
    db_pool_size: int = Field(15, alias="MI_DB_POOL_SIZE", ge=1)
    db_max_overflow: int = Field(5, alias="MI_DB_MAX_OVERFLOW", ge=0)
    # Dashboard answers and rendered page fragments kept per portal worker (LRU), each
    # valid until the seller's marts change (users.marts_version). 0 turns caching off.
    dashboard_cache_entries: int = Field(10_000, alias="MI_DASHBOARD_CACHE_ENTRIES", ge=0)
    # Where the portal reaches the Dagster webserver to start runs at once.
    dagster_host: str = Field("127.0.0.1", alias="MI_DAGSTER_HOST")

    # Where uploaded files are kept (mi_core/storage.py): unset = MI_DATA_DIR/uploads,
    # `file:///directory`, or `s3://bucket[/prefix]` for S3-compatible object storage.
    storage_url: str | None = Field(None, alias="MI_STORAGE_URL")
    # S3-compatible storage: the endpoint (unset = AWS S3 itself; e.g. http://minio:9000),
    # the region, and the key pair (unset = boto3's own chain, e.g. the pod's IAM role).
    s3_endpoint_url: str | None = Field(None, alias="MI_S3_ENDPOINT_URL")
    s3_region: str | None = Field(None, alias="MI_S3_REGION")
    s3_access_key_id: str | None = Field(None, alias="MI_S3_ACCESS_KEY_ID")
    s3_secret_access_key: SecretStr | None = Field(None, alias="MI_S3_SECRET_ACCESS_KEY")

    upload_max_bytes: int = Field(50 * 1024 * 1024, alias="MI_UPLOAD_MAX_BYTES")
    # Largest file whose headline figures the upload request parses itself (shown at once as
    # preliminary): about 20,000 rows, parsed in about a second (bench_first_figures.py) in
    # a few tens of MB. A larger file is accepted as always; its figures come with the
    # dashboard. 0 turns the preliminary figures off.
    preliminary_max_bytes: int = Field(4 * 1024 * 1024, alias="MI_PRELIMINARY_MAX_BYTES", ge=0)
    # Largest body of any other request (forms, JSON): refused with 413 before it is read.
    request_max_bytes: int = Field(1024 * 1024, alias="MI_REQUEST_MAX_BYTES", gt=0)
    # How often the Dagster sensor looks for newly registered uploads.
    upload_sensor_interval_seconds: int = Field(2, alias="MI_UPLOAD_SENSOR_INTERVAL")
    # How long the sensor leaves a new upload to the fast path that submits its run.
    upload_fast_path_grace_seconds: float = Field(10, alias="MI_UPLOAD_FAST_PATH_GRACE")
    # Categorisation: offline unless an API key is set; the base URL makes any
    # OpenAI-compatible server work.
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    openai_model: str = Field("gpt-4o-mini", alias="OPENAI_MODEL")
    openai_requests_per_minute: float = Field(60.0, alias="MI_OPENAI_REQUESTS_PER_MINUTE")

    # Where dbt's parse (manifest, partial parse) lives. Unset: a directory per connection
    # profile under MI_DATA_DIR (see dbt_target_path); relative paths are inside the dbt
    # project (the image bakes its parse there).
    dbt_target_path_setting: str | None = Field(None, alias="DBT_TARGET_PATH")
    # Each dbt build gets its own directory under MI_DATA_DIR/dbt/invocations (artefacts
    # and logs, ~12 MB); it is deleted after the build except for the newest few, kept
    # for debugging.
    dbt_keep_invocations: int = Field(3, alias="MI_DBT_KEEP_INVOCATIONS", ge=0)
    # How a run builds the marts: `fork` runs dbt through its programmatic runner in a
    # fork of the Dagster run worker (no interpreter start-up or imports per build, and
    # dbt's Python runs on one core while the run worker records its events on the
    # other); `in_process` in a thread of the run worker (one interpreter lock for both:
    # ~20 % slower on 2 cores); `subprocess` starts a `dbt` process per build, as
    # dagster-dbt does by default. All yield the same materialisations and checks.
    dbt_invocation: Literal["fork", "in_process", "subprocess"] = Field(
        "fork", alias="MI_DBT_INVOCATION"
    )
    # dbt's threads (models and tests run at once, each on its own connection). On 2 cores
    # 4 threads built no faster than 2 (bench/bench_dbt_invocation.py --threads 2,4); a
    # bigger machine or database server may gain from more.
    dbt_threads: int = Field(2, alias="MI_DBT_THREADS", ge=1, le=16)
    # Dagster's run storage older than this many days is pruned by the dagster_retention
    # job: compute logs, IO-manager files and the runs' step-level log events. Run records,
    # materialisations and check results stay.
    dagster_retention_days: float = Field(30, alias="MI_DAGSTER_RETENTION_DAYS", gt=0)
    # `mi serve` writes each process's output to MI_DATA_DIR/logs/<process>.log, rotated
    # at this size with this many older files kept: the daemon logs every sensor tick, so
    # an unrotated log grows with time even when nobody uploads.
    log_file_max_mb: float = Field(20, alias="MI_LOG_FILE_MAX_MB", gt=0)
    log_file_backups: int = Field(3, alias="MI_LOG_FILE_BACKUPS", ge=1)
    # Categorisations below this confidence are flagged for the seller to review. Handed
    # to dbt as the var `low_confidence_below` (the marts' `is_low_confidence` flag and
    # `low_confidence_sales` counts); nothing else compares confidences with a constant.
    low_confidence_below: float = Field(0.5, alias="MI_LOW_CONFIDENCE_BELOW", ge=0, le=1)

    # Operations. /metrics answers loopback clients, or anyone sending
    # `Authorization: Bearer <MI_METRICS_TOKEN>` when set.
    metrics_token: SecretStr | None = Field(None, alias="MI_METRICS_TOKEN")
    # Errors go to Sentry (portal and Dagster runs) when set, scrubbed of sellers' data.
    sentry_dsn: str | None = Field(None, alias="SENTRY_DSN")

    demo_seller_email: str = Field("demo@example.com", alias="MI_DEMO_SELLER_EMAIL")
    # The landing page's read-only look at the demo seller's dashboard (/demo), without an
    # account. Unset: on in development only (elsewhere, whoever holds that address would
    # have their dashboard shown to the world, so it is switched on deliberately).
    public_demo: bool | None = Field(None, alias="MI_PUBLIC_DEMO")

    # Outgoing mail (verification and password-reset links).
    smtp_host: str = Field("localhost", alias="MI_SMTP_HOST")
    smtp_port: int = Field(25, alias="MI_SMTP_PORT")
    smtp_from: str = Field("no-reply@mercari-intelligence.test", alias="MI_SMTP_FROM")
    # Where the links in emails point (the portal's public address).
    public_url: str = Field("http://127.0.0.1:8000", alias="MI_PUBLIC_URL")
    # Bearer JWTs are short-lived (only a change of password or email revokes them, and
    # one without `exp` is refused); cookie sessions are server-side tokens (revocable)
    # and may live longer.
    jwt_lifetime_seconds: int = Field(3600, gt=0, alias="MI_JWT_LIFETIME_SECONDS")
    session_lifetime_seconds: int = Field(14 * 24 * 3600, alias="MI_SESSION_LIFETIME_SECONDS")
    # Failed logins per minute: per (email, client address), and per client address
    # whatever the email (password spraying across accounts).
    login_attempts_per_minute: int = Field(5, alias="MI_LOGIN_ATTEMPTS_PER_MINUTE")
    login_attempts_per_address_per_minute: int = Field(
        30, alias="MI_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE"
    )
    # Reverse proxies in front of the portal whose X-Forwarded-For is believed: comma-
    # separated addresses or networks (`10.0.0.0/8`), `*` for any. Empty: none, the
    # client address is the connection's peer.
    trusted_proxies: str = Field("", alias="MI_TRUSTED_PROXIES")

    # Billing (portal/billing): unset Stripe settings mean billing endpoints answer 503
    # while the free plan's limits still apply. STRIPE_API_BASE unset means Stripe itself.
    stripe_secret_key: SecretStr | None = Field(None, alias="STRIPE_SECRET_KEY")
    stripe_webhook_secret: SecretStr | None = Field(None, alias="STRIPE_WEBHOOK_SECRET")
    stripe_price_pro: str | None = Field(None, alias="STRIPE_PRICE_PRO")
    stripe_price_business: str | None = Field(None, alias="STRIPE_PRICE_BUSINESS")
    stripe_api_base: str | None = Field(None, alias="STRIPE_API_BASE")
    # Days a paid plan survives a failed payment before the seller falls back to free.
    billing_grace_days: float = Field(7, alias="MI_BILLING_GRACE_DAYS")

    # Operations (issue 14). Upload emails to sellers go through an outbox drained every
    # minute by the `send_notifications` job; a row is given up after this many attempts.
    notification_max_attempts: int = Field(5, alias="MI_NOTIFICATION_MAX_ATTEMPTS", gt=0)
    # Operators: comma-separated addresses mailed by Dagster's run-failure sensor and by
    # the upload-wait alert. Empty: no operator alerts.
    operator_emails: str = Field("", alias="MI_OPERATOR_EMAILS")
    # Dagster's run-failure email sensor logs in to the SMTP server (SSL or STARTTLS).
    smtp_user: str | None = Field(None, alias="MI_SMTP_USER")
    smtp_password: SecretStr | None = Field(None, alias="MI_SMTP_PASSWORD")
    smtp_security: Literal["SSL", "STARTTLS"] = Field("STARTTLS", alias="MI_SMTP_SECURITY")
    # An upload pending this long (minutes) raises the operators' alert, once per episode.
    upload_wait_alert_minutes: float = Field(15, alias="MI_UPLOAD_WAIT_ALERT_MINUTES", gt=0)
    # Stuck uploads: processing this long, or pending this long with no run, are put back
    # in the queue once, then failed with a reason the seller can read.
    stuck_processing_minutes: float = Field(60, alias="MI_STUCK_PROCESSING_MINUTES", gt=0)
    stuck_pending_minutes: float = Field(30, alias="MI_STUCK_PENDING_MINUTES", gt=0)
    # The Dagster UI as operators open it (links on /admin); unset: the local webserver.
    dagster_ui_url: str | None = Field(None, alias="MI_DAGSTER_UI_URL")
    # Monthly prices shown on the landing and billing pages when Stripe is not configured
    # (with Stripe, its Price objects are shown instead), in US dollars.
    price_pro_usd: str = Field("12.00", alias="MI_PRICE_PRO_USD")
    price_business_usd: str = Field("39.00", alias="MI_PRICE_BUSINESS_USD")
    # How long the Stripe prices are kept before being read again.
    price_cache_seconds: float = Field(3600, alias="MI_PRICE_CACHE_SECONDS", ge=0)

    # Metabase (optional): an unset URL means no Metabase, the portal's own dashboards
    # stand alone. METABASE_URL is where `mi metabase provision` and the portal reach its
    # API; SITE_URL is where browsers load the embedded dashboard from.
    metabase_url: str | None = Field(None, alias="MI_METABASE_URL")
    metabase_site_url: str | None = Field(None, alias="MI_METABASE_SITE_URL")
    metabase_admin_email: str = Field("admin@example.com", alias="MI_METABASE_ADMIN_EMAIL")
    metabase_admin_password: SecretStr = Field(
        SecretStr(DEV_METABASE_ADMIN_PASSWORD), alias="MI_METABASE_ADMIN_PASSWORD"
    )
    # Signs the embed tokens; provisioning writes it into Metabase's embedding-secret-key.
    metabase_embed_secret: SecretStr = Field(
        SecretStr(DEV_METABASE_EMBED_SECRET), alias="MI_METABASE_EMBED_SECRET"
    )
    # Set to skip looking the provisioned dashboard up by name.
    metabase_dashboard_id: int | None = Field(None, alias="MI_METABASE_DASHBOARD_ID")
    metabase_embed_minutes: int = Field(10, alias="MI_METABASE_EMBED_MINUTES", gt=0)
    # The warehouse as Metabase reaches it (e.g. a read-only role); default DATABASE_URL.
    metabase_warehouse_url: str | None = Field(None, alias="MI_METABASE_WAREHOUSE_URL")

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment != "development":
            if self.secret_key.get_secret_value() in PLACEHOLDER_SECRETS:
                raise ValueError(
                    f"MI_SECRET_KEY must be set to a real secret in {self.environment}"
                )
            for name, secret in (
                ("STRIPE_SECRET_KEY", self.stripe_secret_key),
                ("STRIPE_WEBHOOK_SECRET", self.stripe_webhook_secret),
            ):
                if secret is not None and secret.get_secret_value() in PLACEHOLDER_SECRETS:
                    raise ValueError(
                        f"{name} must be a real secret (or unset) in {self.environment}"
                    )
            if self.environment == "production" and self.database_url is None:
                raise ValueError("DATABASE_URL must point at a real PostgreSQL in production")
        if self.metabase_url:
            self._check_metabase_secrets()
        return self

    def _check_metabase_secrets(self) -> None:
        secret = self.metabase_embed_secret.get_secret_value()
        # Metabase only accepts a hex-encoded 256-bit embedding key.
        if len(secret) != 64 or any(c not in "0123456789abcdefABCDEF" for c in secret):
            raise ValueError("MI_METABASE_EMBED_SECRET must be 64 hexadecimal characters")
        if self.environment != "development":
            if secret == DEV_METABASE_EMBED_SECRET:
                raise ValueError(
                    f"MI_METABASE_EMBED_SECRET must be set to a real secret in {self.environment}"
                )
            password = self.metabase_admin_password.get_secret_value()
            if password in PLACEHOLDER_SECRETS | {DEV_METABASE_ADMIN_PASSWORD}:
                raise ValueError(
                    f"MI_METABASE_ADMIN_PASSWORD must be set to a real secret in {self.environment}"
                )

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def require_verified_sellers(self) -> bool:
        """Outside development a seller must confirm their email before uploading."""
        return not self.is_development

    @property
    def secure_cookies(self) -> bool:
        # The development portal is served over plain http on localhost.
        return not self.is_development

    @property
    def metabase_configured(self) -> bool:
        return bool(self.metabase_url)

    @property
    def metabase_browser_url(self) -> str | None:
        """Where browsers load Metabase from (the internal address unless told otherwise)."""
        url = self.metabase_site_url or self.metabase_url
        return url.rstrip("/") if url else None

    @property
    def public_demo_enabled(self) -> bool:
        return self.is_development if self.public_demo is None else self.public_demo

    @property
    def operator_email_list(self) -> list[str]:
        return [entry.strip() for entry in self.operator_emails.split(",") if entry.strip()]

    @property
    def dagster_ui_base_url(self) -> str:
        return (self.dagster_ui_url or f"http://{self.dagster_host}:{self.dagster_port}").rstrip(
            "/"
        )

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [entry.strip() for entry in self.trusted_proxies.split(",") if entry.strip()]

    @property
    def uses_embedded_postgres(self) -> bool:
        return self.database_url is None

    @property
    def pgdata_dir(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def uploads_dir(self) -> Path:
        return uploads_root(self.data_dir)

    def upload_storage(self) -> UploadStorage:
        """The one store of uploaded files (local directory or S3-compatible bucket)."""
        secret = self.s3_secret_access_key
        return open_storage(
            self.storage_url,
            self.data_dir,
            s3_endpoint_url=self.s3_endpoint_url,
            s3_region=self.s3_region,
            s3_access_key_id=self.s3_access_key_id,
            s3_secret_access_key=secret.get_secret_value() if secret else None,
        )

    @property
    def incoming_dir(self) -> Path:
        """Where an upload is written and checked before it is stored (same volume as the
        local store, so storing it there is a rename)."""
        return self.data_dir / "incoming"

    @property
    def dagster_home(self) -> Path:
        return self.data_dir / "dagster_home"

    @property
    def dbt_project_dir(self) -> Path:
        return PROJECT_ROOT / "dbt_project"

    @property
    def dbt_docs_dir(self) -> Path:
        """Where `dbt docs generate` writes the documentation site (never the source tree)."""
        return self.data_dir / "dbt_docs"

    @property
    def dbt_docs_index(self) -> Path:
        """The site as one self-contained page (`--static`: manifest and catalog inlined)."""
        return self.dbt_docs_dir / "static_index.html"

    def resolved_database_url(self) -> str:
        """libpq-style URL of the application database (embedded server when unset)."""
        if self.database_url:
            return self.database_url
        # The embedded server listens on a unix socket inside its data directory only.
        return f"postgresql://postgres@/{self.database_name}?host={self.pgdata_dir}"

    def dagster_postgres_url(self) -> str:
        """Dagster's run/event storage: same database, its own schema (created by migrations)."""
        url = self.resolved_database_url()
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}options=-csearch_path%3D{DAGSTER_SCHEMA}"

    def sqlalchemy_url(self, driver: str = "psycopg") -> str:
        return sqlalchemy_url_for(self.resolved_database_url(), driver)

    def dbt_env(self) -> dict[str, str]:
        """Connection settings for dbt's profiles.yml, derived from the database URL."""
        parts = urlsplit(self.resolved_database_url())
        query = parse_qs(parts.query)
        host = query.get("host", [parts.hostname or "localhost"])[0]
        return {
            "MI_DBT_HOST": host,
            "MI_DBT_PORT": str(parts.port or 5432),
            "MI_DBT_USER": parts.username or "postgres",
            "MI_DBT_PASSWORD": parts.password or "",
            "MI_DBT_DBNAME": parts.path.lstrip("/") or self.database_name,
        }

    @property
    def dbt_dir(self) -> Path:
        """dbt's run-time files: the parse and one directory per build, never the source tree."""
        return self.data_dir / "dbt"

    @property
    def dbt_invocations_dir(self) -> Path:
        return self.dbt_dir / "invocations"

    @property
    def dbt_target_path(self) -> str:
        """This connection profile's dbt target directory (the parse): absolute, or relative
        to the dbt project when DBT_TARGET_PATH says so.

        Each profile (the product, the tests, a benchmark) gets its own, so their dbt
        parses never invalidate each other.
        """
        if self.dbt_target_path_setting:
            return self.dbt_target_path_setting
        profile = json.dumps(self.dbt_env(), sort_keys=True).encode()
        return str(self.dbt_dir / "parse" / hashlib.sha256(profile).hexdigest()[:12])

    def dbt_process_env(self) -> dict[str, str]:
        """What dbt (and dagster-dbt, which reads DBT_TARGET_PATH) needs in its environment."""
        return {
            **self.dbt_env(),
            "DBT_PROFILES_DIR": str(self.dbt_project_dir),
            "DBT_TARGET_PATH": self.dbt_target_path,
            # dbt's own log (dbt.log) next to the parse, not in the source tree; builds
            # log into their invocation directory (dagster-dbt sets it per build).
            "DBT_LOG_PATH": str(self.dbt_dir / "logs"),
            "MI_DBT_THREADS": str(self.dbt_threads),
        }

    def process_env(self) -> dict[str, str]:
        """Environment handed to child processes (Dagster, dbt, the portal)."""
        return {
            "DATABASE_URL": self.resolved_database_url(),
            "MI_ENVIRONMENT": self.environment,
            "MI_DATA_DIR": str(self.data_dir),
            "DAGSTER_HOME": str(self.dagster_home),
            "MI_DAGSTER_PG_URL": self.dagster_postgres_url(),
            **self.dbt_process_env(),
        }


def configured_value(
    name: str, environ: Mapping[str, str] | None = None, env_file: str | Path | None = ENV_FILE
) -> str | None:
    """One setting's raw value as `Settings` would find it (the environment first, then the
    `.env` file; names case-insensitive), without building or validating the others.

    For commands that need a setting or two but none of the secrets (and for `mi serve`,
    which decides on the environment before the settings are read). Empty means unset.
    """
    environ = os.environ if environ is None else environ
    wanted = name.lower()
    for key, value in environ.items():
        if key.lower() == wanted:
            return value or None
    if env_file is not None and Path(env_file).is_file():
        from dotenv import dotenv_values

        for key, value in dotenv_values(env_file).items():
            if key.lower() == wanted:
                return value or None
    return None


def sqlalchemy_url_for(libpq_url: str, driver: str = "psycopg") -> str:
    """`postgresql://…` (what libpq, dbt and Dagster take) → SQLAlchemy's `postgresql+driver://…`."""
    return f"postgresql+{driver}://{libpq_url.split('://', 1)[1]}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
