"""The lockout check in front of the password check (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, for sign-ins that come with a request.

    Every password typed into Truce comes through the login page, which passes its request; axes refuses
    authenticate() calls without one. Those happen only in code that holds the password already (the test
    client's ``login()``, a shell), where there is nobody to throttle, so they are let through to the
    password check instead of failing.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
