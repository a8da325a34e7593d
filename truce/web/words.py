"""The core's vocabulary in the reader's words: ACLED event and sub-event types, the process types, ACLED
actor types, and who must sign (an agreement's quorum).

The core keeps these as the codebook's English names, which the API, exports and the record carry as they
are; pages show them through ``incident_type`` and ``actor_type`` (also the template filters of the same
names, truce/web/templatetags/titles.py). An agreement's own categories are its own words and are shown as
written. tests/app/test_vocabulary_words.py checks that every name of truce.core.taxonomy has words here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy, pgettext_lazy

from truce.agreements.words import quorum_words

__all__ = ["ACTOR_TYPE_WORDS", "INCIDENT_TYPE_WORDS", "actor_type", "incident_type", "quorum_words"]

# ACLED's event types (the dashboard's legend says them with the same msgids), then its sub-event types
# and the process types; "incident type" tells translators what "Attack" or "Agreement" is here.
INCIDENT_TYPE_WORDS: dict[str, Any] = {
    "Battles": gettext_lazy("Battles"),
    "Explosions/Remote violence": gettext_lazy("Explosions/Remote violence"),
    "Violence against civilians": gettext_lazy("Violence against civilians"),
    "Protests": gettext_lazy("Protests"),
    "Riots": gettext_lazy("Riots"),
    "Strategic developments": gettext_lazy("Strategic developments"),
    "Armed clash": pgettext_lazy("incident type", "Armed clash"),
    "Government regains territory": pgettext_lazy("incident type", "Government regains territory"),
    "Non-state actor overtakes territory": pgettext_lazy(
        "incident type", "Non-state actor overtakes territory"
    ),
    "Chemical weapon": pgettext_lazy("incident type", "Chemical weapon"),
    "Air/drone strike": pgettext_lazy("incident type", "Air/drone strike"),
    "Suicide bomb": pgettext_lazy("incident type", "Suicide bomb"),
    "Shelling/artillery/missile attack": pgettext_lazy("incident type", "Shelling/artillery/missile attack"),
    "Remote explosive/landmine/IED": pgettext_lazy("incident type", "Remote explosive/landmine/IED"),
    "Grenade": pgettext_lazy("incident type", "Grenade"),
    "Sexual violence": pgettext_lazy("incident type", "Sexual violence"),
    "Attack": pgettext_lazy("incident type", "Attack"),
    "Abduction/forced disappearance": pgettext_lazy("incident type", "Abduction/forced disappearance"),
    "Peaceful protest": pgettext_lazy("incident type", "Peaceful protest"),
    "Protest with intervention": pgettext_lazy("incident type", "Protest with intervention"),
    "Excessive force against protesters": pgettext_lazy(
        "incident type", "Excessive force against protesters"
    ),
    "Violent demonstration": pgettext_lazy("incident type", "Violent demonstration"),
    "Mob violence": pgettext_lazy("incident type", "Mob violence"),
    "Agreement": pgettext_lazy("incident type", "Agreement"),
    "Arrests": pgettext_lazy("incident type", "Arrests"),
    "Change to group/activity": pgettext_lazy("incident type", "Change to group/activity"),
    "Disrupted weapons use": pgettext_lazy("incident type", "Disrupted weapons use"),
    "Headquarters or base established": pgettext_lazy("incident type", "Headquarters or base established"),
    "Looting/property destruction": pgettext_lazy("incident type", "Looting/property destruction"),
    "Non-violent transfer of territory": pgettext_lazy("incident type", "Non-violent transfer of territory"),
    "Other": pgettext_lazy("incident type", "Other"),
    "Ceasefire": pgettext_lazy("incident type", "Ceasefire"),
    "Talks": pgettext_lazy("incident type", "Talks"),
    "Border crossing": pgettext_lazy("incident type", "Border crossing"),
    "Diplomacy": pgettext_lazy("incident type", "Diplomacy"),
}

# ACLED's actor types as a page names them (the filing form's select says more: truce.web.forms).
ACTOR_TYPE_WORDS: dict[str, Any] = {
    "State forces": pgettext_lazy("actor type", "State forces"),
    "Rebel group": gettext_lazy("Rebel group"),
    "Political militia": gettext_lazy("Political militia"),
    "Identity militia": pgettext_lazy("actor type", "Identity militia"),
    "Rioters": gettext_lazy("Rioters"),
    "Protesters": gettext_lazy("Protesters"),
    "Civilians": gettext_lazy("Civilians"),
    "External/Other forces": gettext_lazy("Foreign or other forces"),
}


def incident_type(name: Any) -> str:
    """An event or sub-event type in the reader's words; any other name (an agreement's own category) as
    it is written."""
    words = INCIDENT_TYPE_WORDS.get(str(name or ""))
    return str(words) if words is not None else str(name or "")


def actor_type(name: Any) -> str:
    words = ACTOR_TYPE_WORDS.get(str(name or ""))
    return str(words) if words is not None else str(name or "")
