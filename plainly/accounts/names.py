"""Display names readers can tell apart: none that passes for staff or for another member.

Two names clash when they look alike: the same letters in another case or spacing, with accents,
or with look-alike letters from other scripts or digits ("Demo Admin", "demo  admin", "Dem0
Admin" with a Cyrillic A). Each name is reduced to a skeleton that such changes do not alter,
after Unicode's table of confusable characters (as confusable_homoglyphs ships it), and
skeletons are compared.
"""

import functools
import json
import unicodedata
from pathlib import Path

import confusable_homoglyphs
from django.core.exceptions import ValidationError

# Words that make a name look like the site speaking; only staff may use them.
STAFF_WORDS = ("admin", "moderator", "editor", "staff", "official")


# Unicode's table of look-alikes, worked out once (``write_look_alikes``): reading the whole
# table, 900 KB of JSON, left each server process 8 MB larger after its first comment.
LOOK_ALIKES = Path(__file__).with_name("look_alikes.json")


@functools.cache
def _look_alikes() -> dict[str, str]:
    """Each character that Unicode lists as confusable, mapped to one of its kind: a lowercase
    Latin letter where the kind has one (a Cyrillic o, "O" and "0" all become "o")."""
    return json.loads(LOOK_ALIKES.read_text(encoding="utf-8"))


def look_alikes_from_unicode() -> dict[str, str]:
    """``_look_alikes``, worked out from the table confusable_homoglyphs ships."""
    table = json.loads(
        (Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text()
    )
    parent: dict[str, str] = {}

    def root(character: str) -> str:
        while parent.get(character, character) != character:
            character = parent[character]
        return character

    for character, homoglyphs in table.items():
        for homoglyph in homoglyphs:
            other = homoglyph["c"].strip("\u200e")  # some entries carry direction marks
            if len(character) == 1 and len(other) == 1 and root(character) != root(other):
                parent[root(other)] = root(character)
    kinds: dict[str, list[str]] = {}
    for character in set(parent) | set(parent.values()):
        kinds.setdefault(root(character), []).append(character)
    mapped = {}
    for members in kinds.values():
        letters = [c for c in members if c.isascii() and c.isalpha()]
        chosen = min(c.lower() for c in letters) if letters else min(members)
        mapped.update(dict.fromkeys(members, chosen))
    return mapped


def write_look_alikes() -> None:
    """Work out the look-alikes again, after an upgrade of confusable_homoglyphs:
    ``python -c "from plainly.accounts.names import write_look_alikes; write_look_alikes()"``."""
    table = json.dumps(look_alikes_from_unicode(), sort_keys=True, indent=0)  # a pair a line
    LOOK_ALIKES.write_text(table + "\n", encoding="utf-8")


# Marks that pass for letters in a name, which Unicode's table lists for no letter: "Adm!n".
MARKS_AS_LETTERS = str.maketrans({"!": "i", "¡": "i", "|": "l", "$": "s", "@": "a", "€": "e"})


def fold(text: str, *, marks_as_letters: bool = True) -> str:
    """``text`` as a reader sees it: case, accents, invisible characters and look-alike
    characters taken out. Spaces and punctuation stay, so words can still be told apart;
    ``marks_as_letters`` reads the marks that pass for letters as those letters ("Adm!n")."""
    look_alikes = _look_alikes()
    if marks_as_letters:
        text = text.translate(MARKS_AS_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    letters = [
        look_alikes.get(character, character)
        for character in decomposed
        # Accents, and characters that show nothing (a zero-width space inside a word).
        if not unicodedata.combining(character) and unicodedata.category(character) != "Cf"
    ]
    return "".join(look_alikes.get(c, c) for c in "".join(letters).casefold())


def skeleton(name: str) -> str:
    """What ``name`` looks like to a reader, with case, spacing, punctuation, accents and
    look-alike characters taken out."""
    return "".join(c for c in fold(name) if c.isalnum()).replace("rn", "m")


def check_display_name(name: str, *, taken: bool, staff: bool) -> None:
    """Refuse a name that passes for another member's (``taken``: its skeleton is in use) or,
    unless ``staff``, for the site's staff."""
    if taken:
        raise ValidationError(
            "That name is too like another member’s. Choose one readers can tell apart."
        )
    if not staff and any(skeleton(word) in skeleton(name) for word in STAFF_WORDS):
        raise ValidationError("Names that sound like the site’s staff are kept for the staff.")
