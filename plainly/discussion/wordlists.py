"""The site's hold and reject lists, matched as readers read: whole words and phrases.

An entry ``ass`` is in "ASS!" but not in "class" or "passage", and the phrase "buy now" is in
"Buy  now" but not in "buy nowhere". Case, accents, characters that show nothing (a zero-width
space inside a word) and look-alike letters from other scripts do not hide a word: text and
entries are both folded the way display names are compared (``accounts.names.fold``).
"""

import re

from plainly.accounts.names import fold

# Letters and digits; anything else (spaces, punctuation, the underscore) separates words.
WORD = re.compile(r"[^\W_]+")


def words(text: str, *, marks_as_letters: bool = True) -> list[str]:
    # "rn" passes for "m" on screen, as it does for names.
    folded = fold(text, marks_as_letters=marks_as_letters)
    return [word.replace("rn", "m") for word in WORD.findall(folded)]


def first_found(text: str, entries: list[str]) -> str | None:
    """The first of ``entries`` (words or phrases) that ``text`` says, or None.

    The text is read twice: with "!", "$" and the like as the letters they pass for ("v!agra"),
    and as the punctuation they usually are ("buy now!").
    """
    readings = [words(text), words(text, marks_as_letters=False)]
    for entry in entries:
        wanted = words(entry, marks_as_letters=False)
        if wanted and any(_says(said, wanted) for said in readings):
            return entry
    return None


def _says(said: list[str], wanted: list[str]) -> bool:
    size = len(wanted)
    return any(said[i : i + size] == wanted for i in range(len(said) - size + 1))
