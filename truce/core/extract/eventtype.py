"""Event typing: ACLED's 25 sub-event types, the process types and five labels outside ACLED.

The classifier is a set of weighted lexical cues written from the ACLED codebook's definitions (``CUES``).
A label's score is its strongest matching cue plus half of each further matching cue of that label; a cue
in the first 120 characters (headline, lead clause) weighs 1.25 times more, a cue within a few words after
a negation ("no", "denied", "without") 0.3 times and after a hedge ("may", "threatened to") 0.6 times.
Rules that need several cues together then adjust the scores, following the codebook where two
sub-types share words:

- a suicide attack outranks any other explosion (codebook: "Suicide bomb" takes precedence);
- chemical agents outrank the delivery method (a chlorine barrel dropped from a helicopter is "Chemical
  weapon", not "Air/drone strike");
- air vs ground-launched remote violence is decided by weapon words (aircraft, drone, warplane vs shell,
  mortar, rocket, missile fired from the ground);
- among protests, violence by the demonstrators (stones, arson, vandalism, road blocks, clashes) makes
  "Violent demonstration" whatever the police did; otherwise deaths or injuries at this protest, beatings
  or live fire make "Excessive force against protesters", dispersal, tear gas or arrests make "Protest
  with intervention", and nothing of these leaves "Peaceful protest" (deaths mourned or detentions
  protested against are background, not this protest's);
- taking territory is "Government regains territory" when state forces are the subject (named first, or
  militants "were pushed back/driven out"), else "Non-state actor overtakes territory"; a withdrawal
  followed by the other side moving in without fighting is "Non-violent transfer of territory";
- detention by authorities is "Arrests", seizure of people by armed groups or unknown people is
  "Abduction/forced disappearance"; killing hostages is an "Attack";
- weapons seized, defused, intercepted or found (with a weapon word and no detonation) are "Disrupted
  weapons use";
- killing civilians is an "Attack", fighting between armed sides an "Armed clash"; a sentence that reports
  deaths but not their form is the toll of the event told next to it, else (in ``annotate``) an "Attack"
  when the dead are civilians and an "Armed clash" when some are armed, with low confidence;
- in ``annotate``, a sentence gives a second combat event only when it tells two forms ("clashes
  triggered airstrikes"): a clash read from the victims of a shelling or a strike ("a soldier was killed
  when troops shelled villages") is not a second event, the form told is the one;
- fires, explosions and collapses with no attacker are man-made disasters; smuggling, drugs and robbery
  are organised crime even when police arrest or seize; sanctions and expulsions answering an attack
  are diplomacy; claims and denials of responsibility are attribution.

Labels outside ACLED (``OUTSIDE``) let the classifier say "this is not a political violence event":
organised crime, natural and man-made disasters, diplomacy (the process type ``Diplomacy``) and
attribution of responsibility. ``classify`` needs only text; ``annotate`` labels each sentence of a
Document that carries an event, and ``process_event`` recognises the steps of a peace process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from itertools import chain
from typing import Any

from truce.core.extract import lexicon, semantic
from truce.core.extract.casefold import UNSAFE, case_safe
from truce.core.extract.document import Document, EventMention, Sentence
from truce.core.taxonomy import PROCESS_TYPES, SUB_EVENT_TYPES

# Labels for text that is about something other than an ACLED event; CASE 2021 names them ORG_CRIME,
# NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO and ATTRIB (see evaluate/case2021.py).
ORGANIZED_CRIME = "Organized crime"
NATURAL_DISASTER = "Natural disaster"
MAN_MADE_DISASTER = "Man-made disaster"
DIPLOMACY = "Diplomacy"  # also a process type
ATTRIBUTION = "Attribution"
OUTSIDE: tuple[str, ...] = (ORGANIZED_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLOMACY, ATTRIBUTION)

AIR = "Air/drone strike"
CHEM = "Chemical weapon"
SUICIDE = "Suicide bomb"
SHELLING = "Shelling/artillery/missile attack"
IED = "Remote explosive/landmine/IED"
GRENADE = "Grenade"
CLASH = "Armed clash"
REGAIN = "Government regains territory"
OVERTAKE = "Non-state actor overtakes territory"
SEXUAL = "Sexual violence"
ATTACK = "Attack"
ABDUCTION = "Abduction/forced disappearance"
PEACEFUL = "Peaceful protest"
INTERVENTION = "Protest with intervention"
FORCE = "Excessive force against protesters"
VIOLENT_DEMO = "Violent demonstration"
MOB = "Mob violence"
AGREEMENT = "Agreement"
ARRESTS = "Arrests"
CHANGE = "Change to group/activity"
DISRUPTED = "Disrupted weapons use"
HQ = "Headquarters or base established"
LOOTING = "Looting/property destruction"
TRANSFER = "Non-violent transfer of territory"
OTHER = "Other"

# Words shared by several cue lists.
_KILL = r"(?:kill(?:ed|ing|s)?|dead|died|death|deaths|martyred|slain|lost (?:their|his|her) li(?:fe|ves))"
_HURT = r"(?:injur(?:ed|ing|ies|y)|wound(?:ed|ing|s)?|hurt|casualt(?:y|ies))"
_PROTEST = (
    r"(?:protest(?:s|ed|ing|ers?|ors?)?|demonstrat(?:ion|ions|ors?|ed|ing)|rall(?:y|ies|ied)|marche[ds]|"
    r"marching|sit-ins?|picket(?:s|ed|ing)?|strik(?:e|es|ing) workers|(?:went|go) on strike|"
    r"general strike|hunger strike|vigils?|agitat(?:ion|ors?|ing)|dharna|boycott(?:s|ed)?)"
)
_MILITANT = (
    r"(?:militants?|rebels?|insurgents?|jihadists?|terrorists?|fighters|gunmen|isis|isil|daesh|islamic state|"
    r"taliban|ttp|al[- ]shabaab|al[- ]qaeda|boko haram|houthis?|ansar allah|separatists?|maoists?|naxal\w*|"
    r"armed groups?|militia(?:s|men)?|hts|nusra|sdf|ypg|pkk|isis-k|iskp|hezbollah|hamas|bandits)"
)
_STATE = (
    r"(?:army|troops|soldiers|government forces|security forces|military|armed forces|regime|saa|"
    r"national army|federal forces|police|forces)"
)


@dataclass(frozen=True)
class Cue:
    label: str
    weight: float
    pattern: re.Pattern[str]


# The headline's present tense "X pound(s) Y's posts": "pound" as a verb only when its object is a
# military target or a place ("pounds Taliban hideouts", "pound Pakistan's border posts", "pounds the
# Afghan side of the border"), never money or weight ("300 pounds per tonne", "pounds of explosives").
# Lower-cased text, as the cues; a place named bare ("pounds Kabul") is read by ``_pounds_place``.
_POUND_TARGETS = (
    r"(?:check ?)?posts?|outposts?|checkpoints?|positions?|hideouts?|bases?|camps?|targets?|strongholds?|"
    r"bunkers?|trenches|areas?|villages?|towns?|cit(?:y|ies)|districts?|provinces?|regions?|border|"
    r"borders|side|territory|valleys?|hills?|mountains?|militants|insurgents|rebels|troops|forces|"
    r"fighters|enemy|sites?|installations?|facilities|depots?|launch pads?"
)
_POUNDS_VERB = (
    r"(?<![\d£$€.,] )(?<![\d£$€.,])pounds?(?! (?:of|per|a|an|each|sterling|in)\b)"
    r"(?= (?:the |an? )?(?:[\w-]+['’]s |(?:[\w-]+ ){0,3}?(?:" + _POUND_TARGETS + r")\b))"
)


def _cues(label: str, weight: float, *patterns: str) -> list[Cue]:
    # Patterns are lower case and run on lower-cased text: case-insensitive matching is several times
    # slower in Python's re, and typing runs on every sentence of every article.
    return [Cue(label, weight, re.compile(r"\b" + p + r"\b")) for p in patterns]


CUES: list[Cue] = [
    # Explosions / remote violence
    *_cues(
        AIR,
        3.0,
        r"air ?strikes?",
        r"air[- ]raids?",
        r"warplanes?",
        r"war planes?",
        r"(?:fighter )?jets?",
        r"drone (?:strikes?|attacks?)",
        r"drones?",
        r"air force",
        r"aerial (?:bombardments?|attacks?|strikes?|bombings?)",
        r"bomb(?:ed|ing|s)? from the air",
        r"(?:helicopter )?gunships?",
        r"sorties",
        r"aircraft",
        r"air support",
        r"carried out (?:\w+ )?strikes",
        r"unmanned aerial vehicles?",
        r"uavs?",
        r"barrel bombs?",
        r"helicopters?",
        r"choppers?",
        r"(?:air|aerial) raids?",
        r"(?:coalition|russian|israeli|syrian|saudi|us|american|turkish|pakistani) (?:jets|planes|aircraft)",
    ),
    # The verbs of striking and bombing without a weapon word ("Pakistan strikes Khost", "they bombed
    # three villages"): mostly from the air in this domain, and weaker than a named weapon ("rockets
    # struck the base" is shelling, so "struck" is none of them).
    *_cues(
        AIR,
        2.0,
        r"strikes (?!(?:workers|action)\b)",
        r"bombed",
        r"bombing raids?",
    ),
    *_cues(
        CHEM,
        6.0,
        r"chemical (?:weapons?|attacks?|agents?|munitions?|substances?)",
        r"chlorine",
        r"sarin",
        r"mustard gas",
        r"nerve (?:agents?|gas)",
        r"toxic (?:gas|chemicals?|substances?|fumes)",
        r"poison(?:ous)? gas",
        r"opcw",
        r"chemical (?:cylinders?|canisters?)",
        r"suffocation",
        r"novichok",
        r"phosphorus",
    ),
    *_cues(
        SUICIDE,
        7.0,
        r"suicide (?:bomb(?:er|ers|ing|ings|s)?|attacks?|attackers?|blasts?|vests?|belts?|car bombs?|"
        r"truck bombs?|"
        r"explosions?|mission|bombers?)",
        r"blew (?:himself|herself|themselves) up",
        r"kamikazes?",
        r"explosive vests?",
        r"detonated (?:his|her|their) (?:explosive|suicide)",
        r"self-immolation bomb",
        r"explosive[- ]laden (?:vest|belt)",
        r"suicide",
    ),
    *_cues(
        SHELLING,
        3.0,
        r"shell(?:ed|ing|s)",
        r"artillery",
        r"mortars?(?: (?:shells?|rounds?|fire|attacks?))?",
        r"rockets?",
        r"missiles?",
        r"howitzers?",
        r"grad",
        r"katyusha",
        r"projectiles?",
        r"cannon fire",
        r"heavy weapons",
        r"bombard(?:ed|ment|ing|s)?",
        r"(?:cross-border|cross border) (?:fire|firing)",
        r"tank fire",
        r"pound(?:ed|ing)",
        _POUNDS_VERB,
    ),
    *_cues(
        IED,
        3.5,
        r"ieds?",
        r"improvised explosive devices?",
        r"roadside bombs?",
        r"(?:land ?)?mines?",
        r"landmines?",
        r"car bombs?",
        r"(?:bomb|explosive)[- ]laden (?:car|vehicle|truck|motorcycle)",
        r"vbieds?",
        r"explosive devices?",
        r"bomb (?:blast|explosion|attack)s?",
        r"blasts?",
        r"explosions?",
        r"explod(?:ed|es|ing)",
        r"detonat(?:ed|ion|ing)",
        r"bomb(?:s|ing|ings)?",
        r"planted",
        r"magnetic bombs?",
        r"sticky bombs?",
        r"remote[- ]controlled",
        r"time bomb",
        r"booby[- ]trap(?:ped|s)?",
        # Property blown up with explosives: the codebook's remote explosive, not a suicide bombing
        # (which "blew himself up" is, above) and not mere property destruction.
        r"(?:blew|blown|blowing|blow|blows) up (?:a |an |the |two |three |several )?(?:[\w'’-]+ ){0,2}"
        r"(?:schools?|bridges?|buildings?|houses?|homes?|towers?|pylons?|pipelines?|shops?|mosques?|shrines?|"
        r"offices?|stations?|posts?|checkposts?|vehicles?|cars?|vans?|trucks?|buses|bus|trains?|tracks?)",
    ),
    *_cues(
        GRENADE,
        6.0,
        r"grenades?",
        r"hand grenades?",
        r"(?:hurled|lobbed|tossed)",
    ),
    # Battles
    *_cues(
        CLASH,
        2.5,
        r"clash(?:es|ed)?",
        r"fighting",
        r"gun ?fights?",
        r"fire ?fights?",
        r"exchange(?:d|s)? (?:of )?fire",
        r"exchang(?:ed|es|ing) (?:\w+ ){0,2}(?:fire|gunfire|shots|rockets)",
        r"gunfire",
        r"gun battles?",
        r"battles?",
        r"battled",
        r"fought",
        r"ambush(?:ed)?",
        r"encounters?",
        r"offensive",
        r"engaged",
        r"skirmish(?:es)?",
        r"counter[- ]?attacks?",
        r"repel(?:led)?",
        r"repulsed",
        r"attacked (?:an? |the )?(?:military|army|police|security|checkpoint|base|post|positions?|outpost)",
        r"(?:killed|killing) (?:[\w()-]+ ){0,6}(?:militants|insurgents|rebels|terrorists|"
        r"fighters|soldiers|troops|policemen|security personnel|gendarmes)",
        r"opened fire on (?:the )?(?:security|army|police|troops|soldiers)",
        r"(?:opened fire|fired) (?:on|at) (?:an? |the )?(?:[\w'-]+ ){0,3}(?:posts?|checkpoints?|bases?|"
        r"positions?|patrols?|convoys?|outposts?|camps?)\b",
        r"heavy fighting",
        r"combat",
        r"stormed",
        r"assault(?:ed)? on (?:the )?(?:base|post|positions?|checkpoint|town|city)",
        r"hostilities",
        r"unprovoked (?:firing|fire|aggression)",
        r"firing",
        r"retaliat(?:ed|ory|ion)",
        r"attack(?:ed|s)? (?:on |against )?(?:an? |the |two |several )?(?:\w+ )?(?:military|army|police|"
        r"security|"
        r"troops|soldiers|patrol|convoy|checkpoint|bases?|posts?|positions?|outposts?|forces|headquarters)",
        r"(?:killed|wounded) (?:and (?:wounded|injured|killed) )?(?:\w+ )?(?:of )?(?:the )?(?:terrorists|"
        r"militants|"
        r"insurgents|rebels)",
        r"(?:heavy )?losses",
        r"infiltrat(?:e|ed|ion|ing)",
    ),
    *_cues(
        REGAIN,
        5.0,
        r"recaptur(?:ed|es|ing|e)",
        r"re-?took",
        r"retak(?:e|en|es|ing)",
        r"regain(?:ed|s|ing)? (?:full )?control",
        r"regain(?:ed|s|ing)?",
        r"recover(?:ed|s|ing) (?:the )?(?:regions?|areas?|territor(?:y|ies)|villages?|towns?|city|control)",
        r"liberat(?:ed|ing|e)",
        r"reclaim(?:ed|s|ing)?",
        r"re-?establish(?:ed)? control",
        r"wrest(?:ed)?",
        r"clear(?:ed)? (?:the )?(?:area|village|town|city|district) of",
        r"freed (?:the )?(?:town|city|village|area|region)",
        r"back under (?:the )?(?:government|army|state) control",
        r"drove (?:\w+ ){0,4}(?:out|back|away)",
        r"pushed (?:\w+ ){0,3}(?:out|back)",
        r"freed (?:\w+ )?(?:villages?|towns?|areas?|neighbou?rhoods?|districts?)",
        r"advanc(?:ed|es|ing)",
        r"oust(?:ed)?",
    ),
    *_cues(
        OVERTAKE,
        3.0,
        r"(?:seiz(?:ed|es|ing)|captur(?:ed|es|ing)|took|taken|tak(?:es|ing)|overr?an|overrun) (?:full |"
        r"complete )?"
        r"control",
        r"overr?an",
        r"overrun",
        r"fell to",
        r"captur(?:ed|es|ing) (?:the )?(?:town|city|village|district|base|area|region|territory|hill|"
        r"strategic|headquarters|\w+ town|\w+ village)",
        r"seiz(?:ed|es|ing) (?:the )?(?:town|city|village|district|base|area|region|territory|hill|"
        r"strategic|headquarters|border|\w+ town|\w+ village)",
        r"(?:took|take|takes|taking|taken) over",
        r"captur(?:ed|es|ing) (?:[\w-]+ ){0,3}(?:towns?|city|villages?|districts?|neighbou?rhoods?|positions|"
        r"capital|"
        r"centre|center|crossing|outposts?|territory|"
        r"localities|areas?|hills?|hilltops?|bases?|airport|port|strongholds?|region)",
        r"gain(?:ed|ing)? ground",
        r"occupied (?:\w+ ){0,3}(?:posts|positions|villages|towns|hills|hilltops|areas|districts)",
        r"taken (?:the )?control",
        r"(?:second|third|latest) to fall",
        # The passive of the verbs of taking ("the post was overrun", "were captured by the rebels").
        r"(?:was|were|been|being) (?:\w+ )?(?:captured|seized|overrun)(?= by| after| on| in|,|\.|$)",
    ),
    # Violence against civilians
    *_cues(
        SEXUAL,
        8.0,
        r"rap(?:e|ed|es|ing|ist|ists)",
        r"gang[- ]?rap(?:e|ed)",
        r"sexual(?:ly)? (?:assault(?:ed)?|abus(?:e|ed)|violence|harass(?:ed|ment)|exploitation)",
        r"molest(?:ed|ation|ing)?",
        r"abused (?:\w+ )?(?:women|girls|boys|children)",
        r"sexual slavery",
        r"sex slaves?",
    ),
    *_cues(
        ATTACK,
        2.0,
        r"shot dead",
        r"gunned down",
        r"stabb(?:ed|ing)",
        r"murder(?:ed|s)?",
        r"assassinat(?:ed|ion)",
        r"hacked to death",
        r"beheaded",
        r"massacre(?:d)?",
        r"executed",
        r"lynch(?:ed)?",
        r"tortur(?:ed|e)",
        r"attack(?:ed|s)? (?:on )?(?:civilians?|villagers?|a villager|residents|farmers|worshippers|"
        r"a (?:man|woman|journalist|teacher|shopkeeper))",
        r"killed (?:\d+ |two |three |four |five |several )?(?:civilians|villagers|people|residents|farmers|"
        r"women|children|worshippers|passengers)",
        r"(?:unknown |unidentified )?gunmen",
        r"shot (?:and (?:killed|wounded|injured)|at|him|her|them)",
        r"opened fire on (?:a |the )?(?:civilians?|villagers?|crowd|car|vehicle|bus|mosque|church|market)",
        r"set (?:him|her|them) (?:on fire|ablaze)",
        r"beat(?:en)? to death",
        r"body (?:of|was found)",
        r"bodies",
        r"attacked",
        r"assaulted",
        r"acid attack",
        r"targeted killing",
        r"attacks?",
        r"(?:bandits|gunmen|armed men|assailants|attackers)",
    ),
    # Killing captives ends an abduction in an attack on them (codebook: the killing is what is coded).
    *_cues(
        ATTACK,
        8.0,
        r"(?:executed|killed|beheaded|murdered|shot dead) (?:\w+ ){0,2}(?:hostages|"
        r"captives)",
    ),
    *_cues(
        ABDUCTION,
        6.0,
        r"abduct(?:ed|ion|ions|ing|s|ors)?",
        r"kidnapp?(?:ed|ing|ings|ers?)?",
        r"hostages?",
        r"taken captive",
        r"held captive",
        r"(?:forcibly |enforced )?disappear(?:ed|ance|ances)",
        r"went missing",
        r"whereabouts",
        r"(?:masked|armed|unknown|unidentified|plain-?clothes) (?:men|gunmen|persons) (?:took|seized|"
        r"picked up|dragged|"
        r"whisked|snatched)",
        r"(?:not been seen|missing) since",
        r"ransom",
        r"captives?",
        r"hostage[- ]taking",
        r"seiz(?:ed|es|ing) (?:\w+ ){0,3}(?:passengers|people|villagers|civilians|travell?ers|workers|"
        r"students|"
        r"children|women|men|pilgrims|aid workers)",
        r"took (?:them|him|her) (?:away|into|to an unknown)",
        r"(?:have |has )?taken (?:at least |more than |about |dozens of |\w+ )?(?:people|persons|civilians|"
        r"men|women|"
        r"\w+ people|palestinians|villagers)",
    ),
    # Protests and riots
    *_cues(
        PEACEFUL,
        3.0,
        _PROTEST,
        r"(?:took|take|taking) to the streets",
        r"(?:chant(?:ed|ing)|placards|banners|slogans)",
        r"gathered (?:in front of|outside|at)",
        r"walkout",
        r"(?:brought|bring|brings) (?:\w+ ){0,3}to a standstill",
        r"strike action",
        r"shut ?down strike",
        r"bandh",
        r"hartal",
        r"petition",
    ),
    *_cues(
        INTERVENTION,
        3.0,
        r"dispers(?:ed|e|ing|al)",
        r"tear ?gas",
        r"water ?cannons?",
        r"rubber bullets",
        r"pepper spray",
        r"stun grenades?",
        r"broke up",
        r"detain(?:ed|ing)? (?:\w+ )?(?:protesters|demonstrators|activists|participants)",
        r"arrest(?:ed|ing)? (?:\w+ )?(?:protesters|demonstrators|activists|participants)",
        r"(?:protesters|demonstrators|activists) (?:were )?(?:arrested|detained)",
        r"baton[- ]?charg(?:e|ed)",
        r"lathi[- ]?charg(?:e|ed)",
        r"cordon(?:ed)?",
        r"blocked (?:the )?(?:protesters|march|demonstrators)",
        r"intervened",
        r"prevented",
        r"pepper[- ]sprayed",
        r"chas(?:e|ed|ing)",
    ),
    *_cues(
        FORCE,
        3.0,
        r"live (?:ammunition|rounds|bullets|fire)",
        r"fired (?:on|at|into) (?:the )?(?:protesters|demonstrators|crowd|students|marchers)",
        r"opened fire on (?:the )?(?:protesters|demonstrators|crowd|students|marchers)",
        r"(?:protesters|demonstrators|students|marchers) (?:were |was )?(?:killed|shot|beaten|injured)",
        r"(?:killed|shot|beat|beaten|injured|wounded) (?:\w+ )?(?:protesters|demonstrators|students|"
        r"marchers)",
        r"brutal(?:ly)?",
        r"crackdown",
        r"beat(?:en|ing)? (?:up )?",
        r"police violence",
        r"excessive force",
    ),
    *_cues(
        VIOLENT_DEMO,
        3.0,
        r"riot(?:s|ed|ing|ers)?(?! police)",
        r"(?:threw|throwing|hurled|pelted|pelting) (?:stones|rocks|bricks|petrol bombs|molotov|bottles|"
        r"firecrackers|fireworks|objects|eggs)",
        r"stone[- ]pelt(?:ing|ers)",
        r"molotov",
        r"petrol bombs?",
        r"torch(?:ed|ing)",
        r"set (?:fire|ablaze|alight|on fire)",
        r"burn(?:ed|t|ing) (?:tyres|tires|vehicles|cars|buses|effigies)",
        r"vandali[sz](?:ed|ing|m)",
        r"clash(?:ed|es)? with (?:the )?(?:police|security forces|riot police|officers)",
        r"stormed",
        r"ransack(?:ed|ing)",
        r"smash(?:ed|ing)",
        r"(?<!non-)(?<!non )violent (?:protests?|demonstrations?)",
        r"unrest",
        r"(?:protesters|demonstrators) (?:attacked|damaged|burned|blocked)",
        r"barricades?",
    ),
    *_cues(
        MOB,
        5.0,
        r"mobs?",
        r"lynch(?:ed|ing|ings)?",
        r"vigilantes?",
        r"angry (?:crowd|villagers|residents)",
        r"communal (?:violence|clash(?:es)?|riots?)",
        r"sectarian (?:violence|clash(?:es)?)",
        r"(?:rival|two) (?:groups|factions|gangs|communities|tribes|clans) clashed",
        r"tribal clash(?:es)?",
        r"clan (?:clash(?:es)?|fighting|violence)",
        r"crowd (?:attacked|beat|lynched|set)",
        r"(?:beaten|beat) by (?:a )?(?:crowd|villagers|residents)",
        r"villagers clashed",
        r"(?:villagers|residents|locals|a crowd|youths) (?:armed with|wielding) (?:\w+ )?(?:sticks|clubs|"
        r"machetes|"
        r"stones|rods|knives)",
        r"accused of (?:witchcraft|blasphemy|theft|stealing|cattle theft)",
        r"(?:residents|villagers|locals) (?:and \w+ )?(?:killed|beat|lynched|attacked)",
        r"attacked (?:a |the )?(?:peaceful )?(?:rally|protest|march|demonstration)",
        r"(?:opposing|rival|dueling) (?:rallies|demonstrations|groups|protesters)",
    ),
    # Strategic developments
    *_cues(
        AGREEMENT,
        3.0,
        r"(?:ceasefire|cease-fire|truce|peace) (?:agreement|deal|accord|pact|treaty)",
        r"ceasefire",
        r"cease-fire",
        r"truce",
        r"agree(?:d|s|ment|ments)?",
        r"deal",
        r"accord",
        r"signed",
        r"sign(?:ing)? (?:an? |the )?(?:agreement|deal|accord|memorandum|treaty)",
        r"prisoner (?:swap|exchange)",
        r"exchange of prisoners",
        r"memorandum of understanding",
        r"peace (?:talks|process|plan)",
        r"armistice",
        r"reconciliation",
        r"released (?:\d+ )?(?:prisoners|detainees)",
        r"release of (?:[\w,]+ ){0,4}(?:prisoners|detainees|captives)",
        r"surrender(?:ed|s)?",
        r"laid down (?:their )?arms",
        r"(?:peace |indirect |direct )?talks",
        r"negotiat(?:ions?|ed|ing)",
        r"mediation",
    ),
    *_cues(
        ARRESTS,
        3.0,
        r"arrest(?:ed|s|ing)?",
        r"detain(?:ed|s|ing)?",
        r"detention",
        r"apprehend(?:ed|s)?",
        r"(?:taken|took) into custody",
        r"nabbed",
        r"rounded up",
        r"custody",
        r"remanded",
        r"handcuffed",
        r"raid(?:ed|s)? (?:on )?(?:the )?(?:homes?|houses?|offices?)",
        r"charged with",
        r"jailed",
        r"sentenced",
        r"picked up",
    ),
    *_cues(
        CHANGE,
        2.5,
        r"deploy(?:ed|s|ing|ment)",
        r"reinforc(?:ed|ements|ing|e)",
        r"withdr(?:ew|aw|awn|awal|awing)",
        r"pull(?:ed|s|ing)? (?:back|out)",
        r"pullout",
        r"mobili[sz](?:ed|ing|ation|es)",
        r"defect(?:ed|ion|ions|ors?)",
        r"merg(?:ed|er|ing)",
        r"joined forces",
        r"disband(?:ed|ing)?",
        r"(?:new|armed) (?:group|faction|alliance|coalition) (?:was )?(?:formed|founded|launched|announced)",
        r"announced (?:the )?(?:formation|creation|establishment)",
        r"(?:military )?(?:drills|exercises?|manoeuvres|maneuvers)",
        r"relocat(?:ed|ing|ion)",
        r"redeploy(?:ed|ment)",
        r"suspend(?:ed|s)? (?:\w+ )?(?:operations|activities)",
        r"curfew",
        r"state of emergency",
        r"martial law",
        r"banned",
        r"ban on",
        r"convoy",
        r"(?:sent|dispatched) (?:\w+ )?(?:troops|reinforcements|forces)",
        r"pledged allegiance",
        r"recruit(?:ed|ing|ment)",
        r"boosted",
        r"build[- ]?up",
        r"massing",
        r"amass(?:ed|ing)",
        r"air defen[cs]e systems?",
        r"placed on (?:high )?alert",
    ),
    *_cues(
        CHANGE,
        5.0,
        r"defect(?:ed|ion|ions|ors?)",
        r"dispatch(?:ed|es|ing) (?:\w+ ){0,3}(?:troops|reinforcements|forces|fighters)",
        r"fortif(?:y|ied|ying)",
        r"mobili[sz](?:ed|ing|ation)",
        r"(?:deploy|deployed|deploys|send|sends|sent) (?:\w+ ){0,2}reinforcements",
    ),
    *_cues(
        DISRUPTED,
        3.0,
        r"seiz(?:ed|ure|es|ing)",
        r"confiscat(?:ed|ion|ing)",
        r"defus(?:ed|ing|al)",
        r"diffus(?:ed|ing)",
        r"intercept(?:ed|s|ion|ing)?",
        r"shot down",
        r"downed",
        r"(?:arms|weapons?|ammunition|explosives?) (?:cache|depot|dump)s?",
        r"caches?",
        r"(?:found|discovered|recovered|uncovered|unearthed) (?:a |an |the )?(?:\w+ )?(?:cache|weapons?|arms|"
        r"ammunition|explosives?|bombs?|ieds?|rockets?|mines?|grenades?|firearms|rifles|guns|depot|hideout)",
        r"(?:weapons?|arms|ammunition|explosives?|firearms|rifles|guns|pistols|"
        r"rounds of ammunition) (?:were |was )?"
        r"(?:seized|recovered|found|confiscated|discovered)",
        r"bomb (?:disposal|squad)",
        r"(?:foiled|thwarted|averted|prevented) (?:an? |the )?(?:\w+ )?(?:attack|plot|bombing|attempt)",
        r"foiled",
        r"thwarted",
        r"neutrali[sz]ed (?:the |an? )?(?:bomb|ied|device|explosive|drone|mine)",
        r"(?:de-?mining|demined|mine clearance|cleared (?:\w+ )?mines)",
        r"destroy(?:ed)? (?:\w+ ){0,3}(?:weapons|ammunition|explosives|ieds|mines|rockets|machine guns)",
        r"air defen[cs]es? (?:intercepted|shot down|destroyed|downed|repelled)",
        r"firearms",
        r"ammunition",
        r"weapons",
        r"explosives",
        r"arms",
        r"rounds",
        r"detonated (?:in a )?controlled",
        r"controlled explosion",
    ),
    *_cues(
        HQ,
        6.0,
        r"(?:set up|sets up|setting up|establish(?:ed|es|ing)?|built|build(?:s|ing)?|"
        r"open(?:ed|s)?(?= (?:a )?new )|erect(?:ed)?) "
        r"(?:a |an |its |their |the )?"
        r"(?:\d+\w* |new |first |second |third |another |several |(?!fire\b)\w+ ){0,3}?"
        r"(?:military |observation |army |permanent |command )?"
        r"(?:bases?|posts?|outposts?|headquarters|observation points?|checkpoints?|camps?|garrisons?|"
        r"positions)",
        r"observation (?:posts?|points?)",
        r"(?:bases?|posts?|points?|camps?|checkpoints?|barracks|outposts?) (?:have been |has been |were |"
        r"was )?"
        r"(?:set up|established|built|erected)",
        r"new (?:military )?(?:base|headquarters|outpost)",
    ),
    *_cues(HQ, 1.5, r"headquarters", r"military bases?", r"barracks"),
    *_cues(
        LOOTING,
        3.0,
        r"loot(?:ed|ing|ers|s)?",
        r"plunder(?:ed|ing)?",
        r"ransack(?:ed|ing)?",
        r"vandali[sz](?:ed|ing|m)",
        r"(?:set|sets|setting) (?:fire to|on fire|ablaze|alight)",
        r"torch(?:ed|ing)",
        r"burn(?:ed|t|ing) (?:down )?(?:\w+ )?(?:houses|homes|shops|crops|fields|vehicles|property|school|"
        r"church|mosque|village)",
        r"demolish(?:ed|ing)?",
        r"demolitions?",
        r"bulldoz(?:ed|ing)",
        r"destroy(?:ed|ing)? (?:\w+ ){0,2}(?:houses|homes|property|properties|shops|crops|school|church|"
        r"mosque|buildings?|villages?|offices?)",
        r"destruction of",
        r"burning and looting",
        r"(?:houses|homes|property|properties|shops|crops|buildings) (?:were |was |have been |has been )?"
        r"(?:destroyed|burned|"
        r"burnt|damaged|razed)",
        r"stolen",
        r"stole",
        r"arson",
        r"razed",
        r"damag(?:ed|ing)",
        r"confiscated (?:\w+ )?(?:land|property|houses)",
        r"sabotag(?:e|ed)",
    ),
    *_cues(
        TRANSFER,
        4.0,
        r"without (?:a )?(?:fight|fighting|resistance|a shot)",
        r"hand(?:ed|s|ing)? over",
        r"handover",
        r"evacuation (?:deal|agreement)",
        r"vacated",
        r"ceded",
        r"entered (?:\w+ )?(?:without|unopposed)",
        r"took over (?:\w+ )?(?:positions|posts|bases) (?:vacated|left)",
        r"transfer(?:red)? (?:of )?(?:control|territory)",
        r"(?:left|leaving|leave) (?:their|the) (?:last )?(?:bastion|stronghold|enclave)",
        r"evacuat(?:ed|ion)",
    ),
    *_cues(
        OTHER,
        4.0,
        r"mass graves?",
        r"exhum(?:ed|ation)",
        r"(?:ballistic )?missile (?:tests?|launch)",
        r"launch(?:ed)? (?:a )?(?:satellite|missile test)",
    ),
    # Outside ACLED
    *_cues(
        ORGANIZED_CRIME,
        3.5,
        r"smuggl(?:e|ed|ing|ers?)",
        r"traffick(?:ing|ers?|ed)",
        r"drugs?",
        r"narcotics?",
        r"cocaine",
        r"heroin",
        r"methamphetamine",
        r"cannabis",
        r"marijuana",
        r"opium",
        r"steroids?",
        r"cartels?",
        r"(?:criminal )?gangs?",
        r"gangsters?",
        r"mafia",
        r"robber(?:y|ies|s)",
        r"robbed",
        r"thefts?",
        r"thie(?:f|ves)",
        r"burglar(?:y|ies|s)",
        r"fraud",
        r"extortion",
        r"money laundering",
        r"counterfeit",
        r"cyber ?(?:crime|attacks?)",
        r"hack(?:ers?|ed|ing)",
        r"migrants",
        r"illegal (?:immigrants|migrants|crossing)",
        r"poach(?:ing|ers)",
        r"bribe(?:s|ry)?",
        r"corruption",
        r"organi[sz]ed crime",
        r"contraband",
    ),
    *_cues(
        NATURAL_DISASTER,
        5.0,
        r"earthquakes?",
        r"quakes?",
        r"tremors?",
        r"floods?",
        r"flooding",
        r"flash floods?",
        r"cyclones?",
        r"hurricanes?",
        r"typhoons?",
        r"tornado(?:e?s)?",
        r"storms?",
        r"landslides?",
        r"mudslides?",
        r"avalanches?",
        r"droughts?",
        r"tsunamis?",
        r"volcan(?:o|oes|ic)",
        r"eruption",
        r"heavy rains?",
        r"rainfall",
        r"monsoon",
        r"heat ?waves?",
        r"wild ?fires?",
        r"fires are burning",
        r"searing temperatures",
        r"bush ?fires?",
        r"forest fires?",
        r"covid(?:-19)?",
        r"coronavirus",
        r"pandemic",
        r"epidemic",
        r"outbreak",
        r"virus",
        r"infect(?:ed|ions?)",
        r"cholera",
        r"ebola",
        r"dengue",
        r"malaria",
        r"measles",
        r"locusts?",
        r"magnitude",
        r"richter",
        r"snowfall",
        r"blizzards?",
        r"lightning",
    ),
    *_cues(
        MAN_MADE_DISASTER,
        3.5,
        r"(?:fire|blaze) (?:broke out|erupted|gutted|engulfed|razed|destroyed)",
        r"blaze",
        r"gutted",
        r"fire ?fighters?",
        r"fire (?:brigade|department|service|tenders?|engines?)",
        r"(?:plane|air|helicopter|train|bus|car|road|boat|ferry) (?:crash(?:ed|es)?|accidents?|collisions?)",
        r"crash(?:ed|es)?",
        r"derail(?:ed|ment)",
        r"collisions?",
        r"collided",
        r"accident(?:s|al|ally)?",
        r"capsiz(?:ed|es|ing)",
        r"sank",
        r"shipwreck",
        r"(?:building|bridge|mine|dam|roof|wall|structure) (?:collapse[ds]?)",
        r"gas leak",
        r"leak(?:ed|s|age)?",
        r"(?:oil )?spill(?:ed|s)?",
        r"stampede",
        r"short[- ]circuit",
        r"(?:factory|plant|refinery|warehouse|pipeline|chemical|gas|boiler|tank|cylinder) (?:explosion|blast|"
        r"fire|exploded)",
        r"ammonium nitrate",
        r"(?:explosion|blast|fire) (?:\w+ ){0,4}(?:warehouse|plant|factory|refinery|depot|mine|storage|"
        r"tanker)",
        r"(?:warehouse|plant|factory|refinery|bunker|tank|cylinder|boiler)s? (?:\w+ )?(?:exploded|explodes|"
        r"caught fire|"
        r"catches fire)",
        r"overturn(?:ed|s)?",
        r"poisoned",
        r"(?:burned|burnt|destroyed) in (?:a|the) fire",
        r"fire broke out",
        r"hospitali[sz]ed",
        r"emergency services",
        r"poisoning",
        r"contaminat(?:ed|ion)",
        r"radiation",
        r"nuclear (?:accident|disaster|leak)",
        r"negligence",
        r"mine (?:accident|disaster)",
        r"debris",
        r"wreckage",
        r"rescue (?:teams?|workers|operations?)",
        r"search and rescue",
        r"firefighters",
    ),
    *_cues(
        DIPLOMACY,
        3.0,
        r"sanctions?",
        r"diplomat(?:s|ic)?",
        r"ambassadors?",
        r"recall(?:ed|s|ing)? (?:its|their|the|his|her) (?:\w+ )?(?:ambassador|envoy|diplomats)",
        r"envoys?",
        r"embass(?:y|ies)",
        r"consulates?",
        r"expel(?:led|s|ling)?",
        r"expulsion",
        r"summon(?:ed|s)?",
        r"foreign minist(?:er|ry|ers)",
        r"secretary of state",
        r"bilateral",
        r"summit",
        r"(?:state )?visit(?:ed|s)?",
        r"condemn(?:ed|s|ing|ation)?",
        r"urg(?:ed|es|ing)",
        r"call(?:ed|s)? on",
        r"security council",
        r"united nations",
        r"\bun\b",
        r"nato",
        r"european union",
        r"resolution",
        r"relations",
        r"president",
        r"prime minister",
        r"spokes(?:man|woman|person)",
        r"restraint",
        r"tensions",
        r"(?:phone|telephone) (?:call|conversation)",
        r"met with",
        r"meeting",
        r"recognition",
        r"recognize[sd]?",
        r"warned",
        r"accused",
        r"rebuff(?:ed|s)?",
        r"isolate",
        r"imposing",
        r"vow(?:ed|s)?",
    ),
    *_cues(
        ATTRIBUTION,
        6.0,
        r"claim(?:ed|s|ing)? (?:the )?responsibility",
        r"(?:claim(?:ed|s|ing)?|took|takes|taking) credit",
        r"(?:denied|denies|deny|denying|rejected|rejects) (?:any )?(?:responsibility|involvement|(?:his|its|"
        r"their) "
        r"(?:group|role))",
        r"(?:denied|denies|deny|denying) (?:that )?(?:it|his group|they|the group) (?:was|"
        r"were)? ?(?:responsible|"
        r"involved|behind)",
        r"blam(?:ed|es|ing|e)",
        r"(?:held|holds|hold) (?:\w+ )?responsible",
        r"responsib(?:le|ility) for (?:the )?(?:attack|bombing|blast|killing|assault|explosion|hostage)",
        r"(?:was|were|is|are) behind (?:the )?(?:attack|bombing|blast|killing|assassination)",
        r"accus(?:ed|es|ing) (?:\w+ ){1,4}of (?:being behind|carrying out|orchestrating|plotting|staging)",
        r"attributed",
        r"accus(?:ed|es|ing|ation|ations) (?:\w+ ){0,3}of (?:bombing|attacking|killing|carrying out|shelling|"
        r"launching|being responsible|orchestrating|authori[sz]ing|engaging)",
        r"(?:rejected|rejects|dismissed|denied|denies) (?:the |an? )?(?:\w+ )?(?:accusations?|allegations?|"
        r"reports?)",
        r"accusations? (?:against|that)",
        r"unsubstantiated",
        r"claimed (?:the )?(?:murder|killing|attack|bombing|assassination|kidnapping|abduction)",
        r"(?:denied|denies|deny) (?:\w+ ){0,4}(?:were |was )?responsible",
        r"pointed the finger",
        r"(?:perpetrators?|culprits?|masterminds?)",
    ),
]

# Cues that are certain enough to override weaker competing labels (codebook precedence, strongest first).
_PRECEDENCE: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A diplomatic response (sanctions, expulsions) to an attack is about diplomacy, not the attack.
    (
        DIPLOMACY,
        re.compile(
            r"\b(?:sanctions|expel(?:led|s)?|expulsion|summon(?:ed|s)) (?:\w+ ){0,3}(?:on|against|"
            r"diplomats?|ambassadors?|envoys?|the)\b|\bdiplomats? (?:were )?expelled\b",
            re.I,
        ),
    ),
    (
        ATTRIBUTION,
        re.compile(
            r"\b(?:claim(?:ed|s|ing)? (?:the )?responsibility|(?:claim(?:ed|s)?|takes?|took) credit|"
            r"(?:denied|denies|deny|denying) (?:any )?(?:responsibility|involvement)|(?:denied|"
            r"denies) (?:\w+ ){0,4}(?:were |"
            r"was )?responsible|claimed (?:the )?(?:murder|killing|assassination|kidnapping)|"
            r"accus(?:ed|es|ing|ations?) (?:\w+ ){0,3}of (?:bombing|attacking|killing|carrying out|shelling|"
            r"launching)|"
            r"rejected (?:the |an? )?accusations?)\b",
            re.I,
        ),
    ),
    (
        CHEM,
        re.compile(
            r"\b(?:chemical (?:weapons?|attacks?|agents?)|chlorine|sarin|nerve agents?|toxic gas|"
            r"poison(?:ous)? gas|mustard gas)\b",
            re.I,
        ),
    ),
    (
        SUICIDE,
        re.compile(
            r"\b(?:suicide (?:bomb\w*|attack\w*|blast\w*|vests?|car bomb\w*)|blew (?:himself|"
            r"herself|themselves) up)\b",
            re.I,
        ),
    ),
    (
        SEXUAL,
        re.compile(
            r"\b(?:rap(?:e|ed|es|ing)|gang-?rap\w*|sexual(?:ly)? (?:assault\w*|abus\w*|violence)|"
            r"molest\w*)\b",
            re.I,
        ),
    ),
)

_NEGATION = re.compile(
    r"\b(?:no|not|never|without|denied|deny|denies|false|rumou?rs? of|fake)\b(?:\W+\w+){0,3}\W*$", re.I
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|threat(?:en(?:ed|s)?)?|plan(?:s|ned)? to|would|warn(?:ed|s)? of)\W*$", re.I
)


# The regex parser and compiler of the standard library (private modules, no type stubs): used to read
# the literal starts of the cue patterns and to compile faster equivalents (``lower_twin``, ``unbounded``);
# the tests compare the filtered and rewritten searches with plain ones. On a Python whose parser
# differs, no pattern gets a filter or an equivalent and every search runs as written (slower, same
# output).
try:
    _sre: Any = import_module("re._constants")
    _sre_parse: Any = import_module("re._parser")
    _sre_compile: Any = import_module("re._compiler")
except ImportError:
    _sre = _sre_parse = _sre_compile = None
_PREFIX_LEN = 4


def _item_prefixes(op: object, av: object, n: int) -> set[str] | None:
    """The strings of at most ``n`` characters one parsed regex item can start with (shorter ones: the
    item can end there), or None when that is not a small set of literals."""
    if op is _sre.LITERAL:
        assert isinstance(av, int)
        return {chr(av)}
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        # Zero width; ignoring a lookaround only widens the set, which keeps the filter safe.
        return {""}
    if op is _sre.IN:
        assert isinstance(av, list)
        chars: set[str] = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                chars.add(chr(value))
            elif kind is _sre.RANGE and value[1] - value[0] < 40:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None
        return chars
    if op is _sre.SUBPATTERN:
        assert isinstance(av, tuple)
        _group, add_flags, _del_flags, sub = av
        # A scoped (?i) would need case variants; a scoped (?a) or (?L) changes what \b means.
        if add_flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
            return None
        return _seq_prefixes(sub, n)
    if op is _sre.ATOMIC_GROUP:
        return _seq_prefixes(av, n)
    if op is _sre.BRANCH:
        assert isinstance(av, tuple)
        out: set[str] = set()
        for branch in av[1]:
            got = _seq_prefixes(branch, n)
            if got is None:
                return None
            out |= got
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        assert isinstance(av, tuple)
        low, high, sub = av
        out = set()
        # Beyond n repetitions past the minimum nothing new fits in n characters.
        for count in range(low, min(high, low + n) + 1):
            got = _seq_prefixes(list(sub) * count, n)
            if got is None:
                return None
            out |= got
        return out
    return None


def _seq_prefixes(items: object, n: int) -> set[str] | None:
    open_: set[str] = {""}
    done: set[str] = set()
    for op, av in items:  # type: ignore[attr-defined]
        got = _item_prefixes(op, av, n)
        if got is None:
            return None
        grown: set[str] = set()
        for head in open_:
            room = n - len(head)
            for tail in got:
                if len(tail) < room:
                    grown.add(head + tail)
                else:
                    done.add(head + tail[:room])
        open_ = grown
        if not open_:
            break
        if len(open_) + len(done) > 2000:
            return None
    return done | open_


def start_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The first (up to ``_PREFIX_LEN``) characters any match of ``pattern`` can start with, when every match
    starts at the start of a word (``\\b`` then a word character) and those are a small set of literals;
    else None. A text none of whose words starts with one of them cannot match (see ``word_starts``).
    For a case-insensitive pattern the starts are lower-cased, to be tested against the lower-cased text,
    and hold only for text without the four characters that ``re.IGNORECASE`` matches to an ASCII letter
    (or that lower-case to something of another length or word class): see ``case_safe``."""
    if pattern.flags & (re.ASCII | re.LOCALE) or _sre_parse is None:
        return None  # their \b is not the Unicode word boundary ``word_starts`` uses
    try:
        got = _seq_prefixes(_sre_parse.parse(pattern.pattern, pattern.flags), _PREFIX_LEN)
        if not got or any(not p or not (p[0].isalnum() or p[0] == "_") for p in got):
            return None
        if not all(_starts_at_boundary(pattern.pattern, branch) for branch in _top_branches(pattern)):
            return None
    except (AttributeError, TypeError, ValueError, IndexError):
        return None  # a parse tree of another shape (another Python): no filter, every search runs
    if pattern.flags & re.IGNORECASE:
        if not all(p.isascii() for p in got):
            return None
        got = {p.lower() for p in got}
    return frozenset(got)


def _after_non_word(op: object, av: object, before: bool) -> bool:
    """Whether the character just before the next item is surely not a word character (or there is none),
    after the item (op, av), given whether that held before it."""
    if op is _sre.AT:
        return bool(av is _sre.AT_BOUNDARY) or before
    if op is _sre.LITERAL:
        assert isinstance(av, int)
        return av < 128 and not (chr(av).isalnum() or av == ord("_"))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        assert isinstance(av, tuple)
        low, _high, sub = av
        items = list(sub)
        if not items:
            return before
        # Each repetition ends with its last item; none leaves what held before.
        last_op, last_av = items[-1]
        return _after_non_word(last_op, last_av, False) and (before or low > 0)
    return False


def _inner_starts(items: list[Any]) -> tuple[frozenset[str], ...] | None:
    """For one alternative (a list of parsed items, each matched once, in order): the prefixes (as in
    ``start_prefixes``) of what follows each item after which a word starts (``\\b`` or a non-word
    character, then literal starts that are word characters). Each set must meet the text's word starts
    for a match. None when there is none."""
    found: list[frozenset[str]] = []
    before = False  # what precedes a match is unknown: only a \b or a non-word character tells
    for i, (op, av) in enumerate(items):
        if i and before:
            got = _seq_prefixes(items[i:], _PREFIX_LEN)
            if got and all(p and (p[0].isalnum() or p[0] == "_") for p in got):
                found.append(frozenset(got))
        before = _after_non_word(op, av, before)
    return tuple(found) or None


def _alternatives(items: list[Any]) -> list[list[Any]]:
    """The top-level alternatives of a parsed pattern, through groups that wrap a whole alternative."""
    if len(items) == 1:
        op, av = items[0]
        if op is _sre.BRANCH:
            return [alt for branch in av[1] for alt in _alternatives(list(branch))]
        if op is _sre.SUBPATTERN and not av[1] and not av[2]:
            return _alternatives(list(av[3]))
    return [items]


def inner_starts(pattern: re.Pattern[str]) -> tuple[tuple[frozenset[str], ...], ...] | None:
    """A finer filter than ``start_prefixes``: for each top-level alternative of ``pattern``, the prefix
    sets of every word it needs, not only the first ("killed ... protesters" needs a word starting "prot"
    too; see ``_inner_starts``). A text can match only if, for some alternative, each of its sets meets
    the text's ``word_starts``. None when some alternative needs no such word (no filter). For a
    case-insensitive pattern the prefixes are lower-cased and hold for case-safe text only, as with
    ``start_prefixes``."""
    if pattern.flags & (re.ASCII | re.LOCALE) or _sre_parse is None:
        return None
    try:
        out = []
        for alt in _alternatives(list(_sre_parse.parse(pattern.pattern, pattern.flags))):
            got = _inner_starts(alt)
            if got is None:
                return None
            out.append(got)
    except (AttributeError, TypeError, ValueError, IndexError):
        return None
    if pattern.flags & re.IGNORECASE:
        if not all(p.isascii() for alt in out for need in alt for p in need):
            return None
        out = [tuple(frozenset(p.lower() for p in need) for need in alt) for alt in out]
    return tuple(out)


def meets(starts: set[str], needs: tuple[tuple[frozenset[str], ...], ...] | None) -> bool:
    """Whether a text with these ``word_starts`` passes the ``inner_starts`` filter ``needs``."""
    if needs is None:
        return True
    for alt in needs:
        for need in alt:
            if starts.isdisjoint(need):
                break
        else:
            return True
    return False


# Every character outside ASCII that (?i) matches to an ASCII letter, digit or "_", or whose lower case
# differs in length or in being a word character: İ ı ſ K (Kelvin), see casefold. Checked over all of
# Unicode by the test of this module. ``case_safe(text)``: ``start_prefixes`` of case-insensitive patterns
# hold for ``text``.
CASE_UNSAFE = UNSAFE


def _lower_only(items: object) -> bool:
    """Whether a parsed regex uses only literals that are ASCII and not upper case (or without case),
    and nothing whose meaning depends on case (back references, scoped flags): see ``lower_twin``."""
    for op, av in items:  # type: ignore[attr-defined]
        if op in (_sre.LITERAL, _sre.NOT_LITERAL):
            ok = _lower_chars(av, av)
        elif op is _sre.IN:
            ok = all(
                _lower_chars(value, value)
                if kind is _sre.LITERAL
                else _lower_chars(*value)
                if kind is _sre.RANGE
                else kind in (_sre.CATEGORY, _sre.NEGATE)
                for kind, value in av
            )
        elif op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            ok = not add_flags and not del_flags and _lower_only(sub)
        elif op is _sre.BRANCH:
            ok = all(_lower_only(branch) for branch in av[1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            ok = _lower_only(av[2])
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            ok = _lower_only(av[1])
        elif op is _sre.ATOMIC_GROUP:
            ok = _lower_only(av)
        else:
            ok = op in (_sre.ANY, _sre.AT)
        if not ok:
            return False
    return True


def _lower_chars(low: int, high: int) -> bool:
    """Whether the characters ``low`` to ``high`` are ASCII and none of them is an upper-case letter, or
    are one character without case (like ’), which (?i) matches only to itself and which no other
    character lower-cases to (the tests check this over all of Unicode)."""
    if high < 128:
        return not any(chr(c).isupper() for c in range(low, high + 1))
    c = chr(low)
    return low == high and c.lower() == c == c.upper()


def lower_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without ``re.IGNORECASE``, when that is the same search on lower-cased text, else None.

    For a case-insensitive pattern whose literals are all ASCII and not upper case (or without case),
    the twin searched in ``text.lower()`` finds the same spans as ``pattern`` in ``text`` whenever
    ``case_safe(text)``: such text lower-cases character by character to the same length (Σ to σ or ς),
    every character keeps its word, digit, space and line-break class, and (?i) matches a character to
    an ASCII letter exactly when its lower case is that letter (the tests check this over all of
    Unicode). Case-sensitive matching is several times faster in Python's re."""
    if not pattern.flags & re.IGNORECASE or pattern.flags & (re.ASCII | re.LOCALE) or _sre_parse is None:
        return None
    try:
        if not _lower_only(_sre_parse.parse(pattern.pattern, pattern.flags)):
            return None
    except (AttributeError, TypeError, ValueError, IndexError):
        return None  # a parse tree of another shape (another Python): no twin, the pattern itself runs
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def unbounded(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without its leading ``\\b``, when it is case-sensitive and opens with ``\\b`` and a
    literal character (so every match starts with a word character, see ``start_prefixes``), else None.

    Python's re scans quickly for a pattern's literal prefix, but not past a leading ``\\b``: there it
    tries the whole pattern at every position. A match of ``pattern`` at a position is a match of this
    one there, so the first match of this one at a word boundary is the first match of ``pattern``
    (``_search`` puts the boundary test back). With several possible first characters, or
    case-insensitive, the scan gains little or loses: those patterns run as written."""
    if _sre_compile is None or pattern.flags & re.IGNORECASE or start_prefixes(pattern) is None:
        return None
    try:
        tree = _sre_parse.parse(pattern.pattern, pattern.flags)
        if tree[0] != (_sre.AT, _sre.AT_BOUNDARY) or tree[1][0] is not _sre.LITERAL:
            return None
        del tree[0]
        compiled: re.Pattern[str] = _sre_compile.compile(tree, pattern.flags)
    except (AttributeError, TypeError, ValueError, IndexError, re.error):
        return None
    return compiled


_WORD_CHAR = re.compile(r"\w")


def _search(
    pattern: re.Pattern[str], fast: re.Pattern[str] | None, text: str, pos: int
) -> re.Match[str] | None:
    """``pattern.search(text, pos)``, run as ``fast = unbounded(pattern)`` when there is one."""
    if fast is None:
        return pattern.search(text, pos)
    while (m := fast.search(text, pos)) is not None:
        start = m.start()
        # The match starts with a word character: it is at a word boundary unless one precedes it.
        if not start or _WORD_CHAR.match(text, start - 1) is None:
            return m
        pos = start + 1
    return None


# How ``_Sentence.search`` and ``_finditer`` run each pattern: (pattern, its ``_ci_prefixes``, what
# runs instead on a case-safe sentence: the pattern itself when case-sensitive (on the text), else its
# ``lower_twin`` (on the lower-cased text) or None, and the ``unbounded`` form of that); its
# ``_ci_needs`` go into ``_NEEDS`` with the plan. Keyed by id, not by the pattern: hashing a compiled
# pattern hashes its whole code, which costs more than a short search. An entry holds its pattern
# alive, so no other object can get its id; only module constants come here, so the table stays small.
_Needs = tuple[tuple[frozenset[str], ...], ...]
_Plan = tuple[re.Pattern[str], frozenset[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]
_PLANS: dict[int, _Plan] = {}
_NEEDS: dict[int, _Needs | None] = {}


def _plan(pattern: re.Pattern[str]) -> _Plan:
    plan = _PLANS.get(id(pattern))
    if plan is None:
        run = lower_twin(pattern) if pattern.flags & re.IGNORECASE else pattern
        _NEEDS[id(pattern)] = _ci_needs(pattern)
        plan = _PLANS[id(pattern)] = (pattern, _ci_prefixes(pattern), run, run and unbounded(run))
    return plan


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, run as ``unbounded(pattern)`` when there is one."""
    plan = _plan(pattern)
    fast = plan[3] if plan[2] is pattern else None
    if fast is None:
        yield from pattern.finditer(text)
        return
    # Matches of a pattern with an unbounded form are never empty: each search goes on where the last ended.
    m = _search(pattern, fast, text, 0)
    while m is not None:
        yield m
        m = _search(pattern, fast, text, m.end())


class _Sentence:
    """One text with what every cue test needs computed once: its lower-cased form and (on first use)
    the word starts of that."""

    __slots__ = ("_starts", "low", "safe", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()
        self.safe = case_safe(text)
        self._starts: set[str] | None = None

    @classmethod
    def of(cls, text: str) -> _Sentence:
        return cls(text)

    @property
    def starts(self) -> set[str]:
        if self._starts is None:
            self._starts = word_starts(self.low)
        return self._starts

    def may_match(self, prefixes: frozenset[str] | None) -> bool:
        """False only when a case-insensitive pattern with these ``start_prefixes`` cannot match
        ``text`` (so the search can be skipped)."""
        return prefixes is None or not self.safe or not self.starts.isdisjoint(prefixes)

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """``pattern.search(text)``, or for a case-insensitive pattern possibly a match with the same span
        in the lower-cased text (use only its span). Skipped when word starts already computed rule a
        match out; on case-safe text a case-insensitive pattern runs as its ``lower_twin`` on the
        lower-cased text when it has one."""
        _pattern, prefixes, run, fast = _PLANS.get(id(pattern)) or _plan(pattern)
        if not self.safe:
            return pattern.search(self.text)
        if self._starts is not None and (
            (prefixes is not None and self._starts.isdisjoint(prefixes))
            or not meets(self._starts, _NEEDS.get(id(pattern)))
        ):
            return None
        if run is None:
            return pattern.search(self.text)
        return _search(run, fast, self.low if run is not pattern else self.text, 0)


def _top_branches(pattern: re.Pattern[str]) -> list[object]:
    items = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    if len(items) == 1 and items[0][0] is _sre.BRANCH:
        return list(items[0][1][1])
    return [items]


def _starts_at_boundary(_source: str, branch: object) -> bool:
    """Whether the branch opens with ``\\b`` (directly or inside leading groups)."""
    items = list(branch)  # type: ignore[call-overload]
    while items:
        op, av = items[0]
        if op is _sre.AT:
            return bool(av is _sre.AT_BOUNDARY)
        if op is _sre.SUBPATTERN:
            items = list(av[3])
            continue
        if op is _sre.BRANCH:
            return all(_starts_at_boundary(_source, b) for b in av[1])
        return False
    return False


# One nested group per length: findall gives each word start's first 4, 3, 2 and 1 characters at once.
_WORD_START = re.compile(r"\b(?=((((\w).?).?).?))", re.S)
assert _PREFIX_LEN == 4, "_WORD_START nests one group per prefix length"


def word_starts(text: str) -> set[str]:
    """The first one to ``_PREFIX_LEN`` characters at each word start of ``text``, for ``start_prefixes``."""
    return set(chain.from_iterable(_WORD_START.findall(text)))


def _index_cues() -> tuple[tuple[tuple[str, Cue], ...], dict[str, tuple[int, ...]], tuple[int, ...]]:
    """CUES grouped by label (labels in order of first appearance, CUES order within a label), and an
    index from the word starts a cue needs to the cues' positions in that order, so a sentence only
    runs the few cues whose first letters it has (most sentences touch only a few labels)."""
    groups: dict[str, list[Cue]] = {}
    for cue in CUES:
        groups.setdefault(cue.label, []).append(cue)
    ordered = tuple((label, cue) for label, cues in groups.items() for cue in cues)
    index: dict[str, list[int]] = {}
    unfiltered = []
    for i, (_label, cue) in enumerate(ordered):
        prefixes = start_prefixes(cue.pattern)
        if prefixes is None:
            unfiltered.append(i)
            continue
        for prefix in prefixes:
            index.setdefault(prefix, []).append(i)
    return ordered, {k: tuple(v) for k, v in index.items()}, tuple(unfiltered)


_ORDERED_CUES, _CUE_INDEX, _UNFILTERED_CUES = _index_cues()
_CUE_KEYS = frozenset(_CUE_INDEX)
# For each cue of ``_ORDERED_CUES``, its ``inner_starts`` when some alternative needs a second word (the
# index above only knows the first), else None: most candidates fail here without a search.
_CUE_NEEDS: tuple[_Needs | None, ...] = tuple(
    needs if (needs := inner_starts(cue.pattern)) is not None and any(len(alt) > 1 for alt in needs) else None
    for _label, cue in _ORDERED_CUES
)
# For each cue of ``_ORDERED_CUES``, a search that finds something whenever the cue matches: its
# ``unbounded`` form (much faster), else its pattern. Compiled on first use.
_CUE_QUICK: list[re.Pattern[str] | None] = [None] * len(_ORDERED_CUES)


def _cue_scores(sentence: _Sentence) -> dict[str, float]:
    text = sentence.low
    starts = sentence.starts
    candidates = set(_UNFILTERED_CUES)
    for key in starts & _CUE_KEYS:
        candidates.update(_CUE_INDEX[key])
    scores: dict[str, float] = {}
    if not candidates:
        return scores
    has_modifier = _NEGATION_WORD.search(text) is not None
    by_label: dict[str, list[float]] = {}
    for i in sorted(candidates):
        needs = _CUE_NEEDS[i]
        if needs is not None and not meets(starts, needs):
            continue
        label, cue = _ORDERED_CUES[i]
        quick = _CUE_QUICK[i]
        if quick is None:
            quick = _CUE_QUICK[i] = unbounded(cue.pattern) or cue.pattern
        # Most candidates do not match; ruling them out takes one fast search.
        if quick.search(text) is None:
            continue
        w = _cue_weight(text, cue, has_modifier)
        if w:
            by_label.setdefault(label, []).append(w)
    for label, weights in by_label.items():
        weights.sort(reverse=True)
        # The strongest cue counts fully, every further cue of the label half.
        scores[label] = weights[0] + 0.5 * sum(weights[1:])
    return scores


_NEGATION_WORD = re.compile(
    r"\b(?:no|not|never|without|denied|deny|denies|false|rumou?rs? of|fake|may|might|could|"
    r"threat(?:en(?:ed|s)?)?|plan(?:s|ned)? to|would|warn(?:ed|s)? of)\b"
)


def _cue_weight(text: str, cue: Cue, has_modifier: bool) -> float:
    """``cue``'s weight in ``text``: its strongest match, discounted when negated or hedged, raised when
    early in the text; 0 when it does not match."""
    best = 0.0
    for m in _finditer(cue.pattern, text):
        w = cue.weight
        # Only text with a negation or hedge word at all needs the context checks.
        if has_modifier:
            before = text[max(0, m.start() - 40) : m.start()]
            if _NEGATION.search(before):
                w *= 0.3
            elif _HEDGE.search(before):
                w *= 0.6
        # An early cue (headline, first clause) is usually the main event of a snippet.
        if m.start() < 120:
            w *= 1.25
        best = max(best, w)
    return best


_PROTEST_RE = re.compile(r"\b" + _PROTEST + r"\b", re.I)
_PROTESTER_RE = re.compile(
    r"\b(?:protesters|protestors|demonstrators|marchers|crowds?|rally|rallies|protest|human chain|"
    r"anti-government|"
    r"protests|demonstrations?|strikers)\b",
    re.I,
)
_CASUALTY_RE = re.compile(r"\b" + _KILL + r"\b|\b" + _HURT + r"\b", re.I)
_MILITANT_RE = re.compile(r"\b" + _MILITANT + r"\b", re.I)
_STATE_RE = re.compile(r"\b" + _STATE + r"\b", re.I)


_PROTESTER_VIOLENCE = re.compile(
    r"\b(?:clash(?:ed|es)?|(?:threw|throwing|hurl(?:ed|ing)|pelt(?:ed|ing)) (?:\w+ )?(?:stones|rocks|bricks|"
    r"bottles|objects|projectiles|molotov|petrol|firebombs|fireworks|at (?:the )?(?:police|security|"
    r"officers))|"
    r"stone[- ]pelt\w*|molotov|petrol bombs?|"
    r"torch(?:ed|ing)|set (?:fire|ablaze|alight)|lit fires|smash(?:ed|ing)|vandali[sz]\w*|loot\w*|riot(?:s|"
    r"ed|ing|ers)?(?! police)|"
    r"(?<!non-)(?<!non )violent(?:ly)? (?:protests?|demonstrations?|clash\w*)|turned violent|"
    r"(?<!police )(?<!against )(?<!non-)(?<!non )violen(?:ce|t|tly)|"
    # Roads blocked, with any two words before the way ("blocked the main highway", "blocking the
    # national railway line", "blocked roads and railways").
    r"(?<!to )block(?:ed|ing|s)? (?:the |a |an |several |many |major |key )?(?:[\w-]+ ){0,2}?"
    r"(?:campus|entrances?|traffic|roads?|streets?|highways?|motorways?|railways?|"
    r"rail(?:way)? (?:lines?|tracks?)|bridges?|intersections?|junctions?|crossroads|thoroughfares?)|"
    r"barricades?|"
    r"burn(?:ed|t|ing) (?:tyres|tires)|stormed|broke into|removed the fences|attacked (?:the )?(?:police|"
    r"officers))\b",
    re.I,
)
_DISRUPT_VERB = re.compile(
    r"\b(?:seiz(?!(?:ed|es|ing) (?:full |complete )?control)|confiscat|defus|diffus|intercept|shot down|"
    r"downed|cache|recover|found|discover|uncover|identified|"
    r"foil|thwart|neutrali|de-?min|bomb disposal|controlled explosion|unearth|retriev|dismantl|"
    r"assessed|stash|destroyed (?:[\w-]+ ){0,4}(?:ieds|improvised|mines|explosive devices?|weapons|"
    r"ammunition|machine guns))\w*",
    re.I,
)
_WEAPON_NOUN = re.compile(
    r"\b(?:weapons?|arms|ammunitions?|explosives?|bombs?|ieds?|improvised|devices?|(?:land)?mines?|rockets?|"
    r"missiles?|grenades?|rifles?|guns?|firearms|pistols?|drones?|packages?|parcels?|projectiles|shells|"
    r"caches?|"
    r"stash|detonators|tnt|munitions?|rounds)\b",
    re.I,
)
_CIVILIAN = re.compile(
    r"\b(?:civilians?|villagers?|residents|passengers|worshippers|women|children|journalists?|farmers|"
    r"students|"
    r"tourists?|people|boy|girl|man|woman)\b",
    re.I,
)
_ARMED_TARGET = re.compile(
    r"\b(?:soldiers|troops|police(?:men)?|officers|gendarmes|security (?:forces|personnel)|military|army|"
    r"patrol|"
    r"militants|terrorists|insurgents|rebels|fighters|militiamen|checkpoint|base|positions?|convoy)\b",
    re.I,
)


_BACKGROUND_HARM = re.compile(
    r"\b(?:mourn\w*|honou?r\w*|commemorat\w*|justice for|death of|deaths of|killing of|"
    r"whose)\b(?:\W+\w+){0,8}|"
    r"\b(?:killed|died|dead|injured)\b(?:\W+\w+){0,2}\W+(?:last (?:week|month|year)|earlier|in (?:a|the) "
    r"(?:previous|recent|road|car|traffic))",
    re.I,
)


_BACKGROUND_DETENTION = re.compile(
    r"\b(?:release of|freedom for|free(?:ing)?|decry\w*|against|protest\w* (?:over|"
    r"against))\b(?:\W+\w+){0,8}",
    re.I,
)


def _current_harm(text: str) -> bool:
    """Whether ``text`` reports deaths or injuries of this event rather than mourned or earlier ones."""
    return bool(_CASUALTY_RE.search(_BACKGROUND_HARM.sub(" ", text)))


_NOT_BY_PROTESTERS = re.compile(
    r"(?:denounc\w*|decr(?:y|ied|ies)|condemn\w*|against|police|crackdown|by (?:the )?(?:security|police|"
    r"army|forces))\W+(?:\w+\W+){0,3}$",
    re.I,
)


def _protester_violence(text: str) -> bool:
    """Whether demonstrators themselves used violence; "violence" that they denounce, or that the
    authorities used ("violent dispersal", "violent crackdown"), does not count."""
    for m in _PROTESTER_VIOLENCE.finditer(text):
        word = m.group(0).lower()
        if word.startswith("violen"):
            if _NOT_BY_PROTESTERS.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            if re.match(r"\s+(?:dispersal|crackdown|repression)", text[m.end() :], re.I):
                continue
        return True
    return False


def _first(pattern: re.Pattern[str], seen: _Sentence) -> int:
    m = seen.search(pattern)
    return m.start() if m else len(seen.text) + 1


_CIV_KILL = re.compile(
    r"\b(?:kill\w*|dead|massacr\w*) (?:[\w,-]+ ){0,4}(?:civilians?|civillians|people|villagers|"
    r"residents|farmers|students|worshippers|passengers|persons|community)\b|\b(?:civilians|"
    r"villagers|residents|farmers|students|worshippers|passengers|persons) (?:\w+ ){0,3}(?:were |"
    r"have been )?(?:killed|dead)|\battack\w* (?:\w+ ){0,3}(?:villages?|community|communities|"
    r"market\w*|school|university|mosque|church|bus)\b",
    re.I,
)

# The searches of ``_adjust``, compiled once (through ``_Sentence.search`` they run as lower-case twins).
_IN_PROTEST_AT = re.compile(r"\bin protest (?:at|over|against|of|to)\b", re.I)
_FORCEFUL = re.compile(
    r"\b(?:beat(?:s|en|ing)?|hits?|excessive force|crackdown|live (?:bullets|ammunition|rounds|fire))\b", re.I
)
_DETAINED_NOW = re.compile(
    r"\b(?:arrest\w*|detain\w*|tear ?gas|dispers\w*|water ?cannons?|rubber bullets|pepper[- ]spray\w*|"
    r"baton\w*|lathi\w*|chas\w+)\b",
    re.I,
)
_MOB_WORD = re.compile(r"\bmobs?\b|lynch", re.I)
_RIOT_WORD = re.compile(r"\briot", re.I)
_MILITANTS_LOST = re.compile(
    r"\b(?:were|was|have been|had been|being) (?:\w+ )?(?:pushed back|driven (?:out|back|away)|expelled|"
    r"ousted|routed|dislodged|evicted|flushed out|cleared)\b",
    re.I,
)
_UNKNOWN_MEN = re.compile(r"\b(?:unknown|unidentified|armed) (?:men|persons)\b", re.I)
_WEAPON_USED = re.compile(
    r"\b(?:exploded|went off|killing|killed|fired|hit|struck|launched|bombed|pounded|targeted)\b|"
    r"\bair ?strikes?|\bwarplanes?",
    re.I,
)
_WITHDRAWAL = re.compile(
    r"\b(?:withdr(?:ew|awn|awal|aw)|pull(?:ed)? out|retreat(?:ed)?|evacuat\w*|hand(?:ed)? over)\b", re.I
)
_MOVED_IN = re.compile(
    r"\b(?:seiz\w*|took (?:over|control)|taken control|entered|regain\w*|moved in|"
    r"without (?:a )?(?:fight|fighting|resistance)|allowed|in the hands of)\b",
    re.I,
)
_FIGHT_WORD = re.compile(r"\b(?:clash\w*|fighting|killed|battles?)\b", re.I)
_NATURAL_WORD = re.compile(
    r"\b(?:wild ?fires?|forest fires?|bush ?fires?|earthquakes?|quakes?|floods?|cyclones?|"
    r"hurricanes?|typhoons?|landslides?|tsunamis?)\b",
    re.I,
)
_INDUSTRIAL_SITE = re.compile(r"\b(?:plant|factory|refinery|warehouse|pipeline)\b", re.I)
_ATTACKER_WORD = re.compile(
    r"\b(?:attack\w*|militants?|terrorists?|bomber|insurgents|rebels|gunmen|shelling|airstrikes?|"
    r"protest\w*|set (?:fire|ablaze))\b",
    re.I,
)
_COMBAT_WORD = re.compile(r"\bclash|\bfighting|gun ?battle|exchange of fire", re.I)
_COMBAT_WORD_OR_FORCES = re.compile(r"\bclash|\bfighting|gun ?battle|exchange of fire|soldiers|troops", re.I)
_CAPTIVES = re.compile(r"\b(?:hostages|captives|prisoners|detainees)\b", re.I)


def _adjust(text: str, scores: dict[str, float], sentence: _Sentence | None = None) -> None:
    """Codebook rules that depend on several cues together; mutates ``scores``. ``sentence``: ``text``
    already prepared by the caller."""
    seen = sentence if sentence is not None else _Sentence(text)
    # "in protest at the remarks" is a motive, not a demonstration.
    protest_seen = _Sentence(_IN_PROTEST_AT.sub(" ", text)) if seen.search(_IN_PROTEST_AT) else seen
    protest = bool(protest_seen.search(_PROTEST_RE) or protest_seen.search(_PROTESTER_RE))
    if protest:
        violent = _protester_violence(text)
        if violent:
            # ACLED: once demonstrators use violence (or block roads, vandalise) it is a riot, whatever the
            # police did in return.
            scores[VIOLENT_DEMO] = (
                max(
                    scores.get(VIOLENT_DEMO, 0.0),
                    scores.get(PEACEFUL, 0.0),
                    scores.get(INTERVENTION, 0.0),
                    scores.get(FORCE, 0.0),
                )
                + 1.5
            )
        else:
            # Protest sub-types share the protest words; what the police did decides.
            for label in (INTERVENTION, FORCE):
                if label in scores:
                    scores[label] += scores.get(PEACEFUL, 0.0) * 0.6
            top = max(scores.get(PEACEFUL, 0.0), scores.get(INTERVENTION, 0.0), scores.get(FORCE, 0.0))
            forceful = _current_harm(text) or seen.search(_FORCEFUL)
            if forceful:
                scores[FORCE] = top + 1.0
            else:
                if FORCE in scores:
                    # Deaths mourned or remembered are not force used at this protest.
                    scores[FORCE] *= 0.3
                detained_now = _DETAINED_NOW.search(_BACKGROUND_DETENTION.sub(" ", text))
                if detained_now and (ARRESTS in scores or INTERVENTION in scores):
                    scores[INTERVENTION] = top + 0.5
                elif INTERVENTION in scores:
                    scores[INTERVENTION] *= 0.3
            if MOB in scores and not seen.search(_MOB_WORD):
                scores[MOB] *= 0.5
        for label in (ARRESTS, MAN_MADE_DISASTER, AGREEMENT, DIPLOMACY, ORGANIZED_CRIME, GRENADE, LOOTING):
            if label in scores:
                scores[label] *= 0.5
    else:
        # Without protesters, crowd-control or riot words describe something else.
        for label in (INTERVENTION, FORCE):
            if label in scores:
                scores[label] *= 0.3
        if VIOLENT_DEMO in scores and not seen.search(_RIOT_WORD):
            scores[VIOLENT_DEMO] *= 0.5
    # Taking territory: who takes it decides between the two Battles sub-types; the actor named first is
    # usually the subject.
    if OVERTAKE in scores or REGAIN in scores:
        top = max(scores.get(OVERTAKE, 0.0), scores.get(REGAIN, 0.0))
        scores.pop(OVERTAKE, None)
        scores.pop(REGAIN, None)
        agent = None if seen.search(_MILITANTS_LOST) else _territory_taker(seen)
        if agent is None:
            state_first = _first(_STATE_RE, seen) < _first(_MILITANT_RE, seen)
            agent = "state" if state_first or seen.search(_MILITANTS_LOST) else "militant"
        scores[REGAIN if agent == "state" else OVERTAKE] = top
    # Arrests by authorities vs abduction by armed groups or unknown people.
    if ARRESTS in scores and ABDUCTION in scores:
        if seen.search(_MILITANT_RE) or seen.search(_UNKNOWN_MEN):
            scores[ABDUCTION] += 2.0
        else:
            scores[ARRESTS] += 1.0
    # Weapons found, defused or intercepted before use: disrupted weapons use, not an explosion.
    if (
        seen.search(_DISRUPT_VERB)
        and seen.search(_WEAPON_NOUN)
        and (IED in scores or DISRUPTED in scores or SHELLING in scores)
        and not seen.search(_WEAPON_USED)
    ):
        scores[DISRUPTED] = (
            max(scores.get(DISRUPTED, 0.0), scores.get(IED, 0.0), scores.get(SHELLING, 0.0)) + 1.0
        )
    elif DISRUPTED in scores and not seen.search(_DISRUPT_VERB):
        scores[DISRUPTED] *= 0.4
    # A withdrawal followed by the other side moving in is a non-violent transfer (codebook).
    if seen.search(_WITHDRAWAL) and seen.search(_MOVED_IN) and not seen.search(_FIGHT_WORD):
        scores[TRANSFER] = max(scores.values(), default=0.0) + 1.0
    # Smuggling, drugs and robbery are crime even when the police detain or seize.
    if ORGANIZED_CRIME in scores and not seen.search(_MILITANT_RE):
        rival = max(
            scores.get(ARRESTS, 0.0),
            scores.get(DISRUPTED, 0.0),
            scores.get(GRENADE, 0.0),
            scores.get(ATTACK, 0.0),
        )
        if scores[ORGANIZED_CRIME] >= 3.5:
            scores[ORGANIZED_CRIME] = max(scores[ORGANIZED_CRIME], rival + 0.5)
    # Wildfires and quakes are natural even when firefighters and rescuers (man-made cues) are present.
    if (
        NATURAL_DISASTER in scores
        and MAN_MADE_DISASTER in scores
        and seen.search(_NATURAL_WORD)
        and not seen.search(_INDUSTRIAL_SITE)
    ):
        scores[NATURAL_DISASTER] = max(scores[NATURAL_DISASTER], scores[MAN_MADE_DISASTER] + 0.5)
    # Fire, explosions and collapses are accidents unless an attacker is named.
    if MAN_MADE_DISASTER in scores and not seen.search(_ATTACKER_WORD):
        scores[MAN_MADE_DISASTER] += 2.0
        for label in (IED, LOOTING):
            if label in scores:
                scores[label] *= 0.5
    # An attack on civilians vs a clash between armed sides: the victims decide.
    civ_kill = seen.search(_CIV_KILL)
    if civ_kill and scores.get(MOB, 0.0) < 5.0 and not seen.search(_COMBAT_WORD_OR_FORCES):
        top = max(scores.get(ATTACK, 0.0), scores.get(CLASH, 0.0), scores.get(MOB, 0.0), 2.0)
        scores[ATTACK] = top + 0.5
    elif ATTACK in scores or CLASH in scores:
        armed = seen.search(_ARMED_TARGET)
        if armed and seen.search(_CAPTIVES):
            # Armed men who kill people they hold attack civilians; their being armed makes no clash.
            armed = None
        civilian = seen.search(_CIVILIAN)
        top = max(scores.get(ATTACK, 0.0), scores.get(CLASH, 0.0))
        if civilian and not armed and not seen.search(_COMBAT_WORD):
            scores[ATTACK] = top + 0.5
        elif armed and not (civilian and _first(_CIVILIAN, seen) < _first(_ARMED_TARGET, seen)):
            scores[CLASH] = top + 0.5


# The verbs of taking ground, active ("rebels have taken over four localities") and passive ("the town was
# captured by the militants", "fell to the rebels"). Who took it decides the Battles sub-type: the actor
# named nearest before an active verb (in "the army spokesman said rebels had seized the town" the
# rebels, not the army), the one after "by" or "fell to" for a passive one.
_TAKE_ACTIVE = re.compile(
    r"\b(?:seiz(?:ed|es|ing)|captur(?:ed|es|ing)|took|tak(?:en|es|ing) (?:over|control)|overr?an|overrun|"
    r"gain(?:ed|s|ing)? ground|recaptur(?:ed|es|ing)|re-?took|retak(?:en|es|ing)|regain(?:ed|s|ing)?|"
    r"liberat(?:ed|es|ing)|reclaim(?:ed|s|ing)|wrest(?:ed|s|ing)|won back|recover(?:ed|s|ing)|drove|"
    r"pushed)\b",
    re.I,
)
_TAKE_PASSIVE = re.compile(
    r"\b(?:(?:was|were|been|being|is|are) (?:\w+ )?(?:seized|captured|taken|overrun|recaptured|retaken|"
    r"liberated|reclaimed)(?: [\w-]+){0,3}? by|fell to|(?:came|is|are|was|were) (?:now )?under the control of"
    r"|in the hands of)\b",
    re.I,
)


def _territory_taker(seen: _Sentence) -> str | None:
    """``"state"`` or ``"militant"``: who took the ground in the sentence, read from the actor nearest the
    verb of taking (see ``_TAKE_ACTIVE``, ``_TAKE_PASSIVE``); None when no actor stands there."""
    text = seen.text
    passive = seen.search(_TAKE_PASSIVE)
    active = seen.search(_TAKE_ACTIVE)
    # The first verb of taking is the main clause's; a later one is often a relative clause telling how
    # the ground was lost before ("recovered the areas that had been taken over by armed groups").
    if passive and (active is None or passive.start() < active.start()):
        after = text[passive.end() : passive.end() + 80]
        state, militant = _STATE_RE.search(after), _MILITANT_RE.search(after)
        if state or militant:
            if state and militant:
                return "state" if state.start() < militant.start() else "militant"
            return "state" if state else "militant"
    if active is None:
        return None
    before = text[max(0, active.start() - 120) : active.start()]
    # An actor after a preposition is not the subject ("forces in a crackdown on Taliban militants
    # recaptured", "rebels from the Islamic State gained ground").
    last = {"state": -1, "militant": -1}
    for kind, pattern in (("state", _STATE_RE), ("militant", _MILITANT_RE)):
        for m in pattern.finditer(before):
            if not _AFTER_PREPOSITION.search(before[max(0, m.start() - 30) : m.start()]):
                last[kind] = max(last[kind], m.end())
    if last["state"] < 0 and last["militant"] < 0:
        return None
    return "state" if last["state"] > last["militant"] else "militant"


_AFTER_PREPOSITION = re.compile(
    r"\b(?:on|against|with|from|of|by|for|to|at|between)\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+)?$", re.I
)


def classify_scores(text: str) -> dict[str, float]:
    """Score of every label for ``text`` (higher is more likely); labels with no cue are absent."""
    return _classify_scores(_Sentence.of(text))


@lru_cache(maxsize=256)
def _ci_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """``start_prefixes`` for a pattern searched in the original text with ``_Sentence.may_match``,
    which compares lower-cased starts: only right for case-insensitive patterns (None, no filter, else)."""
    return start_prefixes(pattern) if pattern.flags & re.IGNORECASE else None


def _ci_needs(pattern: re.Pattern[str]) -> _Needs | None:
    """``inner_starts`` of a case-insensitive pattern when it rules out more than ``_ci_prefixes`` (some
    alternative needs a second word), else None."""
    if not pattern.flags & re.IGNORECASE:
        return None
    needs = inner_starts(pattern)
    return needs if needs is not None and any(len(alt) > 1 for alt in needs) else None


def _classify_scores(sentence: _Sentence) -> dict[str, float]:
    text = sentence.text
    scores = _cue_scores(sentence)
    if "pound" in sentence.low and SHELLING not in scores and _pounds_place(text):
        scores[SHELLING] = 3.0  # "Pakistan pounds Barmal": the cue of a bare place, read in cased text
    _adjust(text, scores, sentence)
    for label, pattern in _PRECEDENCE:
        m = sentence.search(pattern)
        if m and not _NEGATION.search(text[max(0, m.start() - 40) : m.start()]):
            top = max(scores.values(), default=0.0)
            scores[label] = max(scores.get(label, 0.0), top + 1.0)
            break
    return scores


def classify(text: str) -> tuple[str, float]:
    """The most likely label of ``text`` and a confidence in [0, 1].

    Labels are ACLED sub-event types (``truce.core.taxonomy.SUB_EVENT_TYPES``) or one of ``OUTSIDE``.
    Text with no cue at all is labelled ``Other`` with confidence 0.
    """
    return _rank(classify_scores(text))


def _rank(scores: dict[str, float]) -> tuple[str, float]:
    if not scores:
        return OTHER, 0.0
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    label, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = min(1.0, (top - second) / top * 0.5 + min(top, 10.0) / 20.0)
    return label, round(confidence, 3)


# Process events (the peace process around a ceasefire); sub-types are free text.
_PROCESS_CUES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "Ceasefire",
        "Ceasefire extended",
        re.compile(r"\bextend\w* (?:the )?(?:ceasefire|cease-fire|truce)\b", re.I),
    ),
    (
        "Ceasefire",
        "Temporary ceasefire accepted",
        re.compile(
            r"\b(?:accept\w*|agree\w* to) (?:[\w'’-]+ ){0,8}(?:temporary|interim|short) (?:ceasefire|truce)",
            re.I,
        ),
    ),
    (
        "Ceasefire",
        "Ceasefire violated",
        re.compile(
            r"\b(?:violat\w*|breach\w*|broke|broken) (?:\w+ )?(?:ceasefire|truce)|"
            r"\b(?:ceasefire|truce) (?:was|were|has been|had been|is being) (?:\w+ )?"
            r"(?:violated|breached|broken)",
            re.I,
        ),
    ),
    (
        "Ceasefire",
        "Ceasefire collapsed",
        re.compile(r"\b(?:ceasefire|truce) (?:collaps|broke down)\w*", re.I),
    ),
    (
        "Talks",
        "Ceasefire agreement reached",
        re.compile(
            r"\b(?:agree\w*|reach\w*|sign\w*) (?:to |on )?(?:an? |the )?"
            r"(?:(?:immediate|permanent|comprehensive|lasting|full|nationwide|new|formal|unconditional|"
            r"complete|general|mutual|durable|humanitarian|\w+-(?:hour|day|week|month))(?: and |, | )){0,2}"
            r"(?:ceasefire|cease-fire|truce)(?: agreement| deal)?\b",
            re.I,
        ),
    ),
    (
        "Ceasefire",
        "Ceasefire declared",
        re.compile(
            r"\b(?:declar|announc)\w* (?:an? |the )?(?:ceasefire|truce)|\b(?:ceasefire|cease-fire|truce)\b"
            r"(?:\W+\w+){0,4}?\W+(?:took|takes|take|taking|came|comes|come|coming|went|goes|entered|enter) "
            r"(?:into )?(?:effect|force)\b",
            re.I,
        ),
    ),
    ("Talks", "Talks failed", re.compile(r"\btalks (?:failed|collapsed|broke down|ended without)", re.I)),
    (
        "Talks",
        "Talks scheduled",
        re.compile(
            r"\b(?:talks|meeting|negotiations|round)\b(?:\W+\w+){0,6}\W+(?:scheduled|would be held|will be "
            r"held|is to be held|planned|set to|due to|will (?:resume|reconvene|begin|start|open|continue|"
            r"take place))\b|\b(?:scheduled|planned) (?:talks|meeting)|"
            # "Delegations will meet in Istanbul on Saturday for a second round of talks."
            r"\b(?:will|(?:set|due|scheduled|expected) to) (?:meet|convene|hold|sit down)\b(?:\W+\w+){0,8}\W+"
            r"(?:talks|negotiations|round)\b",
            re.I,
        ),
    ),
    (
        "Talks",
        "Talks round began",
        re.compile(
            r"\b(?:hosted|held|began|opened|started|resumed)\b(?:\W+\w+){0,6}\W+(?:talks|negotiations|round)"
            r"|\b(?:talks|negotiations)\b(?:\W+\w+){0,6}\W+(?:began|opened|started|resumed)\b",
            re.I,
        ),
    ),
    ("Talks", "Talks held", re.compile(r"\b(?:mediated|peace) talks\b|\bmet for (?:\w+ )*talks\b", re.I)),
    (
        "Border crossing",
        "Crossings closed",
        re.compile(
            r"\b(?:clos(?:ed|ure|ing)|shut|sealed)\b(?:\W+\w+){0,5}\W+(?:crossings?|border|border points?)"
            r"|\b(?:crossings?|border) (?:were |was )?(?:closed|shut|sealed)",
            re.I,
        ),
    ),
    (
        "Border crossing",
        "Crossings reopened",
        re.compile(
            r"\breopen\w*\b(?:\W+\w+){0,5}\W+(?:crossings?|border)|\b(?:crossings?|border) (?:were |was )?"
            r"reopened",
            re.I,
        ),
    ),
    (
        "Diplomacy",
        "Calls between officials",
        re.compile(r"\b(?:received|made|held) (?:\w+ )?(?:phone |telephone )?calls?\b", re.I),
    ),
)


# A step announced for later ("the ceasefire will take effect at midnight on Friday") is scheduled, so
# that assemble dates it by its future date.
_FUTURE_STEP = re.compile(
    r"\b(?:will|(?:set|due|is|are) to) (?:take effect|come into (?:effect|force)|enter into force)\b", re.I
)
# Every process cue needs one of these words; checking them first spares most sentences 13 searches.
_PROCESS_HINT = re.compile(r"ceasefire|cease-fire|truce|talks|negotiation|meeting|round|crossing|border|call")
# Any process cue: one search (as a lower-case twin) instead of 13 for the many sentences of a report on
# a conflict that have the words but no process step.
_PROCESS_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for _t, _s, pattern in _PROCESS_CUES), re.I)


def process_event(text: str) -> tuple[str, str] | None:
    """(process type, free sub-type) when ``text`` reports a step of a peace process, else None."""
    return _process_event(_Sentence.of(text))


def _process_event(sentence: _Sentence) -> tuple[str, str] | None:
    text = sentence.text
    if not _PROCESS_HINT.search(sentence.low) or not sentence.search(_PROCESS_ANY):
        return None
    for ptype, sub, pattern in _PROCESS_CUES:
        m = sentence.search(pattern)
        if m and not _NEGATION.search(text[max(0, m.start() - 30) : m.start()]):
            assert ptype in PROCESS_TYPES
            return ptype, sub
    return None


# A sentence reports an incident only if it has an event verb, not merely a topic word ("violence is
# increasing" is a trend, not an event).
_TREND = re.compile(
    r"\b(?:increas\w*|decreas\w*|reduc\w*|rise|rising|surge|wave of|trend|countless|repeatedly|"
    r"since (?:the )?\d{4}|until \d{4}|over the (?:past|last) (?:years|decade))\b",
    re.I,
)
# The incident words: every form of the domain lexicon's lemmas (lexicon.py), not a list of phrases.
_INCIDENT = lexicon.pattern()
# Sounds heard ("after hearing heavy explosions", "the sound of shelling") are how witnesses perceived
# an incident, told for itself elsewhere in the article; on their own they open no sentence.
_HEARD = re.compile(
    r"\b(?:hear(?:d|ing|s)?|sounds? of|woke to|listen(?:ed|ing)? to) (?:[\w-]+ ){0,3}?"
    r"(?:explosions?|blasts?|gunfire|firing|shelling|shots|bombing|fire)\b",
    re.I,
)


# What a speaker says did not happen: from the verb of denial to the end of its clause ("denied that
# their forces had fired on the post", up to ", and said ..."). An incident told only there is none.
_DENIAL_CLAUSE = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?)\b[^.;:]*?(?=,\s*(?:and|but|while|as)\b|[.;:]|$)", re.I
)


# The verbs of ``_DENIAL_CLAUSE``, searched first in the lower-cased sentence ("den" alone is in
# "sudden", "garden" and "president").
_DENIAL_HINT = re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject)")


def _asserted(text: str) -> str:
    """``text`` without its clauses of denial (``_DENIAL_CLAUSE``), same length no longer guaranteed."""
    return _DENIAL_CLAUSE.sub(" ", text)


_POUNDS = re.compile(r"\b" + _POUNDS_VERB + r"\b", re.I)
# "pound(s)" before a capitalised name the gazetteer knows ("Pakistan pounds Kabul"), in the cased text.
_POUNDS_NAME = re.compile(r"(?<![\d£$€.,] )\b[Pp]ounds? ((?:[A-Z][\w-]+)(?: [A-Z][\w-]+)?)")


def _pounds_place(text: str) -> bool:
    """Whether ``text`` has "pound(s)" whose object is a place named bare ("Afghan forces pound Chaman")."""
    from truce.core.extract import gazetteer

    for m in _POUNDS_NAME.finditer(text):
        words = m.group(1).split()
        if gazetteer.known(" ".join(words)) or gazetteer.known(words[0]):
            return True
    return False


def _incident_told(seen: _Sentence) -> bool:
    """Whether the sentence has an incident word (``_INCIDENT``) outside what witnesses heard, or the
    verb "pound(s)" with a military target or a place as its object (``_POUNDS``, ``_pounds_place``)."""
    if "pound" in seen.low and (seen.search(_POUNDS) or _pounds_place(seen.text)):
        return True
    m = seen.search(_INCIDENT)
    if m is None or not any(word in seen.low for word in ("hear", "sound", "listen", "woke")):
        return m is not None
    return _INCIDENT.search(_HEARD.sub(" ", seen.text)) is not None


# Battles told as a fight rather than with a verb of harm: "troops exchanged fire", "an exchange of fire",
# "heavy fighting broke out", "forces fought in Kurram", "a gun battle raged". Only a fight that is an
# incident: "fighting corruption", "fighting in the courts", "the battle against inflation", "he had
# fought in Vietnam", "battled through pneumonia" and "the sound of gunfire" are none. Searched only in a
# sentence with one of the words "fight", "fought", "battl", "gunfire", "exchang" or "skirmish" (substring
# tests in ``annotate`` cost far less than a longer ``_INCIDENT``).
_FIGHT = re.compile(
    r"\b(?:"
    r"exchang\w* (?:\w+ ){0,2}(?:fire|gunfire|shots|rockets)|exchanges? of (?:\w+ )?fire|"
    r"(?:heavy|fierce|intense|heavier|renewed|fresh|sporadic|sustained|street|border|cross-border) "
    r"(?:fighting|gunfire)|(?:fighting|gunfire) (?:broke out|erupted|raged|flared|continued|resumed|"
    r"intensified|rang out|was heard)|fighting (?:between|near|along|(?:in|at|on) (?!(?:the )?courts?\b))|"
    r"(?<!had )(?<!who )(?:fought|battled) (?:each other|near|along|over|(?:in|at|on) (?!(?:the )?courts?\b)|"
    r"(?:\w+ ){0,2}(?:troops|forces|soldiers|militants|police|rebels|insurgents|fighters|taliban|army))|"
    r"gun ?battles?|gun ?fights?|fire ?fights?|skirmish\w*|battles? (?:broke out|erupted|raged))\b",
    re.I,
)
# A fight told as history, not an incident: "the two sides have fought several wars".
_FIGHT_HISTORY = re.compile(
    r"\b(?:(?:have|has) (?:long |often |frequently |already )?(?:fought|battled)|"
    r"(?:several|many|multiple|numerous|two|three|four|five) (?:[\w-]+ )?wars)\b",
    re.I,
)
# A date after "on" ("on May 3", "on Thursday") makes a trend word background to a dated incident
# ("retook the town on Thursday, ... for the first time since 2012"); case-sensitive.
_ON_DATE = re.compile(r"\bon (?:\w+ \d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)")


# A sentence that reports deaths but not how they came about ("At least 12 soldiers were killed on Tuesday
# in Kurram", "Twelve soldiers died in Kurram"). ACLED codes no fatalities outside an event: a death toll
# is always the toll of some event, typed by its form. When the form is told elsewhere in the article, the
# sentence is that event's toll: right after it in the same paragraph, assemble gives it that event's
# figures; right before a sentence of the same paragraph that tells the form ("A roadside bomb hit their
# convoy"), it takes that sentence's type so that assemble merges the two. Told nowhere, the codebook's
# reading of the victims decides: civilians killed by someone are "Attack" (violence against civilians);
# soldiers, police or fighters killed, with no other cue, were killed by an armed side in a fight between
# armed sides, which the codebook codes "Armed clash" (attacks on armed forces are Battles). Such a typing
# is a guess from the victims, so its confidence is low (``_TOLL_CONFIDENCE`` against 0.5 to 1 for cues).
# Deaths from illness, cumulative tolls ("have been killed this year") and victims of unknown kind give none.
_TOLL_CONFIDENCE = 0.35
_ARMED_VICTIMS = re.compile(
    r"\b(?:soldiers?|troops|servicem[ae]n|police(?:m[ae]n)?|(?:police|security) officers?|personnel|"
    r"(?:border )?guards?|gendarmes?|commandos?|paramilitar\w*|militants?|fighters?|insurgents?|rebels?|"
    r"terrorists?|militiam[ae]n|militia members|gunmen|attackers?|assailants?|jawans?|combatants?|"
    r"taliban|recruits|sepoys?|cadets?)\b"
)
_CIVILIAN_VICTIMS = re.compile(
    r"\b(?:civilians?|villagers?|residents?|people|persons|passengers?|worshippers?|women|children|"
    r"farmers?|students?|workers?|journalists?|teachers?|pilgrims?|shoppers?|bystanders?|traders?|"
    r"shopkeepers?|boys?|girls?|family members|members of (?:a|one|the same) family)\b"
)
_NOT_A_TOLL = re.compile(
    r"\b(?:died|dead) (?:of|from)\b|\b(?:natural causes|illness|disease|heatstroke|"
    r"ha(?:ve|s|d) (?:been killed|died)|so far|this (?:year|month)|death toll|toll (?:rose|climbed|stood|"
    r"stands|reached)|ha(?:ve|s|d) killed|in (?:the|this) (?:war|conflict|insurgency)|since)\b",
    re.I,
)


def _toll_label(doc: Document, sentence: Sentence) -> str | None:
    """The ACLED sub-event type read from the victims of a sentence that reports deaths only (see above):
    "Armed clash" when any of the killed are armed, "Attack" when all are civilians, else None."""
    armed = civilian = False
    for c in doc.casualties:
        if c.outcome != "killed" or not sentence.start <= c.start < sentence.end:
            continue
        who = c.who.lower()
        if _ARMED_VICTIMS.search(who):
            armed = True
        elif _CIVILIAN_VICTIMS.search(who):
            civilian = True
        else:
            return None  # victims of unknown kind: no guess
    return CLASH if armed else ATTACK if civilian else None


def _in_sentence(items: list[Any], sentence: Sentence) -> bool:
    return any(sentence.start <= x.start < sentence.end for x in items)


def annotate(doc: Document) -> None:
    """Add an EventMention for each sentence of ``doc`` that reports an incident or a process step.

    Requires ``doc.sentences`` (from sentences.annotate). A sentence gives a process step when one is
    recognised, and a violence event when it has an incident verb, is not a trend ("attacks have
    increased"), and the classifier gives an ACLED sub-event type; a sentence with a process step keeps
    its violence event only when that is violent (not a strategic development, which the step already is).
    A sentence that reports deaths and nothing of their form (with ``doc.casualties``) gives a violence
    event of lower confidence unless it is the toll of an event next to it; see ``_toll_label``.
    """
    out: list[EventMention] = []
    with_event: set[int] = set()  # positions of the sentences that gave a mention
    violence: dict[int, str] = {}  # the first violence sub-type of each sentence that gave one
    tolls: list[tuple[int, str]] = []
    for pos, sentence in enumerate(doc.sentences):
        text = sentence.text
        seen = _Sentence.of(text)
        process = _process_event(seen)
        if process:
            ptype, sub = process
            with_event.add(pos)
            out.append(
                EventMention(
                    start=sentence.start,
                    end=sentence.end,
                    text=text,
                    kind="process",
                    event_type=ptype,
                    sub_event_type=sub,
                    status="scheduled"
                    if sub == "Talks scheduled" or seen.search(_FUTURE_STEP)
                    else "occurred",
                    confidence=0.7,
                    sentence=sentence.index,
                )
            )
        if _DENIAL_HINT.search(seen.low) and (asserted := _asserted(text)) != text:
            seen = _Sentence.of(asserted)
        low = seen.low
        # Text with a case-unsafe character ("ſ" matches "s" case-insensitively) skips no search.
        fight = not seen.safe or (
            "fight" in low
            or "fought" in low
            or "battl" in low
            or "gunfire" in low
            or "exchang" in low
            or "skirmish" in low
        )
        if not (_incident_told(seen) or (fight and seen.search(_FIGHT))) or (
            (seen.search(_TREND) or (fight and seen.search(_FIGHT_HISTORY))) and not _ON_DATE.search(text)
        ):
            continue
        scores = _classify_scores(seen)
        labels = _violence_labels(seen, scores)
        if process and labels and SUB_EVENT_TYPES[labels[0][0]] == "Strategic developments":
            # The step is the strategic development ("after the ceasefire broke down"); the sentence's
            # violence is the explosive or remote form it names beside it ("Pakistan bombed three
            # locations"), if any. A clash or an attack read there is only the step's context ("agreed to
            # extend the ceasefire after the clashes"), told for itself elsewhere.
            violent = {
                k: v for k, v in scores.items() if SUB_EVENT_TYPES.get(k) == "Explosions/Remote violence"
            }
            if violent:
                share = max(violent.values()) / max(scores.values())
                labels = [(k, round(c * share, 3)) for k, c in _violence_labels(seen, violent)]
        for label, confidence in labels:
            if process and SUB_EVENT_TYPES[label] == "Strategic developments":
                continue
            with_event.add(pos)
            violence.setdefault(pos, label)
            out.append(_violence(sentence, label, confidence))
        if (
            not labels
            and not process
            and scores.keys() <= {DIPLOMACY}
            and doc.casualties
            and not seen.search(_NOT_A_TOLL)
            and (toll := _toll_label(doc, sentence))
        ):
            tolls.append((pos, toll))
    for pos, toll in tolls:
        sentence = doc.sentences[pos]
        if pos - 1 in with_event and _same_paragraph(doc, doc.sentences[pos - 1], sentence):
            continue  # the toll of the event just before it (assemble gives it the figures)
        if pos + 1 in violence and _same_paragraph(doc, sentence, doc.sentences[pos + 1]):
            toll = violence[pos + 1]  # the toll of the event told next: same type, so they merge
        elif not (_in_sentence(doc.dates, sentence) or _in_sentence(doc.places, sentence)) and any(
            p < pos for p in violence
        ):
            continue  # likely a later toll of an event told earlier, with no date or place of its own
        with_event.add(pos)
        violence.setdefault(pos, toll)
        out.append(_violence(sentence, toll, _TOLL_CONFIDENCE))
    if tolls:
        out.sort(key=lambda m: m.start)  # stable: a sentence's own mentions keep their order
    if not out:
        out = _fallback(doc)
    if not out and semantic.active():
        out = _model_fill(doc)
    _one_protest_per_paragraph(doc, out)
    _one_battle_per_paragraph(doc, out)
    _generic_attack_takes_the_form(doc, out)
    doc.event_mentions.extend(out)


_FORM_TYPES = ("Explosions/Remote violence", "Battles")


def _generic_attack_takes_the_form(doc: Document, mentions: list[EventMention]) -> None:
    """The "Attack" read from nothing but the generic word ("six people were killed in the attacks", "in an
    attack on the town") beside a sentence of the same paragraph that tells the form of the violence
    (shelling, an air strike, a bomb, a clash) is that incident's toll, told again: it takes the form's
    sub-type and the higher confidence, so that the two make one event. Only when the paragraph tells one
    form; an attack sentence with a cue of its own (victims shot, a village raided) keeps its type."""
    by_paragraph: dict[int, list[EventMention]] = {}
    for m in mentions:
        if m.kind == "violence" and (m.sub_event_type == ATTACK or m.event_type in _FORM_TYPES):
            by_paragraph.setdefault(doc.text.count("\n", 0, m.start), []).append(m)
    for group in by_paragraph.values():
        forms = {m.sub_event_type for m in group if m.event_type in _FORM_TYPES}
        if len(forms) != 1:
            continue
        generic = [
            m
            for m in group
            if m.sub_event_type == ATTACK
            and not set(_classify_scores(_Sentence.of(m.text))) & _OWN_FORM
            and _GENERIC_ATTACK.search(m.text)
        ]
        if not generic:
            continue
        label = forms.pop()
        confidence = max(m.confidence for m in group)
        for m in group:
            if m in generic or m.sub_event_type == label:
                m.sub_event_type = label
                m.event_type = SUB_EVENT_TYPES[label]
                m.confidence = confidence


# Any ACLED sub-event type but "Attack" (and "Other"): a sentence read with one has a form of its own.
_OWN_FORM = frozenset(SUB_EVENT_TYPES) - {ATTACK, OTHER}
# The generic word for an act of violence, as the toll's sentence names it.
_GENERIC_ATTACK = re.compile(r"\b(?:attacks?|assaults?|incidents?|violence)\b", re.I)


def _one_battle_per_paragraph(doc: Document, mentions: list[EventMention]) -> None:
    """A battle that changed who holds the ground is coded by the change (the codebook's territory
    sub-types are battles with that outcome): when a paragraph tells an armed clash and one change of
    territory ("The troops drove the militants out of three villages. Heavy clashes left dozens dead."),
    the clash is that battle, and takes the change's sub-type and the higher confidence."""
    by_paragraph: dict[int, list[EventMention]] = {}
    for m in mentions:
        if m.kind == "violence" and m.sub_event_type in (CLASH, REGAIN, OVERTAKE):
            by_paragraph.setdefault(doc.text.count("\n", 0, m.start), []).append(m)
    for group in by_paragraph.values():
        changes = {m.sub_event_type for m in group} - {CLASH}
        if len(changes) != 1 or len(group) < 2 or all(m.sub_event_type != CLASH for m in group):
            continue
        label = changes.pop()
        confidence = max(m.confidence for m in group)
        for m in group:
            m.sub_event_type = label
            m.event_type = SUB_EVENT_TYPES[label]
            m.confidence = confidence


# The protest sub-types from the plainest to the most specific. A protest is "peaceful" only because
# nothing else is said of it; what the protesters did (violence, roads blocked: a violent demonstration)
# or what was done to them (force, then intervention) is what the codebook types it by.
_PROTEST_PRECEDENCE = (PEACEFUL, INTERVENTION, FORCE, VIOLENT_DEMO)


def _one_protest_per_paragraph(doc: Document, mentions: list[EventMention]) -> None:
    """One protest per paragraph: when sentences of one paragraph tell a protest with different protest
    sub-types ("Farmers blocked roads and railways to protest the bills. Hundreds of groups are protesting
    the law."), they tell one protest from different sides, and each takes the most specific sub-type told
    (``_PROTEST_PRECEDENCE``) and the highest confidence among them, so that they make one event."""
    by_paragraph: dict[int, list[EventMention]] = {}
    for m in mentions:
        if m.kind == "violence" and m.sub_event_type in _PROTEST_PRECEDENCE:
            by_paragraph.setdefault(doc.text.count("\n", 0, m.start), []).append(m)
    for group in by_paragraph.values():
        if len({m.sub_event_type for m in group}) < 2:
            continue
        label = max((m.sub_event_type for m in group), key=_PROTEST_PRECEDENCE.index)
        confidence = max(m.confidence for m in group)
        for m in group:
            m.sub_event_type = label
            m.event_type = SUB_EVENT_TYPES[label]
            m.confidence = confidence


def _model_fill(doc: Document) -> list[EventMention]:
    """With the sentence model on (``semantic``): the event of a text in which neither the incident gate
    nor the fallback found one, from the sentence most like an ACLED sub-event type's prototype, at a low
    confidence. The sentences the fallback leaves alone (plans, denials, what did not happen, what was
    heard) are left alone here too."""
    future = [d.start for d in doc.dates if d.future]
    candidates = [
        s
        for s in doc.sentences
        if not any(s.start <= at < s.end for at in future)
        and not _UNREAL.search(s.text)
        and not _HEARD.search(s.text)
    ]
    best = semantic.best_sentence([s.text for s in candidates])
    if best is None:
        return []
    index, label, similarity = best
    return [_violence(candidates[index], label, round(similarity * semantic.FILL_CONFIDENCE, 3))]


# How much less a label read without an incident verb is trusted than one read with it.
_FALLBACK_DISCOUNT = 0.5
# What the fallback leaves alone: a sentence that says what will or did not happen ("talks will not
# resume") or names a future date, one that tells what witnesses heard (``_HEARD``), and one with a word
# of fighting, which ``_FIGHT`` has already read as a fight or as history and metaphor ("fought three
# wars", "battled a fever", "the sound of gunfire is familiar"), unless it tells a change of territory.
_UNREAL = re.compile(r"\b(?:will|won't|not|never|no longer)\b", re.I)
_TERRITORY = (REGAIN, OVERTAKE, TRANSFER)
_FIGHT_WORD_ONLY = re.compile(
    r"\b(?:fights?|fighting|fought|battl(?:e|es|ed|ing)|gunfire|skirmish\w*)\b", re.I
)


def _fallback(doc: Document) -> list[EventMention]:
    """The classifier's reading of a text in which no sentence passed the incident-verb gate: the event of
    the sentence whose ACLED label the classifier is surest of, at half that confidence. The gate's verb
    list is short on purpose (it keeps trends and page furniture out of long articles), so without this a
    text that reports only, say, a chlorine attack, a defection or a base set up ended with no event at all.
    A sentence that reads as a trend ("attacks have increased") gives none here either."""
    best: tuple[float, Sentence, str] | None = None
    future = [d.start for d in doc.dates if d.future]
    for sentence in doc.sentences:
        if any(sentence.start <= at < sentence.end for at in future):
            continue  # "the officials agreed to meet again next week": a plan, not an incident
        seen = _Sentence.of(_asserted(sentence.text))
        if (
            (seen.search(_TREND) and not _ON_DATE.search(sentence.text))
            or seen.search(_UNREAL)
            or _HEARD.search(sentence.text)
        ):
            continue
        labels = _violence_labels(seen)
        if labels and labels[0][0] not in _TERRITORY and seen.search(_FIGHT_WORD_ONLY):
            # The fight reading has judged this sentence already ("fought three wars", "had fought in the
            # war"); a fight word beside a change of territory ("recapturing towns in a series of
            # battles", "handed over the airport without a fight") does not make the change any less told.
            continue
        if labels and (best is None or labels[0][1] > best[0]):
            best = (labels[0][1], sentence, labels[0][0])
    if best is None:
        return []
    confidence, sentence, label = best
    return [_violence(sentence, label, round(confidence * _FALLBACK_DISCOUNT, 3))]


def _same_paragraph(doc: Document, a: Sentence, b: Sentence) -> bool:
    return "\n" not in doc.text[a.start : b.start]


def _violence(sentence: Sentence, label: str, confidence: float) -> EventMention:
    return EventMention(
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        kind="violence",
        event_type=SUB_EVENT_TYPES[label],
        sub_event_type=label,
        status="occurred",
        confidence=confidence,
        sentence=sentence.index,
    )


_COMBAT_TYPES = ("Battles", "Explosions/Remote violence")
# What the sentence model may choose between: ACLED's sub-event types but "Other".
_ACLED_LABELS = {label for label in SUB_EVENT_TYPES if label != OTHER}


def _violence_labels(sentence: _Sentence, scores: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """The sentence's ACLED label, plus any other combat sub-type it reports nearly as strongly (a
    sentence like "clashes triggered airstrikes and retaliatory fire" reports more than one incident).
    ``scores``: ``_classify_scores(sentence)`` when the caller has it."""
    if scores is None:
        scores = _classify_scores(sentence)
    label, confidence = _rank(scores)
    if label in OUTSIDE:
        # A tie between a label outside ACLED ("a ministry spokesman", diplomacy) and an ACLED sub-event
        # type goes to the event: the sentence is here because it tells one.
        tied = sorted(
            k for k, v in scores.items() if v == scores[label] and SUB_EVENT_TYPES.get(k) and k != OTHER
        )
        if tied:
            label = tied[0]
    if SUB_EVENT_TYPES.get(label) is None or label == OTHER:
        return []
    if semantic.active():
        label = semantic.break_tie(sentence.text, scores, label, confidence, _ACLED_LABELS)
    out = [(label, confidence)]
    if SUB_EVENT_TYPES[label] not in _COMBAT_TYPES:
        return out
    top = scores[label]
    for other, value in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if (
            other != label
            and SUB_EVENT_TYPES.get(other) in _COMBAT_TYPES
            and value >= 0.6 * top
            and other != OTHER
        ):
            out.append((other, round(confidence * value / top, 3)))
    out = out[:2]
    if len(out) == 2 and CLASH in (out[0][0], out[1][0]) and not sentence.search(_FIGHT_TOLD):
        # One sentence tells one incident unless it names two forms. A clash read only from who was killed
        # ("A soldier was killed when troops shelled villages") is the victims of the other form told
        # (ACLED codes shelling of soldiers as shelling): that form alone, with the higher confidence.
        other, _conf = out[0] if out[1][0] == CLASH else out[1]
        out = [(other, max(c for _label, c in out))]
    pair = {label for label, _c in out}
    if SHELLING in pair and pair <= {CLASH, SHELLING} and sentence.search(_EXCHANGED_HEAVY_FIRE):
        # "The two armies exchanged artillery fire": one incident in which both sides fired, a battle
        # between armed sides (the codebook's armed clash), not a clash plus a shelling.
        out = [(CLASH, max(c for _label, c in out))]
    elif pair == {AIR, SHELLING} and not sentence.search(_GROUND_FIRE):
        # "Jets pound hideouts", "warplanes bombarded the town": the verb is shared by both types, the
        # weapon named is aircraft, so it is one air strike.
        out = [(AIR, max(c for _label, c in out))]
    return out


# Both sides firing heavy weapons at each other ("exchanged artillery fire", "traded mortar and rocket
# fire", "an exchange of artillery fire"): one incident.
_EXCHANGED_HEAVY_FIRE = re.compile(
    r"\b(?:exchang(?:ed|es|ing|e)|trad(?:ed|es|ing|e))\b (?:(?:heavy|intense|sporadic|cross-border) )?"
    r"(?:artillery|mortar|rocket|missile|shell|tank|cannon|heavy[- ]weapons?)s?\b"
    r"(?: (?:and|or) (?:artillery|mortar|rocket|missile|shell|tank|cannon)s?)? "
    r"(?:fire|shells|rounds|strikes)|"
    r"\bexchanges? of (?:(?:heavy|intense|sporadic|cross-border) )?(?:artillery|mortar|rocket|shell|tank)"
    r"(?:s|ing)?(?: fire)?\b",
    re.I,
)
# Weapons fired from the ground ("artillery", "mortars", "rockets", "shells"): with them, aircraft and a
# ground weapon in one sentence are two forms told, whatever the verb.
_GROUND_FIRE = re.compile(
    r"\b(?:artillery|mortars?|rockets?|missiles?|howitzers?|shell(?:s|ed|ing)|grad|katyushas?|"
    r"tank fire|cannon fire|heavy weapons|cross-border fir(?:e|ing))\b",
    re.I,
)


# A fight named as such: what a second, "Armed clash" label of a sentence needs (see _violence_labels).
_FIGHT_TOLD = re.compile(
    r"\b(?:clash\w*|fighting|fought|battl\w*|gun ?battles?|gun ?fights?|fire ?fights?|"
    r"exchang\w* (?:\w+ ){0,2}(?:fire|gunfire|shots)|exchanges? of (?:\w+ )?fire|gunfire|skirmish\w*|"
    r"ambush\w*|stormed|assault\w*|opened fire|retaliat\w*|combat|encounters?|hostilities|firing)\b",
    re.I,
)
