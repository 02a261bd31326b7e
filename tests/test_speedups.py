"""The compiled hot path (``bordermap/_speedups.c``) gives exactly what the pure-Python code gives.

``bordermap.places`` runs the C extension when it is built and its own Python code otherwise; the
Python code is the reference.  Both run here on the seeds, on articles made of seed sentences and
tricky phrases, and on random texts, and must agree on every field of every mention.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bordermap import places
from bordermap.articles import read_articles, sentences
from bordermap.gazetteer import default_gazetteer
from tests.conftest import ROOT

#: Phrases that exercise every rule: titles, persons, dates, eponyms, acronyms, "Place, Region", crossings.
TRICKY = [
    "Interior Minister Agne Bilotaite visited the Medininkai border crossing on Monday.",
    "President Alexander Lukashenko said so in Minsk, Belarus, on May 5.",
    "Willie Campbell flew from Athens, Georgia to Athens. Campbell said the U.S. would help.",
    "The Marburg virus and Reston ebolavirus were found near Santa Ana, California.",
    "BRUSSELS (Reuters) - The European Union and NATO met in Vilnius and Wilno.",
    "Lithuania's border with Belarus near Dieveniskes and Padvarionys checkpoint is 680 km long.",
    "Most of the Guard went to Bosnia and Herzegovina, the Democratic Republic of the Congo and Poland.",
    '"Vilnius-bound trains," said Dr. Sofia Sapega. (Minister) Ylva Johansson spoke in Riga.',
    "Mr. Kulhanek met the Czech Republic's envoy in the Middle East, in Iraq and in Europe.",
    "Trains ran from Kaunas to Grodno, from Daugavpils to Narva; Latvia, Estonia and Ukraine agreed.",
    "Officials in Mexico said Cordoba was calm.",  # equal scores (two regions): their order must stay
]


@contextmanager
def pure_python() -> Iterator[None]:
    """Run :mod:`bordermap.places` without the extension (restored afterwards)."""
    saved = places._speedups
    places._speedups = None
    try:
        yield
    finally:
        places._speedups = saved


def mentions(text: Any) -> list[tuple[Any, ...]]:
    """Every field of every mention of ``text``."""
    return [
        (m.text, m.start, m.end, m.sentence, m.place.to_dict(), m.confidence, m.alternatives, m.article_id)
        for m in places.extract_places(text)
    ]


def both(text: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    fast = mentions(text)
    with pure_python():
        slow = mentions(text)
    return fast, slow


def test_extension_is_built():
    # scripts/test installs the package with a C compiler at hand: the extension must be there, or the
    # speed figures of benchmarks/bench_extract_speed.py do not hold
    assert places._speedups is not None, "bordermap._speedups was not built (is a C compiler installed?)"


def test_extension_compiles_without_warnings():
    cc = shutil.which("gcc") or shutil.which("cc")
    assert cc, "no C compiler"
    include = sysconfig.get_paths()["include"]
    flags = ["-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter"]
    flags += ["-Wno-missing-field-initializers", f"-I{include}"]
    done = subprocess.run([cc, *flags, str(ROOT / "bordermap" / "_speedups.c")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_seeds_agree():
    for article in read_articles():
        fast, slow = both(article)
        assert fast == slow
        assert fast  # every seed names places


def test_tricky_phrases_agree():
    fast, slow = both(" ".join(TRICKY))
    assert fast == slow
    assert {m[4]["name"] for m in fast} >= {"Medininkai", "Minsk", "Athens", "Vilnius", "Dieveniškės", "Riga"}
    for phrase in TRICKY:
        assert both(phrase)[0] == both(phrase)[1]


def test_articles_of_seed_sentences_agree():
    pool = [a.text[s:e].strip() for a in read_articles() for s, e in sentences(a.text)] + TRICKY
    rng = random.Random(3)
    for _ in range(300):
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        fast, slow = both(text)
        assert fast == slow, text


def test_runs_are_the_regex_matches():
    pieces = st.sampled_from(
        [*"ABCÉŁŽabcsß.-'’ \t\n\u00a0\u2003,_0é(\"", "of", " the ", " de la ", " del ", "U.S.", "A.", "'s", "-Bissau"]
    )

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(pieces, max_size=40).map("".join))
    def check(text: str) -> None:
        assert places._speedups.runs(text) == [m.span() for m in places._SEQ.finditer(text)]

    check()


def test_random_texts_agree():
    gaz = default_gazetteer()
    words = st.sampled_from(
        [
            *"ABÉ.,;:-'’()\"\n",
            " ",
            " ",
            "Vilnius",
            "Minsk",
            "Athens",
            "Georgia",
            "Lithuania's",
            "Belarus",
            "Padvarionys",
            "Medininkai",
            "Santa Ana",
            "California",
            "Most",
            "May",
            "Monday",
            "Minister",
            "President",
            "Mr.",
            "Sofia",
            "Sapega",
            "Campbell",
            "virus",
            "border crossing",
            "checkpoint",
            "of",
            "the",
            "and",
            "NATO",
            "EU",
            "U.S.",
            "Union",
            "Brussels",
            "Poland",
            "Europe",
            "said",
        ]
    )

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(words, max_size=40).map("".join))
    def check(text: str) -> None:
        fast_cands = places._speedups.candidates(text, gaz, places._run_memo(gaz))
        assert fast_cands == places._candidates_py(text, gaz)
        fast, slow = both(text)
        assert fast == slow

    check()


def test_bad_arguments_are_one_line_errors():
    gaz = default_gazetteer()
    with pytest.raises(TypeError, match="must be str"):
        places._speedups.candidates(b"Vilnius", gaz, {})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="resolve: a candidate must be a tuple"):
        places._speedups.resolve("Vilnius", [("Vilnius",)], gaz.zipf)
    with pytest.raises(TypeError, match="mentions: a candidate must be a 10-tuple"):
        places._speedups.mentions([("x",)], {}, None, "a")


def test_python_fallback_is_used_without_the_extension():
    # a machine without a C compiler gets the same answers from the Python code
    code = (
        "import sys; sys.modules['bordermap._speedups'] = None\n"
        "from bordermap import places\n"
        "assert places._speedups is None\n"
        "print([m.place.name for m in places.extract_places('Migrants reached Vilnius from Minsk.')])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['Vilnius', 'Minsk']"
