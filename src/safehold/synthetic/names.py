"""Name pools for the synthetic county, by heritage, so families have plausible names.

All invented combinations of common names; no real person is described. English names come from
Faker's en_GB provider; the smaller pools below cover the county's other communities.
"""

SOUTH_ASIAN = {
    "female": ["Aisha", "Fatima", "Zara", "Priya", "Anaya", "Maryam", "Inaya", "Sana", "Amira", "Hafsa",
               "Riya", "Simran", "Noor", "Alisha", "Safa", "Ayesha", "Kiran", "Meera", "Laiba", "Hira"],
    "male": ["Mohammed", "Ibrahim", "Yusuf", "Arjun", "Ayaan", "Hamza", "Rayyan", "Zain", "Aarav", "Ali",
             "Imran", "Omar", "Harpreet", "Rohan", "Adam", "Bilal", "Faisal", "Sami", "Vikram", "Kabir"],
    "surname": ["Khan", "Ahmed", "Hussain", "Ali", "Patel", "Begum", "Rahman", "Iqbal", "Shah", "Akhtar",
                "Singh", "Kaur", "Sharma", "Mahmood", "Chowdhury", "Islam", "Miah", "Bibi", "Kumar", "Malik"],
}
AFRICAN = {
    "female": ["Amara", "Chioma", "Adaeze", "Zainab", "Blessing", "Favour", "Nia", "Ifeoma", "Esther", "Abena",
               "Ruth", "Grace", "Temi", "Halima", "Ayan", "Hodan", "Deka", "Precious", "Ama", "Kemi"],
    "male": ["Emmanuel", "David", "Daniel", "Samuel", "Kwame", "Chinedu", "Tobi", "Abdi", "Mohamed", "Joseph",
             "Kofi", "Tunde", "Femi", "Ahmed", "Elijah", "Isaac", "Yaw", "Obinna", "Hassan", "Ebuka"],
    "surname": ["Okafor", "Mensah", "Adeyemi", "Okoro", "Osei", "Abdi", "Mohamed", "Ali", "Nwosu", "Boateng",
                "Adebayo", "Eze", "Asante", "Farah", "Hassan", "Owusu", "Olawale", "Nkemelu", "Afolabi", "Obi"],
}
EASTERN_EUROPEAN = {
    "female": ["Zofia", "Maja", "Lena", "Julia", "Amelia", "Hanna", "Natalia", "Oliwia", "Alicja", "Ioana",
               "Maria", "Elena", "Anastasia", "Daria", "Emilia", "Victoria", "Kinga", "Wiktoria", "Andreea", "Ana"],
    "male": ["Jakub", "Szymon", "Filip", "Antoni", "Kacper", "Mateusz", "Andrei", "Luca", "Stefan", "Tomasz",
             "Piotr", "Aleksander", "Mihai", "Dawid", "Oskar", "Ivan", "Marek", "Adrian", "Bartosz", "Darius"],
    "surname": ["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Popescu",
                "Ionescu", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Popa", "Radu",
                "Stan", "Mazur", "Krawczyk", "Jankowski"],
}
CHINESE = {
    "female": ["Mei", "Xinyi", "Yutong", "Jia", "Lin", "Hui", "Ying", "Zhen", "Lucy", "Grace"],
    "male": ["Wei", "Hao", "Jun", "Ming", "Yi", "Chen", "Jian", "Kai", "Leo", "Ryan"],
    "surname": ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"],
}
ROMA_TRAVELLER = {
    "female": ["Kathleen", "Bridget", "Mary", "Margaret", "Nora", "Shannon", "Ellie", "Tiana", "Esmeralda", "Kizzy"],
    "male": ["Patrick", "Michael", "John", "Martin", "Tommy", "Johnny", "Jimmy", "Paddy", "Levi", "Noah"],
    "surname": ["McDonagh", "Ward", "Connors", "Joyce", "Stokes", "Doherty", "Lee", "Smith", "Price", "Boswell"],
}

STREETS = [
    "Station Road", "Church Street", "Victoria Road", "Green Lane", "Manor Road", "Park Road", "Queens Road",
    "The Crescent", "Mill Lane", "School Lane", "Kings Road", "New Road", "High Street", "Grange Road",
    "Chapel Street", "Orchard Close", "Meadow Way", "Springfield Road", "Highfield Avenue", "Albert Road",
    "Westfield Drive", "Oak Avenue", "Beech Grove", "Willow Close", "Elm Road", "Ash Grove", "Cedar Drive",
    "Windsor Road", "York Road", "Brook Street", "Bridge Street", "Castle Street", "Market Place",
    "Hawthorn Way", "Poplar Avenue", "Rowan Close", "Sycamore Road", "Primrose Lane", "Heather Close",
    "Riverside", "Canal Street", "Foundry Lane", "Quarry Road", "Moorland View", "Fieldside",
]
# Invented towns of the synthetic county, each with its postcode district prefix.
TOWNS = [
    ("Northfield", "SH1"), ("Eastbridge", "SH2"), ("Southmoor", "SH3"), ("Westbury Vale", "SH4"),
    ("Kingsford", "SH5"), ("Ashby Green", "SH6"), ("Millbrook", "SH7"), ("Harrowgate", "SH8"),
    ("Oakley", "SH9"), ("Fenwick", "SH10"), ("Riverton", "SH11"), ("Stoneleigh", "SH12"),
]
LANGUAGES = {
    "south_asian": ["Urdu", "Punjabi", "Bengali", "Gujarati", "English"],
    "african": ["Somali", "Yoruba", "Igbo", "Twi", "English", "Arabic"],
    "eastern_european": ["Polish", "Romanian", "Lithuanian", "English"],
    "chinese": ["Mandarin", "Cantonese", "English"],
}


def stable_index(person) -> int:
    """A number for spreading people over teams that depends on the seed alone: the digits of the
    person ID the generator gave them, never the database's primary key (PostgreSQL does not reset its
    sequences between tests, so primary keys differ from run to run)."""
    digits = "".join(ch for ch in person.person_id if ch.isdigit())
    return int(digits) if digits else 0
