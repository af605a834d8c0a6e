"""Thirty questions on mixed subjects, and queries a reader might type for some of them."""

# (topic, title, short answer)
QUESTIONS = [
    (
        "Space",
        "Why is the sky blue?",
        "Air scatters blue sunlight more than red, so blue light reaches us from the whole sky.",
    ),
    (
        "Space",
        "Can you see the Great Wall of China from space?",
        "Not from the Moon, and barely from orbit: the wall is long but narrow.",
    ),
    (
        "Space",
        "Why do astronauts float on the space station?",
        "They are falling around the Earth together with the station.",
    ),
    (
        "Space",
        "How hot is the surface of the Sun?",
        "About 5,500 degrees Celsius at the visible surface.",
    ),
    (
        "Space",
        "Is Pluto still a planet?",
        "Astronomers reclassified Pluto as a dwarf planet in 2006.",
    ),
    (
        "Space",
        "Why does the Moon change shape?",
        "We see different amounts of its sunlit half as it orbits the Earth.",
    ),
    (
        "Body",
        "Do we only use 10 percent of our brains?",
        "No: scans show activity across the whole brain.",
    ),
    (
        "Body",
        "Does cracking your knuckles cause arthritis?",
        "No study has found a link; the sound is a gas bubble in the joint.",
    ),
    (
        "Body",
        "Do you need eight glasses of water a day?",
        "No fixed amount: food and other drinks count, and thirst is a good guide.",
    ),
    (
        "Body",
        "Does sugar make children hyperactive?",
        "Controlled trials have found no effect of sugar on children's behaviour.",
    ),
    (
        "Body",
        "Is it dangerous to wake a sleepwalker?",
        "Not dangerous, though a sleepwalker may be confused and disoriented.",
    ),
    ("Body", "Why do we yawn?", "Nobody knows for sure; cooling the brain is one leading idea."),
    (
        "Body",
        "Does shaving make hair grow back thicker?",
        "No: a shaved hair has a blunt tip that only feels coarser.",
    ),
    (
        "Korea",
        "Do many South Koreans defect to North Korea?",
        "Very few; tens of thousands have gone the other way.",
    ),
    (
        "Korea",
        "Is the Korean War over?",
        "Only a ceasefire was signed in 1953; there is no peace treaty.",
    ),
    (
        "Korea",
        "What is the Korean Demilitarized Zone?",
        "A four-kilometre strip dividing the peninsula along the 1953 front.",
    ),
    (
        "History",
        "Did Vikings wear horned helmets?",
        "No: horned helmets come from nineteenth-century costume designs.",
    ),
    (
        "History",
        "Was Napoleon unusually short?",
        "He was about average height for a Frenchman of his time.",
    ),
    (
        "History",
        "Did people in the Middle Ages think the Earth was flat?",
        "Educated medieval Europeans knew the Earth is round.",
    ),
    (
        "History",
        "Who built the pyramids of Giza?",
        "Paid Egyptian labourers and craftsmen, not slaves.",
    ),
    (
        "Animals",
        "Do goldfish have a three-second memory?",
        "Goldfish can remember things for months and can be trained.",
    ),
    (
        "Animals",
        "Are bats blind?",
        "No: bats can see, and many also find their way by echolocation.",
    ),
    (
        "Animals",
        "Do ostriches bury their heads in the sand?",
        "No: they lower their heads to turn their eggs in the nest.",
    ),
    (
        "Animals",
        "Why do cats purr?",
        "Cats purr when content and also to soothe themselves when hurt.",
    ),
    ("Animals", "How long do elephants live?", "Wild elephants often live 60 to 70 years."),
    (
        "Weather",
        "Can lightning strike the same place twice?",
        "Yes: tall buildings are struck many times a year.",
    ),
    (
        "Weather",
        "Why is it colder at the top of a mountain?",
        "Air expands and cools as it rises, so temperature falls with height.",
    ),
    (
        "Weather",
        "What causes a rainbow?",
        "Sunlight bends and reflects inside raindrops, splitting into colours.",
    ),
    (
        "Money",
        "Why do prices end in 99?",
        "Shoppers read the first digit, so 9.99 feels cheaper than 10.",
    ),
    (
        "Money",
        "Is it safe to keep cash at home?",
        "Some cash is fine, but it can be stolen or burn and is not insured.",
    ),
]

# (what a reader types, the title that should come first)
QUERIES = [
    ("why is the sky blue", "Why is the sky blue?"),
    ("great wall visible from space", "Can you see the Great Wall of China from space?"),
    ("astronauts floating", "Why do astronauts float on the space station?"),
    ("sun temperature surface", "How hot is the surface of the Sun?"),
    ("pluto planet", "Is Pluto still a planet?"),
    ("10 percent of brain", "Do we only use 10 percent of our brains?"),
    ("knuckle cracking arthritis", "Does cracking your knuckles cause arthritis?"),
    ("how much water should I drink", "Do you need eight glasses of water a day?"),
    ("sugar hyperactive kids", "Does sugar make children hyperactive?"),
    ("south koreans defect north", "Do many South Koreans defect to North Korea?"),
    ("korean war ended", "Is the Korean War over?"),
    ("vikings horned helmets", "Did Vikings wear horned helmets?"),
    ("napoleon height", "Was Napoleon unusually short?"),
    ("goldfish memory", "Do goldfish have a three-second memory?"),
    ("are bats blind", "Are bats blind?"),
    ("lightning strike twice", "Can lightning strike the same place twice?"),
    ("rainbow", "What causes a rainbow?"),
    ("prices ending 99", "Why do prices end in 99?"),
]
