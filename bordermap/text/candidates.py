"""Stage 1 of place extraction: candidate spans, the runs of capitalised words that name gazetteer entries.

Runs of capitalised words (with the connectors of place names such as ``of``, ``and``, ``de``) are
matched against the gazetteer, longest name first (``Democratic Republic of the Congo`` before
``Congo``); possessives (``Lithuania's``) and hyphenated suffixes (``Vilnius-bound``) are stripped.

A candidate is dropped when it is part of a person's name (after a title such as *Minister*, a
name followed by a rare capitalised word, like *Sofia Sapega*, after a common given name and ending
the name, like *Mary Walker* or *Ashley L. Evans* (:func:`given_names`); later lone uses of those name
words are dropped too; a title is never a surname: *U.S. Vice-President*), part of a date (``May 5``),
or an eponym (``Marburg virus``).  A place before other capitalised words that name no place is
inside an organisation's name (``Paris Public Library``): a mention of the place, whose later lone
uses stay places (:data:`IN_ORGANISATION`).  A name the text calls a
region (``Brest region``, ``Grodno Oblast``, ``the province of Quebec``: :data:`DESIGNATORS`) is marked
so, and resolves to a region or district of that name if there is one.  Whether an ordinary
English word (``Most``, ``Guard``) is a place is left to :mod:`bordermap.text.resolution`, which also
resolves the candidates; :class:`bordermap.text.extractor.PlaceExtractor` runs both stages.

What does not depend on the article, the analysis of each run (:func:`analyse_run`), is memoised by
the caller (the extractor) in a dict passed to :func:`candidates`.
"""

from __future__ import annotations

import calendar
import operator
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from .gazetteer import Gazetteer, fold
from .kinds import REGIONAL_KINDS as REGIONAL_KINDS  # the kinds of places a designator names
from .people import GIVEN_NAME_PERCENT as GIVEN_NAME_PERCENT
from .people import SURNAME_ZIPF as SURNAME_ZIPF
from .people import TITLES as TITLES
from .people import given_names as given_names

if TYPE_CHECKING:
    from .resolution import _Sig


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: A capitalised word: ``Vilnius``, ``BRUSSELS``, ``U.S.``, ``Guinea-Bissau``, ``O'Hare``.
#: Lower-case words between the hyphens of a name: ``Port-au-Prince``, ``Stratford-upon-Avon``.
_HYPHEN_CONNECTORS = r"(?:au|aux|la|le|les|de|du|des|sur|en|upon|on|am|im|an|der|di|del|da|do|y|et|sous)"
_WORD = rf"(?:[A-Z]\.){{2,}}|[{_UPPER}][\w’']*(?:-(?:{_HYPHEN_CONNECTORS}-)*[{_UPPER}][\w’']*)*"
#: Lower-case words that occur inside place names.
_CONNECTORS = r"of|the|and|de|del|da|do|dos|das|des|du|la|le|el|al|upon|on|am|im|sur|en|y|di"
#: The same words, written so that the pattern starts with a character set (the regex engine then
#: skips to the next capital letter instead of trying the pattern at every position).
_WORD_FAST = rf"[{_UPPER}](?:(?<=[A-Z])\.(?:[A-Z]\.)+|[\w’']*(?:-(?:{_HYPHEN_CONNECTORS}-)*[{_UPPER}][\w’']*)*)"
#: A run of capitalised words with the connectors between them: ``Bosnia and Herzegovina``.
_SEQ = re.compile(rf"{_WORD_FAST}(?:(?:\s(?:{_CONNECTORS}))*\s(?:[dl]['’])?{_WORD_FAST})*")
#: The words of a run (:func:`analyse_run` takes them with ``str.split``, which finds the same words), and
#: a possessive ending (:func:`_strip_possessive` removes it without the regex engine): the tests hold the
#: faster code to these definitions.
_TOKEN = re.compile(rf"{_WORD}|\S+")
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")

_MONTHS = frozenset(fold(m) for m in [*calendar.month_name[1:], *calendar.month_abbr[1:]])
_DAYS = frozenset(fold(d) for d in [*calendar.day_name, *calendar.day_abbr])
#: Lower-case words after a place name that make it part of a disease's or virus's name ("Reston ebolavirus").
_EPONYM_WORDS = frozenset(
    ("virus", "ebolavirus", "fever", "flu", "disease", "strain", "syndrome", "encephalitis", "agent")
)
_EPONYM_NEXT = re.compile(rf"\s+({'|'.join(sorted(_EPONYM_WORDS))})\b")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:[’'-][A-Za-z]+)?$")

#: Words that call the name before them (``Brest region``) or, after *the* and with *of*, after them (``the
#: province of Quebec``) an administrative region (folded).  Not *state* after a name, which follows city
#: names as often ("Minsk state media"); *the state of* before one is a region.
DESIGNATORS = frozenset(
    (
        "region",
        "oblast",
        "voblast",
        "province",
        "voivodeship",
        "county",
        "prefecture",
        "governorate",
        "district",
        "rayon",
        "raion",
        "krai",
        "kray",
        "canton",
        "okrug",
    )
)
#: A designator after a name: "Brest region", "the Brest and Grodno regions".
_DESIGNATOR_AFTER = re.compile(rf" (?:{'|'.join(sorted(DESIGNATORS))})s?\b", re.I)
#: "the region of", "the Romanian county of", "the state of" before a name (after "a", "a county of
#: Taiwan" is a part of it).
_DESIGNATOR_BEFORE = re.compile(
    rf"\bthe\s+(?:[\w.-]+\s+)?(?:{'|'.join(sorted(DESIGNATORS | {'state'}))})\s+of\s+$", re.I
)

#: Words that head place names in many languages ("Ras Ajdir", "Paso Canoas", "Las Cuevas", "Ciudad Neily",
#: "Bab el-Oued"): followed by another capitalised word, they make one name with it (folded).
PLACE_HEADS = frozenset(
    (
        "ras",
        "paso",
        "las",
        "los",
        "ciudad",
        "puerto",
        "porto",
        "villa",
        "vila",
        "bab",
        "ain",
        "bir",
        "tell",
        "wadi",
        "jebel",
        "djebel",
        "sidi",
        "ban",
        "muang",
        "kampong",
        "kota",
        "nova",
        "novo",
        "nueva",
        "nuevo",
        "sierra",
        "rio",
        "bad",
        "sankt",
        "upper",
        "lower",
    )
)
#: Lower-case words after a name that call it a natural feature ("the Negev desert", "the Narva river"): with
#: the word, the name is looked up as a whole ("narva river"), so the feature wins over a town of the name.
FEATURE_DESIGNATORS = frozenset(
    (
        "desert",
        "forest",
        "glacier",
        "gorge",
        "gulf",
        "heights",
        "lagoon",
        "lake",
        "mountains",
        "peninsula",
        "plateau",
        "range",
        "river",
        "sea",
        "strait",
        "valley",
    )
)
_FEATURE_AFTER = re.compile(rf" ({'|'.join(sorted(FEATURE_DESIGNATORS))})\b")

#: A candidate as :func:`find_candidates` returns it: (start, end, surface, key, words, sentence-initial,
#: in a name (next to a capitalised word that names no place: "Willie Campbell", "Metz Fresh"), one
#: all-capitals word, form, signature).  Whether the text calls it a region (:func:`called_region`) is
#: part of its signature.  The form says how the common-word and acronym rules of
#: :func:`bordermap.text.resolution._check` apply: several words, one word, or an acronym (two to five
#: capitals).  The signature (:class:`bordermap.text.resolution._Sig`) is what resolution works on.
_Cand = tuple[int, int, str, str, int, bool, int, bool, int, "_Sig"]
_FORM_WORDS, _FORM_WORD, _FORM_ACRONYM = 0, 1, 2
#: Where a candidate sits in a longer name (the ``in_name`` of :data:`_Cand`): 0 in none, a person's name
#: (after a capitalised word that names no place and ending the run: "Willie Campbell"), or an
#: organisation's (before such a word: "Paris Public Library", "Metz Fresh").
IN_PERSON, IN_ORGANISATION = 1, 2
_INITIAL_END = frozenset(".!?\n:–—-")
#: Last words of the names of organisations, institutions and publications ("the Los Angeles Times", "the
#: United States Department of Agriculture", "Aberdeen University", "Metz Fresh LLC"): a place right before such
#: a name's other capitalised words is embedded in it (:func:`embedded_in_name`).
ORGANISATION_HEADS = (
    "ministry|department|agency|office|bureau|service|services|council|commission|committee|authority|"
    "administration|board|police|army|guard|force|forces|corps|court|parliament|assembly|government|embassy|"
    "university|college|school|academy|institute|laboratory|laboratories|hospital|clinic|zoo|museum|library|"
    "society|association|foundation|federation|union|league|club|team|church|cathedral|"
    "company|corporation|corp|inc|llc|ltd|plc|group|bank|airlines|airways|railway|railways|eggs|farms|fresh|"
    "times|daily|news|post|herald|journal|tribune|gazette|telegraph|chronicle|express|observer|mirror|"
    "standard|press|radio|television|tv|review|magazine|weekly|bulletin|record|star|sun|examiner|courier|"
    "blue jays|yankees|giants"
)
_EMBEDDED = re.compile(
    rf"(?:\s+(?:[{_UPPER}][\w’'.&-]*|of|and|for|the|de|&)){{0,5}}?\s+(?:{ORGANISATION_HEADS})\b(?!['’]s)",
    re.I,
)


def embedded_in_name(text: str, end: int) -> bool:
    """Whether the place name ending at ``text[end]`` heads the name of an organisation or publication.

    Its capitalised words end in a word of :data:`ORGANISATION_HEADS` ("Los Angeles Times", "Illinois
    Department of Natural Resources"); a possessive is no embedding ("China's Ministry of Health": the
    ministry of the country), nor a title ("Queensland Premier").

    Examples
    --------
    >>> s = "The Los Angeles Times said; China's Ministry of Health and Queensland Premier Beattie agreed."
    >>> embedded_in_name(s, 15), embedded_in_name(s, s.index("China") + 5), embedded_in_name(s, s.index("Premier") - 1)
    (True, False, False)
    """
    if text.startswith(("'s", "’s", "'", "’"), end):
        return False
    m = _EMBEDDED.match(text, end)
    if m is None:
        return False
    words = text[end : m.end()].split()
    return all(w[:1].isupper() or w.lower() in ("of", "and", "for", "the", "de", "&") for w in words)


#: Gives the signature of a candidate: (folded name, sentence-initial, one all-capitals word, in a name,
#: called a region).
SigOf = Callable[[str, bool, bool, int, bool], "_Sig"]


#: What :func:`find_candidates` needs of a gazetteer name inside a run of capitalised words, precomputed:
#: (start, end (relative to the run), surface, key, words, first word of the run, dropped whatever the
#: context, check the run's sentence start, rare name before, capitalised unknown word before,
#: capitalised unknown word after, one all-capitals word, ends the run, form (see :data:`_Cand`), the
#: candidate's :class:`_Sig` by called-a-region, sentence-initial and inside-a-name, filled on first use).
_RunMatch = tuple[int, int, str, str, int, bool, bool, bool, bool, bool, bool, bool, bool, int, list["_Sig | None"]]


class _SeqInfo(NamedTuple):
    """What a run of capitalised words holds, whatever the article (see :func:`analyse_run`)."""

    person_words: frozenset[str]  # words of the run that belong to a person's name
    fast: tuple[_RunMatch, ...] = ()  # the gazetteer names in it


_WORD_RE = re.compile(_WORD)
_CONNECTOR_WORDS = frozenset(_CONNECTORS.split("|"))
#: What :func:`analyse_run` finds in most runs of capitalised words: nothing.
_NOTHING = _SeqInfo(frozenset())
_NO_PERSON: frozenset[str] = frozenset()


def _strip_possessive(word: str) -> str:
    """``word`` without a possessive ending (as ``_POSSESSIVE.sub("", word)``): ``Lithuania's`` -> ``Lithuania``."""
    if word.endswith(("’s", "'s")):
        return word[:-2]
    if word.endswith(("’", "'")):
        return word[:-1]
    return word


def _run_match(
    run: str,
    i: int,
    n: int,
    start: int,
    surface: str,
    key: str,
    *,
    surname_next: bool,
    rare_before: bool,
    prev_word: str,
    next_unknown: bool,
    prev_unknown: bool,
    person: bool = False,
) -> _RunMatch:
    """The :data:`_RunMatch` of a name of ``n`` words from word ``i`` of a run, at ``start`` in it.

    ``surname_next``: followed by a rare, name-like capitalised word ("Sofia Sapega"); ``rare_before``:
    preceded by one ("Ylva Johansson"); ``prev_word``: folded word before it in the run ('' if first);
    ``next_unknown``, ``prev_unknown``: followed, preceded by a capitalised word that is no gazetteer name;
    ``person``: a word of a given name and surname ("Mary Walker", see :func:`analyse_run`).
    """
    end = start + len(surface)
    return (
        start,
        end,
        surface,
        key,
        n,
        i == 0,
        # never a place here: a date word, a first name before a surname, after a title inside the run
        key in _MONTHS or key in _DAYS or surname_next or person or (i > 0 and prev_word in TITLES),
        i == 1 and (rare_before or prev_unknown),
        rare_before,
        prev_unknown,
        next_unknown,
        n == 1 and surface.isupper(),
        end == len(run),
        _FORM_ACRONYM if _ACRONYM.match(surface) else _FORM_WORD if n == 1 else _FORM_WORDS,
        [None] * 12,
    )


def _split_pairs(texts: list[str], contains: Callable[[str], bool]) -> list[str]:
    """The words of a run with each hyphenated word that is no name, but whose parts all are, cut into its parts.

    "EU-Israel summit", "University of Nebraska-Lincoln": both parts are places; "Guinea-Bissau" is one name,
    and "Watertown-ML" stays one word (the hyphen separates the parts as a blank would, so the offsets
    within the run do not change).

    Examples
    --------
    >>> from bordermap.text.gazetteer import default_gazetteer
    >>> _split_pairs(["EU-Israel", "Guinea-Bissau", "Watertown-ML"], default_gazetteer().key_test())
    ['EU', 'Israel', 'Guinea-Bissau', 'Watertown-ML']
    """
    out: list[str] = []
    for t in texts:
        if "-" in t:
            bare = _strip_possessive(t)
            parts = bare.split("-")
            if all(parts) and not contains(fold(bare)) and all(contains(fold(part)) for part in parts):
                parts[-1] += t[len(bare) :]  # the possessive ending stays with the last part
                out.extend(parts)
                continue
        out.append(t)
    return out


def analyse_run(run: str, gaz: Gazetteer) -> _SeqInfo:
    """The context-free part of candidate finding for one run of capitalised words (memoised).

    A run (a match of ``_SEQ``) is capitalised words (``_WORD``) and connectors (``of``, ``de``),
    separated by single blanks: its words are ``run.split()``, and a word is capitalised unless it
    is a connector (``_TOKEN`` finds the same words, more slowly).
    """
    contains = gaz.key_test()
    texts = run.split()
    if "-" in run:
        texts = _split_pairs(texts, contains)
    if len(texts) == 1:  # most runs: one word, which names a place or nothing
        surface = _strip_possessive(run)
        key = fold(surface)
        if not contains(key):
            return _NOTHING
        match = _run_match(
            run,
            0,
            1,
            0,
            surface,
            key,
            surname_next=False,
            rare_before=False,
            prev_word="",
            next_unknown=False,
            prev_unknown=False,
        )
        return _SeqInfo(_NO_PERSON, (match,))
    zipf = gaz.zipf
    max_words = min(gaz.max_words, 8)
    starts = []
    at = 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    caps = [t not in _CONNECTOR_WORDS for t in texts]
    # fold() works character by character and the words of a run are separated by one blank, so
    # the folded name of several words is the folded words joined by spaces (the last one without
    # its possessive, as the surface below)
    whole = [fold(t) for t in texts]
    folded = whole[:]
    for k, t in enumerate(texts):
        bare = _strip_possessive(t)
        if bare is not t:
            folded[k] = fold(bare)
    matches: list[_RunMatch] = []
    person: set[str] = set()
    nw = len(texts)
    # a common given name and one more capitalised word ending the run are a person's name ("Mary
    # Walker"), unless the two together are a place's name ("Virginia Beach")
    named = nw - 2 if caps[nw - 2] and caps[nw - 1] and whole[nw - 2] in given_names() else -1
    if named >= 0 and contains(whole[nw - 2] + " " + folded[nw - 1]):
        named = -1
    i = 0
    titled = False  # a title came before, with only capitalised words since ("Judge Haywood Turner")
    while i < nw:
        if not caps[i]:
            titled = False
            i += 1
            continue
        if folded[i] in TITLES:
            titled = True
        n = 0
        for j in range(min(nw, i + max_words), i, -1):
            if not caps[j - 1]:
                continue
            key = folded[i] if j == i + 1 else " ".join(whole[i : j - 1]) + " " + folded[j - 1]
            if contains(key):
                n = j - i
                break
        if n <= 1 and whole[i] in PLACE_HEADS and i + 1 < nw and caps[i + 1]:
            i += 2  # "Ras Ajdir", "Paso Canoas": a name the gazetteer lacks, not the place called "Ajdir"
            continue
        if not n:
            # a rare capitalised word next to a first name: both are a person's name
            if (
                i > 0
                and caps[i - 1]
                and zipf.get(folded[i], 0.0) < SURNAME_ZIPF
                and _NAME_WORD.match(texts[i])
                and folded[i] not in DESIGNATORS  # "Brest Oblast"
                and TITLES.isdisjoint(folded[i].split())  # "U.S. Vice-President"
            ):
                person.add(folded[i - 1])
            i += 1
            continue
        if n == 1 and i + 2 < nw and texts[i + 1] == "of" and zipf.get(folded[i], 0.0) >= SURNAME_ZIPF:
            i += 1  # an ordinary word heading a name with "of" ("University of Nebraska", "Bank of America")
            continue
        s = starts[i]
        surface = _strip_possessive(run[s : starts[i + n - 1] + len(texts[i + n - 1])])
        nxt = i + n
        # (the words of a run are next to each other: one blank between them)
        next_unknown = nxt < nw and caps[nxt] and not contains(folded[nxt])
        if next_unknown and folded[nxt] in DESIGNATORS and any(p.kind in REGIONAL_KINDS for p in gaz.lookup_key(key)):
            next_unknown = False  # "Brest Oblast": a region's name, not a person's or a firm's
        prev_unknown = i > 0 and caps[i - 1] and not contains(folded[i - 1])
        matches.append(
            _run_match(
                run,
                i,
                n,
                s,
                surface,
                key,
                surname_next=(
                    n == 1
                    and next_unknown
                    and bool(_NAME_WORD.match(texts[nxt]))
                    and zipf.get(folded[nxt], 0.0) < SURNAME_ZIPF
                    # a title is no surname: "U.S. Vice-President Joe Biden"
                    and TITLES.isdisjoint(folded[nxt].split())
                ),
                rare_before=(
                    n == 1
                    and prev_unknown
                    and bool(_NAME_WORD.match(texts[i - 1]))
                    and zipf.get(folded[i - 1], 0.0) < SURNAME_ZIPF
                ),
                prev_word=folded[i - 1] if i > 0 else "",
                next_unknown=next_unknown,
                prev_unknown=prev_unknown,
                person=n == 1 and ((named >= 0 and i >= named) or (titled and i > 0 and folded[i] not in TITLES)),
            )
        )
        i += n
    if not matches and not person:
        return _NOTHING
    return _SeqInfo(frozenset(person), tuple(matches))


def _before(text: str, start: int) -> int:
    """What precedes a run's first word at ``start``, when it is not simply a word and a blank.

    Returns 1 when the word is sentence-initial, 2 when the word before it is a title
    (:data:`TITLES`), else 0.

    Examples
    --------
    >>> _before("Vilnius said.", 0), _before("Minister, Agne", 10), _before("said, Vilnius", 6)
    (1, 2, 0)
    """
    if _sentence_initial(text, start, window=30):
        return 1
    words = text[start - 30 if start > 30 else 0 : start].rstrip(" \t\n,").rsplit(None, 1)
    if words and words[-1].rstrip(".").strip('"“(').lower() in TITLES:
        return 2
    return 0


def called_region(text: str, start: int, end: int) -> bool:
    """Whether the text calls the name at ``text[start:end]`` a region (:data:`DESIGNATORS`).

    Examples
    --------
    >>> called_region("in the Brest region.", 7, 12), called_region("the province of Quebec", 16, 22)
    (True, True)
    >>> called_region("in Brest, a city", 3, 8), called_region("a county of Taiwan", 12, 18)
    (False, False)
    """
    if _DESIGNATOR_AFTER.match(text, end):
        return True
    if start > 3 and text.endswith("of ", 0, start):
        return _DESIGNATOR_BEFORE.search(text, max(0, start - 30), start) is not None
    return False


def find_candidates(text: str, gaz: Gazetteer, runs: dict[str, _SeqInfo], sig_of: SigOf) -> list[_Cand]:
    """Spans of the text that name a gazetteer entry and are not a person's name, a date or an eponym.

    Parameters
    ----------
    text : str
    gaz : Gazetteer
    runs : dict of str to _SeqInfo
        Memo of :func:`analyse_run` by run of capitalised words (names recur from article to article);
        filled here.  It must be emptied when the gazetteer changes.
    sig_of : callable
        The signature of a candidate (memoised by the caller, see :data:`SigOf`).

    Returns
    -------
    list of _Cand
        Left to right, not overlapping.
    """
    memo = runs
    out: list[_Cand] = []
    person_words: set[str] = set()
    get = memo.get
    find = text.find
    pos = 0
    for run in _SEQ.findall(text):
        # runs come left to right and each starts at the first capital letter after the previous
        # one, which is where the first occurrence of its text after the previous run is
        base = find(run, pos)
        pos = base + len(run)
        info = get(run)
        if info is None:
            info = memo[run] = analyse_run(run, gaz)
        if info is _NOTHING:
            continue
        if info.person_words:
            person_words |= info.person_words
        run_initial: bool | None = None
        for (
            rs,
            re_,
            surface,
            key,
            n,
            first,
            drop,
            check,
            rare_before,
            prev_unk,
            next_unk,
            up1,
            last,
            form,
            sigs,
        ) in info.fast:
            if drop:
                person_words.add(key)
                continue
            start = base + rs
            initial = False
            if first:
                word = ""
                if start > 1 and text[start - 1] == " " and text[start - 2].isalpha():
                    # the common case, a word and a blank before: not sentence-initial; the word before
                    # (as below, within 30 characters) must not be a title ("Minister Agne ...")
                    lo = start - 30 if start > 30 else 0
                    blank = text.rfind(" ", lo, start - 1)
                    word = text[blank + 1 if blank >= 0 else lo : start - 1]
                    if not word.isalpha():
                        word = ""  # punctuation or other blanks inside: the general case below
                if word:
                    if word.lower() in TITLES:
                        person_words.add(key)
                        continue
                else:
                    got = _before(text, start)
                    if got == 2:  # after a title
                        person_words.add(key)
                        continue
                    initial = got == 1
            end = base + re_
            if (
                first
                and last
                and n == 1
                and text[start - 2 : start - 1] == "."
                and _after_given_name_and_initial(text, start)
            ):
                # "Ashley L. Evans"
                person_words.add(key)
                continue
            if last and _EPONYM_NEXT.match(text, end):  # "Marburg virus", "Reston ebolavirus"
                person_words.add(key)
                continue
            if _designation(text, start, end):  # "US$460 million", "A/California/7/2009"
                continue
            if check and run_initial is None:
                run_initial = _sentence_initial(text, base)
            if rare_before and not (check and run_initial):  # "Ylva Johansson"
                person_words.add(key)
                continue
            after_name = prev_unk and not (check and run_initial)
            # a capitalised word before it and none after: a person's surname ("Willie Campbell"), whose later
            # lone uses are the person too; a capitalised word after it: an organisation's name ("Dublin Arts
            # Council", "Sam Houston State University"), whose place stays a place elsewhere in the article
            in_name = IN_PERSON if after_name and not next_unk else IN_ORGANISATION if next_unk or after_name else 0
            regional = called_region(text, start, end)
            if last and text.startswith(" ", end):
                feature = _FEATURE_AFTER.match(text, end)
                if feature is not None and gaz.contains_key(whole := f"{key} {feature.group(1)}"):
                    # "the Pasvik valley": the name with its designator is a feature's
                    end = feature.end()
                    fsig = sig_of(whole, initial, False, in_name, regional)
                    out.append((start, end, text[start:end], whole, n + 1, initial, in_name, False, _FORM_WORDS, fsig))
                    continue
            slot = 6 * regional + 3 * initial + in_name
            sig = sigs[slot]
            if sig is None:
                sig = sigs[slot] = sig_of(key, initial, up1, in_name, regional)
            out.append((start, end, surface, key, n, initial, in_name, up1, form, sig))
    if out and "," in text:
        out = _states_after_places(text, out, sig_of, gaz)
    if person_words:
        # a word of a person's name is the person in its later lone uses, but not where the text presents a
        # place ("in Kenya", "Kenya and Uganda"): the surname reading does not spread into place contexts
        return [c for c in out if not (c[4] == 1 and c[3] in person_words and not _place_context(text, c))]
    return out


_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|near|into|across|towards|via|outside|inside)\s$", re.I)
_PLACE_LIST_AFTER = re.compile(rf"\s(?:and|or)\s[{_UPPER}]")


def _place_context(text: str, c: _Cand) -> bool:
    """Whether the text presents the candidate as a place: after a preposition of place ("in Kenya"), or, for a
    country's name, listed with another name ("Kenya and Uganda")."""
    start, end = c[0], c[1]
    if _PLACE_BEFORE.search(text, max(0, start - 10), start):
        return True
    return bool(_PLACE_LIST_AFTER.match(text, end)) and any(p.kind == "country" for _, p in c[9].name.entries)


_START = operator.itemgetter(0)


def _designation(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is part of a currency or an identifier, not a place.

    A country's code glued to a currency sign is a currency ("US$460", "$US 15", "HK$"); a name between
    slashes is a field of an identifier ("A/California/7/2009", a virus strain).

    Examples
    --------
    >>> s = "US$460 and A/California/7/2009 in California/Nevada"
    >>> _designation(s, 0, 2), _designation(s, 13, 23), _designation(s, s.rindex("California"), s.rindex("/"))
    (True, True, False)
    """
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after == "$" or before == "$":
        return True
    return before == "/" and after == "/"


_GIVEN_AND_INITIAL = re.compile(r"(?<![\w.])([A-Z][a-z]+) [A-Z]\. $")


def _after_given_name_and_initial(text: str, start: int) -> bool:
    """Whether a common given name and an initial come right before ``start`` ("Ashley L. Evans").

    Examples
    --------
    >>> _after_given_name_and_initial("Ashley L. Evans", 10), _after_given_name_and_initial("St. Louis", 4)
    (True, False)
    """
    if start < 6 or text[start - 2] != "." or not text[start - 3].isupper() or text[start - 1] != " ":
        return False
    m = _GIVEN_AND_INITIAL.search(text, max(0, start - 20), start)
    return m is not None and m.group(1).lower() in given_names()


def _states_after_places(text: str, out: list[_Cand], sig_of: SigOf, gaz: Gazetteer) -> list[_Cand]:
    """Candidates for the regions and countries abbreviated after a place and a comma ("Richmond, Ky.", "Paris, TX",
    "London, Ont.", "Berlin, DE": :func:`bordermap.text.abbreviations.reading_after`).

    Each stands for the region's or country's full name (its key), in place of the candidates inside the
    abbreviation ("Fla" names a village too).  Returns all the candidates, left to right.
    """
    from .abbreviations import abbreviation_after, reading_after

    extra: list[_Cand] = []
    replaced: set[int] = set()
    comma = text.startswith
    for k, c in enumerate(out):
        if not comma(",", c[1]) or not abbreviation_after(text, c[1])[0]:
            continue
        got = reading_after(text, c[1], [p for _, p in c[9].name.ranked(gaz)], gaz)
        if got is None:
            continue
        s, e = got.start, got.end
        inside = []
        j = k + 1
        while j < len(out) and out[j][0] < e:
            inside.append(j)
            j += 1
        if inside and out[inside[-1]][1] > e:
            continue  # a name reaches past the abbreviation
        replaced.update(inside)
        sig = sig_of(got.key, False, False, 0, bool(got.code))  # a region's abbreviation names the region
        extra.append((s, e, text[s:e], got.key, got.key.count(" ") + 1, False, 0, False, _FORM_WORDS, sig))
    if not extra:
        return out
    kept = [c for k, c in enumerate(out) if k not in replaced] if replaced else out
    return sorted(kept + extra, key=_START)


def _sentence_initial(text: str, start: int, *, window: int = 4) -> bool:
    """Whether ``text[start:]`` begins a sentence: only blanks, quotes and brackets within ``window``
    characters before it, or a sentence's end (:data:`_INITIAL_END`) before those."""
    before = text[max(0, start - window) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in _INITIAL_END
