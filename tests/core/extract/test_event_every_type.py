"""Every one of ACLED's named sub-event types can come out of ``truce extract``: a report of each, written
for these tests in the words a wire would use, gives an event of that type as its top event (the
product path, not the classifier alone). A type no text can reach is a type the monitors never see.
The 25th, the strategic development "Other", is the codebook's catch-all and is never emitted as an event
(eventtype._violence_labels): it says nothing a monitor could verify."""

import pytest

from truce.core.extract import pipeline
from truce.core.extract.evaluate.case2021 import CASE2021_LABELS

REPORTS = {
    "Armed clash": (
        "Government troops and rebels exchanged fire for three hours near the village of Gandava on Monday."
    ),
    "Government regains territory": (
        "The army recaptured the town of Kalat from the insurgents on Sunday after a week-long siege."
    ),
    "Non-state actor overtakes territory": (
        "Rebel fighters seized control of the district headquarters of Wana on Friday, residents said."
    ),
    "Chemical weapon": (
        "Residents of the village said the militia used chlorine gas against them on Tuesday, "
        "leaving dozens struggling to breathe."
    ),
    "Air/drone strike": "A drone strike hit a compound in the district on Wednesday, officials said.",
    "Suicide bomb": "A suicide bomber blew himself up outside a police station in the city on Thursday.",
    "Shelling/artillery/missile attack": (
        "Artillery shells landed in three villages along the border on Saturday."
    ),
    "Remote explosive/landmine/IED": (
        "A roadside bomb went off as a military convoy passed near the town on Monday."
    ),
    "Grenade": "Unknown men hurled a grenade into a crowded market on Tuesday.",
    "Sexual violence": (
        "Soldiers raped two women in the village during a search operation, a rights group said."
    ),
    "Attack": "Gunmen shot dead a schoolteacher outside his home on Friday.",
    "Abduction/forced disappearance": (
        "Armed men abducted four aid workers from their car on the highway on Sunday."
    ),
    "Peaceful protest": (
        "Hundreds of traders marched peacefully through the city centre on Monday to demand lower taxes."
    ),
    "Protest with intervention": (
        "Police dispersed a sit-in by teachers outside the provincial assembly on Tuesday and "
        "detained several of them."
    ),
    "Excessive force against protesters": (
        "Security forces opened fire on unarmed protesters on Wednesday, killing three of them."
    ),
    "Violent demonstration": (
        "Protesters torched tyres, blocked the highway and threw stones at police on Thursday."
    ),
    "Mob violence": "A mob beat a man to death on Friday after accusing him of theft.",
    "Agreement": "The government and the rebel alliance signed a prisoner exchange agreement on Saturday.",
    "Arrests": "Police arrested twelve members of the opposition party in a night raid on Sunday.",
    "Change to group/activity": (
        "The militant group announced on Monday that it had merged with a rival faction."
    ),
    "Disrupted weapons use": "Soldiers defused a bomb planted under a bridge on the main road on Tuesday.",
    "Headquarters or base established": (
        "The insurgents set up a new base in the hills above the town last week."
    ),
    "Looting/property destruction": (
        "Militants set fire to a girls' school in the village on Wednesday night."
    ),
    "Non-violent transfer of territory": (
        "The militia handed over control of the airport to the army on Thursday without a fight."
    ),
}


def test_every_acled_sub_event_type_has_a_report_here():
    assert set(REPORTS) == set(CASE2021_LABELS.values()) - {"Other"}


@pytest.mark.parametrize(("label", "text"), sorted(REPORTS.items()))
def test_each_acled_sub_event_type_is_detected_by_the_product_path(label, text):
    events = pipeline.extract(text, content_type="text")["events"]
    assert events, f"no event for a report of {label!r}"
    assert max(events, key=lambda e: e["confidence"])["sub_event_type"] == label


def test_a_territory_change_told_beside_a_word_of_fighting_is_kept():
    """A fight word ("without a fight", "in a series of battles") does not hide the transfer or capture
    the sentence tells, though no incident verb opens it."""
    events = pipeline.extract(
        "Government forces recaptured a string of villages around Sibi in a series of battles over the past "
        "few weeks.",
        content_type="text",
    )["events"]
    assert [e["sub_event_type"] for e in events] == ["Government regains territory"]


def test_fought_wars_is_still_history_not_an_event():
    events = pipeline.extract(
        "The two neighbours have fought three wars over the valley since independence.", content_type="text"
    )["events"]
    assert events == []


def test_a_weekday_dates_an_incident_told_beside_a_since_clause():
    """ "for the first time since 2012" is not a trend when the sentence dates its incident "on Thursday"."""
    events = pipeline.extract(
        "Rebel fighters retook the crossroads town of Gandava from the army on Thursday, cutting the highway "
        "for the first time since 2012.",
        content_type="text",
    )["events"]
    assert [e["sub_event_type"] for e in events] == ["Non-state actor overtakes territory"]
