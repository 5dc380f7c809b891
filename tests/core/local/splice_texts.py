"""A short English bicycle guide and a borscht recipe to splice into it (tests of relevance)."""

BIKE = [
    "# How to choose your first bicycle",
    "Start with the frame size: stand over the top tube and keep a few centimetres of room "
    "between you and the tube. If the frame touches you, it is not your size, whatever the "
    "shop assistant says.",
    "Then the type. For the city a hybrid is enough: an upright position, 28-inch wheels and "
    "mudguards. A mountain bike only makes sense if you really ride in the forest.",
    "Gears matter less than people think. Seven speeds cover every hill in a normal town; "
    "twenty-seven mostly give you more to adjust and more to break.",
    "Brakes: discs stop better in the rain, rim brakes are easier to fix on the road. In a "
    "city the difference is small, in the hills discs are worth their price.",
    "Do not save on the helmet and the lock. A good lock costs a tenth of the bike and "
    "saves the whole of it; the helmet saves the head.",
    "Ride it before you buy it: ten minutes around the block tell you more about the saddle "
    "and the frame than any catalogue.",
]
BORSCHT = [
    "For the broth, simmer beef on the bone for two hours with a bay leaf and a few "
    "peppercorns, skimming the foam.",
    "Grate the beetroot and stew it separately with a spoon of vinegar and tomato paste so "
    "the soup keeps its deep red colour.",
    "Add shredded cabbage, potatoes and the fried onion and carrot, then the beetroot, and "
    "serve with sour cream, garlic and rye bread.",
]
