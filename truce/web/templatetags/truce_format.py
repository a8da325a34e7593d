"""Display helpers for pages: instants and days in the viewer's agreement's time zone and the viewer's
calendar. The API and the record keep RFC 3339 UTC timestamps; pages show the agreement's wall clock, the
zone named, in Solar Hijri for Dari and Pashto readers (Gregorian for everyone else) unless the viewer
chose otherwise (truce.web.calendar_views). Figures stay Western digits in left-to-right isolates, so a
right-to-left page never reorders a day, a year or a clock time (docs/calendars.md).

``truce.web.middleware.ViewerClockMiddleware`` sets the zone and calendar for the request; outside a
request (mail, tests rendering a template alone) the zone is UTC and the calendar follows the language.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from truce.core.extract import calendars

register = template.Library()

GREGORIAN = "gregorian"
SOLAR_HIJRI = "solar_hijri"
CALENDARS = (GREGORIAN, SOLAR_HIJRI)
# Languages whose readers (Afghanistan) expect the Solar Hijri calendar by default.
SOLAR_HIJRI_LANGUAGES = frozenset({"fa", "ps"})

UTC = ZoneInfo("UTC")
_zone: contextvars.ContextVar[ZoneInfo] = contextvars.ContextVar("truce_zone", default=UTC)
_calendar: contextvars.ContextVar[str | None] = contextvars.ContextVar("truce_calendar", default=None)


_Tokens = tuple["contextvars.Token[ZoneInfo]", "contextvars.Token[str | None]"]


def set_viewer_clock(zone: ZoneInfo, calendar: str | None) -> _Tokens:
    """Zone and chosen calendar (None: the language's default) for what renders next in this context."""
    return _zone.set(zone), _calendar.set(calendar if calendar in CALENDARS else None)


def reset_viewer_clock(tokens: _Tokens) -> None:
    _zone.reset(tokens[0])
    _calendar.reset(tokens[1])


def default_calendar(language: str | None) -> str:
    return SOLAR_HIJRI if (language or "").split("-")[0] in SOLAR_HIJRI_LANGUAGES else GREGORIAN


def current_calendar() -> str:
    return _calendar.get() or default_calendar(translation.get_language())


def current_zone() -> ZoneInfo:
    return _zone.get()


def _zone_name(zone: ZoneInfo) -> str:
    return "UTC" if zone.key in ("UTC", "Etc/UTC") else zone.key


def _month_names() -> tuple[str, ...]:
    language = (translation.get_language() or "en").split("-")[0]
    return calendars.SOLAR_HIJRI_MONTH_NAMES.get(language, calendars.SOLAR_HIJRI_MONTH_NAMES["en"])


def _instant(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(current_zone()).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return None
        moment = _instant(text)
        return moment.astimezone(current_zone()).date() if moment else None
    return None


def _solar_parts(day: dt.date) -> SafeString:
    """Day, month name, year; each figure its own left-to-right isolate, so the parts keep the order of the
    page's language (day first: rightmost in Dari and Pashto) and no figure is ever reversed."""
    jy, jm, jd = calendars.gregorian_to_solar_hijri(day)
    return format_html('<bdi dir="ltr">{}</bdi> {} <bdi dir="ltr">{}</bdi>', jd, _month_names()[jm - 1], jy)


@register.filter
def when(value: object) -> SafeString | str:
    """An instant (RFC 3339 string or aware datetime) on the viewer's agreement's clock, zone named:
    ``<time datetime="2025-10-26T12:10:00+04:30" dir="ltr">2025-10-26 12:10 Asia/Kabul</time>``, or in
    Solar Hijri ``4 Aqrab 1404, 12:10 Asia/Kabul`` with the Gregorian reading in ``title``."""
    if value in (None, ""):
        return "—"
    moment = _instant(value)
    if moment is None:
        return str(value)
    zone = current_zone()
    local = moment.astimezone(zone)
    iso = local.isoformat(timespec="seconds")
    clock_text = f"{local:%H:%M} {_zone_name(zone)}"
    gregorian = f"{local:%Y-%m-%d} {clock_text}"
    if current_calendar() == SOLAR_HIJRI:
        return format_html(
            '<time datetime="{}" class="when" title="{}">{}{} <bdi dir="ltr">{}</bdi></time>',
            iso,
            gregorian,
            _solar_parts(local.date()),
            "،" if translation.get_language_bidi() else ",",  # the Arabic comma in right-to-left text
            clock_text,
        )
    return format_html('<time datetime="{}" dir="ltr" class="when">{}</time>', iso, gregorian)


@register.filter
def day(value: object) -> SafeString | str:
    """A day without a time (a date, ``YYYY-MM-DD``, or an instant read on the agreement's clock) in the
    viewer's calendar: ``<time datetime="2025-10-12" dir="ltr">2025-10-12</time>`` or ``20 Mizan 1404``
    with the Gregorian day in ``title``. Anything else (a month, ``?``) is shown as it is, isolated."""
    if value in (None, ""):
        return "—"
    got = _day(value)
    if got is None:
        return format_html('<bdi dir="ltr">{}</bdi>', value)
    if current_calendar() == SOLAR_HIJRI:
        return format_html(
            '<time datetime="{}" class="when" title="{}">{}</time>', got.isoformat(), got, _solar_parts(got)
        )
    return format_html('<time datetime="{}" dir="ltr" class="when">{}</time>', got.isoformat(), got)


@register.filter
def day_text(value: object) -> str:
    """``day`` as plain text, for places that take no markup (an SVG ``<title>``): the Solar Hijri day
    with the Gregorian one after it."""
    got = _day(value)
    if got is None:
        return "" if value in (None, "") else str(value)
    if current_calendar() == SOLAR_HIJRI:
        jy, jm, jd = calendars.gregorian_to_solar_hijri(got)
        return f"\u2066{jd}\u2069 {_month_names()[jm - 1]} \u2066{jy}\u2069 (\u2066{got.isoformat()}\u2069)"
    return got.isoformat()


@register.simple_tag
def calendar_choices() -> list[tuple[str, str, bool]]:
    """(value, label, chosen) for the calendar switch in the page header."""
    labels = {GREGORIAN: translation.gettext("Gregorian"), SOLAR_HIJRI: translation.gettext("Solar Hijri")}
    chosen = current_calendar()
    return [(c, labels[c], c == chosen) for c in CALENDARS]


@register.filter
def days(low: object, high: object) -> SafeString | str:
    """A span of days, ``low – high``, or one day when they are the same (or high is missing)."""
    if high in (None, "") or high == low:
        return day(low)
    return format_html_join(" – ", "{}", ((day(low),), (day(high),)))


@register.filter
def figure(value: object) -> SafeString:
    """A number, reference (``CASE-…``), hash or coordinate as one left-to-right isolate: a right-to-left
    page neither reverses its digits nor moves it among its neighbours."""
    return format_html('<bdi dir="ltr" class="figure">{}</bdi>', "—" if value in (None, "") else value)


@register.filter
def toll(value: object, open_high: str = "?") -> SafeString:
    """A toll ``{"low", "best", "high"}`` as ``low / best / high`` read left to right on every page (under
    ``dir="rtl"`` an unisolated ``2 / 2 / 3`` shows as ``3 / 2 / 2``); a missing figure is ``?``, a missing
    high bound ``open_high``."""
    get = value.get if isinstance(value, dict) else (lambda key: getattr(value, key, None))
    low, best, high = (get(k) for k in ("low", "best", "high"))
    return format_html(
        '<span dir="ltr" class="toll"><bdi class="figure">{}</bdi> / <bdi class="figure">{}</bdi> / '
        '<bdi class="figure">{}</bdi></span>',
        "?" if low is None else low,
        "?" if best is None else best,
        open_high if high is None else high,
    )
