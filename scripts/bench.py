"""``make bench``: key pages of the real app against a bare Starlette page, on SQLite and PostgreSQL.

Each backend gets a fresh database with the demo data, the app served by its own CLI and the bare
app (scripts/bare_app.py) served by uvicorn, and a separate load generator process
(scripts/loadgen.py). Targets are measured in interleaved rounds and the median is reported.

Settings (environment): BENCH_SECONDS (10), BENCH_CONCURRENCY (32), BENCH_ROUNDS (2),
BENCH_DATABASE_URL (the PostgreSQL server; its database is used only to create ``myplan_bench``).
"""

from __future__ import annotations

import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BENCH_DATABASE = "myplan_bench"
BENCH_SECRET_KEY = "bench-secret-key-0123456789-not-for-any-real-use"
DEMO_EMAIL = "alex@example.org"
DEMO_PASSWORD = "demo-password"
SESSION_COOKIE = "myplan_session"

WARMUP_SECONDS = 2.0
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
AIM = Fraction(1, 3)
# The app's CLI serves with uvicorn's "info" level (access log on); the bare app gets the same,
# so that the comparison is of the frameworks rather than of logging.
BARE_LOG_LEVEL = "info"

CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
PLAN_LINK = re.compile(r'href="(/plans/(?!new")[^"/?#]+)"')

BARE = "bare endpoint"
TASK_LIST = "task list"
SIGN_IN = "sign-in page"


class BenchError(Exception):
    """Something stopped a backend from being measured."""


@dataclass(frozen=True)
class Settings:
    seconds: float
    concurrency: int
    rounds: int
    postgres_url: str

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            seconds=float(os.environ.get("BENCH_SECONDS", "10")),
            concurrency=int(os.environ.get("BENCH_CONCURRENCY", "32")),
            rounds=int(os.environ.get("BENCH_ROUNDS", "2")),
            postgres_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL),
        )


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    cookie: str | None = None


@dataclass(frozen=True)
class Measurement:
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int


# Servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def log_tail(log_path: Path, lines: int = 20) -> str:
    if not log_path.exists():
        return "(no log)"
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


def wait_until_ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"exited with code {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchError(f"did not answer {url} with 200 within {START_TIMEOUT_SECONDS:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_server(
    name: str, command: list[str], env: dict[str, str], log_path: Path, ready_url: str
) -> Iterator[None]:
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_until_ready(process, ready_url)
            except BenchError as error:
                raise BenchError(f"{name} failed to start: {error}\n{log_tail(log_path)}") from None
            yield
        finally:
            stop(process)


def app_command(port: int) -> list[str]:
    return [PYTHON, "-m", "app", "serve", "--host", HOST, "--port", str(port), "--workers", "1"]


def bare_command(port: int) -> list[str]:
    return [
        *(PYTHON, "-m", "uvicorn", "scripts.bare_app:app"),
        *("--host", HOST, "--port", str(port), "--workers", "1", "--log-level", BARE_LOG_LEVEL),
    ]


# The app's own setup -------------------------------------------------------------------------


def app_environment(database_url: str, base_url: str, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ENVIRONMENT": "development",
        "BASE_URL": base_url,
        "MAIL_BACKEND": "outbox",
        "OUTBOX_DIR": str(workdir / "outbox"),
        "PYTHONUNBUFFERED": "1",
    }


def run_cli(command: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [PYTHON, "-m", "app", command], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BenchError(f"`python -m app {command}` failed ({result.returncode}):\n{result.stdout}{result.stderr}")


def sign_in(base_url: str) -> str:
    """Signs the demo person in as a browser would; returns their session cookie."""
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        page = client.get("/sign-in")
        found = CSRF_INPUT.search(page.text)
        if page.status_code != 200 or found is None:
            raise BenchError(f"GET /sign-in answered {page.status_code} without a csrf_token field")
        form = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "csrf_token": found.group(1)}
        response = client.post("/sign-in", data=form, follow_redirects=False)
        session = client.cookies.get(SESSION_COOKIE)
        if response.status_code != 303 or not session:
            raise BenchError(f"POST /sign-in answered {response.status_code} without a session cookie")
        return session


def find_plan_path(base_url: str, session: str) -> str:
    response = httpx.get(f"{base_url}/plans", cookies={SESSION_COOKIE: session}, timeout=30.0)
    found = PLAN_LINK.search(response.text)
    if response.status_code != 200 or found is None:
        raise BenchError(f"GET /plans answered {response.status_code} without a link to a plan")
    return found.group(1)


# Measuring ---------------------------------------------------------------------------------


def run_loadgen(target: Target, settings: Settings) -> Measurement:
    command = [
        PYTHON,
        "-m",
        "scripts.loadgen",
        target.url,
        "--seconds",
        str(settings.seconds),
        "--warmup",
        str(WARMUP_SECONDS),
        "--concurrency",
        str(settings.concurrency),
    ]
    if target.cookie:
        command += ["--cookie", target.cookie]
    timeout = WARMUP_SECONDS + settings.seconds + 60
    try:
        result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"the load generator did not finish {target.name} within {timeout:.0f} s") from None
    if result.returncode != 0:
        raise BenchError(f"the load generator failed on {target.name}:\n{result.stderr}")
    data = json.loads(result.stdout)
    if data["errors"]:
        print(f"    {target.name}: {data['errors']} errors (statuses {data['statuses']}, failures {data['failures']})")
    return Measurement(float(data["rps"]), float(data["p50_ms"]), float(data["p95_ms"]), int(data["errors"]))


def measure_rounds(targets: list[Target], settings: Settings) -> dict[str, Measurement]:
    """Interleaves the targets round by round, so that noise on the machine affects each alike."""
    runs: dict[str, list[Measurement]] = {target.name: [] for target in targets}
    for round_number in range(1, settings.rounds + 1):
        for target in targets:
            measurement = run_loadgen(target, settings)
            runs[target.name].append(measurement)
            print(f"  round {round_number}/{settings.rounds} {target.name:<14} {measurement.rps:9.1f} req/s")
    return {name: median_of(measurements) for name, measurements in runs.items()}


def median_of(measurements: list[Measurement]) -> Measurement:
    return Measurement(
        rps=statistics.median(m.rps for m in measurements),
        p50_ms=statistics.median(m.p50_ms for m in measurements),
        p95_ms=statistics.median(m.p95_ms for m in measurements),
        errors=sum(m.errors for m in measurements),
    )


def time_import(env: dict[str, str]) -> None:
    """Importing an assessment with 50 needs, whole and then again unchanged (in-process timing)."""
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.bench_import"], env=env, cwd=PROJECT_ROOT, capture_output=True, check=False
    )
    if completed.returncode != 0:
        raise BenchError(f"the import benchmark failed:\n{completed.stderr.decode()[-2000:]}")
    figures = json.loads(completed.stdout)
    print(
        f"  import of an assessment with {figures['needs']} needs ({figures['runs']} runs): "
        f"median {figures['created_median_ms']} ms (p95 {figures['created_p95_ms']} ms); "
        f"sending it again unchanged: median {figures['unchanged_median_ms']} ms"
    )


def bench_backend(name: str, database_url: str, settings: Settings, workdir: Path) -> dict[str, Measurement]:
    app_port, bare_port = free_port(), free_port()
    app_url, bare_url = f"http://{HOST}:{app_port}", f"http://{HOST}:{bare_port}"
    env = app_environment(database_url, app_url, workdir)
    run_cli("migrate", env)
    run_cli("seed-demo", env)
    time_import(env)
    slug = name.lower()
    with ExitStack() as servers:
        servers.enter_context(
            running_server("the app", app_command(app_port), env, workdir / f"{slug}-app.log", f"{app_url}/healthz")
        )
        servers.enter_context(
            running_server("the bare app", bare_command(bare_port), env, workdir / f"{slug}-bare.log", bare_url)
        )
        session = sign_in(app_url)
        targets = [
            Target(BARE, f"{bare_url}/"),
            Target(TASK_LIST, app_url + find_plan_path(app_url, session), f"{SESSION_COOKIE}={session}"),
            Target(SIGN_IN, f"{app_url}/sign-in"),
        ]
        return measure_rounds(targets, settings)


# PostgreSQL ----------------------------------------------------------------------------------


def postgres_admin_command(server_url: str, statements: list[str]) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def create_postgres_database(server_url: str) -> str:
    postgres_admin_command(
        server_url, [f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)", f"CREATE DATABASE {BENCH_DATABASE}"]
    )
    return make_url(server_url).set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def drop_postgres_database(server_url: str) -> None:
    postgres_admin_command(server_url, [f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"])


# Reporting ---------------------------------------------------------------------------------


def print_context(settings: Settings) -> None:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load}")
    print(
        f"Settings: {settings.seconds:g} s per measurement after {WARMUP_SECONDS:g} s warm-up, "
        f"{settings.concurrency} connections, {settings.rounds} rounds (median reported)"
    )


def print_table(backend: str, results: dict[str, Measurement]) -> None:
    bare_rps = results[BARE].rps
    print(f"\n{backend}")
    print(f"  {'target':<14} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  ratio")
    for name, result in results.items():
        ratio = result.rps / bare_rps if bare_rps else 0.0
        print(
            f"  {name:<14} {result.rps:9.1f} {result.p50_ms:8.1f} {result.p95_ms:8.1f} {result.errors:7d}"
            f"  {ratio:.2f}× bare"
        )
    ratio = results[TASK_LIST].rps / bare_rps if bare_rps else 0.0
    verdict = "met" if ratio >= AIM else "NOT met"
    print(f"  Aim (task list at no less than 1/3 of the bare endpoint's throughput): {verdict} ({ratio:.2f}× bare)")


# Running it all ----------------------------------------------------------------------------


def bench_and_report(name: str, database_url: str, settings: Settings, workdir: Path) -> bool:
    """Measures one backend and prints its table; False if it could not be measured cleanly."""
    print(f"\n== {name}")
    try:
        results = bench_backend(name, database_url, settings, workdir)
    except BenchError as error:
        print(f"{name}: {error}")
        return False
    print_table(name, results)
    errors = sum(result.errors for result in results.values())
    if errors:
        print(f"  {errors} responses were errors (not 200): these figures are not valid.")
    return errors == 0


def bench_postgres(settings: Settings, workdir: Path) -> bool:
    server = make_url(settings.postgres_url).render_as_string(hide_password=True)
    try:
        database_url = create_postgres_database(settings.postgres_url)
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        print(f"\n== PostgreSQL skipped: cannot reach the server at {server} ({reason})")
        return True
    try:
        return bench_and_report("PostgreSQL", database_url, settings, workdir)
    finally:
        drop_postgres_database(settings.postgres_url)


def main() -> int:
    settings = Settings.from_env()
    print_context(settings)
    with tempfile.TemporaryDirectory(prefix="myplan-bench-") as temp:
        workdir = Path(temp)
        sqlite_ok = bench_and_report("SQLite", f"sqlite:///{workdir / 'bench.db'}", settings, workdir)
        postgres_ok = bench_postgres(settings, workdir)
    return 0 if sqlite_ok and postgres_ok else 1


if __name__ == "__main__":
    sys.exit(main())
