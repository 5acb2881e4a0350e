"""Command line: ``myplan <command>`` or ``python -m app <command>``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.config import UnsafeSettings, get_settings


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    get_settings()  # refuse unsafe production settings before binding a port
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        log_level="info",
    )


def _migrate(_args: argparse.Namespace) -> None:
    from app.migrate import upgrade

    upgrade()
    print("Database is up to date.")


def _make_migration(args: argparse.Namespace) -> None:
    from app.migrate import make_revision

    make_revision(args.message)


def _seed_demo(_args: argparse.Namespace) -> None:
    from app.demo import seed_demo

    created = seed_demo()
    print("Demo data loaded." if created else "Demo data was already there.")


def _create_council(args: argparse.Namespace) -> None:
    from app.data import councils
    from app.db import unit_of_work

    with unit_of_work() as db:
        if councils.get_council_by_slug(db, args.slug):
            sys.exit(f"A council with the short name {args.slug!r} already exists.")
        council = councils.create_council(
            db,
            slug=args.slug,
            name=args.name,
            email=args.email,
            phone=args.phone,
            complaints_url=args.complaints_url,
            advocacy_name=args.advocacy_name,
            advocacy_url=args.advocacy_url,
        )
        print(f"Created council {council.name} ({council.slug}).")


def _create_planner(args: argparse.Namespace) -> None:
    from app.data import accounts, councils
    from app.db import unit_of_work
    from app.models import StaffRole

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password (leave empty to sign in by emailed link): ") or None
    with unit_of_work() as db:
        council = councils.get_council_by_slug(db, args.council)
        if council is None:
            sys.exit(f"There is no council with the short name {args.council!r}.")
        if accounts.get_account_by_email(db, args.email):
            sys.exit(f"An account for {args.email} already exists.")
        account = accounts.create_account(db, args.email, password, args.name, verified=True)
        assert council.id is not None
        councils.add_staff(db, council.id, account, StaffRole(args.role))
        print(f"Created {args.role} {account.email} in {council.name}.")


def _create_api_client(args: argparse.Namespace) -> None:
    from app.data import assessments, councils
    from app.db import unit_of_work

    with unit_of_work() as db:
        council = councils.get_council_by_slug(db, args.council)
        if council is None or council.id is None:
            sys.exit(f"There is no council with the short name {args.council!r}.")
        client, secret = assessments.create_api_client(db, council.id, args.name)
        print(f"Created API client for {council.name}.")
        print(f"client_id:     {client.client_id}")
        print(f"client_secret: {secret}")
        print("Keep the secret safe: it is shown only once.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="myplan", description="My Plan: care and support planning.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "1")))
    serve.set_defaults(func=_serve)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(func=_migrate)
    revision = commands.add_parser("make-migration", help="autogenerate the next migration from the models")
    revision.add_argument("message")
    revision.set_defaults(func=_make_migration)
    commands.add_parser("seed-demo", help="load the demo council, people and plans").set_defaults(func=_seed_demo)

    council = commands.add_parser("create-council", help="add a council")
    council.add_argument("--slug", required=True, help="short name used in commands, like 'leeds'")
    council.add_argument("--name", required=True)
    council.add_argument("--email", default="")
    council.add_argument("--phone", default="")
    council.add_argument("--complaints-url", default="")
    council.add_argument("--advocacy-name", default="")
    council.add_argument("--advocacy-url", default="")
    council.set_defaults(func=_create_council)

    planner = commands.add_parser("create-planner", help="add a planner (or approver, admin) to a council")
    planner.add_argument("--council", required=True, help="the council's short name")
    planner.add_argument("--email", required=True)
    planner.add_argument("--name", default="")
    planner.add_argument("--role", choices=["planner", "approver", "admin"], default="planner")
    planner.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    planner.set_defaults(func=_create_planner)

    api_client = commands.add_parser("create-api-client", help="let a council's system send assessments by API")
    api_client.add_argument("--council", required=True, help="the council's short name")
    api_client.add_argument("--name", required=True, help="what the system is, like 'Liquidlogic'")
    api_client.set_defaults(func=_create_api_client)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except UnsafeSettings as error:
        sys.exit(str(error))
