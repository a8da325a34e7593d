"""eventtype.classify on sentences written for these tests (one or more per label and per precedence rule),
and annotate on a small article."""

import pytest

from truce.core.extract import eventtype
from truce.core.extract.document import Document, Sentence
from truce.core.extract.sentences import split

CASES = [
    ("Fighter jets bombed a militant hideout in the valley overnight, officials said.", "Air/drone strike"),
    ("A drone strike hit a compound near the border on Sunday.", "Air/drone strike"),
    (
        "Residents reported choking after canisters of chlorine gas were dropped by a helicopter.",
        "Chemical weapon",
    ),
    ("A suicide bomber blew himself up at the gate of a police station, killing six.", "Suicide bomb"),
    ("An explosive vest worn by an attacker went off in a crowded market.", "Suicide bomb"),
    (
        "Mortar shells landed on the village as artillery fire continued into the evening.",
        "Shelling/artillery/missile attack",
    ),
    ("A roadside bomb struck an army convoy, wounding four soldiers.", "Remote explosive/landmine/IED"),
    ("A landmine exploded under a tractor, killing the farmer driving it.", "Remote explosive/landmine/IED"),
    ("Unknown men hurled a grenade at a shop, injuring three people.", "Grenade"),
    ("Troops and insurgents exchanged fire for three hours near the checkpoint.", "Armed clash"),
    (
        "Government forces recaptured the town after a week-long offensive against the rebels.",
        "Government regains territory",
    ),
    (
        "Rebels seized control of the district headquarters after government troops fled.",
        "Non-state actor overtakes territory",
    ),
    ("Armed men raped two women in the camp, a rights group said.", "Sexual violence"),
    ("Gunmen shot dead a shopkeeper and two villagers in the market.", "Attack"),
    (
        "Armed men kidnapped a teacher on his way to school and demanded a ransom.",
        "Abduction/forced disappearance",
    ),
    ("Hundreds of students held a peaceful march to the press club, chanting slogans.", "Peaceful protest"),
    (
        "Police fired tear gas to disperse the demonstrators outside the ministry.",
        "Protest with intervention",
    ),
    ("Police opened fire on protesters, killing three of them.", "Excessive force against protesters"),
    ("Protesters threw stones at police and set fire to two buses.", "Violent demonstration"),
    ("An angry mob lynched a man accused of theft.", "Mob violence"),
    ("The two sides signed a ceasefire agreement after talks mediated by neighbours.", "Agreement"),
    ("Police arrested five men suspected of planning the attack.", "Arrests"),
    ("Hundreds of fighters defected to the rival faction, its commander said.", "Change to group/activity"),
    (
        "Soldiers found and defused an improvised explosive device planted near the bridge.",
        "Disrupted weapons use",
    ),
    ("Police seized rifles and several rounds of ammunition from a house.", "Disrupted weapons use"),
    (
        "The army set up a new observation post on the hill overlooking the road.",
        "Headquarters or base established",
    ),
    (
        "Militants looted shops and torched houses in the village before leaving.",
        "Looting/property destruction",
    ),
    (
        "Government troops withdrew from the town and the rebels entered it without a fight.",
        "Non-violent transfer of territory",
    ),
    ("Customs officers broke up a ring smuggling heroin across the border.", eventtype.ORGANIZED_CRIME),
    ("A magnitude 6 earthquake struck the province, flattening homes.", eventtype.NATURAL_DISASTER),
    (
        "A fire broke out at a chemical factory, and firefighters battled the blaze for hours.",
        eventtype.MAN_MADE_DISASTER,
    ),
    ("The government summoned the ambassador and announced new sanctions.", eventtype.DIPLOMACY),
    ("A militant group claimed responsibility for the bombing in a statement.", eventtype.ATTRIBUTION),
]


@pytest.mark.parametrize(("text", "label"), CASES)
def test_classifies_each_label(text, label):
    assert eventtype.classify(text)[0] == label


def test_every_acled_sub_type_and_outside_label_is_covered_by_these_tests():
    from truce.core.taxonomy import SUB_EVENT_TYPES

    covered = {label for _, label in CASES}
    assert set(SUB_EVENT_TYPES) - {"Other"} <= covered
    assert set(eventtype.OUTSIDE) <= covered


def test_suicide_bomb_takes_precedence_over_other_explosions():
    text = "A suicide car bomb exploded at a checkpoint; a second roadside bomb was found nearby."
    assert eventtype.classify(text)[0] == "Suicide bomb"


def test_chemical_agent_takes_precedence_over_the_aircraft_that_dropped_it():
    assert (
        eventtype.classify("Warplanes dropped bombs filled with sarin on the town.")[0] == "Chemical weapon"
    )


def test_arrest_by_authorities_vs_abduction_by_armed_men():
    assert eventtype.classify("Police detained two journalists at the airport.")[0] == "Arrests"
    assert eventtype.classify("Militants abducted and detained two journalists at a checkpoint.")[0] == (
        "Abduction/forced disappearance"
    )


def test_found_explosives_are_disrupted_use_but_exploded_ones_are_not():
    assert (
        eventtype.classify("Police discovered a bomb under a car and defused it.")[0]
        == "Disrupted weapons use"
    )
    assert eventtype.classify("A bomb planted under a car exploded, killing its driver.")[0] == (
        "Remote explosive/landmine/IED"
    )


def test_who_takes_territory_decides_the_battles_sub_type():
    assert eventtype.classify("The army captured two villages from the insurgents.")[0] == (
        "Government regains territory"
    )
    assert eventtype.classify("Insurgents captured two villages from the army.")[0] == (
        "Non-state actor overtakes territory"
    )


def test_diplomatic_response_to_a_chemical_attack_is_diplomacy():
    text = "Four countries expelled diplomats in response to the nerve agent attack."
    assert eventtype.classify(text)[0] == eventtype.DIPLOMACY


def test_mourning_earlier_deaths_is_still_a_peaceful_protest():
    text = "Thousands of protesters rallied peacefully to mourn demonstrators killed last month."
    assert eventtype.classify(text)[0] == "Peaceful protest"


def test_no_cue_gives_other_with_zero_confidence():
    assert eventtype.classify("The weather was mild and the shops were open.") == ("Other", 0.0)


def test_confidence_is_between_zero_and_one():
    for text, _ in CASES:
        _, confidence = eventtype.classify(text)
        assert 0.0 < confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "ptype", "sub"),
    [
        ("Both sides agreed to extend the ceasefire by two weeks.", "Ceasefire", "Ceasefire extended"),
        (
            "The government accepted the rebels' request for a temporary ceasefire.",
            "Ceasefire",
            "Temporary ceasefire accepted",
        ),
        (
            "Delegations met in Geneva, where they agreed to a ceasefire agreement.",
            "Talks",
            "Ceasefire agreement reached",
        ),
        ("A second round of talks would be held in Oslo next week.", "Talks", "Talks scheduled"),
        (
            "Norway hosted the second round of negotiations, which began on Monday.",
            "Talks",
            "Talks round began",
        ),
        ("The talks failed after three days.", "Talks", "Talks failed"),
        ("Authorities closed the main border crossing to trade.", "Border crossing", "Crossings closed"),
        (
            "The minister said he had received four calls from his counterpart.",
            "Diplomacy",
            "Calls between officials",
        ),
    ],
)
def test_process_steps(text, ptype, sub):
    assert eventtype.process_event(text) == (ptype, sub)


def test_no_process_step_in_a_plain_incident():
    assert eventtype.process_event("Gunmen shot dead a shopkeeper.") is None


def _doc(text):
    return Document(
        text=text, sentences=[Sentence(s, e, text[s:e], i) for i, (s, e) in enumerate(split(text))]
    )


def test_annotate_skips_trends_and_keeps_incidents():
    doc = _doc(
        "Attacks have increased since 2021 across the province.\n\n"
        "On Monday, gunmen shot dead two villagers in Kurram.\n\n"
        "The two sides agreed to extend the ceasefire."
    )
    eventtype.annotate(doc)
    got = [(m.kind, m.sub_event_type, m.sentence) for m in doc.event_mentions]
    assert got == [("violence", "Attack", 1), ("process", "Ceasefire extended", 2)]


def test_annotate_gives_two_combat_events_for_a_sentence_reporting_both():
    doc = _doc("Deadly clashes on the border this month triggered airstrikes and retaliatory fire.")
    eventtype.annotate(doc)
    assert {m.sub_event_type for m in doc.event_mentions} == {"Armed clash", "Air/drone strike"}


# More phrasings, written without looking at any evaluation set, to check that the rules generalise.
PHRASINGS = [
    ("Russian jets pounded rebel positions in the south for a third night.", "Air/drone strike"),
    (
        "An unmanned aerial vehicle fired two missiles at a car carrying militant commanders.",
        "Air/drone strike",
    ),
    ("Helicopter gunships strafed the convoy as it left the town.", "Air/drone strike"),
    (
        "Medics treated dozens for breathing problems after a toxic gas attack on the suburb.",
        "Chemical weapon",
    ),
    ("Inspectors confirmed that sarin was used in the April attack on the town.", "Chemical weapon"),
    ("A teenage bomber detonated his explosive belt among worshippers at Friday prayers.", "Suicide bomb"),
    ("Two suicide attackers rammed a truck packed with explosives into the base gate.", "Suicide bomb"),
    (
        "Rockets fired from across the border landed in a residential area, wounding five.",
        "Shelling/artillery/missile attack",
    ),
    ("Artillery units shelled villages along the front line overnight.", "Shelling/artillery/missile attack"),
    (
        "A ballistic missile struck an apartment block in the city centre.",
        "Shelling/artillery/missile attack",
    ),
    (
        "An improvised explosive device ripped through a police van in the district.",
        "Remote explosive/landmine/IED",
    ),
    ("A car bomb went off outside a crowded hotel, killing at least nine.", "Remote explosive/landmine/IED"),
    (
        "Two children were killed when they stepped on a landmine while herding goats.",
        "Remote explosive/landmine/IED",
    ),
    ("Assailants lobbed a hand grenade into a police post late on Sunday.", "Grenade"),
    ("A grenade thrown at a bus stop wounded eleven people.", "Grenade"),
    ("Security forces and Taliban fighters fought for hours near the district centre.", "Armed clash"),
    (
        "Two rival armed factions battled for control of the checkpoint, leaving six fighters dead.",
        "Armed clash",
    ),
    ("Insurgents ambushed a military patrol, sparking a gunfight that lasted into the night.", "Armed clash"),
    (
        "The national army retook the airport from separatist fighters after heavy fighting.",
        "Government regains territory",
    ),
    (
        "Troops regained control of the border town, the defence ministry announced.",
        "Government regains territory",
    ),
    (
        "Jihadists overran an army outpost and took control of the surrounding villages.",
        "Non-state actor overtakes territory",
    ),
    (
        "The rebel alliance captured the provincial capital on Saturday.",
        "Non-state actor overtakes territory",
    ),
    ("Soldiers were accused of raping women during the raid on the village.", "Sexual violence"),
    ("A girl was sexually assaulted by members of a militia at a checkpoint.", "Sexual violence"),
    ("Unidentified gunmen killed a tribal elder outside his home.", "Attack"),
    ("Attackers armed with machetes killed eight villagers in the night.", "Attack"),
    ("A journalist was stabbed to death in the capital, police said.", "Attack"),
    ("Militants kidnapped three engineers working on the dam project.", "Abduction/forced disappearance"),
    (
        "The activist has not been seen since masked men took him from his home last week.",
        "Abduction/forced disappearance",
    ),
    ("Hundreds of teachers rallied outside parliament demanding unpaid salaries.", "Peaceful protest"),
    ("Farmers staged a sit-in on the highway to protest water shortages.", "Peaceful protest"),
    ("Women marched through the city holding placards against the new law.", "Peaceful protest"),
    ("Police used water cannon to break up a rally of opposition supporters.", "Protest with intervention"),
    ("Dozens of protesters were arrested as police broke up the march.", "Protest with intervention"),
    (
        "Security forces fired live ammunition at demonstrators, killing four.",
        "Excessive force against protesters",
    ),
    (
        "Soldiers beat peaceful marchers with batons, leaving many injured.",
        "Excessive force against protesters",
    ),
    ("Rioters set cars on fire and smashed shop windows after the verdict.", "Violent demonstration"),
    (
        "Protesters hurled stones at police and blocked the main road with burning tyres.",
        "Violent demonstration",
    ),
    ("A mob beat a man to death over rumours of child abduction.", "Mob violence"),
    ("Villagers armed with sticks attacked a family accused of witchcraft.", "Mob violence"),
    ("The government and the rebels signed a peace accord in the capital.", "Agreement"),
    ("The warring parties agreed to a prisoner exchange brokered by the Red Cross.", "Agreement"),
    ("Police detained a former minister on charges of inciting violence.", "Arrests"),
    ("Security forces rounded up dozens of suspects in a night raid.", "Arrests"),
    (
        "The armed group announced it was disbanding and would join the political process.",
        "Change to group/activity",
    ),
    ("The army deployed thousands of troops to the border region.", "Change to group/activity"),
    ("Air defences intercepted two drones launched toward the city.", "Disrupted weapons use"),
    (
        "Police found a weapons cache including rifles and grenades in an abandoned house.",
        "Disrupted weapons use",
    ),
    ("Bomb disposal experts defused a device left near the school.", "Disrupted weapons use"),
    ("The militia established a new headquarters in the captured town.", "Headquarters or base established"),
    ("Foreign troops set up a base near the airport.", "Headquarters or base established"),
    ("Armed men looted the market and burned down several shops.", "Looting/property destruction"),
    ("Settlers destroyed olive trees and vandalised homes in the village.", "Looting/property destruction"),
    (
        "Under the deal, the militia handed over the town to government forces without a fight.",
        "Non-violent transfer of territory",
    ),
    (
        "The rebels withdrew from the city, and army units moved in unopposed.",
        "Non-violent transfer of territory",
    ),
    (
        "Police dismantled a drug trafficking network operating across three provinces.",
        eventtype.ORGANIZED_CRIME,
    ),
    ("Armed robbers held up a bank and escaped with cash.", eventtype.ORGANIZED_CRIME),
    ("Floods swept away hundreds of homes after days of heavy rain.", eventtype.NATURAL_DISASTER),
    ("The cyclone made landfall on Tuesday, killing dozens.", eventtype.NATURAL_DISASTER),
    ("A passenger train derailed near the station, injuring forty people.", eventtype.MAN_MADE_DISASTER),
    ("A gas cylinder explosion at a restaurant killed three workers.", eventtype.MAN_MADE_DISASTER),
    ("The foreign minister met his counterpart to discuss trade and security ties.", eventtype.DIPLOMACY),
    ("The country recalled its ambassador in protest at the remarks.", eventtype.DIPLOMACY),
    ("The group denied any involvement in the killing of the judge.", eventtype.ATTRIBUTION),
    ("Officials blamed the separatists for the attack on the pipeline.", eventtype.ATTRIBUTION),
    (
        "Police fired tear gas at students who had gathered peacefully outside the university.",
        "Protest with intervention",
    ),
    ("Officers detained 40 demonstrators during a march against fuel prices.", "Protest with intervention"),
    (
        "Troops opened fire on a crowd of protesters, killing at least 12.",
        "Excessive force against protesters",
    ),
    ("Two protesters died after police beat them during the rally.", "Excessive force against protesters"),
    ("Demonstrators torched a police station and pelted officers with rocks.", "Violent demonstration"),
    ("The protest turned violent when marchers clashed with riot police.", "Violent demonstration"),
    ("Thousands gathered in the main square for a candlelight vigil.", "Peaceful protest"),
    ("Workers went on strike to demand better pay.", "Peaceful protest"),
    ("Gunmen on motorbikes opened fire on a wedding party, killing eleven guests.", "Attack"),
    ("Militants executed two hostages they had accused of spying.", "Attack"),
    ("Soldiers and rebels exchanged heavy gunfire near the bridge.", "Armed clash"),
    ("Militants attacked a police checkpoint; two officers and three attackers were killed.", "Armed clash"),
    ("Police arrested the suspected leader of a militant cell in a dawn raid.", "Arrests"),
    ("Intelligence agents detained a journalist at the airport.", "Arrests"),
    (
        "Gunmen seized 20 passengers from a bus and took them into the forest.",
        "Abduction/forced disappearance",
    ),
    ("Pirates took the crew of a cargo ship hostage.", "Abduction/forced disappearance"),
    ("A bomb hidden in a motorcycle exploded near a checkpoint.", "Remote explosive/landmine/IED"),
    ("Police found a roadside bomb and safely detonated it.", "Disrupted weapons use"),
    ("Soldiers seized a truck carrying rockets and mortar rounds.", "Disrupted weapons use"),
    ("Mortar rounds hit a camp for displaced people, killing four.", "Shelling/artillery/missile attack"),
    ("A drone dropped explosives on a military post.", "Air/drone strike"),
    ("Warplanes struck a hospital in the rebel-held town.", "Air/drone strike"),
    ("The army recaptured three villages from the insurgents on Monday.", "Government regains territory"),
    (
        "Insurgents seized the district headquarters after the army retreated.",
        "Non-violent transfer of territory",
    ),
    (
        "Government forces handed over control of the airport to the peacekeepers.",
        "Non-violent transfer of territory",
    ),
    ("The two rebel groups announced a merger under a new name.", "Change to group/activity"),
    ("The government imposed a curfew in the city after the unrest.", "Change to group/activity"),
    ("Rebels opened a new command post in the hills above the town.", "Headquarters or base established"),
    ("Fighters burned dozens of houses and stole livestock.", "Looting/property destruction"),
    ("The sides agreed on a ceasefire to begin at midnight.", "Agreement"),
    ("A suicide bomber attacked a military convoy, killing five soldiers.", "Suicide bomb"),
    ("Chlorine-filled barrels were dropped on the neighbourhood.", "Chemical weapon"),
    ("A grenade exploded in a crowded market.", "Grenade"),
    ("A crowd lynched two men suspected of stealing a cow.", "Mob violence"),
    ("Police said a militia member raped a teenager at a checkpoint.", "Sexual violence"),
    ("A strong earthquake hit the region, collapsing hundreds of buildings.", eventtype.NATURAL_DISASTER),
    ("A fire in a garment factory killed 20 workers.", eventtype.MAN_MADE_DISASTER),
    ("Customs seized two tonnes of cocaine hidden in banana crates.", eventtype.ORGANIZED_CRIME),
    ("The president condemned the attack and called for calm.", eventtype.DIPLOMACY),
    ("The Islamic State group claimed the bombing through its news agency.", eventtype.ATTRIBUTION),
]


@pytest.mark.parametrize(("text", "label"), PHRASINGS)
def test_classifies_other_phrasings(text, label):
    assert eventtype.classify(text)[0] == label


def test_opening_fire_on_a_post_is_a_clash_not_a_new_base():
    text = "Afghan forces opened fire on a border post in Kurram on Sunday night."
    assert eventtype.classify(text)[0] == "Armed clash"


def test_strongest_cue_counts_fully_whatever_its_order_in_the_lexicon():
    # "executed" (a weak Attack cue) comes before "executed two hostages" (a strong one) in the lexicon.
    assert eventtype.classify("Militants executed two hostages they had accused of spying.")[0] == "Attack"


def test_in_protest_at_is_a_motive_not_a_demonstration():
    assert eventtype.classify("The country recalled its ambassador in protest at the remarks.")[0] == (
        eventtype.DIPLOMACY
    )


# Fights told without a verb of harm, process steps in more words, and death tolls alone (see
# test_eventtype_reports.py for the same through the whole pipeline).
@pytest.mark.parametrize(
    "text",
    [
        "Troops on both sides of the border exchanged heavy fire overnight.",
        "An exchange of fire lasted two hours at the crossing.",
        "Fierce fighting raged around the district centre.",
        "The two forces fought near the river on Monday.",
        "A firefight broke out at the checkpoint.",
    ],
)
def test_annotate_keeps_fights_told_without_a_verb_of_harm(text):
    doc = _doc(text)
    eventtype.annotate(doc)
    assert [(m.kind, m.sub_event_type) for m in doc.event_mentions] == [("violence", "Armed clash")]


@pytest.mark.parametrize(
    "text",
    [
        "Violence and fighting have increased across the region in recent years.",
        "The neighbours have fought three wars.",
        "Activists are fighting for cleaner rivers.",
        "The veteran, who fought in two wars, spoke at the ceremony.",
        "The mayor battled a fever during the campaign.",
    ],
)
def test_annotate_skips_fights_that_are_background_or_metaphor(text):
    doc = _doc(text)
    eventtype.annotate(doc)
    assert [m for m in doc.event_mentions if m.kind == "violence"] == []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("The factions agreed to an immediate and lasting truce.", "Ceasefire agreement reached"),
        ("The rivals signed a comprehensive ceasefire agreement.", "Ceasefire agreement reached"),
        ("The truce came into force at dawn.", "Ceasefire declared"),
        ("A ceasefire between the militias took effect at midnight.", "Ceasefire declared"),
        ("Negotiations will resume next week in the capital.", "Talks scheduled"),
        ("The delegations are expected to meet again for another round of talks.", "Talks scheduled"),
    ],
)
def test_process_event_recognises_more_phrasings(text, sub):
    assert eventtype.process_event(text)[1] == sub


def test_a_ceasefire_announced_for_later_is_scheduled():
    doc = _doc("The truce will take effect at midnight.")
    eventtype.annotate(doc)
    assert [(m.sub_event_type, m.status) for m in doc.event_mentions] == [("Ceasefire declared", "scheduled")]


def _casualty_doc(text, *figures):
    from truce.core.extract.document import CasualtyMention

    doc = _doc(text)
    for words, who in figures:
        start = text.index(words)
        doc.casualties.append(
            CasualtyMention(
                start, start + len(words), words, who=who, outcome="killed", low=1, best=1, high=1
            )
        )
    return doc


@pytest.mark.parametrize(
    ("text", "figure", "sub"),
    [
        ("Ten soldiers were killed near the pass.", ("Ten soldiers were killed", "soldiers"), "Armed clash"),
        ("Two fighters died near the pass.", ("Two fighters died", "fighters"), "Armed clash"),
        ("Three teachers were killed near the pass.", ("Three teachers were killed", "teachers"), "Attack"),
    ],
)
def test_a_death_toll_alone_is_typed_from_its_victims_with_low_confidence(text, figure, sub):
    doc = _casualty_doc(text, figure)
    eventtype.annotate(doc)
    assert [(m.kind, m.sub_event_type) for m in doc.event_mentions] == [("violence", sub)]
    assert doc.event_mentions[0].confidence == eventtype._TOLL_CONFIDENCE


def test_a_death_toll_of_unknown_victims_or_without_figures_gives_no_event():
    for doc in (
        _casualty_doc("Ten were killed near the pass.", ("Ten were killed", "")),
        _casualty_doc("Ten guests were killed near the pass.", ("Ten guests were killed", "guests")),
        _doc("Ten soldiers were killed near the pass."),  # no casualty figures given to annotate
    ):
        eventtype.annotate(doc)
        assert doc.event_mentions == []


def test_a_death_toll_next_to_its_event_is_that_events_toll():
    after = _casualty_doc(
        "Rockets struck the base on Monday. Ten soldiers were killed.",
        ("Ten soldiers were killed", "soldiers"),
    )
    eventtype.annotate(after)
    assert [m.sub_event_type for m in after.event_mentions] == ["Shelling/artillery/missile attack"]
    before = _casualty_doc(
        "Ten soldiers were killed. A landmine exploded under their truck.",
        ("Ten soldiers were killed", "soldiers"),
    )
    eventtype.annotate(before)
    got = [(m.sentence, m.sub_event_type) for m in before.event_mentions]
    assert got == [(0, "Remote explosive/landmine/IED"), (1, "Remote explosive/landmine/IED")]


def test_annotate_gives_one_event_for_a_shelling_that_killed_soldiers():
    # The dead soldiers are the shelling's victims, not a second incident (a clash): one mention.
    doc = _doc("A policeman was killed when militants shelled a checkpoint in Kurram on Tuesday.")
    eventtype.annotate(doc)
    assert [m.sub_event_type for m in doc.event_mentions] == ["Shelling/artillery/missile attack"]


def test_annotate_keeps_the_form_when_the_victims_made_the_clash_the_first_label():
    doc = _doc("Warplanes killed twelve militants in Tirah on Monday.")
    eventtype.annotate(doc)
    assert [m.sub_event_type for m in doc.event_mentions] == ["Air/drone strike"]
