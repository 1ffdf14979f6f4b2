"""Who said what: quotations and their speakers, so that two accounts can be checked side by side.

A quotation is text between quotation marks (straight or curly, so raw and cleaned text both
work). Its speaker comes from a speech verb (the *cue*: "said", "explained", "adding that") next to
it, in the news patterns::

    "...," said Rutte.                          cue, then speaker
    "...," NATO Secretary General Mark Rutte said.   speaker, then cue
    "...", he explained, adding that "..."      pronoun; "adding" continues the same speaker
    The Secretary General told X that "..."     speaker and cue before the quotation
    "...", - Stoltenberg said.                  a dash after the quotation

Pronouns ("he") and roles ("the Secretary General") are resolved to a named person: a role to the
person last named with that role ("Secretary General Mark Rutte"), a pronoun to the person who was
last the subject of a sentence or of a speech verb, else to the nearest person named before. A
surname alone ("Rutte") becomes the full name used earlier ("Mark Rutte").

Person names come from the entity extractor when its spans are given; without them a small
heuristic finds names after titles ("President Volodymyr Zelenskyy", "Mr Rutte"), which is enough
for press releases and keeps this module independent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from analysis.extract.sentences import sentence_index, split_sentences

QUOTE_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "text",
    "speaker",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "cue",
]

#: ``(start, end, canonical, label)``: a person (or any entity) found by the entity extractor.
EntitySpan = tuple[int, int, str, str]


@dataclass(frozen=True)
class Quote:
    """One quotation: ``text == document[start:end]`` (inside the quotation marks).

    ``speaker`` is the resolved name ("Mark Rutte") or ``None`` when nobody could be found;
    ``speaker_text`` the words that attribute it in the document ("he", "the Secretary General",
    "Rutte") at ``speaker_start:speaker_end``; ``cue`` the speech verb as written ("said",
    "adding"), ``":"`` for ``Name: "..."``, or ``"continued"`` for a quotation that carries on the
    one before it.
    """

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str


# Speech verbs, lower case (a capitalised "State" or "Notes" is a noun). Forms that are mostly
# nouns in news prose ("state", "notes", "claims", "comments") are left out.
_CUE_FORMS = """say says said saying tell tells told telling add adds added adding explain
explains explained explaining noted noting stress stresses stressed stressing emphasise emphasises
emphasised emphasising emphasize emphasizes emphasized emphasizing underscore underscores
underscored underscoring underline underlines underlined underlining stated stating announce
announces announced announcing conclude concludes concluded concluding indicate indicates
indicated indicating warn warns warned warning highlight highlights highlighted highlighting affirm
affirms affirmed affirming reaffirm reaffirms reaffirmed reaffirming reiterate reiterates
reiterated reiterating insist insists insisted insisting declare declares declared declaring
remarked recall recalls recalled recalling ask asks asked asking urge urges urged urging wrote
writes tweeted replied replies replying responded acknowledge acknowledges acknowledged
acknowledging admit admits admitted admitting argue argues argued arguing claimed confirm confirms
confirmed confirming suggest suggests suggested suggesting assure assures assured assuring
promised observed summed""".split()
_CUE = re.compile(
    r"(?<![\w'’-])(?:(?:pointed|points|point|pointing) out|summed up|[Aa]ccording to|"
    + "|".join(sorted(_CUE_FORMS, key=len, reverse=True))
    + r")(?![\w'’-])"
)
#: "This was stated by President Zelenskyy": the speaker follows "by".
_BY_AGENT = re.compile(r"[ \t\u00a0]+by[ \t\u00a0]+")
#: Words that may stand between a speaker and the cue: "he also said", "Rutte has repeatedly said".
_ADVERBS = (
    r"(?:(?:also|later|then|further|again|once|has|had|have|was|is|would|will|repeatedly|"
    r"earlier|previously|recently|firmly|clearly|strongly)\s+)*"
)

#: Title words: they introduce a name but are not part of it.
TITLE_WORDS = frozenset(
    """secretary general president vice prime minister ministers chancellor foreign defence defense
    deputy head chairman chairwoman chair spokesperson spokesman spokeswoman ambassador commander
    king queen prince princess senator governor mayor chief director mr mrs ms dr sir lord prof
    professor pope premier envoy adviser advisor official representative speaker first state
    supreme allied admiral colonel lieutenant major captain sergeant marshal commissioner
    counterpart leader mp congressman congresswoman attorney judge justice patriarch metropolitan
    the of for and affairs interior finance health economy economic justice education culture
    digital transformation office national security council lady""".split()
)
#: Words that end a name when read from its end: organisations and places before a name
#: ("European Commission Ursula von der Leyen").
ORGANISATION_WORDS = frozenset(
    """commission council union ministry federation republic committee parliament government
    assembly bank fund organisation organization agency service forces army navy command
    headquarters group company corporation university institute centre center nations states
    kingdom alliance duma rada cabinet administration party court police guard""".split()
)
#: Capitalised words that open sentences but never name a speaker.
_NOT_SPEAKERS = frozenset(
    """this that these those it its there here we i you our my his her their what which who all
    everyone nobody someone something everything nothing one some many each both from in on at to
    for and but with by as of after before when while if so yet also then now today he she they
    """.split()
)
_PRONOUNS = frozenset({"he", "she", "they"})
_GERUND_CUE = re.compile(r"ing$|^according to$|^pointing out$", re.IGNORECASE)
_PARTICLES = r"(?:von|van|der|den|de|da|di|du|la|le|al|bin|ibn)"

# A capitalised word; a full stop only after an abbreviation or initial ("Mr.", "J."), so that
# "said Secretary General. He" does not join two sentences.
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|St|Jr|Sr|[A-Z])\.|[A-Z][\w'’-]*)"
_GAP = r"[ \t\u00a0]+"  # white space within a line
_CAPITALISED_RUN = (
    rf"{_NAME_WORD}(?:{_GAP}(?:(?:of|for){_GAP}(?:the{_GAP})?|(?:{_PARTICLES}{_GAP})+)?"
    rf"{_NAME_WORD}){{0,7}}"
)
_SUBJECT = re.compile(
    rf"(?:(?<![\w'’])(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey)|(?P<name>(?:[Tt]he\s+)?{_CAPITALISED_RUN})"
    rf"|(?P<role>[Tt]he\s+(?:[a-z]+\s+){{0,2}}(?:minister|president|secretary|spokesperson|"
    rf"spokesman|spokeswoman|chancellor|head of state|leader|official|ambassador|envoy|premier)))"
    rf"\s+{_ADVERBS}$"
)
_SUBJECT_AFTER = re.compile(
    rf"\s+(?P<name>(?:[Tt]he\s+)?{_CAPITALISED_RUN}|(?:he|she|they)(?![\w'’]))"
)
#: The capitalised words (a title) just before a person span: "NATO Secretary General ".
_LEAD = re.compile(rf"((?:{_NAME_WORD}{_GAP}|(?:of|for|the){_GAP})*)$")
_COLON_SPEAKER = re.compile(rf"({_CAPITALISED_RUN}):[ \t\u00a0]*$")
_LINK = re.compile(r"[ \t\u00a0,.;:!?…]*(?:[-–—]+[ \t\u00a0,]*)?")
_TITLE_LED = re.compile(
    r"(?<![\w'’])(?:(?:[A-Z][\w'’-]*|of|for|the)[ \t\u00a0]+)*?"
    r"(?:Secretary General|Secretary|President|Prime Minister|Minister|Chancellor|Mr\.?|Mrs\.?|"
    r"Ms\.?|Dr\.?|Ambassador|Commander|Spokesperson|Spokesman|King|Queen|Governor|Senator|"
    r"Mayor|Chief|Director|Deputy|Head|Chairman|Premier|Envoy|Adviser|Advisor)"
    r"(?:[ \t\u00a0]+(?:(?:of|for)[ \t\u00a0]+(?:the[ \t\u00a0]+)?"
    r"|(?:(?:von|van|der|den|de|da|di|du|la|le|al|bin|ibn)[ \t\u00a0]+)+)?[A-Z][\w'’-]*){1,6}"
)

# Quotation marks: which may open, which may close (straight ones may do both).
_OPENERS = frozenset('"“„«‟')
_CLOSERS = frozenset('"”»“')
_QUOTE_MARK = re.compile('["“”„«»‟]')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` positions of paired quotation marks, within one paragraph each.

    A mark opens when it stands before a word and after white space, a bracket, a dash or the
    start of a line ("says ”this" counts: writers mistype the curly opener); it closes when it
    follows a non-space character. A quotation never runs over a line break; an opener left
    without its closer at the end of a paragraph is dropped.
    """
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _QUOTE_MARK.finditer(text):
        index = match.start()
        mark = text[index]
        before = text[index - 1] if index else "\n"
        after = text[index + 1] if index + 1 < len(text) else "\n"
        if opened is not None and "\n" in text[opened:index]:
            opened = None  # the paragraph ended without a closer
        can_open = (
            (mark in _OPENERS or mark == "”")
            and (before.isspace() or before in "([{-–—:/" or index == 0)
            and not after.isspace()
        )
        can_close = mark in _CLOSERS and not before.isspace()
        if opened is not None and can_close:
            if index > opened + 1:
                pairs.append((opened, index))
            opened = None
        elif can_open:
            opened = index
    return pairs


def _masked(text: str, pairs: Sequence[tuple[int, int]]) -> str:
    """``text`` with every quotation (marks included) blanked to "_", so that cues and names
    inside quotations are not taken for attributions; offsets are unchanged."""
    chars = list(text)
    for opened, closed in pairs:
        chars[opened : closed + 1] = "_" * (closed + 1 - opened)
    return "".join(chars)


def _name_tokens(phrase: str) -> list[str]:
    """The words of a speaker phrase that are a name: titles, "of X" and "the" removed.

    "NATO Secretary General Mark Rutte" -> ["Mark", "Rutte"]; "President of Ukraine Volodymyr
    Zelenskyy" -> ["Volodymyr", "Zelenskyy"]; "the Secretary General" -> []; "This" -> [].
    """
    words = phrase.split()
    name: list[str] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        bare = word.rstrip(".").lower()
        after_of = index > 0 and words[index - 1].lower() in ("of", "for", "the")
        if re.fullmatch(_PARTICLES, word) and name:
            name.insert(0, word)
            continue
        if (
            bare in TITLE_WORDS
            or bare in ORGANISATION_WORDS
            or after_of
            or (word.isupper() and len(word) > 1)
            or not word[:1].isupper()
        ):
            break
        name.insert(0, word)
    while name and (re.fullmatch(_PARTICLES, name[0]) or name[0].lower() in _NOT_SPEAKERS):
        name.pop(0)  # "What I", "This"
    capitalised = [index for index, word in enumerate(name) if word[:1].isupper()]
    if len(capitalised) > 3:  # "Occupied Territories Iryna Vereshchuk": a name has at most three
        name = name[capitalised[-2] :]
    return name


def _title_key(phrase: str) -> str:
    """The role in a speaker phrase, lower-cased: "NATO Secretary General" -> "secretary general"."""
    words = [re.sub(r"['’]s$", "", w.rstrip(".,").lower()) for w in phrase.split()]
    titled = [w for w in words if w in TITLE_WORDS and w not in ("the", "of", "for", "and")]
    return " ".join(titled)


@dataclass(frozen=True)
class _Person:
    start: int
    end: int
    name: str
    title: str
    subject: bool


def _people(
    text: str, masked: str, sentences: list[tuple[int, int]], spans: Sequence[EntitySpan] | None
) -> list[_Person]:
    """Named people in document order, with the role that introduces them and whether they
    begin a sentence (a likely subject, the antecedent a later "he" points to).

    The extractor's ``PERSON`` spans come first; names after titles that no span covers are
    added, so that a document the extractor found nobody in still has its speakers.
    """
    starts = {start for start, _ in sentences}
    found: list[_Person] = []
    for start, end, canonical, label in spans or ():
        if label != "PERSON" or masked[start:end] != text[start:end]:
            continue  # not a person, or inside a quotation
        lead = _LEAD.search(text, max(0, start - 60), start)
        title = _title_key(lead.group(1)) if lead else ""
        subject = _begins_sentence(text, starts, lead.start(1) if lead else start)
        found.append(_Person(start, end, canonical, title, subject))
    for match in _TITLE_LED.finditer(masked):
        words = list(re.finditer(r"\S+", match.group()))
        name = _name_tokens(match.group())
        if not name or len(name) == len(words):
            continue
        start = match.start() + words[-len(name)].start()
        end = match.start() + words[-1].end()
        if any(start < person.end and end > person.start for person in found):
            continue
        title = _title_key(match.group()[: words[-len(name)].start()])
        subject = _begins_sentence(text, starts, match.start())
        found.append(_Person(start, end, " ".join(name), title, subject))
    return sorted(found, key=lambda person: person.start)


def _begins_sentence(text: str, sentence_starts: set[int], offset: int) -> bool:
    """Whether ``offset`` opens a sentence, or follows only a sentence-opening "The "."""
    if offset in sentence_starts:
        return True
    return (
        offset >= 4
        and text[offset - 4 : offset].lower() == "the "
        and offset - 4 in sentence_starts
    )


#: How far back (characters) a role with no named holder may refer to the last speaker.
ROLE_REACH = 800


@dataclass
class _Resolver:
    """Resolves speaker phrases in document order, remembering who was last the subject."""

    text: str
    people: list[_Person]
    subjects: list[tuple[int, str]]

    def full_name(self, name: str, before: int) -> str:
        """A lone surname becomes the fuller name used in the text for the same person."""
        if " " in name:
            return name
        for person in self.people:
            if person.name.split()[-1] == name and " " in person.name:
                return person.name
        for match in re.finditer(
            rf"(?<![\w'’])([A-Z][a-z][\w'’-]*)[ \t\u00a0]+{re.escape(name)}(?![\w'’])", self.text
        ):
            given = match.group(1).lower()
            if given not in TITLE_WORDS | ORGANISATION_WORDS | _NOT_SPEAKERS:
                return f"{match.group(1)} {name}"
        return name

    def last_subject(self, before: int) -> str | None:
        """The most recent subject before ``before``: a speaker, or a person opening a sentence;
        else the nearest person named before."""
        candidates = [(p.start, p.name) for p in self.people if p.subject and p.start < before]
        candidates += [(pos, name) for pos, name in self.subjects if pos < before]
        if candidates:
            return max(candidates)[1]
        named = [p for p in self.people if p.start < before]
        return named[-1].name if named else None

    def by_role(self, role: str, before: int) -> str | None:
        """The person the text names with ``role`` ("secretary general") most often, the latest
        before ``before`` on a tie; ``None`` when nobody carries that role.

        A role matches a title holding all its words in any order ("head of the president's
        office" is the "Head of the Office of the President"). Nobody else stands in: the last
        person named ("US President Joseph Biden") is not who "the Head of the President's
        Office said" refers to."""
        wanted = set(role.split())
        titled = [p for p in self.people if p.title and wanted <= set(p.title.split())]
        if not titled:
            return None
        counts = Counter(p.name for p in titled)
        latest = {p.name: (p.start < before, p.start) for p in titled}
        return max(counts, key=lambda name: (counts[name], latest[name]))

    def resolve(self, phrase: str, start: int) -> str | None:
        """The person ``phrase`` (at ``start``) refers to, by the fullest name used, or ``None``."""
        name = self._resolve(phrase, start)
        return self.full_name(name, start) if name else None

    def _resolve(self, phrase: str, start: int) -> str | None:
        covering = [p for p in self.people if p.start < start + len(phrase) and p.end > start]
        if covering:
            return covering[-1].name
        if phrase.lower() in _PRONOUNS:
            return self.last_subject(start)
        name = _name_tokens(phrase)
        if name:
            return " ".join(name)
        role = _title_key(phrase)
        if not role:
            return None
        return self.by_role(role, start) or self.last_speaker(role, start)

    def last_speaker(self, role: str, before: int) -> str | None:
        """The speaker of the last speech verb within :data:`ROLE_REACH` characters before
        ``before``, unless the text gives that person another role: "- Stoltenberg said. ...
        - said Secretary General" is one speaker, while a person merely named nearby ("US
        President Joseph Biden") never is."""
        recent = [(pos, name) for pos, name in self.subjects if before - ROLE_REACH <= pos < before]
        if not recent:
            return None
        name = max(recent)[1]
        titles = {p.title for p in self.people if p.name == name and p.title}
        wanted = set(role.split())
        if titles and not any(wanted <= set(title.split()) for title in titles):
            return None
        return name


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    word: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    continues: bool


def _cues(masked: str, resolver: _Resolver, sentences: list[tuple[int, int]]) -> list[_Cue]:
    """Every speech verb outside quotations with its resolved subject, in document order.

    A cue with no subject of its own ("adding that", "and stressed") ``continues`` the sentence's
    speaker; one whose subject is not a person we can name ("I said", "It was stressed") has
    ``speaker`` ``None``; a body ("NATO said", "the Kremlin said") is its own speaker.
    """
    cues: list[_Cue] = []
    for match in _CUE.finditer(masked):
        span = _agent(masked, match) or _subject(masked, match, sentences)
        if span is None and _after_quote(masked, match.start()):
            after = _SUBJECT_AFTER.match(masked, match.end())
            span = after.span("name") if after else None
        speaker = None
        if span is not None:
            phrase = masked[span[0] : span[1]]
            speaker = resolver.resolve(phrase, span[0])
            if speaker:
                resolver.subjects.append((span[0], speaker))
            elif phrase.lower() not in _NOT_SPEAKERS | _PRONOUNS:
                # "NATO said": a body; "the Head of the President's Office said" with nobody
                # named in that role: the role as written, never a person named nearby.
                speaker = re.sub(r"^[Tt]he\s+", "", phrase)
        start, end = span if span is not None else (None, None)
        cues.append(
            _Cue(match.start(), match.end(), match.group(), speaker, start, end, span is None)
        )
    return cues


def _agent(masked: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The speaker named after the cue: "according to X", "this was stated by X"."""
    if match.group().lower() == "according to":
        after = _SUBJECT_AFTER.match(masked, match.end())
        return after.span("name") if after else None
    by = _BY_AGENT.match(masked, match.end())
    if by and match.group().endswith(("ed", "aid", "old", "ote")):
        after = _SUBJECT_AFTER.match(masked, by.end() - 1)
        return after.span("name") if after else None
    return None


def _subject(
    masked: str, match: re.Match[str], sentences: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The subject just before the cue ("he said", "NATO Secretary General Mark Rutte said")."""
    if _GERUND_CUE.search(match.group()):
        return None
    sentence_start = sentences[sentence_index(sentences, match.start())][0] if sentences else 0
    offset = max(sentence_start, match.start() - 120)
    subject = _SUBJECT.search(masked, offset, match.start())
    if subject is None:
        return None
    group = next(g for g in ("pronoun", "name", "role") if subject.group(g))
    return subject.span(group)


def _after_quote(masked: str, offset: int) -> bool:
    """Whether only punctuation and dashes stand between a quotation's end and ``offset``."""
    head = masked[max(0, offset - 12) : offset].rstrip(" \t\u00a0,.;:!?-–—")
    return head.endswith("_")


def extract_quotes(
    text: str, entity_spans: Iterable[EntitySpan] | None = None, *, min_words: int = 5
) -> list[Quote]:
    """The quotations in ``text`` with their speakers, in document order.

    ``entity_spans`` are ``(start, end, canonical, label)`` tuples from the entity extractor;
    only ``PERSON`` spans are used, and their canonical names become the speakers. Without them a
    title-based heuristic finds the names. A quotation nobody is found to have said is kept only
    if it has at least ``min_words`` words, so that scare quotes ("top priority") stay out.
    """
    pairs = quote_spans(text)
    masked = _masked(text, pairs)
    sentences = split_sentences(text)
    spans = list(entity_spans) if entity_spans is not None else None
    resolver = _Resolver(text, _people(text, masked, sentences, spans), [])
    cues = _cues(masked, resolver, sentences)
    quotes: list[Quote] = []
    previous: Quote | None = None
    for opened, closed in pairs:
        start, end = _trim(text, opened + 1, closed)
        if start >= end:
            continue
        cue = _cue_after(text, masked, closed, cues) or _cue_before(masked, opened, cues, sentences)
        speaker, speaker_text, speaker_start, speaker_end, cue_word = None, None, None, None, ""
        if cue is not None:
            cue_word = cue.word
            if cue.speaker is not None:
                speaker, speaker_start, speaker_end = (
                    cue.speaker,
                    cue.speaker_start,
                    cue.speaker_end,
                )
            elif cue.continues:
                speaker = _continued_speaker(cue, cues, sentences, previous, resolver)
        elif (colon := _COLON_SPEAKER.search(masked, max(0, opened - 80), opened)) and " " in (
            name := resolver.resolve(colon.group(1), colon.start(1)) or ""
        ):
            speaker, (speaker_start, speaker_end), cue_word = name, colon.span(1), ":"
        elif (
            previous is not None
            and previous.speaker
            and _follows(text, sentences, previous, opened)
        ):
            speaker, cue_word = previous.speaker, "continued"
        if speaker_start is not None and speaker_end is not None:
            speaker_text = text[speaker_start:speaker_end]
        quote = Quote(
            start, end, text[start:end], speaker, speaker_text, speaker_start, speaker_end, cue_word
        )
        if speaker is None and len(quote.text.split()) < min_words:
            continue
        quotes.append(quote)
        previous = quote
    return quotes


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cue_after(text: str, masked: str, closed: int, cues: list[_Cue]) -> _Cue | None:
    """A cue right after the quotation: '"...," he said' or '"...", - said Rutte'."""
    link = _LINK.match(text, closed + 1)
    offset = link.end() if link else closed + 1
    between = text[closed + 1 : offset]
    ended = text[closed - 1] == "." and not re.search("[,–—-]", between)
    if re.search("[.!?;]", between) or ended:
        return None  # the sentence ended: what follows is a new statement
    for cue in cues:
        first = min(cue.start, cue.speaker_start if cue.speaker_start is not None else cue.start)
        if first == offset and not cue.continues:
            return cue
        if first > offset:
            break
    return None


def _cue_before(
    masked: str, opened: int, cues: list[_Cue], sentences: list[tuple[int, int]]
) -> _Cue | None:
    """The last cue before the quotation in its sentence: 'Rutte said this was "..."'."""
    if not sentences:
        return None
    sentence_start = sentences[sentence_index(sentences, opened)][0]
    before = [cue for cue in cues if sentence_start <= cue.start and cue.end <= opened]
    return before[-1] if before else None


def _continued_speaker(
    cue: _Cue,
    cues: list[_Cue],
    sentences: list[tuple[int, int]],
    previous: Quote | None,
    resolver: _Resolver,
) -> str | None:
    """The speaker a subject-less cue ("adding that", "and stressed") carries on from: the
    sentence's first speaker, else the previous quotation's, else the last subject."""
    first = sentences[sentence_index(sentences, cue.start)][0] if sentences else 0
    earlier = [c for c in cues if first <= c.start < cue.start and c.speaker]
    if earlier:
        return earlier[0].speaker
    if previous is not None and previous.speaker and previous.end >= first - 1:
        return previous.speaker
    return resolver.last_subject(cue.start)


def _follows(text: str, sentences: list[tuple[int, int]], previous: Quote, opened: int) -> bool:
    """Whether a quotation opens in the paragraph of the previous one, at most one sentence
    (its attribution, '"...," he said.') after it: news goes on quoting the same speaker."""
    if "\n" in text[previous.end : opened]:
        return False
    return sentence_index(sentences, opened) - sentence_index(sentences, previous.end) <= 1


def quotes_frame(documents: pd.DataFrame, persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quotations of every document: :data:`QUOTE_COLUMNS`, one row a quotation.

    ``documents`` needs ``doc_id`` and ``text``; ``persons`` is an optional mentions table whose
    ``kind == "entity"`` and ``label == "PERSON"`` rows give the speakers' canonical names.
    """
    spans_by_doc: dict[str, list[EntitySpan]] = {}
    if persons is not None and len(persons):
        people = persons[(persons["kind"] == "entity") & (persons["label"] == "PERSON")]
        columns = (people[name].tolist() for name in ("doc_id", "start", "end", "term", "label"))
        for doc_id, start, end, term, label in zip(*columns, strict=True):
            spans_by_doc.setdefault(str(doc_id), []).append((int(start), int(end), term, label))
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        quotes = extract_quotes(str(text), spans_by_doc.get(str(doc_id)))
        rows.extend({"doc_id": doc_id, **asdict(quote)} for quote in quotes)
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    types = {"start": "int64", "end": "int64", "speaker_start": "Int64", "speaker_end": "Int64"}
    return frame.astype(types)
