"""The demo's texts in Swedish, for the facts file's English ones (its themes, organisation
kinds, projects, networks and events). Every seed text is written in both languages;
`tests/demo/test_seed_languages.py` fails on a text left in one."""

SWEDISH = {
    # Thematic and profile areas.
    "Life science": "Livsvetenskap",
    "Sustainability": "Hållbarhet",
    "Digital technology": "Digital teknik",
    "Marine technology": "Marin teknik",
    "E-commerce": "E-handel",
    "E-health": "E-hälsa",
    "Digital business": "Digitala affärer",
    "Food": "Livsmedel",
    "Digital media": "Digitala medier",
    "Energy": "Energi",
    "Intelligent transport systems": "Intelligenta transportsystem",
    "Smart city": "Smarta städer",
    "Circular economy": "Cirkulär ekonomi",
    "Digitalisation": "Digitalisering",
    "Forest and wood": "Skog och trä",
    "Industry": "Industri",
    "Circularity": "Cirkularitet",
    "Medtech": "Medicinteknik",
    # Sectors, as generated companies describe themselves.
    "Food production": "livsmedelsproduktion",
    "Software": "mjukvara",
    "Recycling": "återvinning",
    "Manufacturing": "tillverkning",
    # Kinds of organisation in the facts file.
    "Public body": "Offentlig organisation",
    "Public body / funder": "Offentlig organisation och finansiär",
    "Public business-support company": "Statligt ägt företag som stöttar företagande",
    "Business network (invited speaker on strategic sustainability work)": (
        "Företagarnätverk (inbjuden talare om strategiskt hållbarhetsarbete)"
    ),
    "University": "Universitet",
    "Hospital": "Sjukhus",
    "Property company (university premises)": "Fastighetsbolag (lokaler för universitet)",
    "Business-support organisation": "Organisation som stöttar företagande",
    "EU funder": "Finansiär inom EU",
    # Projects.
    "Sustainable Cluster development": "Hållbar klusterutveckling",
    "Stockholm Life Tech": "Stockholm Life Tech",
    "Innovationsboost": "Innovationsboost",
    "South-east Sweden science park collaboration": (
        "Samarbetet mellan science parks i sydöstra Sverige"
    ),
    "Regional Innovation Valley — Stockholm life science": (
        "Regional Innovation Valley – life science i Stockholm"
    ),
    "more sustainable clusters with SMEs in East Middle Sweden": (
        "Mer hållbara kluster med små och medelstora företag inom livsvetenskap i Östra "
        "Mellansverige."
    ),
    "innovation and sustainable transition in Skaraborg": (
        "Innovation och hållbar omställning i Skaraborg, med hållbarhet och cirkulär ekonomi i "
        "industrin."
    ),
    "a joint offering of activities (trainings, seminars, meeting places) to SMEs in Blekinge, "
    "Kronoberg, Skåne and Kalmar counties": (
        "Ett gemensamt utbud av aktiviteter (utbildningar, seminarier och mötesplatser) för små "
        "och medelstora företag i Blekinge, Kronobergs, Skåne och Kalmar län."
    ),
    "a designation that helps the region seek funding and partners": (
        "En utnämning som hjälper regionen att hitta finansiering och partner."
    ),
    "reach 200 companies with different forms of support": (
        "nå 200 företag med olika former av stöd"
    ),
    "open laboratories and research/innovation infrastructures in Flemingsberg and Hagastaden "
    "to SMEs": (
        "öppna laboratorier och infrastruktur för forskning och innovation i Flemingsberg och "
        "Hagastaden för små och medelstora företag"
    ),
    "develop and test scalable models for companies' use of research infrastructures": (
        "utveckla och pröva skalbara modeller för hur företag använder forskningsinfrastruktur"
    ),
    "increase the Stockholm region's attractiveness in life science": (
        "göra Stockholmsregionen mer attraktiv inom life science och livsvetenskaperna"
    ),
    "Companies reached with different forms of support": (
        "Företag som nåtts av olika former av stöd"
    ),
    "Enterprises supported (RCO01)": "Företag som fått stöd (RCO01)",
    "companies": "företag",
    "enterprises": "företag",
    # Networks.
    "Sustainability network for life-science SMEs in East Middle Sweden": (
        "Hållbarhetsnätverk för life science-företag i Östra Mellansverige"
    ),
    "Industry network for sustainability and circularity (Skaraborg)": (
        "Industrinätverk för hållbarhet och cirkularitet (Skaraborg)"
    ),
    "Food innovation network Skåne": "Innovationsnätverk för livsmedel i Skåne",
    "Marine technology network Blekinge": "Nätverk för marin teknik i Blekinge",
    "E-health network Kalmar": "E-hälsonätverket i Kalmar",
    "Circular economy network Kronoberg": "Nätverk för cirkulär ekonomi i Kronoberg",
    "Life science founders' circle Uppsala": "Grundarnätverk för life science i Uppsala",
    "Small and medium-sized companies": "Små och medelstora företag",
    # Events.
    "Opening workshop of the industry network for sustainability and circularity": (
        "Öppningsworkshop för industrinätverket för hållbarhet och cirkularitet"
    ),
    "Follow-up meeting of the Skaraborg sustainability network": (
        "Uppföljningsmöte i Skaraborgs nätverk för hållbarhet och cirkularitet"
    ),
    "Workshop: Today's achievements, tomorrow's visions": (
        "Workshop: Dagens framgångar, morgondagens visioner"
    ),
    "Workshop: Sustainable skills supply": "Workshop: Hållbar kompetensförsörjning",
    "High-level meeting on the Stockholm-Uppsala life science cluster": (
        "Högnivåmöte om life science-klustret i Stockholm–Uppsala"
    ),
    "Life science conference, Stockholm": "Life science-konferens i Stockholm",
    "Strategic sustainability work and coming legal requirements": (
        "Strategiskt hållbarhetsarbete och kommande lagkrav"
    ),
    "Interactive workshop: your current and desired sustainability position": (
        "Interaktiv workshop: ert nuvarande och önskade läge i hållbarhetsarbetet"
    ),
    "Open lab day in Flemingsberg": "Öppet labb i Flemingsberg",
    "Research infrastructure matchmaking in Hagastaden": (
        "Matchmaking om forskningsinfrastruktur i Hagastaden"
    ),
    "Testbed training for medtech SMEs": "Testbäddsutbildning för medicintekniska småföretag",
    "Part of Stockholm Life Tech: opening research infrastructure to SMEs.": (
        "En del av Stockholm Life Tech: forskningsinfrastruktur öppnas för små och medelstora "
        "företag inom livsvetenskap."
    ),
    "Regional leaders meet on the future of the life science cluster.": (
        "Regionernas ledare möts om framtiden för life science-klustret."
    ),
    "The autumn conference following the high-level meeting.": (
        "Höstens konferens, som följer på högnivåmötet."
    ),
}

# The kinds of generated event: the label in English and Swedish, and the Swedish label with
# its article, as in "till ett seminarium".
EVENT_LABELS = {
    "Workshop": ("Workshop", "en workshop"),
    "Seminar": ("Seminarium", "ett seminarium"),
    "Training": ("Utbildning", "en utbildning"),
    "Webinar": ("Webbinarium", "ett webbinarium"),
    "Matchmaking": ("Matchmaking", "en matchmaking"),
}


def in_swedish(english: str) -> str:
    return SWEDISH[english] if english else ""


def in_both(field: str, english: str, swedish: str | None = None) -> dict[str, str]:
    """The `<field>_sv` and `<field>_en` values of a seed text written in English; the Swedish
    one from SWEDISH unless given."""
    return {
        f"{field}_en": english,
        f"{field}_sv": in_swedish(english) if swedish is None else swedish,
    }


# The facts file's networks, described for the portal (it gives only their format).
NETWORK_TEXTS = {
    "Sustainability network for life-science SMEs in East Middle Sweden": {
        "description_en": (
            "A sustainability network for small and medium-sized life-science companies in "
            "Uppsala, Västmanland, Örebro and Östergötland, run by STUNS Life Science in the "
            "project Sustainable Cluster development. Short reports from the network become "
            "workshops with academia and students."
        ),
        "description_sv": (
            "Ett nätverk för hållbarhet för små och medelstora företag inom life science och "
            "livsvetenskap i Uppsala, Västmanlands, Örebro och Östergötlands län. STUNS Life "
            "Science driver det inom projektet Hållbar klusterutveckling, och nätverkets korta "
            "rapporter blir workshoppar tillsammans med akademin och studenter."
        ),
        "audience_en": "Small and medium-sized life-science companies.",
        "audience_sv": "Små och medelstora företag inom life science och livsvetenskaperna.",
        "meeting_format_en": (
            "Members share challenges, solutions and tips, with carefully selected invited guests."
        ),
        "meeting_format_sv": (
            "Medlemmarna delar utmaningar, lösningar och tips, med noga utvalda inbjudna gäster."
        ),
    },
    "Industry network for sustainability and circularity (Skaraborg)": {
        "description_en": (
            "Science Park Skövde's network for tech and industrial companies in Skaraborg that "
            "want to work strategically with sustainability, circularity and circular business "
            "models, within the project Innovationsboost."
        ),
        "description_sv": (
            "Science Park Skövdes nätverk för teknik- och industriföretag i Skaraborg som vill "
            "arbeta strategiskt med hållbarhet, cirkularitet och cirkulära affärsmodeller, inom "
            "projektet Innovationsboost."
        ),
        "audience_en": (
            "People responsible for sustainability in Skaraborg's tech and industrial companies "
            "(sustainability coordinators, for example), and company leaders who want such a "
            "role."
        ),
        "audience_sv": (
            "Dig som ansvarar för hållbarhet i ett teknik- eller industriföretag i Skaraborg "
            "(till exempel som hållbarhetssamordnare), och företagsledare som vill skapa en sådan "
            "roll."
        ),
        "meeting_format_en": (
            "An open network: meetings at ASSAR Industrial Innovation Arena in Skövde with "
            "lectures and interactive workshops on the circular economy and coming legal "
            "requirements."
        ),
        "meeting_format_sv": (
            "Ett öppet nätverk: träffar på ASSAR Industrial Innovation Arena i Skövde med "
            "föreläsningar och interaktiva workshoppar om cirkulär ekonomi och kommande lagkrav."
        ),
    },
}
