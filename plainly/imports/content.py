"""An old page's HTML as a question's parts: the short answer, the body's blocks, the key facts,
the FAQ and the sources, each found where the content has it, with a note of how.

WordPress's block comments are dropped, known shortcodes are unwrapped and unknown ones removed
(and reported); only the markup the question's fields allow survives."""

import html
import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

FAQ_HEADING = re.compile(r"^\s*(frequently asked questions|faqs?)\s*:?\s*$", re.I)
FACTS_HEADING = re.compile(r"^\s*(more about\b.*|key facts|quick facts|facts)\s*:?\s*$", re.I)
SOURCES_HEADING = re.compile(r"^\s*(sources|references|further reading)\s*:?\s*$", re.I)
QA = re.compile(r"^\s*Q\s*[:.]\s*(?P<q>.+?)\s*A\s*[:.]\s*(?P<a>.+)$", re.I | re.S)
SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)([^\]]*)\]")
# Shortcodes whose content is kept and whose wrapper goes.
UNWRAPPED = {"caption", "wp_caption", "embed", "audio", "video"}
INLINE = {"b", "strong", "i", "em", "a", "br", "sup", "sub"}


@dataclass
class Parts:
    short_answer: str = ""  # plain text
    blocks: list[tuple[str, object]] = field(default_factory=list)  # (block type, value)
    key_facts_heading: str = ""
    key_facts: list[str] = field(default_factory=list)
    faq: list[tuple[str, str]] = field(default_factory=list)  # (question, answer as text)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    found: list[str] = field(default_factory=list)  # how each part was found
    dropped: list[str] = field(default_factory=list)  # what was left out


CAPTION = re.compile(r"\[(?:wp_)?caption[^\]]*\](?P<inner>.*?)\[/(?:wp_)?caption\]", re.S | re.I)
# The image (perhaps in a link) a caption shortcode opens with; its words follow.
CAPTIONED = re.compile(
    r"^\s*(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?P<words>.*)$", re.S
)


def _as_figure(match: re.Match) -> str:
    """WordPress's classic ``[caption]<img> words[/caption]`` as the figure it stands for."""
    inner = CAPTIONED.match(match["inner"])
    if inner is None:
        return match["inner"]
    return f"<figure>{inner['image']}<figcaption>{inner['words'].strip()}</figcaption></figure>"


def without_shortcodes(text: str, dropped: list[str]) -> str:
    text = CAPTION.sub(_as_figure, text)

    def replace(match: re.Match) -> str:
        name = match.group(2).lower()
        if name not in UNWRAPPED:
            dropped.append(f"shortcode [{name}]")
        return ""

    return SHORTCODE.sub(replace, text)


def parts_of(content: str, excerpt: str = "") -> Parts:
    parts = Parts()
    soup = BeautifulSoup(without_shortcodes(content, parts.dropped), "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()  # Gutenberg's <!-- wp:... --> markers
    embedded = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            embedded.append(json.loads(script.string or ""))
        except ValueError:
            parts.dropped.append("JSON-LD that is not JSON")
        script.decompose()
    for gone in soup.find_all(["script", "style", "iframe", "form"]):
        parts.dropped.append(f"<{gone.name}>")
        gone.decompose()
    elements = _top_level(soup)
    section = None
    for element in elements:
        if element.name in {"h2", "h3", "h4"} and _section_of(element.get_text()):
            section = _section_of(element.get_text())
            if section == "facts":
                parts.key_facts_heading = plain_words(element.get_text()).rstrip(" :")
            parts.found.append(f"{section} from the heading “{plain_words(element.get_text())}”")
            continue
        if element.name == "h2":
            section = None  # a heading of another kind ends the section
        if (section == "faq" or element.name == "details") and _take_faq(element, parts):
            continue
        if section == "facts" and element.name in {"ul", "ol"}:
            parts.key_facts += [
                plain_words(li.get_text()) for li in element.find_all("li", recursive=False)
            ]
            continue
        if section == "sources" and element.name in {"ul", "ol"}:
            for li in element.find_all("li", recursive=False):
                link = li.find("a", href=True)
                parts.sources.append((plain_words(li.get_text()), link["href"] if link else ""))
            continue
        _as_block(element, parts)
    if not parts.faq and faq_from_json_ld(embedded):
        parts.faq = faq_from_json_ld(embedded)
        parts.found.append("FAQ from FAQPage JSON-LD")
    if excerpt.strip():
        parts.short_answer = plain_words(BeautifulSoup(excerpt, "html.parser").get_text())
        parts.found.append("short answer from the excerpt")
    else:
        first = next((i for i, (kind, _) in enumerate(parts.blocks) if kind == "paragraph"), None)
        if first is not None:
            text = plain_words(BeautifulSoup(parts.blocks[first][1], "html.parser").get_text())
            if len(text) <= SHORT_ANSWER_LIMIT:
                parts.blocks.pop(first)
                parts.short_answer = text
                parts.found.append("short answer from the first paragraph")
            else:  # its opening sentences, the paragraph kept whole in the body
                parts.short_answer = _opening(text)
                parts.found.append("short answer cut from a long first paragraph")
    return parts


SHORT_ANSWER_LIMIT = 600  # characters, as the page editor allows


def _opening(text: str) -> str:
    """The sentences ``text`` opens with that fit in a short answer."""
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(kept) + len(sentence) + 1 > SHORT_ANSWER_LIMIT:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or text[: SHORT_ANSWER_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def doubts(parts: Parts) -> list[str]:
    """Why a question's structure needs an editor's eye before it is published, if it does."""
    found = []
    if not parts.short_answer:
        found.append("no short answer found: write one")
    elif "short answer cut from a long first paragraph" in parts.found:
        found.append("its short answer was cut from a long first paragraph: check it")
    if not parts.short_answer and not parts.blocks:
        found.append("no text found: check the page's content")
    return found


def schema_things(documents, *types: str) -> list[dict]:
    """The schema.org items of ``types`` among JSON-LD ``documents`` (or extruct's microdata),
    those in an @graph included."""
    found = []

    def visit(thing):
        if isinstance(thing, list):
            for each in thing:
                visit(each)
        elif isinstance(thing, dict):
            kind = thing.get("@type")
            if any(each in types for each in (kind if isinstance(kind, list) else [kind])):
                found.append(thing)
            visit(thing.get("@graph", []))

    visit(documents)
    return found


def faq_from_json_ld(documents) -> list[tuple[str, str]]:
    """The question and answer pairs of the FAQPage items among JSON-LD ``documents``, answers
    as plain text."""
    pairs = []
    for faq in schema_things(documents, "FAQPage"):
        entities = faq.get("mainEntity") or []
        for entity in entities if isinstance(entities, list) else [entities]:
            if not isinstance(entity, dict):
                continue
            answer = entity.get("acceptedAnswer") or {}
            answer = answer[0] if isinstance(answer, list) and answer else answer
            text = answer.get("text", "") if isinstance(answer, dict) else ""
            question = plain_words(str(entity.get("name") or ""))
            text = plain_words(BeautifulSoup(str(text), "html.parser").get_text())
            if question and text:
                pairs.append((question, text))
    return pairs


def _top_level(soup) -> list:
    """The content's blocks: its top elements, with text between them (old editors' bare lines
    separated by <br>) gathered into paragraphs."""
    elements, loose = [], []

    def flush():
        text = "".join(str(piece) for piece in loose).strip()
        loose.clear()
        for chunk in re.split(r"(?:<br\s*/?>\s*){2,}|\n\s*\n", text):
            if chunk.strip():
                paragraph = BeautifulSoup(f"<p>{chunk.strip()}</p>", "html.parser").p
                elements.append(paragraph)

    for child in list(soup.children):
        if isinstance(child, NavigableString) or (isinstance(child, Tag) and child.name in INLINE):
            loose.append(child)
            continue
        flush()
        if child.name in {"div", "section", "article", "figure"} and child.find(
            ["p", "h2", "h3", "ul", "ol"]
        ):
            elements += _top_level(child)
        else:
            elements.append(child)
    flush()
    return elements


def _section_of(heading: str) -> str | None:
    for name, pattern in [
        ("faq", FAQ_HEADING),
        ("facts", FACTS_HEADING),
        ("sources", SOURCES_HEADING),
    ]:
        if pattern.match(heading):
            return name
    return None


def _take_faq(element, parts: Parts) -> bool:
    """Add ``element`` to the FAQ (a question heading, its answer, a <details> or a "Q: A:"
    paragraph); whether it was one of those."""
    if element.name in {"h3", "h4"}:
        parts.faq.append((plain_words(element.get_text()), ""))
        return True
    if element.name == "details" and element.summary:
        question = plain_words(element.summary.get_text())
        element.summary.extract()
        parts.faq.append((question, plain_words(element.get_text())))
        return True
    if element.name == "p":
        qa = QA.match(element.get_text("\n"))
        if qa:
            parts.faq.append((plain_words(qa["q"]), plain_words(qa["a"])))
            return True
        if parts.faq:
            question, answer = parts.faq[-1]
            parts.faq[-1] = (question, f"{answer}\n\n{plain_words(element.get_text())}".strip())
            return True
    return False


def _as_block(element, parts: Parts) -> None:
    name = getattr(element, "name", None)
    if name in {"h2", "h3", "h4", "h5"}:
        if plain_words(element.get_text()):
            parts.blocks.append(("heading", plain_words(element.get_text())[:120]))
    elif name == "p":
        for img in element.find_all("img"):
            _image(img, element, parts)
        inner = _inline_html(element)
        if inner:
            parts.blocks.append(("paragraph", f"<p>{inner}</p>"))
    elif name in {"ul", "ol"}:
        items = "".join(
            f"<li>{_inline_html(li)}</li>" for li in element.find_all("li", recursive=False)
        )
        if items:
            parts.blocks.append(("paragraph", f"<{name}>{items}</{name}>"))
    elif name == "blockquote":
        cite = element.find("cite")
        attribution = plain_words(cite.get_text()) if cite else ""
        if cite:
            cite.extract()
        # Cut to what the quote block holds, so that an editor can save the page as it is.
        parts.blocks.append(
            (
                "quote",
                {"text": plain_words(element.get_text())[:1500], "attribution": attribution[:200]},
            )
        )
    elif name in {"img", "figure"}:
        img = element if name == "img" else element.find("img")
        if img is not None:
            _image(img, element, parts)
    elif name == "table":
        parts.dropped.append("a table")
    elif name and plain_words(element.get_text()):
        parts.blocks.append(("paragraph", f"<p>{html.escape(plain_words(element.get_text()))}</p>"))


def _image(img, container, parts: Parts) -> None:
    """An image block, to be matched with a file of the old site's uploads when written."""
    caption = container.find("figcaption") if hasattr(container, "find") else None
    parts.blocks.append(
        (
            "image",
            {
                "src": img.get("src", ""),
                "alt": plain_words(img.get("alt", "")),
                "caption": plain_words(caption.get_text())[:300] if caption else "",
            },
        )
    )


def _inline_html(element) -> str:
    """The element's text with the emphasis and links a paragraph may hold, nothing else."""
    return " ".join(inline_html(element).split())


def inline_html(element, *, breaks: bool = False, images: bool = False) -> str:
    """``element``'s inline content as HTML: its text, emphasis and web links; its line breaks
    and images too when asked (for markup that is read again), else a space and nothing."""
    out = []
    for child in element.children if isinstance(element, Tag) else []:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, doctype or CDATA
                out.append(html.escape(str(child)))
            continue
        inner = inline_html(child, breaks=breaks, images=images)
        if child.name == "br":
            out.append("<br>" if breaks else " ")
        elif child.name in {"b", "strong"}:
            out.append(f"<b>{inner}</b>")
        elif child.name in {"i", "em"}:
            out.append(f"<i>{inner}</i>")
        elif child.name == "a" and child.get("href", "").startswith(("http://", "https://", "/")):
            out.append(f'<a href="{html.escape(child["href"])}">{inner}</a>')
        elif child.name == "img":
            out.append(str(child) if images else "")
        else:
            out.append(inner)
    return "".join(out)


def text_of(markup: str) -> str:
    """A reader's comment written in HTML as the plain text Plainly keeps: its paragraphs and
    line breaks, and each link's words with its address after them."""
    soup = BeautifulSoup(re.sub(r"<br\s*/?>", "\n", markup, flags=re.I), "html.parser")
    for link in soup.find_all("a", href=True):
        link.replace_with(f"{link.get_text()} ({link['href']})")
    for block in soup.find_all(["p", "div"]):
        block.insert_after("\n\n")
    chunks = re.split(r"\n\s*\n", soup.get_text())
    return "\n\n".join(" ".join(chunk.split()) for chunk in chunks if chunk.strip())


def plain_words(text: str) -> str:
    """``text`` with its runs of white space made single spaces, and none at its ends."""
    return " ".join(text.split())
