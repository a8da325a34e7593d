"""``truce user``: accounts and API tokens, as the operator at the server's console.

- ``truce user add NAME --role ROLE [--party CODE] [--agreement ID] [--expires-days N]``: the token is
  the last line (scripts and tests read it there);
- ``truce user list``, ``truce user deactivate NAME``, ``truce user activate NAME``,
  ``truce user reset-second-factor NAME``, ``truce user failures``;
- ``truce user token issue NAME [--expires-days N]``, ``token list [NAME]``, ``token revoke PREFIX``,
  ``token rotate PREFIX [--expires-days N]``: a token is named by the prefix the list shows.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from truce.cli.base import CommandError, setup_django


def _expires(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--expires-days",
        type=int,
        default=None,
        metavar="N",
        help="token lifetime in days (default: TRUCE_TOKEN_DAYS, 90)",
    )


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
    _expires(add)
    pw = add.add_mutually_exclusive_group()
    pw.add_argument("--password-stdin", action="store_true", help="read a web password from standard input")
    pw.add_argument("--ask-password", action="store_true", help="prompt for a web password")
    sub.add_parser("list", help="list users")
    for verb, text in (
        ("deactivate", "stop a user at once: no login, sessions ended, tokens revoked"),
        ("activate", "let a deactivated user log in again (their old tokens stay revoked)"),
        ("reset-second-factor", "remove a user's authenticator and recovery codes (they enrol again)"),
    ):
        sub.add_parser(verb, help=text).add_argument("name", help="user name")
    sub.add_parser("failures", help="the log of failed logins (newest first) and current lockouts")
    token = sub.add_parser("token", help="issue, list, revoke or rotate API tokens")
    tsub = token.add_subparsers(dest="token_action", metavar="ACTION", required=True)
    issue = tsub.add_parser("issue", help="issue a token for a user; printed once, on the last line")
    issue.add_argument("name", help="user name")
    _expires(issue)
    lst = tsub.add_parser(
        "list", help="list tokens (prefix, user, agreement, created, expires, last used, state)"
    )
    lst.add_argument("name", nargs="?", help="only this user's tokens")
    revoke = tsub.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("prefix", help="the token's prefix, as 'token list' shows it")
    rotate = tsub.add_parser("rotate", help="issue a replacement and revoke the old token, together")
    rotate.add_argument("prefix", help="the token's prefix, as 'token list' shows it")
    _expires(rotate)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce.errors import ActionError

    try:
        return _run(args)
    except ActionError as exc:
        raise CommandError(f"{exc.field}: {exc.message}" if exc.field else exc.message) from exc


def _user(name: str) -> Any:
    from truce.accounts.models import User

    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"no user named {name!r}; 'truce user list' shows them")
    return user


def _token(prefix: str) -> Any:
    from truce.accounts.models import ApiToken

    prefix = prefix.rstrip("…").rstrip(".")
    rows = list(ApiToken.objects.filter(prefix__startswith=prefix)[:2]) if len(prefix) >= 8 else []
    if len(rows) != 1:
        what = "no token" if not rows else "more than one token"
        raise CommandError(
            f"{what} with prefix {prefix!r}; give the whole prefix that 'truce user token list' shows"
        )
    return rows[0]


def _stamp(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


def _run(args: argparse.Namespace) -> int:
    from truce.accounts import actions
    from truce.accounts.models import ApiToken, User
    from truce.core import clock

    if args.action == "list":
        for user in User.objects.order_by("username"):
            org = user.organisation or "-"
            state = "active" if user.is_active else "deactivated"
            print(f"{user.username}\t{user.role}\t{org}\t{user.agreement_id or '-'}\t{state}")
        return 0
    if args.action == "deactivate":
        user = actions.do_deactivate_user(_user(args.name).pk, acting_user=None)
        print(f"deactivated {user.username}: sessions ended, tokens revoked")
        return 0
    if args.action == "activate":
        user = actions.do_reactivate_user(_user(args.name).pk, acting_user=None)
        print(f"activated {user.username}; issue a new token if they use the API")
        return 0
    if args.action == "reset-second-factor":
        user = actions.do_reset_second_factor(_user(args.name).pk, acting_user=None)
        print(f"second factor of {user.username} removed; they set up a new one at their next login")
        return 0
    if args.action == "failures":
        return _failures()
    if args.action == "token":
        now = clock.now()
        if args.token_action == "issue":
            print(actions.do_issue_token(_user(args.name), acting_user=None, expires_days=args.expires_days))
            return 0
        if args.token_action == "list":
            rows = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
            if args.name:
                rows = rows.filter(user=_user(args.name))
            for row in rows:
                state = "live" if row.is_live(now) else ("revoked" if row.revoked_at else "expired")
                where = row.agreement_id or "-"
                print(
                    f"{row.prefix}\t{row.user.username}\t{where}\t{_stamp(row.created_at)}\t"
                    f"{_stamp(row.expires_at)}\t{_stamp(row.last_used_at)}\t{state}"
                )
            return 0
        if args.token_action == "revoke":
            row = actions.do_revoke_token(_token(args.prefix).pk, acting_user=None)
            print(f"revoked {row.prefix} of {row.user.username}")
            return 0
        token, _ = actions.do_rotate_token(
            _token(args.prefix).pk, acting_user=None, expires_days=args.expires_days
        )
        print(f"rotated {args.prefix}: it no longer works. New token (shown once):")
        print(token)
        return 0
    return _add(args)


def _failures() -> int:
    from axes.models import AccessAttempt, AccessFailureLog
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT
    for attempt in AccessAttempt.objects.order_by("-attempt_time")[:50]:
        paused = " (paused)" if attempt.failures_since_start >= limit else ""
        print(
            f"count\t{attempt.username}\t{attempt.ip_address}\t{attempt.failures_since_start}{paused}\t"
            f"{_stamp(attempt.attempt_time)}"
        )
    for failure in AccessFailureLog.objects.order_by("-attempt_time")[:200]:
        refused = "refused-while-paused" if failure.locked_out else "wrong-password"
        print(f"failure\t{_stamp(failure.attempt_time)}\t{failure.username}\t{failure.ip_address}\t{refused}")
    return 0


def _add(args: argparse.Namespace) -> int:
    from truce.accounts.actions import do_add_user, do_issue_token, needs_second_factor, token_lifetime

    token_lifetime(args.expires_days)  # a bad lifetime must not leave a user behind without a token
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif args.ask_password:
        password = getpass.getpass("password: ")
    user = do_add_user(
        args.name,
        role=args.role,
        organisation=args.party,
        agreement_id=args.agreement,
        password=password,
        email=args.email,
        acting_user=None,
    )
    token = do_issue_token(user, acting_user=None, expires_days=args.expires_days)
    org = f" of {user.organisation}" if user.organisation else ""
    where = f" in {user.agreement_id}" if user.agreement_id else ""
    print(f"added {user.username}: {user.role}{org}{where}")
    if needs_second_factor(user):
        print("their first web login asks them to set up a second factor (an authenticator app)")
    print("API token (shown once; send it as 'Authorization: Bearer <token>'):")
    print(token)
    return 0
