"""Nothing in the cache folder can run code: borders and tables never read a planted pickle or npz."""

from __future__ import annotations

import pickle

import numpy as np

import bordermap


class _Planted:
    """Unpickling this creates a marker file: proof that a pickle was loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_planted_pickles_in_the_cache_are_never_read(tmp_path, restore_settings):
    restore_settings.cache_folder = tmp_path
    marker = tmp_path / "pickle-was-loaded"
    for name in ("seas-tiles-v2.pkl", "gazetteer-x.bin"):
        (tmp_path / name).write_bytes(pickle.dumps(_Planted(str(marker))))
    np.save(tmp_path / "world-rings-v1.npy", np.array([_Planted(str(marker))], dtype=object), allow_pickle=True)
    border = bordermap.shared_border("FRA", "ESP")  # the sea mask is used: the border reaches two coasts
    assert border.maritime_km > 0 and 600 < border.length_km < 700
    table = bordermap.border_table()
    assert {"ESP", "FRA"} <= set(table.a) | set(table.b)
    assert not marker.exists()
