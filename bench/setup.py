"""The bench's own database and environment, set up before Django is imported.

The bench only ever creates, uses and drops the one database named in its URL, and
refuses a name without "bench" in it, so a DATABASE_URL exported for the portal is
never touched. SQLite is refused: the items measure PostgreSQL (COPY, DISTINCT ON,
advisory locks) and a worker process sharing the database.
"""

import os
import uuid

import dj_database_url
import psycopg2
from psycopg2 import sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kpu_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"


class BenchRefused(SystemExit):
    """The bench cannot run here; the message says why."""


def check_database_url(url: str) -> dict:
    """The parsed URL, or BenchRefused for SQLite or a database not named for the bench."""
    params = dj_database_url.parse(url)
    engine = params.get("ENGINE", "")
    if "postgresql" not in engine:
        raise BenchRefused(
            f"The bench runs on PostgreSQL only, not {engine or url!r}: give "
            f"--database-url postgres://user@host:5432/kpu_bench (default {DEFAULT_DATABASE_URL})."
        )
    if "bench" not in params["NAME"]:
        raise BenchRefused(
            f"Refusing database {params['NAME']!r}: the bench drops and recreates its database, "
            "so its name must contain 'bench' (such as kpu_bench)."
        )
    return params


def _admin_connection(params: dict):
    connection = psycopg2.connect(
        dbname="postgres",
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


def database_exists(params: dict) -> bool:
    with _admin_connection(params) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["NAME"]])
        return cursor.fetchone() is not None


def drop_database(params: dict) -> None:
    """Drop the bench database (only it), ending sessions left on it by a killed run."""
    connection = _admin_connection(params)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [params["NAME"]],
            )
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(params["NAME"]))
            )
    finally:
        connection.close()


def create_database(params: dict) -> None:
    drop_database(params)
    connection = _admin_connection(params)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["NAME"])))
    finally:
        connection.close()


def configure_environment(database_url: str, redis_url: str) -> str:
    """Point this process's settings at the bench database; returns the bench's queue.

    Production-like settings (DEBUG off), a Celery queue of the run's own on Redis
    database 11, mail kept in memory. Subprocesses (gunicorn, the worker) get a copy.
    """
    queue = f"kpu-bench-{uuid.uuid4().hex[:10]}"
    for key in [key for key in os.environ if key.endswith("_FILE")]:
        del os.environ[key]  # NAME_FILE beside NAME is refused by the settings
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kpu_portal.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        CELERY_TASK_SOFT_TIME_LIMIT="1500",
        CELERY_TASK_TIME_LIMIT="1700",
    )
    return queue
