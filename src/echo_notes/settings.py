"""Every setting of the application, read from the environment once.

Nothing else in the code base reads ``os.environ``: settings are built here and passed down, so a test or
a second process can build its own without global state leaking between them. Each variable is documented
in the README's configuration table.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import platformdirs


class SettingsError(RuntimeError):
    """Raised when the environment describes a configuration the app must not start with."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _csv(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class DatabaseSettings:
    """Where PostgreSQL is; with no URL the app runs its own embedded server."""

    url: str | None
    """Owner connection (runs migrations). ``None`` → embedded PostgreSQL under ``data_dir``."""
    app_url: str | None
    """Connection for request handling as the non-superuser role; ``None`` → derived from ``url``."""
    app_role: str
    """Role that row-level security applies to; the app never handles requests as a superuser."""
    pool_size: int
    echo_sql: bool


@dataclass(frozen=True)
class AuthSettings:
    """Token signing and login throttling."""

    jwt_secret: str
    jwt_secret_generated: bool
    """True when the embedded default generated and stored the secret (never in production)."""
    audience: str
    issuer: str
    access_ttl_s: int
    refresh_ttl_s: int
    login_max_failures: int
    """Failed logins per e-mail inside ``login_window_s`` before further attempts get 429."""
    login_window_s: int


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    cors_origins: tuple[str, ...]
    max_request_bytes: int


@dataclass(frozen=True)
class StorageSettings:
    """Where document originals live: a local directory by default, S3 when a bucket is named."""

    local_dir: Path
    s3_bucket: str | None
    s3_endpoint_url: str | None
    """Any S3-compatible server (MinIO, SeaweedFS, ...); ``None`` → AWS."""
    s3_region: str | None
    s3_access_key_id: str | None = field(repr=False)
    s3_secret_access_key: str | None = field(repr=False)
    s3_prefix: str
    presigned_url_ttl_s: int


@dataclass(frozen=True)
class DocumentSettings:
    """Limits that keep one hostile or huge file from hurting the server."""

    max_upload_bytes: int
    max_pages: int
    extraction_timeout_s: float
    extraction_memory_bytes: int
    max_decompressed_bytes: int
    max_text_chars: int


@dataclass(frozen=True)
class ModelSettings:
    """Which models do the AI work; the defaults ship inside installed packages."""

    embedding_provider: str
    """``local`` (sentence-transformers on this machine) or ``openai`` (any OpenAI-compatible server)."""
    embedding_model_path: Path | None
    """A sentence-transformers directory; ``None`` → all-MiniLM-L6-v2 from its package."""
    openai_base_url: str
    openai_embedding_model: str
    ner_model_path: Path | None
    """A HuggingFace token-classification directory; ``None`` → medspaCy rules."""
    warm_up: bool
    """Load local models in the background at start-up."""


@dataclass(frozen=True)
class JobSettings:
    """Where note generation runs and how a dead worker's job is taken over."""

    worker: str
    """``embedded`` (a worker inside the API process; the default) or ``external`` (``echo-notes worker``)."""
    concurrency: int
    wait_timeout_s: int
    """The longest ``POST /soap/generate?wait=true`` holds the request before answering 202."""
    heartbeat_s: float
    stalled_after_s: float
    """A worker silent this long is presumed dead and its running jobs are queued again (resumed)."""


@dataclass(frozen=True)
class GenerationSettings:
    """Who drafts and who judges a note; the defaults run offline with nothing configured."""

    drafter: str
    """``grounded`` (deterministic, extractive), ``hf`` (a local HuggingFace model) or ``openai``."""
    hf_model_path: Path | None
    hf_max_new_tokens: int
    judge: str
    """``rules`` (the clinical validators only) or ``openai`` (validators plus an LLM judge)."""
    openai_chat_model: str
    max_rounds: int


@dataclass(frozen=True)
class Settings:
    """The whole configuration; build with :func:`load_settings` or :func:`get_settings`."""

    env: str
    data_dir: Path
    log_level: str
    database: DatabaseSettings
    auth: AuthSettings
    server: ServerSettings
    storage: StorageSettings
    documents: DocumentSettings
    models: ModelSettings
    jobs: JobSettings
    generation: GenerationSettings
    ai_service_url: str | None
    openai_api_key: str | None = field(repr=False, default=None)
    create_demo: bool = True

    @property
    def production(self) -> bool:
        return self.env == "production"


def _jwt_secret(env: Mapping[str, str], production: bool, data_dir: Path) -> tuple[str, bool]:
    """Return the signing secret; the embedded default keeps a generated one so restarts keep sessions."""
    configured = env.get("JWT_SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise SettingsError("JWT_SECRET_KEY must be at least 32 characters")
        return configured, False
    if production:
        raise SettingsError("JWT_SECRET_KEY is required when ECHO_ENV=production")
    secret_file = data_dir / "jwt-secret"
    if secret_file.exists():
        return secret_file.read_text().strip(), True
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret)
    return secret, True


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build settings from ``env`` (the process environment by default)."""
    env = os.environ if env is None else env
    mode = env.get("ECHO_ENV", "development").strip().lower()
    if mode not in {"development", "production", "test"}:
        raise SettingsError(f"ECHO_ENV must be development, production or test, got {mode!r}")
    production = mode == "production"
    data_dir = Path(env.get("ECHO_DATA_DIR") or platformdirs.user_data_dir("echo-notes")).expanduser()
    database_url = env.get("DATABASE_URL") or None
    if production and database_url is None:
        raise SettingsError("DATABASE_URL is required when ECHO_ENV=production")
    secret, generated = _jwt_secret(env, production, data_dir)
    if _choice(env, "EMBEDDING_PROVIDER", ("local", "openai"), "local") == "openai" and not env.get(
        "OPENAI_API_KEY"
    ):
        raise SettingsError("EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY")
    max_upload = _int(env, "MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
    generation = GenerationSettings(
        drafter=_choice(env, "SOAP_DRAFTER", ("grounded", "hf", "openai"), "grounded"),
        hf_model_path=Path(env["HF_DRAFTER_MODEL_PATH"]).expanduser()
        if env.get("HF_DRAFTER_MODEL_PATH")
        else None,
        hf_max_new_tokens=_int(env, "HF_DRAFTER_MAX_NEW_TOKENS", 512),
        judge=_choice(env, "SOAP_JUDGE", ("rules", "openai"), "rules"),
        openai_chat_model=env.get("OPENAI_CHAT_MODEL") or "gpt-4o-mini",
        max_rounds=_int(env, "SOAP_MAX_ROUNDS", 3),
    )
    if generation.drafter == "hf" and generation.hf_model_path is None:
        raise SettingsError("SOAP_DRAFTER=hf needs HF_DRAFTER_MODEL_PATH (a local model directory)")
    if "openai" in (generation.drafter, generation.judge) and not env.get("OPENAI_API_KEY"):
        raise SettingsError("SOAP_DRAFTER=openai or SOAP_JUDGE=openai needs OPENAI_API_KEY")
    return Settings(
        env=mode,
        data_dir=data_dir,
        log_level=env.get("LOG_LEVEL", "INFO").upper(),
        database=DatabaseSettings(
            url=database_url,
            app_url=env.get("DATABASE_APP_URL") or None,
            app_role=env.get("DATABASE_APP_ROLE", "echo_app"),
            pool_size=_int(env, "DATABASE_POOL_SIZE", 10),
            echo_sql=_flag(env.get("DATABASE_ECHO"), False),
        ),
        auth=AuthSettings(
            jwt_secret=secret,
            jwt_secret_generated=generated,
            audience=env.get("JWT_AUDIENCE", "echo-notes-api"),
            issuer=env.get("JWT_ISSUER", "echo-notes"),
            access_ttl_s=_int(env, "ACCESS_TOKEN_TTL_SECONDS", 15 * 60),
            refresh_ttl_s=_int(env, "REFRESH_TOKEN_TTL_SECONDS", 14 * 24 * 3600),
            login_max_failures=_int(env, "LOGIN_MAX_FAILURES", 5),
            login_window_s=_int(env, "LOGIN_WINDOW_SECONDS", 15 * 60),
        ),
        server=ServerSettings(
            host=env.get("HOST", "127.0.0.1"),
            port=_int(env, "PORT", 8001),
            cors_origins=_csv(env.get("CORS_ORIGINS")),
            max_request_bytes=_int(env, "MAX_REQUEST_BYTES", max_upload + 1024 * 1024),
        ),
        storage=StorageSettings(
            local_dir=Path(env.get("STORAGE_DIR") or data_dir / "documents").expanduser(),
            s3_bucket=env.get("S3_BUCKET_NAME") or None,
            s3_endpoint_url=env.get("S3_ENDPOINT_URL") or None,
            s3_region=env.get("AWS_REGION") or None,
            s3_access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
            s3_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
            s3_prefix=env.get("S3_PREFIX", "echo-notes"),
            presigned_url_ttl_s=_int(env, "PRESIGNED_URL_TTL_SECONDS", 300),
        ),
        documents=DocumentSettings(
            max_upload_bytes=max_upload,
            max_pages=_int(env, "EXTRACTION_MAX_PAGES", 500),
            extraction_timeout_s=float(_int(env, "EXTRACTION_TIMEOUT_SECONDS", 30)),
            extraction_memory_bytes=_int(env, "EXTRACTION_MEMORY_MB", 1024) * 1024 * 1024,
            max_decompressed_bytes=_int(env, "EXTRACTION_MAX_DECOMPRESSED_MB", 100) * 1024 * 1024,
            max_text_chars=_int(env, "EXTRACTION_MAX_TEXT_CHARS", 2_000_000),
        ),
        models=ModelSettings(
            embedding_provider=_choice(env, "EMBEDDING_PROVIDER", ("local", "openai"), "local"),
            embedding_model_path=Path(env["EMBEDDING_MODEL_PATH"])
            if env.get("EMBEDDING_MODEL_PATH")
            else None,
            openai_base_url=env.get("OPENAI_BASE_URL") or "https://api.openai.com/v1",
            openai_embedding_model=env.get("OPENAI_EMBEDDING_MODEL") or "text-embedding-3-small",
            ner_model_path=Path(env["NER_MODEL_PATH"]) if env.get("NER_MODEL_PATH") else None,
            warm_up=_flag(env.get("MODELS_WARM_UP"), mode != "test"),
        ),
        jobs=JobSettings(
            worker=_choice(env, "JOBS_WORKER", ("embedded", "external"), "embedded"),
            concurrency=max(1, _int(env, "JOBS_CONCURRENCY", 1)),
            wait_timeout_s=_int(env, "JOBS_WAIT_SECONDS", 120),
            heartbeat_s=float(_int(env, "JOBS_HEARTBEAT_SECONDS", 10)),
            stalled_after_s=float(_int(env, "JOBS_STALLED_SECONDS", 30)),
        ),
        generation=generation,
        ai_service_url=env.get("AI_SERVICE_URL") or None,
        openai_api_key=env.get("OPENAI_API_KEY") or None,
        create_demo=_flag(env.get("ECHO_DEMO"), not production),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings of this process, read once."""
    return load_settings()
