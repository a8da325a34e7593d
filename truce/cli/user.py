"""``truce user add NAME --role ROLE [--party CODE] [--agreement ID]``: the token is the last line."""

from __future__ import annotations

import argparse
import getpass
import sys

from truce.cli.base import CommandError, setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="create a user and print a one-time API token on the last line")
    add.add_argument("name", help="user name (letters, digits, @.+-_)")
    add.add_argument("--role", required=True, choices=["mediator", "monitor", "liaison", "observer", "admin"])
    add.add_argument(
        "--party",
        default="",
        metavar="CODE",
        help="a liaison's party code (e.g. PK), or a mediator's mediating state (e.g. QA)",
    )
    add.add_argument("--agreement", default=None, metavar="ID", help="the agreement the user serves")
    add.add_argument("--email", default="")
    pw = add.add_mutually_exclusive_group()
    pw.add_argument("--password-stdin", action="store_true", help="read a web password from standard input")
    pw.add_argument("--ask-password", action="store_true", help="prompt for a web password")
    sub.add_parser("list", help="list users")


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce.accounts.actions import do_add_user, do_issue_token
    from truce.accounts.models import User
    from truce.errors import ActionError

    if args.action == "list":
        for user in User.objects.order_by("username"):
            org = user.organisation or "-"
            print(f"{user.username}\t{user.role}\t{org}\t{user.agreement_id or '-'}")
        return 0
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif args.ask_password:
        password = getpass.getpass("password: ")
    try:
        user = do_add_user(
            args.name,
            role=args.role,
            organisation=args.party,
            agreement_id=args.agreement,
            password=password,
            email=args.email,
            acting_user=None,
        )
        token = do_issue_token(user, acting_user=None)
    except ActionError as exc:
        raise CommandError(f"{exc.field}: {exc.message}" if exc.field else exc.message) from exc
    org = f" of {user.organisation}" if user.organisation else ""
    where = f" in {user.agreement_id}" if user.agreement_id else ""
    print(f"added {user.username}: {user.role}{org}{where}")
    print("API token (shown once; send it as 'Authorization: Bearer <token>'):")
    print(token)
    return 0
