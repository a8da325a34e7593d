"""What each ACLED sub-event type looks like in a news sentence, written by this project for the sentence
model (``embed.py``, used by ``eventtype`` when ``TRUCE_EXTRACT_MODEL=minilm``).

Each type has a short definition in our own words (the facts follow the ACLED codebook; none of its
sentences is copied) and a few example sentences we made up. No sentence comes from CASE 2021, PolNeAR,
TimeML or any other evaluation set. A type's prototype is the normalised mean of the embeddings of its
lines.
"""

from __future__ import annotations

PROTOTYPES: dict[str, tuple[str, ...]] = {
    "Armed clash": (
        "Two armed groups, or soldiers and fighters, fought each other with guns.",
        "Troops and insurgents exchanged fire for several hours near the village.",
        "Heavy fighting broke out between the army and rebels overnight.",
        "Gunmen ambushed a military convoy and a gun battle followed.",
    ),
    "Government regains territory": (
        "Government forces took back a town or area that rebels had held.",
        "The army recaptured the district from the insurgents after a week of fighting.",
        "Soldiers retook control of the border post that militants had seized.",
    ),
    "Non-state actor overtakes territory": (
        "A rebel group or militia captured a town, base or area from the government or another group.",
        "Insurgents seized the district headquarters and raised their flag.",
        "Militants took control of the town after government troops withdrew.",
    ),
    "Chemical weapon": (
        "An attack used poison gas or another chemical agent such as chlorine or sarin.",
        "Residents choked after a gas attack on the neighbourhood.",
        "Barrels of chlorine were dropped on the town, doctors said.",
    ),
    "Air/drone strike": (
        "Aircraft, helicopters or drones bombed or fired missiles at a target from the air.",
        "Warplanes struck militant hideouts in the mountains.",
        "A drone strike hit a car carrying commanders.",
        "Jets bombed the village overnight, destroying several homes.",
    ),
    "Suicide bomb": (
        "An attacker blew himself up, or drove a car packed with explosives into a target.",
        "A suicide bomber detonated his vest at the checkpoint.",
        "A man wearing an explosive belt blew himself up inside the mosque.",
    ),
    "Shelling/artillery/missile attack": (
        "Artillery, mortars, rockets or missiles were fired from the ground at a distant target.",
        "Mortar shells landed in a residential area across the border.",
        "The army shelled villages with heavy artillery.",
        "Rockets fired from across the frontier hit the town.",
    ),
    "Remote explosive/landmine/IED": (
        "A roadside bomb, landmine, car bomb or other planted explosive went off, set off from a distance "
        "or by a victim.",
        "A roadside bomb exploded as a police vehicle passed.",
        "A child was killed when he stepped on a landmine.",
        "An improvised explosive device planted on a motorbike went off in the market.",
    ),
    "Grenade": (
        "Someone threw a grenade, or a hand grenade exploded.",
        "Unknown attackers hurled a grenade at the police station.",
        "A hand grenade was thrown into a crowded shop.",
    ),
    "Sexual violence": (
        "People were raped or sexually assaulted by armed men or attackers.",
        "Soldiers were accused of raping women in the village.",
        "A girl was sexually assaulted by members of the militia.",
    ),
    "Attack": (
        "Armed men attacked unarmed civilians, killing or injuring them.",
        "Gunmen shot dead a shopkeeper in his store.",
        "Militants attacked a village and killed several farmers.",
        "Unidentified attackers stabbed a journalist to death.",
    ),
    "Abduction/forced disappearance": (
        "People were kidnapped, abducted or taken away by armed men and not heard of again.",
        "Gunmen kidnapped two aid workers on the highway.",
        "Armed men abducted the village elder from his home.",
    ),
    "Peaceful protest": (
        "People demonstrated, marched, rallied or held a sit-in without violence and without interference.",
        "Thousands of people marched through the capital demanding the release of prisoners.",
        "Teachers staged a peaceful sit-in outside the ministry.",
        "Farmers rallied in the square to protest against new taxes.",
    ),
    "Protest with intervention": (
        "Police or authorities broke up, dispersed or arrested peaceful demonstrators without deadly force.",
        "Police dispersed the demonstrators and detained several of them.",
        "Security forces used tear gas to break up the protest.",
    ),
    "Excessive force against protesters": (
        "Security forces used deadly or severe force against peaceful demonstrators, shooting or killing "
        "them.",
        "Police opened fire on unarmed protesters, killing four.",
        "Soldiers fired live ammunition into the crowd of demonstrators.",
    ),
    "Violent demonstration": (
        "Demonstrators turned violent: they threw stones, burned property, clashed with police or blocked "
        "roads.",
        "Protesters threw stones at police and set tyres on fire.",
        "Rioting demonstrators torched government buildings.",
        "Angry protesters blocked the road and clashed with police.",
    ),
    "Mob violence": (
        "A crowd or mob attacked people or property outside any organised demonstration.",
        "A mob lynched a man accused of theft.",
        "An angry crowd beat the suspect and burned his house.",
    ),
    "Agreement": (
        "Parties signed or reached an agreement: a peace deal, a ceasefire, a prisoner exchange or a "
        "surrender.",
        "The two sides agreed to a ceasefire and an exchange of prisoners.",
        "Rebel leaders signed a peace agreement with the government.",
    ),
    "Arrests": (
        "Police or state forces arrested or detained people.",
        "Police arrested five suspects in a raid on Tuesday.",
        "Security forces detained an opposition leader at his home.",
    ),
    "Change to group/activity": (
        "An armed group changed: it split, merged, changed leaders, fighters defected or surrendered, or "
        "forces were deployed or withdrawn.",
        "Hundreds of fighters defected to the government side.",
        "The government deployed additional troops to the region.",
        "Two militant factions announced that they had merged.",
    ),
    "Disrupted weapons use": (
        "Security forces found, defused, seized or intercepted weapons or explosives before they were used.",
        "Police defused a bomb planted near the school.",
        "Air defences intercepted a missile over the city.",
        "Troops seized a cache of weapons and ammunition.",
    ),
    "Headquarters or base established": (
        "An armed group or army set up a new base, camp, headquarters or post.",
        "The militia established a new base on the outskirts of the town.",
        "The army set up a military post near the border crossing.",
    ),
    "Looting/property destruction": (
        "Armed groups or others looted, burned or destroyed property without fighting.",
        "Fighters looted shops and burned houses in the village.",
        "Armed men destroyed the health clinic and stole medicine.",
    ),
    "Non-violent transfer of territory": (
        "Control of an area passed from one side to another without fighting, for example after a "
        "withdrawal or handover.",
        "Government troops withdrew and handed the town over to the local militia without a fight.",
        "The rebels handed control of the area back to the army under the agreement.",
    ),
    "Other": (
        "Something else of strategic importance happened in the conflict.",
        "Curfews were imposed across the region.",
    ),
}
