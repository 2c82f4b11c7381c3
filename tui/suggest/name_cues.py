"""Word lists for the PERSON/PLACE heuristic: titles, roles, organisations, place words.

Written for spantag. Titles stay outside a PERSON span (docs/contracts.md: "a title such as
'President'
stays outside"); the other lists are context cues or words that are capitalised but not names.
"""

from __future__ import annotations


def words(block: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text, as a set."""
    return frozenset(block.split())


TITLES: frozenset[str] = words(
    """
    President Vice-President Premier Chancellor Minister Secretary Senator Sen Governor Gov
    Mayor Ambassador Envoy Judge Justice Mr Mrs Ms Miss Mme Dr Prof Professor Sir Dame Lord
    Lady King Queen Prince Princess Emperor Empress Sheikh Sheik Emir Sultan Pope Cardinal
    Archbishop Bishop Reverend Rev Father Imam Maulana Mullah Mufti Ayatollah Rabbi General
    Gen Lieutenant Lt Colonel Col Major Maj Captain Capt Brigadier Brig Sergeant Sgt Corporal
    Private Admiral Adm Commander Cmdr Marshal Commissioner Inspector Superintendent Chief
    Chairman Chairwoman Chair Speaker Director Detective Officer Constable Deputy Foreign
    Interior Defence Defense Finance Prime Vice Attorney Field Air Rear Lance Staff Mother
    Sister Brother Saint St
    """
)
"""Words that may make up a title ("Major General", "Prime Minister", "Interior Minister")."""

TITLE_HEADS: frozenset[str] = words(
    """
    President Premier Chancellor Minister Secretary Senator Sen Governor Gov Mayor Ambassador
    Envoy Judge Justice Mr Mrs Ms Miss Mme Dr Prof Professor Sir Dame Lord Lady King Queen
    Prince Princess Emperor Empress Sheikh Sheik Emir Sultan Pope Cardinal Archbishop Bishop
    Reverend Rev Father Imam Maulana Mullah Mufti Ayatollah Rabbi General Gen Lieutenant Lt
    Colonel Col Major Maj Captain Capt Brigadier Brig Sergeant Sgt Corporal Admiral Adm
    Commander Cmdr Marshal Commissioner Inspector Superintendent Chairman Chairwoman Speaker
    Director Detective Constable Saint St
    """
)
"""A title must end with one of these ("Foreign Minister", not "Foreign")."""

ROLES: frozenset[str] = words(
    """
    spokesman spokeswoman spokesperson leader leaders cleric negotiator journalist reporter
    correspondent photographer minister president premier commander official officer chief
    director analyst professor lawyer attorney envoy ambassador secretary chairman chairwoman
    activist militant preacher imam mullah general colonel captain brother sister son daughter
    father mother wife husband cousin uncle nephew widow friend colleague opponent rival
    candidate lawmaker senator governor mayor judge prosecutor mp singer actor actress writer
    author novelist poet artist coach player striker founder ceo executive economist scientist
    researcher doctor surgeon student teacher farmer worker victim suspect dictator monarch
    king queen prince warlord chieftain militant commander nominee deputy aide adviser advisor
    businessman businesswoman entrepreneur tourist resident chef cook chemist engineer nurse pilot
    driver owner manager boss trader banker investor historian runner-up winner champion
    """
)
"""A lowercase noun right before a capitalised name marks a person: "negotiator Chaudhry ..."."""

SPEECH_VERBS: frozenset[str] = words(
    """
    said says told tells added asked stated explained insisted warned declared announced wrote
    argued claimed noted urged replied recalled admitted denied confirmed acknowledged
    """
)

ORGANISATION_WORDS: frozenset[str] = words(
    """
    Agence Press Presse News Agency Reuters AFP AP BBC CNN Times Post Journal Herald Tribune
    Party Army Navy Forces Force Police Council Ministry Department Office University College
    School Institute Foundation Group Company Corporation Corp Inc Ltd Bank Fund Association
    Committee Commission Front Movement Organisation Organization Union League Federation
    Court Parliament Assembly Senate Congress Cabinet Government Administration Taliban Qaeda
    Al-Qaeda al-Qaeda Hamas Hezbollah Hizbollah Jihad Brigade Brigades Agency Airlines Airways
    UN NATO EU IMF WHO FBI CIA ISI OPEC Red-Cross Cross Crescent Board Service Services Bureau
    Authority Club Society Network Channel Television Radio Church Brotherhood Mujahideen
    Jamaat Lashkar Tehreek Tehrik Jaish Harkat Harkatul Nations Programme Program Line Lines
    Centre Center Policy Metro Terminals National International Global Regional Heritage
    Council Trust Alliance Partners Holdings Industries Motors Media Group Systems Initiative
    """
)
"""A capitalised sequence holding one of these names an organisation: no PERSON or PLACE."""

PLACE_WORDS: frozenset[str] = words(
    """
    Mosque Masjid Church Cathedral Temple Shrine Synagogue Street St. Road Avenue Square
    Boulevard Lane Bridge Airport Airbase Base Camp Hospital Stadium Palace Fort Castle Tower
    Market Bazaar Prison Jail Park Garden Gardens Hotel Valley River Lake Mountain Mountains
    Mount Hill Hills Island Islands Bay Gulf Sea Ocean Coast Strait Peninsula Desert Canal
    Province District Region County State City Town Village Square Plaza Embassy Port
    Harbour Harbor Dam Pass Plain Plains Forest Border Quarter Colony Sector Gate
    """
)
"""A capitalised sequence ending with one of these names a place: "Red Mosque", "Tahrir Square"."""

PLACE_NOUNS = words(
    """
    city cities town towns village villages province provinces district districts region regions
    state states county counties capital port island islands suburb suburbs
    """
)
"""Lowercase words right before a name, or before "of" and a name, that make it a place:
"the northwestern city of Peshawar", "the capital Kabul", "counties of Marsabit"."""

PLACE_OF_NOUNS = PLACE_NOUNS | words(
    """
    mayor governor resident residents people citizens north south east west northeast northwest
    southeast southwest outskirts centre center heart streets hills edge coast suburbs parts
    kilometres kilometers miles
    """
)
"""Words before "of" and a name that make it a place: "mayor of Valparaíso", "south of X"."""

PLACE_NOUNS_AFTER = words(
    """
    market district county province station airport river valley region town city village
    mosque square bridge port terminals terminal camp area neighbourhood neighborhood suburb
    state township prefecture municipality
    """
)
"""Lowercase words right after a name (or one word later) that make it a place:
"the Namba district", "Shin-Osaka station", "the Dōtonbori night market"."""

APPOSITION_PLACES = words(
    "site city town village port capital region country district province county island area"
)
"""Nouns in an apposition after a name that make it a place: "Valparaíso, a UNESCO ... site"."""

PLACE_HEADS = words(
    """
    Mount Lake Cape Port Fort Cerro Playa Plaza Puerto Monte Río Rio Lago Isla Sierra Bahía
    Wadi Jebel Jabal Ras Lac Mont Bad Sankt San Santa
    """
)
"""First words of multi-word place names: "Cerro Alegre", "Plaza Sotomayor", "Lake Victoria"."""

PLACE_PREPOSITIONS: frozenset[str] = words(
    "in near at from to outside across into inside towards toward around"
)

DEMONYMS: frozenset[str] = words(
    """
    Afghan Albanian Algerian American Arab Arabic Argentine Armenian Asian Australian Austrian
    Azerbaijani Bangladeshi Belgian Bosnian Brazilian British Bulgarian Burmese Cambodian
    Canadian Chechen Chilean Chinese Colombian Congolese Croatian Cuban Czech Danish Dutch
    Egyptian English Eritrean Ethiopian European French Georgian German Greek Haitian Hindu
    Hungarian Indian Indonesian Iranian Iraqi Irish Islamic Israeli Italian Japanese Jewish
    Jordanian Kashmiri Kazakh Kenyan Korean Kurdish Kuwaiti Lebanese Libyan Malaysian Mexican
    Moroccan Muslim Christian Catholic Protestant Sunni Shiite Shia Sikh Buddhist Nepali
    Nigerian Norwegian Pakistani Palestinian Pashtun Persian Philippine Filipino Polish
    Portuguese Punjabi Russian Rwandan Saudi Scottish Serbian Somali Spanish Sri Sudanese
    Swedish Swiss Syrian Taiwanese Tajik Thai Tibetan Tunisian Turkish Ugandan Ukrainian
    Uzbek Venezuelan Vietnamese Welsh Western Eastern Northern Southern Yemeni Zimbabwean
    African Baloch Baluch Sindhi Uighur Uyghur Yazidi Alawite Druze Coptic Orthodox Islamist
    Jihadist Maoist Marxist Communist Socialist Republican Democrat Democratic Conservative
    Liberal Labour Taliban
    """
)
"""Adjectives of nationality, religion or party: capitalised, but neither PERSON nor PLACE."""

NOT_NAMES: frozenset[str] = words(
    """
    I A An The This That These Those There Here It Its He She We They You His Her Their Our My
    Your Him Them Us Me Who What When Where Why How Which Whose If But And Or Nor So Yet For
    Of In On At By To From With Without After Before During Since Until As Than Then Now
    Today Tomorrow Yesterday Tonight Also Meanwhile However Although Though While Because
    Many Some Most More Less Few All Any Each Every No Not Yes One Two Three Several Both
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec God Mr Mrs Ms Dr Sir Madam Internet Web Officials Authorities Traders Critics
    Residents Witnesses Analysts Experts Observers Protesters Militants Troops Soldiers Doctors
    Scientists Researchers Economists Forecasters Investors Farmers Workers Villagers Diplomats
    Lawmakers Ministers Sources Reports Rebels Supporters Opponents Voters Students Teachers
    Parents Families Survivors Rescuers Others Organisers Organizers Police Prosecutors
    Negotiators Leaders Insurgents Fighters Television Shipping
    """
)
"""Capitalised words that do not start or end a name (sentence openers, days, months)."""

NAME_PARTICLES: frozenset[str] = words(
    "bin ibn bint al el de da di del della der den van von du la le dos das ul ud"
)
"""Lowercase words inside names: "Osama bin Laden", "Leonardo da Vinci"."""
