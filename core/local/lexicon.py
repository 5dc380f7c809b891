"""Cue phrases (Russian and English) that hint at each role, compiled into regexes.

Entries are matched on normalised text (lower case, ё -> е). An entry ending in ``*`` matches
any word that starts with it (Russian endings, English suffixes); other entries match whole
words or phrases. The lists hold general discourse markers, never words of a particular draft.
"""

from __future__ import annotations

import re

EXAMPLE_OPENERS = (
    "for example", "for instance", "take", "consider", "imagine", "suppose", "say you",
    "let's say", "a typical", "here is how", "here's how", "in practice", "case in point",
    "a case", "once", "last year", "last week", "a friend", "a colleague", "another reader",
    "a reader", "my neighbo*", "my colleague", "my friend", "my own",
    "например", "к примеру", "возьмем", "возьмите", "представьте", "допустим", "вот как",
    "пример*", "на практике", "однажды", "как-то раз", "мой сосед", "моя соседка",
    "мой друг", "моя подруга", "мой коллега", "моя коллега", "знаком*", "хорошо это видно",
)

EXAMPLE = (
    "for example", "for instance", "e.g", "such as", "in one case", "one day", "years ago",
    "last year", "experiment*", "case study", "test case", "volunteers", "participants",
    "my neighbo*", "a colleague", "a friend", "например", "к примеру", "в частности",
    "однажды", "лет назад", "в прошлом году", "эксперимент*", "на примере", "сосед*",
    "коллег*", "приятел*", "знаком*", "случай", "история из", "из нашего", "из моего",
)

CONTRAST = (  # connectives: weak alone, telling in numbers
    "but", "however", "whereas", "while", "yet", "although", "though", "instead", "both",
    "rather than", "more than", "the first", "the second", "neither",
    "однако", "но", "зато", "хотя", "вместо", "а не", "чем", "первый", "второй",
)

CONTRAST_STRONG = (  # explicit opposition or comparison
    "unlike", "in contrast", "on the other hand", "on the contrary", "opposite*", "differ*",
    "versus", "vs", "conversely", "against each other", "commonly believed", "confused with",
    "compared to", "compared with", "two ways", "the other way round", "whereas",
    "в отличие", "противополож*", "разниц*", "по-разному", "тогда как", "в то время как",
    "наоборот", "путают", "с одной стороны", "с другой стороны", "напротив", "другое дело",
    "принято считать", "в разные стороны", "по сравнению", "в сравнении", "сравни*",
)

METAPHOR = (
    "like a", "like an", "as if", "as though", "resembl*", "similar to", "akin to",
    "a kind of", "a sort of", "metaphor*", "analog*",
    "как будто", "словно", "будто", "подобно", "похож*", "напомина*", "как бы", "точно так",
    "метафор*", "аналоги*", "своего рода",
)

IRONY_OPENERS = (  # a paragraph that opens like this is usually tongue-in-cheek
    "of course", "naturally", "obviously", "needless to say", "surely", "students, of course",
    "конечно", "разумеется", "ну конечно", "естественно", "особенно трогательн*",
)

HUMOR = (
    "of course", "apparently", "naturally", "obviously", "needless to say", "nothing says",
    "quite like", "proven method", "excellent", "brilliant", "genius", "what could go wrong",
    "no wonder", "joke*", "funny", "lol", "haha", "ironic*", "sarcas*", "as ever",
    "sincerely", "proudly", "famous*", "surely", "clearly", "somehow", "legendary",
    "конечно", "разумеется", "естественно", "очевидно", "судя по", "как известно",
    "трогательн*", "надо признать", "во всяком случае", "шутк*", "смешн*", "ирони*",
    "гениальн*", "искренне", "проверено", "в принципе", "чудесн*", "прекрасн*", "почему-то",
    "легендарн*", "непременно", "ну да",
)

LYRICAL = (
    "grandmother", "grandfather", "grandma", "grandpa", "my father", "my mother", "my dad",
    "my mum", "my mom", "childhood", "as a child", "when i was", "i grew up", "grew up",
    "i remember", "i sometimes think", "i sometimes wonder", "sometimes think", "i wonder",
    "wonder how", "there is a particular", "there is something", "century", "centuries",
    "medieval", "ancient", "folk", "poet*", "philosoph*", "soul", "nostalg*", "proverb*",
    "wisdom", "quiet", "silence", "memory of", "used to",
    "бабушк*", "дедушк*", "дед", "отец", "отца", "мама", "мамы", "детств*", "в детстве",
    "помню", "вспомина*", "мне кажется", "мне иногда кажется", "иногда кажется", "иногда мне",
    "иногда я", "я думаю", "есть что-то", "мне нравится", "мне всегда",
    "веками", "века", "векам", "культур*", "душ*", "философ*", "поэт*", "вечн*",
    "давным-давно", "ностальг*", "тишин*",
)

VEHICLES = (  # common metaphor vehicles: counted only when foreign to the draft's vocabulary
    "island", "ocean", "sea", "river", "bridge", "map", "city", "town", "orchestra", "theat*",
    "stage", "machine", "engine", "garden", "forest", "storm", "weather", "battle*", "war",
    "army", "soldier*", "ladder", "mirror", "book", "library", "archive", "ship", "voyage",
    "journey", "labyrinth", "maze", "puzzle", "recipe", "muscle*", "skeleton", "heart",
    "остров*", "океан*", "море", "рек*", "мост*", "карт*", "город*", "оркестр*", "театр*",
    "сцен*", "машин*", "механизм*", "сад", "лес", "бур*", "погод*", "битв*", "войн*",
    "арми*", "солдат*", "лестниц*", "зеркал*", "книг*", "библиотек*", "архив*", "корабл*",
    "путешеств*", "лабиринт*", "головоломк*", "рецепт*", "скелет*", "мышц*", "сердц*",
)

SUMMARY = (
    "in short", "in a word", "in one line", "one line", "to sum up", "in sum", "bottom line",
    "to summarize", "in summary", "summing up", "tl;dr",
    "the point is", "the rule", "the key", "the main", "main thing", "what matters",
    "all in all", "ultimately", "in the end", "if i had to", "the lesson", "the real",
    "whatever", "the best", "is not the", "not a", "rather than",
    "главное", "суть", "итак", "таким образом", "одна мысль", "одной мысли", "если свести",
    "правило", "в итоге", "в конечном счете", "короче", "вывод", "самое важное", "итого",
    "подводя итог", "резюмируя",
    "самое главное", "нельзя", "лучший", "лучше всего",
)

TRANSITION = (
    "now", "next", "let's", "let us", "turn to", "move on", "moving on", "what about",
    "so what", "that covers", "half the story", "the other half", "once the", "begins",
    "before we", "first, though", "and now", "which brings", "what does", "what happens",
    "теперь о", "теперь", "перейдем", "перейти", "дальше", "далее", "разобрались",
    "но если", "начнем", "вернемся", "вернуться", "остается", "осталось", "прежде чем",
    "сначала", "что именно", "а что", "с этим", "всё это", "все это",
    "здесь начинается", "чтобы ответить",
)

TOPIC_CHANGE = (
    "by the way", "speaking of", "on a different note", "on another note", "separately",
    "a different", "different story", "another story", "another topic", "its own",
    "a separate", "next time", "next post", "next month", "next week", "next issue",
    "future post", "another post", "deserves", "different beast", "meaning to write",
    "a reader asked", "readers ask", "have asked", "change of subject", "switching gears",
    "unrelated", "side note", "which reminds me", "off topic", "off-topic",
    "отвлекусь", "не по теме", "к слову",
    "кстати", "а теперь о другом", "отдельн*", "другая тема", "совсем другая",
    "совсем другой", "совсем другие", "другая история", "в следующий раз",
    "следующем посте", "следующий пост",
    "следующем тексте", "следующий текст", "посвящ*", "заслуживает", "в последнее время",
    "меня спрашивают", "спрашивают", "об этом —", "об этом в",
    "это уже не", "переключ*",
)

NOISE = (
    "subscri*", "unsubscri*", "newsletter", "cookie*", "affiliate*", "commission",
    "sponsored", "advertis*", "promo*", "discount", "coupon", "follow us", "follow @",
    "instagram", "facebook", "twitter", "telegram", "youtube", "tiktok", "share this",
    "pin this", "tags", "read also", "read more", "related posts", "click here", "sign up",
    "privacy", "terms of", "all rights reserved", "copyright", "photo", "image credit",
    "shop", "reader-supported", "paid subscription", "receiving this email", "hit reply",
    "accept all", "manage preferences", "thanks for supporting",
    "подпис*", "реклам*", "промокод*", "скидк*", "лайк*", "репост*", "читайте также",
    "теги", "тег", "хештег*", "хэштег*", "партнерск*", "cookie", "ctrl+enter", "опечатк*",
    "фото на обложке", "пресс-служб*", "сторис", "телеграм*", "инстаграм*", "канал*",
    "марафон*", "розыгрыш*", "подборк*", "сертификат*", "онлайн-школ*", "поделитесь",
    "ставьте", "отмечайте", "сохраните", "рассылк*",
)

FIRST_PERSON = ("i", "me", "my", "mine", "myself", "i'm", "i've", "i'd",
                "я", "меня", "мне", "мой", "моя", "мое", "мои", "моей", "моего", "моих", "моим",
                "мною", "мной")
FIRST_PLURAL = ("we", "us", "our", "ours", "мы", "нас", "нам", "наш*")
SECOND_PERSON = ("you", "your", "yours", "yourself", "вы", "вас", "вам", "ваш*", "ты",
                 "тебя", "тебе", "твой", "твоя", "твои")
NEGATION = ("not", "no", "never", "isn't", "don't", "doesn't", "не", "нет", "ни")


def compile_cues(entries: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any entry (see the module docstring for the ``*`` rule)."""
    parts = []
    for entry in sorted(entries, key=len, reverse=True):
        prefix = entry.endswith("*")
        body = re.escape(entry.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if prefix else r"(?![\w])"))
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + ")")


CUES: dict[str, re.Pattern[str]] = {
    name: compile_cues(entries)
    for name, entries in {
        "example": EXAMPLE, "contrast": CONTRAST, "contrast_strong": CONTRAST_STRONG,
        "metaphor": METAPHOR, "humor": HUMOR,
        "lyrical": LYRICAL, "vehicles": VEHICLES, "summary": SUMMARY, "transition": TRANSITION,
        "topic_change": TOPIC_CHANGE, "noise": NOISE, "first_person": FIRST_PERSON,
        "first_plural": FIRST_PLURAL, "second_person": SECOND_PERSON, "negation": NEGATION,
    }.items()
}
EXAMPLE_OPENER = compile_cues(EXAMPLE_OPENERS)
IRONY_OPENER = compile_cues(IRONY_OPENERS)
