"""Vocabulary for the synthetic report generator.

Product lines are brand x item type within a department, and departments are
kept narrow enough that every combination is plausible ("LEGO Minifigure
Lot", never "Samsung Switch Controller"): several hundred product lines in
all. Sizes, descriptors and conditions vary per listing. Inch marks (``8"``)
appear in home, kitchen, luggage, pet and toy items on purpose: they are
what triggers Mercari's quoting bug in real exports. Buyer names are
invented first names with an initial, never real people.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Department:
    """Brands and item types that combine into product lines."""

    name: str
    brands: tuple[str, ...]
    items: tuple[str, ...]
    sizes: tuple[str, ...]  # "" means no size in the title
    descriptors: tuple[str, ...]
    price_range: tuple[int, int]  # whole dollars
    shipping: str  # "small", "medium" or "large" parcel


_WOMENS = ("Sz XS", "Sz S", "Sz M", "Sz L", "Sz XL", "Size 2", "Size 4", "Sz 6", "Sz 8", "Sz 10")
_MENS = ("Size S", "Size M", "Size L", "Size XL", "XXL", "32x30", "34x32")
_SHOES = ("Sz 6", "Sz 7", "Sz 7.5", "Sz 8", "Sz 8.5", "Sz 9", "Sz 10", "Men's 11")
_INCHES = ('8"', '10"', '12"', '14"', '18"', '20"', '24"')
_COLORS = ("Black", "Navy", "Blush Pink", "Sage Green", "Ivory", "Camel", "Burgundy", "Gray")
_PATTERNS = ("Floral", "Plaid", "Striped", "Leopard", "Cable Knit", "Vintage", "Faux Leather")
_SEASONAL = ("Farmhouse", "Rustic", "Boho", "Christmas", "Halloween", "Valentine's", "Easter")

DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "Women's Clothing",
        (
            "Lululemon",
            "Free People",
            "Anthropologie",
            "Madewell",
            "Zara",
            "J.Crew",
            "Ted Baker",
            "Athleta",
            "LOFT",
            "Reformation",
            "Aerie",
        ),
        (
            "Dress",
            "Maxi Dress",
            "Cardigan",
            "Blouse",
            "High Rise Jeans",
            "Sweater",
            "Denim Jacket",
            "Midi Skirt",
            "Romper",
            "Blazer",
        ),
        _WOMENS,
        _COLORS + _PATTERNS,
        (12, 110),
        "small",
    ),
    Department(
        "Activewear",
        ("Lululemon", "Athleta", "Alo Yoga", "Vuori", "Fabletics", "Beyond Yoga"),
        ("Align Leggings", "Sports Bra", "Joggers", "Define Jacket", "Biker Shorts", "Tank Top"),
        _WOMENS,
        _COLORS,
        (15, 98),
        "small",
    ),
    Department(
        "Men's Clothing",
        (
            "Patagonia",
            "Levi's",
            "Ralph Lauren",
            "Carhartt",
            "The North Face",
            "Columbia",
            "Vineyard Vines",
            "Tommy Bahama",
            "Arc'teryx",
        ),
        (
            "Fleece Jacket",
            "Polo Shirt",
            "Hoodie",
            "Flannel Shirt",
            "Quarter Zip",
            "Puffer Vest",
            "Cargo Shorts",
            "Rain Jacket",
        ),
        _MENS,
        (*_COLORS, "Plaid", "Vintage"),
        (15, 140),
        "small",
    ),
    Department(
        "Shoes",
        (
            "Nike",
            "Adidas",
            "Birkenstock",
            "Dr. Martens",
            "UGG",
            "Converse",
            "Vans",
            "Sam Edelman",
            "Steve Madden",
            "Hoka",
            "New Balance",
        ),
        ("Sneakers", "Boots", "Sandals", "Slides", "Platform Shoes", "Running Shoes"),
        _SHOES,
        _COLORS,
        (20, 160),
        "medium",
    ),
    Department(
        "Handbags",
        (
            "Coach",
            "Kate Spade",
            "Michael Kors",
            "Tory Burch",
            "Longchamp",
            "Dooney & Bourke",
            "Fossil",
            "Vera Bradley",
            "Marc Jacobs",
        ),
        (
            "Crossbody Bag",
            "Tote",
            "Shoulder Bag",
            "Wristlet",
            "Mini Backpack",
            "Satchel",
            "Bifold Wallet",
            "Camera Bag",
        ),
        ("", "", "Large", "Small"),
        (*_COLORS, "Leopard", "Signature", "Pebbled Leather"),
        (25, 260),
        "medium",
    ),
    Department(
        "Jewelry",
        ("Kendra Scott", "Pandora", "James Avery", "Alex and Ani", "Swarovski", "Gorjana"),
        ("Necklace", "Charm Bracelet", "Drop Earrings", "Stud Earrings", "Ring", "Charm"),
        ("", "", "Size 6", "Size 7"),
        ("Gold", "Silver", "Rose Gold", "Sterling", "Crystal"),
        (15, 150),
        "small",
    ),
    Department(
        "Home Decor",
        ("Rae Dunn", "Pottery Barn", "Magnolia", "Threshold", "Hearth & Hand", "Kirkland's"),
        (
            "Canister",
            "Throw Pillow Cover",
            "Wreath",
            "Candle Holder",
            "Planter",
            "Felt Garland",
            "Table Runner",
            "Wall Sign",
        ),
        _INCHES,
        (*_SEASONAL, "White", "Black"),
        (10, 80),
        "medium",
    ),
    Department(
        "Kitchen",
        ("Le Creuset", "Lodge", "Pyrex", "Cuisinart", "J.A. Henckels", "OXO", "Staub", "Rae Dunn"),
        (
            "Dutch Oven",
            "Cast Iron Skillet",
            "Chef's Knife",
            "Baking Dish",
            "Serving Platter",
            "Mixing Bowl Set",
            "Mug Set",
        ),
        _INCHES,
        ("Red", "Cream", "Blue", "Vintage", "Enameled"),
        (12, 220),
        "large",
    ),
    Department(
        "Small Appliances",
        ("KitchenAid", "Instant Pot", "Ninja", "Keurig", "Nespresso", "Vitamix"),
        ("Stand Mixer Attachment", "Pressure Cooker", "Air Fryer", "Coffee Maker", "Blender"),
        ("", "", "6 Qt", "8 Qt"),
        ("Black", "Stainless", "Red"),
        (30, 280),
        "large",
    ),
    Department(
        "Electronics",
        ("Apple", "Bose", "Sony", "Samsung", "JBL", "Beats"),
        ("Headphones", "Earbuds", "Bluetooth Speaker", "Charging Case", "Smart Watch Band"),
        ("", "Gen 2", "Gen 3", "Bundle"),
        ("Black", "White", "Midnight", "Silver"),
        (18, 300),
        "medium",
    ),
    Department(
        "Video Games",
        ("Nintendo Switch", "PlayStation 5", "PS4", "Xbox Series X", "Nintendo 3DS"),
        ("Controller", "Game Lot", "Console Bundle", "Carrying Case", "Mario Kart Game"),
        ("", "", "Complete in Box"),
        ("", "Limited Edition", "Pink"),
        (15, 350),
        "medium",
    ),
    Department(
        "Beauty",
        (
            "Urban Decay",
            "Too Faced",
            "Charlotte Tilbury",
            "Fenty Beauty",
            "Tarte",
            "Glossier",
            "MAC",
            "Sephora Collection",
        ),
        (
            "Eyeshadow Palette",
            "Lipstick Set",
            "Foundation",
            "Setting Spray",
            "Mascara Duo",
            "Highlighter",
        ),
        ("", "Full Size", "Travel Size", "Sealed"),
        ("", "Limited Edition", "Holiday"),
        (10, 90),
        "small",
    ),
    Department(
        "Skin & Hair Care",
        ("Olaplex", "Drunk Elephant", "Tatcha", "Sol de Janeiro", "Dyson", "Bath & Body Works"),
        ("Hair Oil", "Moisturizer", "Body Cream", "Skincare Set", "Hair Dryer", "Candle Set"),
        ("", "Full Size", "Travel Size", "Sealed"),
        ("", "New", "Holiday"),
        (10, 300),
        "small",
    ),
    Department(
        "Fragrance",
        ("Chanel", "Dior", "Yves Saint Laurent", "Marc Jacobs Daisy", "Viktor & Rolf", "Gucci"),
        ("Eau de Parfum", "Eau de Toilette", "Perfume Gift Set", "Rollerball"),
        ("3.4 oz", "1.7 oz", "1 oz", "Mini"),
        ("", "Sealed", "Tester"),
        (25, 160),
        "small",
    ),
    Department(
        "Toys",
        ("LEGO", "Mega Bloks", "Magna-Tiles"),
        ("Building Set", "Minifigure Lot", "Star Wars Set", "Creator Set"),
        ("", "Retired", "Sealed", "100 pc"),
        ("", "Complete", "Sealed"),
        (10, 220),
        "medium",
    ),
    Department(
        "Dolls & Plush",
        (
            "Barbie",
            "American Girl",
            "Squishmallows",
            "Jellycat",
            "Build-A-Bear",
            "Disney Minnie Mouse",
        ),
        ("Doll", "Plush", "Dollhouse Furniture", "Doll Clothes Lot", "Plush Bundle"),
        ('12"', '16"', '20"', "Vintage", "Rare"),
        ("", "Pink", "Holiday"),
        (10, 160),
        "medium",
    ),
    Department(
        "Books",
        (
            "Colleen Hoover",
            "Harry Potter",
            "Taylor Jenkins Reid",
            "Rick Riordan",
            "Dr. Seuss",
            "Stephen King",
            "Sarah J. Maas",
        ),
        ("Hardcover", "Paperback Lot", "Box Set", "First Edition", "Signed Copy"),
        ("", "Like New", "Set of 3", "Set of 5"),
        ("",),
        (8, 70),
        "small",
    ),
    Department(
        "Oracle & Tarot",
        ("Wisdom of the Oracle", "Rider-Waite", "Moonology", "Work Your Light"),
        ("Oracle Cards", "Tarot Deck", "Guidebook Set"),
        ("", "Like New"),
        ("",),
        (10, 45),
        "small",
    ),
    Department(
        "Collectibles",
        (
            "Pokemon",
            "Disney",
            "Funko Pop",
            "Hallmark",
            "Precious Moments",
            "Star Wars",
            "Department 56",
        ),
        (
            "Trading Card Lot",
            "Pin Set",
            "Figurine",
            "Keepsake Ornament",
            "Vinyl Figure",
            "Snow Globe",
        ),
        ("", "Vintage", "Limited Edition", '6"', '10"'),
        ("", "Christmas", "Retired"),
        (8, 150),
        "small",
    ),
    Department(
        "Sports & Outdoors",
        ("YETI", "Hydro Flask", "Stanley", "Coleman", "Osprey", "Callaway"),
        (
            "Tumbler 40 oz",
            "Water Bottle",
            "Soft Cooler",
            "Camping Chair",
            "Hiking Daypack",
            "Golf Balls Dozen",
        ),
        ("", "New", "Like New"),
        ("Black", "Sage", "Rose Quartz", "Navy"),
        (15, 180),
        "large",
    ),
    Department(
        "Luggage",
        ("Samsonite", "Away", "Travelpro", "Calpak", "American Tourister", "Jessica Simpson"),
        ("Carry-on Luggage", "Spinner Suitcase", "Hardshell Luggage", "Weekender Bag"),
        ('20"', '21"', '24"', '28"'),
        ("Black", "Navy", "Rose Gold", "Floral"),
        (40, 300),
        "large",
    ),
    Department(
        "Pet Supplies",
        ("Kong", "Frisco", "Chuckit!", "Petmate", "Rae Dunn"),
        ("Dog Bed", "Cat Tree", "Dog Harness", "Treat Jar", "Pet Carrier", "Dog Bowl"),
        ('8"', '24"', '36"', "Size M", "Size L"),
        ("", "Gray", "Plaid"),
        (10, 90),
        "medium",
    ),
)

CONDITIONS: tuple[str, ...] = (
    "NWT",
    "NWOT",
    "EUC",
    "GUC",
    "New in Box",
    "Like New",
    "New",
    "RARE!",
    "HTF",
)
# Departments whose titles may carry a quoted word, e.g. Rae Dunn "EAT" canisters.
QUOTED_WORD_DEPARTMENTS = frozenset({"Home Decor", "Kitchen", "Pet Supplies"})
QUOTED_WORDS: tuple[str, ...] = ("HOME", "EAT", "BOO", "JOY", "LOVE", "BLESSED", "XOXO", "ENJOY")
EMOJI: tuple[str, ...] = (
    "\u2764\ufe0f",
    "\u2728",
    "\U0001f384",
    "\U0001f525",
    "\U0001f495",
    "\u2757",
)
# Whole titles for the oddest real-world shapes (two inch marks, trailing inch mark).
ODD_TITLES: tuple[str, ...] = (
    '2 EXTRA LARGE Chess Pieces 14" KING & 12" QUEEN Decor New & RARE!',
    'Frenchie Luggage Set 20" and 24"',
    'Star Wars PEVA Tablecloth 70" Round',
    'Farmhouse Felt Heart Garland 72" | Tier Tray Decor',
)
BUYER_FIRST_NAMES: tuple[str, ...] = (
    "Avery",
    "Jordan",
    "Riley",
    "Casey",
    "Morgan",
    "Taylor",
    "Jamie",
    "Quinn",
    "Harper",
    "Rowan",
    "Emerson",
    "Skyler",
    "Dakota",
    "Reese",
    "Parker",
    "Sage",
    "Remy",
    "Blair",
    "Lane",
    "Kendall",
)
BUYER_INITIALS = "ABCDEFGHJKLMNPRSTW"

# (state, relative order volume, combined sales-tax rate in basis points)
STATES: tuple[tuple[str, int, int], ...] = (
    ("Alabama", 15, 924),
    ("Alaska", 2, 0),
    ("Arizona", 22, 837),
    ("Arkansas", 9, 947),
    ("California", 120, 882),
    ("Colorado", 18, 777),
    ("Connecticut", 11, 635),
    ("Delaware", 3, 0),
    ("District of Columbia", 2, 600),
    ("Florida", 66, 702),
    ("Georgia", 33, 738),
    ("Hawaii", 4, 450),
    ("Idaho", 6, 603),
    ("Illinois", 38, 886),
    ("Indiana", 21, 700),
    ("Iowa", 10, 694),
    ("Kansas", 9, 869),
    ("Kentucky", 14, 600),
    ("Louisiana", 14, 955),
    ("Maine", 4, 550),
    ("Maryland", 19, 600),
    ("Massachusetts", 21, 625),
    ("Michigan", 30, 600),
    ("Minnesota", 17, 749),
    ("Mississippi", 9, 707),
    ("Missouri", 19, 829),
    ("Montana", 3, 0),
    ("Nebraska", 6, 697),
    ("Nevada", 10, 823),
    ("New Hampshire", 4, 0),
    ("New Jersey", 28, 660),
    ("New Mexico", 6, 772),
    ("New York", 58, 852),
    ("North Carolina", 32, 698),
    ("North Dakota", 2, 696),
    ("Ohio", 35, 724),
    ("Oklahoma", 12, 899),
    ("Oregon", 12, 0),
    ("Pennsylvania", 39, 634),
    ("Rhode Island", 3, 700),
    ("South Carolina", 16, 746),
    ("South Dakota", 3, 611),
    ("Tennessee", 21, 955),
    ("Texas", 88, 820),
    ("Utah", 10, 719),
    ("Vermont", 2, 624),
    ("Virginia", 26, 577),
    ("Washington", 23, 938),
    ("West Virginia", 5, 652),
    ("Wisconsin", 17, 570),
    ("Wyoming", 2, 536),
)

# Buyer-paid label prices by parcel size, in cents.
SHIPPING_CENTS: dict[str, tuple[int, ...]] = {
    "small": (499, 599, 699, 799, 460, 430),
    "medium": (799, 899, 999, 1099, 984, 740),
    "large": (1350, 1725, 2000, 2200, 1300, 1495),
}
