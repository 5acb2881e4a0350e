"""Migrations from empty give exactly the models' schema, and go back down cleanly."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import migrate
from app.db import make_engine
from app.models import metadata
from tests.conftest import USING_POSTGRES, WORKER


@pytest.fixture
def empty_database_url():
    if USING_POSTGRES:
        base = os.environ["TEST_DATABASE_URL"]
        name = f"myplan_migrations_{WORKER}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'migrations.db'}"


def test_upgrade_from_empty_matches_models_and_downgrade_works(empty_database_url):
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == [], differences

    migrate.downgrade(empty_database_url, "base")
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
    assert tables == set()
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys():
    if USING_POSTGRES:
        pytest.skip("SQLite only")
    from app.db import get_engine

    with get_engine().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
