"""The domain lexicon of incident words: each lemma with its inflections and nominalisations.

An incident is told with a verb ("shelled"), its participle or gerund ("shelling"), a noun made from it
("bombardment") or a weapon noun that names the act ("drone", "grenade"). Listing a lemma with all its
forms, family by family, keeps the incident gate of ``eventtype.annotate`` from knowing "bombed" but not
"bombing", or "strikes" but not "struck", as a list grown phrase by phrase did. Forms are lower case and
matched as whole words, case-insensitively. A form here only opens a sentence to the classifier, which
still has to find an ACLED sub-event type in it; forms that are mostly something else in news text
("attack" as a noun in analysis, "hit" of the economy, "launched" a campaign) are left out, and so are
agents named without an act ("chlorine", "sarin"): where no sentence has an incident word, the
classifier's fallback reads them.
"""

from __future__ import annotations

import re

# family -> lemma -> its forms (the lemma's own form first when it is used as is).
INCIDENT_FORMS: dict[str, dict[str, tuple[str, ...]]] = {
    "harm": {
        "kill": ("killed", "killing", "killings", "kills"),
        "wound": ("wounded", "wounding"),
        "injure": ("injured", "injuring"),
        "martyr": ("martyred",),
        "die": ("died", "dead"),
        "murder": ("murdered", "murdering", "murder", "murders"),
        "behead": ("beheaded", "beheading"),
        "lynch": ("lynched", "lynching"),
        "stab": ("stabbed", "stabbing"),
        "shoot": ("shot", "shooting", "shootings", "gunned"),
        "rape": ("raped",),
    },
    "fire": {
        "fire": ("fire", "fired", "fires", "firing", "gunfire"),
        "shell": ("shelled", "shelling", "shellings", "shells"),
        "bomb": ("bomb", "bombs", "bombed", "bombing", "bombings"),
        "bombard": ("bombard", "bombarded", "bombarding", "bombardment", "bombardments"),
        "pound": ("pounded", "pounding"),
        "strike": ("strike", "strikes", "struck", "striking", "airstrike", "airstrikes"),
        "drone": ("drone", "drones", "uav", "uavs"),
        "rocket": ("rocket", "rockets", "mortar", "mortars", "missile", "missiles", "artillery", "howitzers"),
        "grenade": ("grenade", "grenades", "hurled", "lobbed"),
    },
    "explosion": {
        "explode": ("exploded", "explodes", "exploding", "explosion", "explosions"),
        "blast": ("blast", "blasts"),
        "detonate": ("detonated", "detonating", "detonation"),
        "blow up": ("blew up", "blown up", "blew himself up", "blew herself up", "blew themselves up"),
    },
    "fight": {
        "attack": ("attacked", "attacking"),
        "clash": ("clash", "clashes", "clashed", "clashing"),
        "ambush": ("ambushed", "ambushing"),
        "raid": ("raided", "raiding"),
        "storm": ("stormed", "storming"),
        "target": ("targeted", "targeting"),
        "carry out": ("carried out",),
    },
    "ceasefire": {
        "break": ("broke the ceasefire", "broken the ceasefire", "broke the truce"),
        "violate": ("violated the ceasefire", "violating the ceasefire", "violated the truce"),
        "breach": ("breached the ceasefire", "breaching the ceasefire", "breached the truce"),
    },
    "territory": {
        "seize": ("seized", "seizing", "seizes", "seizure"),
        "capture": ("captured", "capturing", "captures", "capture"),
        "recapture": ("recaptured", "recapturing", "recaptures", "recapture"),
        "retake": ("retook", "retaken", "retakes", "retaking"),
        "regain": ("regained", "regaining", "regains"),
        "liberate": ("liberated", "liberating", "liberates", "liberation"),
        "overrun": ("overran", "overrun", "overruns", "overrunning"),
        "take over": ("took over", "taken over", "takes over", "taking over"),
        "drive out": ("drove", "driven"),  # "drove the militants out of", "were driven back"
        "push back": ("pushed back", "pushing back", "pushed out"),
        "gain ground": ("gained ground", "gaining ground", "gains ground"),
        "fall": ("fell to", "fallen to"),
        "withdraw": ("withdrew", "withdrawn"),
        "deploy": ("deployed", "deploying", "deployment"),
        "set up": ("set up",),
    },
    "people": {
        "abduct": ("abducted", "abducting", "abduction"),
        "kidnap": ("kidnapped", "kidnapping"),
        "arrest": ("arrested", "arresting"),
        "detain": ("detained", "detaining"),
        "defect": ("defected",),
    },
    "protest": {
        "protest": ("protest", "protests", "protested", "protesting", "protesters", "protestors"),
        "demonstrate": ("demonstrated", "demonstrating", "demonstration", "demonstrations", "demonstrators"),
        "rally": ("rally", "rallies", "rallied"),
        "march": ("marched",),
        "disperse": ("dispersed",),
    },
    "property": {
        "destroy": ("destroyed", "destroying", "destroys"),
        "loot": ("looted", "looting"),
        "burn": ("burned", "burnt"),
        "torch": ("torched",),
    },
    "disrupted": {
        "defuse": ("defused",),
        "intercept": ("intercepted",),
    },
}


def forms(*families: str) -> tuple[str, ...]:
    """Every form of the lemmas of ``families`` (all families when none is named), each once."""
    chosen = families or tuple(INCIDENT_FORMS)
    seen: dict[str, None] = {}
    for family in chosen:
        for lemma_forms in INCIDENT_FORMS[family].values():
            seen.update(dict.fromkeys(lemma_forms))
    return tuple(seen)


def pattern(*families: str) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern of ``forms(*families)``, as a trie (see ``_trie``). A space in
    a form is one space, as in the cleaned text."""
    return re.compile(r"\b(?:" + _trie(sorted(forms(*families))) + r")\b", re.I)


def _trie(words: list[str]) -> str:
    """One regex alternation of ``words`` that shares their common beginnings ("bomb(?:ed|ing|s)?"):
    the regex engine then reads each letter once instead of trying every form in turn. Longer words come
    before their prefixes, so a phrase wins over its first word."""
    if words == [""]:
        return ""
    by_first: dict[str, list[str]] = {}
    ends_here = False
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word[1:])
        else:
            ends_here = True
    branches = [
        re.escape(first).replace("\\ ", " ") + _trie(rests) for first, rests in sorted(by_first.items())
    ]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body
