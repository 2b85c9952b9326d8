"""Database URL handling for configured servers."""

from __future__ import annotations

from echo_notes.db.engine import normalise_url, resolve_urls
from echo_notes.settings import DatabaseSettings


def _db(url, app_url=None):
    return DatabaseSettings(url=url, app_url=app_url, app_role="echo_app", pool_size=5, echo_sql=False)


def test_plain_postgres_urls_use_the_psycopg_driver():
    assert normalise_url("postgres://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert normalise_url("postgresql://u:p@h/d") == "postgresql+psycopg://u:p@h/d"


def test_without_an_app_login_the_app_switches_to_the_app_role():
    urls = resolve_urls(_db("postgresql://owner:pw@db/echo"), None)
    assert urls.app == urls.owner
    assert urls.set_role == "echo_app"


def test_a_dedicated_app_login_is_used_as_is():
    urls = resolve_urls(_db("postgresql://owner:pw@db/echo", "postgresql://echo_app:pw@db/echo"), None)
    assert urls.app == "postgresql+psycopg://echo_app:pw@db/echo"
    assert urls.set_role is None
