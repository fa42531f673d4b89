"""Word lists the data set is drawn from: names from many cultures, a niche professional world.

Accents, non-Latin scripts and apostrophes are here on purpose: folding for search and list
order, and slug-making for handles, must do real work, as they do on a real user's contacts.
"""

# The Turkish dotless i and the multiplication sign in meeting titles are meant, not typos.
# ruff: noqa: RUF001

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    """Given and family names that belong together, and where such people tend to live."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    locations: tuple[str, ...]
    family_first: bool = False  # written "Family Given", as in Vietnamese or Chinese
    joiner: str = " "  # names in Hanzi are written without a space


CULTURES: tuple[Culture, ...] = (
    Culture(
        ("Jürgen", "Lena", "Matthias", "Sophie", "Björn", "Anja", "Jörg", "Katrin", "Uwe",
         "Franziska", "Maximilian", "Hannah"),
        ("Müller", "Schäfer", "Weiß", "Groß", "Köhler", "Hoffmann", "Krüger", "Wagner",
         "Schröder", "Bäumer", "Vogt", "Zimmermann"),
        ("München, Germany", "Düsseldorf, Germany", "Stuttgart, Germany", "Wien, Austria",
         "Zürich, Switzerland", "Berlin, Germany"),
    ),
    Culture(
        ("Étienne", "Amélie", "Hélène", "François", "Léa", "Noémie", "Jérôme", "Clément",
         "Chloé", "Benoît", "Gaëlle", "Anaïs"),
        ("Lefèvre", "Dupont", "Girard", "Moreau", "Bérubé", "Fontaine", "Rousseau", "Lemaître",
         "Côté", "Gauthier", "Brûlé", "Gagné"),
        ("Lyon, France", "Besançon, France", "Montréal, Canada", "Genève, Switzerland",
         "Toulouse, France", "Québec, Canada"),
    ),
    Culture(
        ("José", "María", "Sofía", "Alejandro", "Lucía", "Andrés", "Ramón", "Inés", "Martín",
         "Ana", "Jesús", "Camila"),
        ("García", "Fernández", "Rodríguez", "Martínez", "Sánchez", "Gómez", "Núñez", "Ibáñez",
         "Muñoz", "Peña", "de la Fuente", "Echeverría"),
        ("Bogotá, Colombia", "Córdoba, Argentina", "Valparaíso, Chile", "Málaga, Spain",
         "Ciudad de México, México", "León, Spain"),
    ),
    Culture(
        ("João", "Conceição", "Gonçalo", "Thaís", "Luíza", "Caio", "Inês", "Vitória"),
        ("Gonçalves", "Araújo", "Magalhães", "Simões", "Brandão", "Assunção", "Falcão"),
        ("São Paulo, Brazil", "Porto, Portugal", "Florianópolis, Brazil", "Lisboa, Portugal"),
    ),
    Culture(
        ("Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Wojciech", "Zofia", "Michał",
         "Katarzyna", "Grzegorz", "Jędrzej"),
        ("Wiśniewski", "Wójcik", "Kowalczyk", "Żukowski", "Dąbrowska", "Szymański", "Łęcki",
         "Przybyłowicz"),
        ("Łódź, Poland", "Kraków, Poland", "Wrocław, Poland", "Gdańsk, Poland"),
    ),
    Culture(
        ("Søren", "Åsa", "Øystein", "Ingrid", "Sigrún", "Mikael", "Ásgeir", "Linnéa"),
        ("Østergaard", "Lindqvist", "Sæther", "Håkansson", "Jónsdóttir", "Nyström", "Ågren"),
        ("Malmö, Sweden", "Göteborg, Sweden", "Aarhus, Denmark", "Trondheim, Norway",
         "Reykjavík, Iceland"),
    ),
    Culture(
        ("Çağlar", "Şebnem", "Gökhan", "Ayşe", "Özlem", "Emre", "İlker"),
        ("Yılmaz", "Öztürk", "Şahin", "Çelik", "Doğan", "Güneş", "Kılıç"),
        ("İstanbul, Türkiye", "İzmir, Türkiye", "Ankara, Türkiye"),
    ),
    Culture(
        ("Minh", "Thảo", "Quang", "Hương", "Đức", "Ngọc"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Vũ"),
        ("Hà Nội, Việt Nam", "Thành phố Hồ Chí Minh, Việt Nam", "Đà Nẵng, Việt Nam"),
        family_first=True,
    ),
    Culture(
        ("Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Lakshmi", "Arjun", "Kavya", "Sai"),
        ("Sharma", "Iyer", "Patel", "Reddy", "Banerjee", "Nair", "Gupta", "Menon", "Krishnan"),
        ("Bengaluru, India", "Pune, India", "Chennai, India", "Hyderabad, India"),
    ),
    Culture(
        ("Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Tunde", "Folake", "Emeka", "Chiamaka"),
        ("Okafor", "Adeyemi", "Olusegun", "Eze", "Nwosu", "Balogun", "Okonkwo"),
        ("Lagos, Nigeria", "Abuja, Nigeria", "Accra, Ghana", "Nairobi, Kenya"),
    ),
    Culture(
        ("Wei", "Xiaoling", "Hao", "Mei", "Jun", "Yufei", "Zhiwei"),
        ("Zhang", "Wang", "Li", "Chen", "Liu", "Huang", "Zhou"),
        ("Shenzhen, China", "Shanghai, China", "Singapore", "Taipei, Taiwan"),
    ),
    Culture(
        ("伟", "芳", "娜", "敏", "静", "磊"),
        ("张", "王", "李", "刘", "陈", "杨"),
        ("北京, China", "上海, China", "深圳, China"),
        family_first=True,
        joiner="",
    ),
    Culture(
        ("Haruto", "Yui", "Sōta", "Aoi", "Ren", "Hina", "Yūki"),
        ("Satō", "Suzuki", "Takahashi", "Tanaka", "Itō", "Watanabe", "Kōno"),
        ("Tokyo, Japan", "Ōsaka, Japan", "Nagoya, Japan"),
    ),
    Culture(
        ("Youssef", "Fatima", "Omar", "Layla", "Karim", "Nour", "Rania"),
        ("Haddad", "El-Amin", "Khoury", "Mansour", "Al-Farsi", "Saleh", "Abou Chacra"),
        ("Dubai, UAE", "Beirut, Lebanon", "Casablanca, Morocco", "Amman, Jordan"),
    ),
    Culture(
        ("Siobhán", "Niamh", "Seán", "Aoife", "Pádraig", "Emma", "James", "Olivia", "Noah"),
        ("O'Brien", "Murphy", "O'Connor", "Smith", "Taylor", "Walsh", "MacGowan", "Nic Giolla"),
        ("Dublin, Ireland", "Cork, Ireland", "Austin, TX", "Seattle, WA", "Manchester, UK"),
    ),
)  # fmt: skip

COMPANY_STEMS = (
    "Nordwind", "Helix", "Vantage", "Kestrel", "Lumen", "Sierra", "Atlas", "Polar", "Orbit",
    "Cobalt", "Meridian", "Quantum", "Forge", "Tidewater", "Ironbridge", "Bluefield", "Granite",
    "Saffron", "Juniper", "Falkenstein", "Rheinwerk", "Ostrava", "Aurora", "Baltic", "Sakura",
)  # fmt: skip
COMPANY_TRADES = (
    "Automation", "Robotics", "Analytics", "Logistics", "Plastics", "Labs", "Systems",
    "Manufacturing", "Energy", "Health", "Software", "Foundry", "Semiconductors", "Consulting",
    "Capital", "Bio", "Precision", "Talent",
)  # fmt: skip
COMPANY_FORMS = (
    "GmbH", "SAS", "S.A.", "Ltd", "Inc.", "AB", "Sp. z o.o.", "A.Ş.", "K.K.", "B.V.", "", "", "",
)  # fmt: skip

TITLES = (
    "Senior Process Engineer", "Head of Talent Acquisition", "Staff Software Engineer",
    "Plant Manager", "Quality Lead", "VP Engineering", "Technical Recruiter",
    "Maintenance Technician", "Developer Advocate", "Product Manager", "Data Scientist",
    "Controls Engineer", "Founder & CEO", "Principal Architect", "Engineering Manager",
    "HR Business Partner", "Supply Chain Analyst", "CNC Programmer", "Site Reliability Engineer",
    "Automation Specialist", "Director of Operations", "Shift Supervisor", "Reliability Engineer",
)  # fmt: skip

TOPICS = (
    "OPC UA migrations", "predictive maintenance", "PLC code reviews", "lean shop floors",
    "Rust on embedded targets", "Kubernetes at the edge", "hiring senior engineers",
    "promotion panels", "digital twins", "SCADA security", "injection moulding defects",
    "six sigma belts", "MES rollouts", "observability budgets", "developer relations",
    "on-call health", "CNC tool wear", "additive manufacturing", "computer vision QA",
    "supplier audits", "salary bands", "remote onboarding", "open-source maintainership",
)  # fmt: skip

TAGS = (
    "plc", "scada", "opc-ua", "iiot", "lean", "six-sigma", "kaizen", "tpm", "cnc",
    "additive-manufacturing", "injection-moulding", "metrology", "rust", "embedded", "rtos",
    "fpga", "kubernetes", "observability", "sre", "mlops", "computer-vision", "digital-twin",
    "predictive-maintenance", "mes", "sap-pm", "recruiting", "employer-branding", "devrel",
    "open-source", "mentor", "conference-speaker", "podcast", "investor", "alumni-tum",
    "alumni-eth", "former-colleague", "hiring-manager", "promotion-panel", "sponsor",
    "candidate", "client", "vendor", "community",
)  # fmt: skip

INTERESTS = (
    "bouldering", "sourdough", "chess", "marathons", "jazz", "woodworking", "sailing",
    "3D printing", "photography", "cycling", "board games", "birdwatching", "Formula 1",
    "science fiction", "gardening", "Kraków history", "Café culture",
)  # fmt: skip

HEADLINE_TEMPLATES = (
    "{title} at {company}",
    "{title} · {topic} · {topic2}",
    "Helping teams with {topic} | {title} | Speaker",
    "{title} @ {company} — writing about {topic}",
    "Ex-{company2} · {title} · {topic}",
    "I fix {topic} so your plant runs at 3 a.m. without you",
)  # fmt: skip

HOW_MET = (
    "Met at the {event} booth after their talk on {topic}.",
    "Introduced by {other} over email.",
    "Commented on each other's posts about {topic} for months, then a video call.",
    "Sat next to each other at the {event} dinner.",
    "Former colleague at {company}.",
    "Interviewed them for the {title} role.",
)  # fmt: skip

EVENTS = (
    "Hannover Messe", "SPS Nürnberg", "KubeCon EU", "RustConf", "FOSDEM", "Automatica",
    "PyCon DE", "SRECon", "Web Summit", "a local meetup",
)  # fmt: skip

MASTODON_HOSTS = ("hachyderm.io", "mastodon.social", "fosstodon.org", "chaos.social", "mas.to")
EMAIL_DOMAINS = ("gmail.com", "outlook.com", "proton.me", "posteo.de", "web.de", "icloud.com")

SENTENCES = (
    "Great point about {topic}; we saw the same at {company} when we moved to a new line.",
    "They are looking for someone who knows {topic} and asked if I know anyone.",
    "Their team at {company} is rolling out {topic} next quarter and wants a second opinion.",
    "Mentioned that {other} would be a good person to talk to about {topic}.",
    "Asked me to review a draft on {topic} before it goes out.",
    "We agreed that {topic} is underrated and that nobody budgets enough time for it.",
    "Promotion panel is in {month}; they offered to put in a good word with {other}.",
    "Shared a story about a night shift where {topic} saved the week.",
    "Their kid started school in {city}, they are enjoying the move.",
    "Wants to co-author a talk for {event} on {topic}.",
    "Follow up with the slides and the notes on {topic}.",
    "They are hiring a {title} and the budget is approved.",
    "Thinks {company} will open a site near {city} next year.",
    "Loved the podcast episode on {topic}; recommended two others.",
    "Quick chat at the coffee machine, mostly about {interest}.",
    "We compared notes on {topic} and on how {company} handles it.",
    "Next step: intro to {other}, who ran the {topic} project at {company}.",
    "Sent a long message about {topic}, worth rereading before the next call.",
)  # fmt: skip

POST_TITLES = (
    "Why {topic} fails in year two",
    "What I learned shipping {topic} at {company}",
    "Five myths about {topic}",
    "A field guide to {topic}",
    "We are hiring: {title}",
)  # fmt: skip

PROMISES_MINE = (
    "Send {name} the deck on {topic}",
    "Introduce {name} to {other}",
    "Review their talk proposal for {event}",
    "Share my notes on {topic}",
    "Write a recommendation on LinkedIn",
    "Put in a good word with {other} before the panel",
)  # fmt: skip
PROMISES_THEIRS = (
    "Send me the job description for the {title} role",
    "Introduce me to {other} at {company}",
    "Share their checklist for {topic}",
    "Vouch for me at the promotion panel",
    "Send the recording from {event}",
)  # fmt: skip

REMINDERS = (
    "Check in with {name} about {topic}",
    "Congratulate {name} on the new role",
    "Ask {name} how the {topic} rollout went",
    "Send {name} a note before {event}",
    "Wish {name} a happy work anniversary",
)  # fmt: skip

MEETING_TITLES = (
    "Coffee with {name}",
    "{company} × {company2} sync",
    "Promotion panel prep with {name}",
    "Interview: {title}",
    "Mentoring session: {topic}",
    "Intro call with {name}",
)  # fmt: skip

MEETING_PLACES = ("Zoom", "Microsoft Teams", "Google Meet", "Café Central, Wien", "{city}", None)

MONTHS = ("January", "March", "May", "June", "September", "November")
