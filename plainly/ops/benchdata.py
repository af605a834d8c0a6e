"""A large, realistic site for benchmarks: topics, questions and comments in bulk.

Pages are written the way Wagtail stores them (tree paths, URL paths, the specific table, the search
index) but in batches of a thousand rather than one ``add_child`` at a time, which would take hours
for 100,000 pages. They are live without revisions: a benchmark reads pages, it does not edit them.
Sizes follow the demo's: a title of 6 to 12 words, an answer of 2 sentences, 3 to 6 body paragraphs,
3 to 8 FAQ items, 2 to 6 key facts, 2 to 5 sources; comments cluster on popular questions.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from plainly.discussion import markup
from plainly.discussion.models import Comment
from plainly.ops import statistics
from plainly.questions.models import FAQItem, HomePage, KeyFact, QuestionPage, Source, TopicPage

BATCH = 1000
COMMENT_BATCH = 10_000
QUESTIONS_PER_TOPIC = 2000
REPLY_SHARE = 0.25

# Plain words to make text from; their mix, not their sense, is what search and rendering feel.
VOCABULARY = """
about above across after again against almost alone along already always amount animal answer
anyone appear april area army around artist autumn average away baby balance bank base battle bear
beauty become before begin behind believe below benefit better between beyond bird birth black
blood board boat body bone book border bottom brain bread bridge bright bring brother budget build
burn business button cabin camera capital carbon care carry castle cause ceiling center century
chain chance change chapter charge cheap chemical child choice church circle city claim class
clean clear climate clock close cloud coast coffee cold colour common company compare complete
computer concern condition contain control copper corner cotton count country course cover crowd
culture current custom damage danger dark daughter death debate decide deep defect degree demand
desert design detail develop diet direct disease distance doctor dollar double dream drink drive
during early earth east economy edge effect effort eight election energy engine enough entire
equal escape evening event evidence exact example expect explain factor family famous farm father
fear feature field figure final finger fire first fish flight floor flower follow food force
forest forget form forward fossil four freedom fresh friend front fruit future garden gas general
gentle glass gold government grain grass gravity great green ground group growth guard guess habit
half hand harbour harvest health heart heat heavy height history hole holiday home honey horse
hospital hour house human hunger idea image income island journey judge juice jungle justice key
kitchen knowledge labour lake land language large later laugh law layer leader learn leather legal
lemon letter level library light limit liquid list little local long machine magnet major market
matter meal measure medicine memory metal middle milk million mineral minute mirror modern moment
money month moon morning mother motion mountain music nation nature north number ocean office
orbit order origin oxygen paint paper parent party passage past pattern peace people period person
picture planet plant plastic player pocket poem point police policy pollen power present press
price prison problem process public purpose quarter question quiet radio rain range rate reason
record region religion report result river road rock rule safety salt sample school science season
second secret seed sense service shadow shape share ship shore signal silver simple single sister
size skin sleep small smoke snow society soil soldier sound south space speech speed spring square
stage star station steam steel stone storm story street strength student study sugar summer supply
surface system table teacher test theory thing thought thunder ticket tide time tooth total tower
trade train travel treaty tree trial tribe truth tunnel union unit valley value village virus
voice volcano voyage wage war water wave wealth weather weight west wheat wheel whole window
winter wire wood word work world year yellow young zone
"""
WORDS = VOCABULARY.split()
# Real text uses a few words often and most words rarely (Zipf's law). The plain words above take
# the common ranks; made-up words of two or three syllables fill a long tail of 20,000.
SYLLABLES = [consonant + vowel for consonant in "bdklmnrstv" for vowel in "aeiou"]
OPENERS = ["Why do", "How do", "Is it true that", "What makes", "Can", "When did", "Do many",
           "How much", "Where do", "Does"]  # fmt: skip
NAMES = ["Ana", "Ben", "Chidi", "Dara", "Eun-ji", "Farah", "Gabe", "Hana", "Ivo", "Jun", "Kemi",
         "Lars", "Mina", "Noor", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tomas"]  # fmt: skip


@dataclass
class Generated:
    topics: int
    questions: int
    comments: int


def _lexicon() -> tuple[list[str], list[float]]:
    ranked = WORDS[:]
    random.Random(0).shuffle(ranked)  # noqa: S311 - a fixed order of ranks, not a secret
    made_up = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in ["", *SYLLABLES]]
    random.Random(0).shuffle(made_up)  # noqa: S311
    ranked += [word for word in made_up if word not in set(WORDS)][: 20_000 - len(ranked)]
    total, cumulative = 0.0, []
    for rank in range(len(ranked)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return ranked, cumulative


LEXICON, CUMULATIVE_WEIGHTS = _lexicon()


def words(rng: random.Random, low: int, high: int) -> str:
    count = rng.randint(low, high)
    return " ".join(rng.choices(LEXICON, cum_weights=CUMULATIVE_WEIGHTS, k=count))


def sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    return words(rng, low, high).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def generate(
    *, pages: int, comments: int, topics: int | None = None, seed: int = 1, progress: bool = True
) -> Generated:
    """Add ``pages`` questions under new topics, and ``comments`` comments across them."""
    rng = random.Random(seed)  # noqa: S311 - repeatable text, not secrets
    home = HomePage.objects.first()
    if home is None:
        raise ValueError("No home page: run `plainly migrate` first.")
    topic_count = topics or max(1, -(-pages // QUESTIONS_PER_TOPIC))
    new_topics = [make_topic(home, rng, number) for number in range(topic_count)]
    question_ids = []
    with tqdm(total=pages, desc="questions", unit="page", disable=not progress) as bar:
        for start in range(0, pages, BATCH):
            size = min(BATCH, pages - start)
            question_ids += add_questions(new_topics, rng, start, size)
            bar.update(size)
    added = 0
    with tqdm(total=comments, desc="comments", unit="comment", disable=not progress) as bar:
        for batch in comment_batches(question_ids, comments, rng):
            added += batch
            bar.update(batch)
    statistics.settle_bulk_load()
    return Generated(topics=topic_count, questions=len(question_ids), comments=added)


def make_topic(home: HomePage, rng: random.Random, number: int) -> TopicPage:
    title = f"{words(rng, 1, 2).title()} {number + 1}"
    topic = TopicPage(title=title, intro=sentence(rng))
    home.add_child(instance=topic)
    topic.save_revision().publish()
    return topic


def add_questions(topics: list[TopicPage], rng: random.Random, start: int, size: int) -> list[int]:
    """One batch of questions, spread over the topics, stored and indexed in one transaction."""
    locale = Locale.get_default()
    now = timezone.now()
    questions = []
    for number in range(start, start + size):
        topic = topics[number % len(topics)]
        topic.numchild += 1
        title = f"{rng.choice(OPENERS)} {words(rng, 5, 10)}?"
        slug = f"{'-'.join(title.lower().rstrip('?').split()[1:7])}-{number}"
        published = now - datetime.timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
        questions.append(
            QuestionPage(
                title=title,
                draft_title=title,
                slug=slug,
                path=TopicPage._get_path(topic.path, topic.depth + 1, topic.numchild),
                depth=topic.depth + 1,
                numchild=0,
                url_path=f"{topic.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                locale=locale,
                byline=rng.choice(["", "The editors", rng.choice(NAMES)]),
                last_reviewed=published.date(),
                short_answer=f"<p>{sentence(rng, 10, 20)} {sentence(rng, 8, 16)}</p>",
                body=[{"type": "paragraph", "value": f"<p>{paragraph(rng)}</p>"}
                      for _ in range(rng.randint(3, 6))],
                key_facts_heading=f"More about {rng.choice(WORDS)}",
            )
        )  # fmt: skip
    with transaction.atomic():
        stored = bulk_create_pages(questions)
        for topic in topics:
            Page.objects.filter(pk=topic.pk).update(numchild=topic.numchild)
        add_details(stored, rng)
        indexed = QuestionPage.objects.filter(pk__in=[q.pk for q in stored]).prefetch_related(
            "faq_items", "key_facts"
        )
        get_search_backend().add_bulk(QuestionPage, list(indexed))
    return [question.pk for question in stored]


def bulk_create_pages(questions: list[QuestionPage]) -> list[QuestionPage]:
    """Insert the rows of both tables: Django's bulk_create refuses multi-table inheritance."""
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = Page.objects.bulk_create(
        Page(**{f.attname: getattr(q, f.attname) for f in base_fields}) for q in questions
    )
    for question, base in zip(questions, bases, strict=True):
        question.pk = question.page_ptr_id = base.pk
    # The same call Model.save() makes for the child table of one page, here for a thousand.
    QuestionPage._base_manager._insert(
        questions, fields=QuestionPage._meta.local_concrete_fields, using="default"
    )
    return questions


def add_details(questions: list[QuestionPage], rng: random.Random) -> None:
    facts, faq, sources = [], [], []
    for question in questions:
        page = question.pk
        facts += [KeyFact(page_id=page, sort_order=n, text=sentence(rng, 8, 18))
                  for n in range(rng.randint(2, 6))]  # fmt: skip
        faq += [FAQItem(page_id=page, sort_order=n, question=f"{words(rng, 5, 9)}?".capitalize(),
                        answer=f"<p>{sentence(rng)} {sentence(rng)}</p>")
                for n in range(rng.randint(3, 8))]  # fmt: skip
        sources += [Source(page_id=page, sort_order=n, title=words(rng, 3, 7).title(),
                           publisher=rng.choice(WORDS).title(), accessed=question.last_reviewed,
                           url=f"https://example.org/{rng.getrandbits(48):x}")
                    for n in range(rng.randint(2, 5))]  # fmt: skip
    KeyFact.objects.bulk_create(facts)
    FAQItem.objects.bulk_create(faq)
    Source.objects.bulk_create(sources)


def comment_batches(question_ids: list[int], total: int, rng: random.Random) -> Iterator[int]:
    """Store ``total`` comments in batches, yielding each batch's size. A few questions draw most
    comments (Zipf-like), a quarter are replies, and most are approved."""
    if not question_ids or not total:
        return
    popularity = [1 / (rank + 1) ** 1.1 for rank in range(len(question_ids))]
    ranked = question_ids[:]
    rng.shuffle(ranked)
    bodies = [sentence(rng, 10, 60) for _ in range(200)]
    rendered = [markup.render(body) for body in bodies]
    states = [Comment.State.APPROVED] * 95 + [Comment.State.HELD] * 3 + [Comment.State.SPAM] * 2
    now = timezone.now()
    made = 0
    while made < total:
        size = min(COMMENT_BATCH, total - made)
        top_size = size - int(size * REPLY_SHARE)

        def comment(page_id: int, number: int, parent: Comment | None = None, made=made) -> Comment:
            body = rng.randrange(len(bodies))
            return Comment(
                page_id=page_id,
                parent=parent,
                author_name=rng.choice(NAMES),
                body=bodies[body],
                body_html=rendered[body],
                state=rng.choice(states) if parent is None else Comment.State.APPROVED,
                ip_hash=f"{rng.getrandbits(64):016x}",
                created_at=now - datetime.timedelta(minutes=rng.randint(1, 2 * 365 * 24 * 60)),
                submission_key=f"bench-{seed_key(rng)}-{made + number}",
            )

        with transaction.atomic():
            pages = rng.choices(ranked, weights=popularity, k=top_size)
            threads = Comment.objects.bulk_create(
                comment(page_id, n) for n, page_id in enumerate(pages)
            )
            parents = rng.choices(threads, k=size - top_size)
            Comment.objects.bulk_create(
                comment(parent.page_id, top_size + n, parent) for n, parent in enumerate(parents)
            )
        made += size
        yield size


def seed_key(rng: random.Random) -> str:
    return f"{rng.getrandbits(32):08x}"
