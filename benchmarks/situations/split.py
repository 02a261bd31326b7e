"""Assign the situation articles to the dev and heldout halves, and choose where to plant false figures.

Run once, before any article was written or the benchmark run; its output is written down in
``README.md`` (the folders follow it).  Deterministic: the draw depends only on :data:`SEED` and the
lists below.

    python benchmarks/situations/split.py

Within each continent (sorted by name) the slugs (sorted) are shuffled and cut in two; a continent with
an odd number of articles gives its extra article to dev and heldout in turn, so the halves have 16 each
and the same continents.  Then, in each half (sorted), five articles are drawn to carry one planted false
figure (about a third).
"""

from __future__ import annotations

import random

SEED = 20261207

SITUATIONS: dict[str, list[str]] = {
    "Africa": [
        "egy_sdn_argeen",
        "esp_mar_ceuta",
        "eth_sdn_gallabat",
        "mar_dza_oujda",
        "nga_ben_seme",
        "tun_lby_ras_ajdir",
        "zaf_zwe_beitbridge",
    ],
    "Asia": [
        "chn_vnm_lang_son",
        "geo_rus_upper_lars",
        "irn_afg_islam_qala",
        "kor_prk_dmz",
        "pak_afg_torkham",
        "tha_khm_poipet",
        "tur_syr_wall",
    ],
    "Europe": [
        "aut_svn_spielfeld",
        "deu_pol_oder",
        "est_rus_narva",
        "hun_srb_roszke",
        "lva_blr_silene",
        "rou_mda_prut",
        "rou_ukr_siret",
    ],
    "North America": [
        "cri_pan_paso_canoas",
        "gtm_mex_suchiate",
        "hti_dom_dajabon",
        "usa_can_roxham",
    ],
    "Oceania": ["png_idn_fly_river", "png_idn_wutung"],
    "South America": [
        "arg_chl_cristo_redentor",
        "bra_pry_ciudad_del_este",
        "bra_ven_pacaraima",
        "ecu_per_huaquillas",
        "per_chl_tacna",
    ],
}
PLANTED_PER_HALF = 5


def draw(seed: int = SEED) -> tuple[dict[str, list[str]], set[str]]:
    """The halves (``{"dev": [...], "heldout": [...]}``) and the slugs that carry a planted figure."""
    rng = random.Random(seed)
    halves: dict[str, list[str]] = {"dev": [], "heldout": []}
    extra_to_dev = True
    for continent in sorted(SITUATIONS):
        slugs = sorted(SITUATIONS[continent])
        rng.shuffle(slugs)
        cut = len(slugs) // 2
        if len(slugs) % 2:
            cut += extra_to_dev
            extra_to_dev = not extra_to_dev
        halves["dev"] += slugs[:cut]
        halves["heldout"] += slugs[cut:]
    planted: set[str] = set()
    for half in ("dev", "heldout"):
        planted |= set(rng.sample(sorted(halves[half]), PLANTED_PER_HALF))
    return {h: sorted(s) for h, s in halves.items()}, planted


def main() -> None:
    halves, planted = draw()
    continent = {s: c for c, slugs in SITUATIONS.items() for s in slugs}
    print(f"seed {SEED}")
    for half, slugs in halves.items():
        print(f"{half} ({len(slugs)}):")
        for s in slugs:
            print(f"  {s:26} {continent[s]:14} {'planted' if s in planted else ''}")


if __name__ == "__main__":
    main()
