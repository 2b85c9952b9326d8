"""Settings come from the environment only; production refuses to start without real secrets."""

from __future__ import annotations

import stat

import pytest

from echo_notes.settings import SettingsError, load_settings


def test_embedded_default_generates_and_keeps_a_jwt_secret(tmp_path):
    env = {"ECHO_DATA_DIR": str(tmp_path)}
    first = load_settings(env)
    second = load_settings(env)
    assert first.auth.jwt_secret == second.auth.jwt_secret
    assert first.auth.jwt_secret_generated
    assert len(first.auth.jwt_secret) >= 48
    assert stat.S_IMODE((tmp_path / "jwt-secret").stat().st_mode) == 0o600
    assert first.database.url is None


def test_production_without_jwt_secret_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="JWT_SECRET_KEY"):
        load_settings(
            {
                "ECHO_ENV": "production",
                "ECHO_DATA_DIR": str(tmp_path),
                "DATABASE_URL": "postgresql://u:p@db/echo",
            }
        )


def test_production_without_database_url_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        load_settings({"ECHO_ENV": "production", "ECHO_DATA_DIR": str(tmp_path), "JWT_SECRET_KEY": "s" * 40})


def test_short_jwt_secret_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="32"):
        load_settings({"ECHO_DATA_DIR": str(tmp_path), "JWT_SECRET_KEY": "short"})


def test_production_reads_every_documented_variable(tmp_path):
    settings = load_settings(
        {
            "ECHO_ENV": "production",
            "ECHO_DATA_DIR": str(tmp_path),
            "JWT_SECRET_KEY": "s" * 40,
            "DATABASE_URL": "postgresql://u:p@db/echo",
            "DATABASE_APP_URL": "postgresql://app:p@db/echo",
            "CORS_ORIGINS": "https://a.example, https://b.example",
            "LOG_LEVEL": "debug",
            "PORT": "9000",
            "AI_SERVICE_URL": "http://ai:8002",
            "OPENAI_API_KEY": "sk-test",
            "S3_BUCKET_NAME": "docs",
            "AWS_REGION": "eu-west-1",
        }
    )
    assert settings.production and not settings.create_demo
    assert settings.server.cors_origins == ("https://a.example", "https://b.example")
    assert (settings.log_level, settings.server.port) == ("DEBUG", 9000)
    assert (settings.storage.s3_bucket, settings.storage.s3_region) == ("docs", "eu-west-1")
    assert "sk-test" not in repr(settings)


def test_non_integer_setting_names_the_variable(tmp_path):
    with pytest.raises(SettingsError, match="PORT"):
        load_settings({"ECHO_DATA_DIR": str(tmp_path), "PORT": "eighty"})


def test_openai_embeddings_need_a_key(tmp_path):
    with pytest.raises(SettingsError, match="OPENAI_API_KEY"):
        load_settings({"ECHO_DATA_DIR": str(tmp_path), "EMBEDDING_PROVIDER": "openai"})
    with pytest.raises(SettingsError, match="EMBEDDING_PROVIDER"):
        load_settings({"ECHO_DATA_DIR": str(tmp_path), "EMBEDDING_PROVIDER": "magic"})


def test_model_paths_come_from_the_environment(tmp_path):
    settings = load_settings(
        {
            "ECHO_DATA_DIR": str(tmp_path),
            "NER_MODEL_PATH": str(tmp_path / "ner"),
            "EMBEDDING_MODEL_PATH": str(tmp_path / "emb"),
        }
    )
    assert settings.models.ner_model_path == tmp_path / "ner"
    assert settings.models.embedding_model_path == tmp_path / "emb"
    assert load_settings({"ECHO_DATA_DIR": str(tmp_path), "ECHO_ENV": "test"}).models.warm_up is False
