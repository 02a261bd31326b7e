"""Settings: checked when set, unknown names refused, ``bordermap.options`` for a block."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import bordermap
from bordermap import settings
from bordermap.exc import ArgumentError, ArgumentTypeError, UnknownSettingError


def test_a_misspelt_setting_raises_naming_the_close_names(restore_settings):
    with pytest.raises(AttributeError, match=r"settings\.tolerence_m: no such setting; did you mean tolerance_m\?"):
        settings.tolerence_m = 100
    assert settings.tolerance_m == 50.0 and "tolerence_m" not in vars(settings)
    with pytest.raises(UnknownSettingError, match="tolerance_m"):
        settings.tolerence_m  # noqa: B018 - reading it too
    with pytest.raises(UnknownSettingError, match="no such setting"), bordermap.options(tolerence_m=100):
        pass


@pytest.mark.parametrize(
    ("name", "value", "error", "message"),
    [
        ("tolerance_m", "100", ArgumentTypeError, "must be a number, not str"),
        ("tolerance_m", 0, ArgumentError, "must be a finite number above 0"),
        ("tolerance_m", float("nan"), ArgumentError, "finite"),
        ("min_piece_m", -1.0, ArgumentError, "at least 0"),
        ("use_cache", 1, ArgumentTypeError, "must be True or False"),
        ("geocoder", "google", ArgumentError, "must be one of 'offline', 'nominatim'"),
        ("max_features", 1.5, ArgumentTypeError, "must be an integer"),
        ("max_features", 0, ArgumentError, "at least 1"),
        ("geojson_precision", True, ArgumentTypeError, "must be an integer, not bool"),
        ("cache_folder", 3, ArgumentTypeError, "must be a path or None"),
        ("cache_folder", "", ArgumentError, "non-empty"),
        ("user_agent", " ", ArgumentError, "must not be empty"),
    ],
)
def test_a_bad_value_raises_one_line_and_changes_nothing(restore_settings, name, value, error, message):
    before = settings.current()
    with pytest.raises(error, match=message) as info:
        setattr(settings, name, value)
    assert "\n" not in str(info.value) and str(info.value).startswith(f"settings.{name}=")
    assert settings.current() == before


def test_values_are_stored_in_their_type(restore_settings, tmp_path):
    settings.tolerance_m = 100
    settings.cache_folder = str(tmp_path)
    assert settings.tolerance_m == 100.0 and isinstance(settings.tolerance_m, float)
    assert settings.cache_folder == tmp_path and isinstance(settings.cache_folder, Path)


def test_options_sets_for_the_block_and_restores():
    with bordermap.options(tolerance_m=100, geocoder="nominatim"):
        assert (settings.tolerance_m, settings.geocoder) == (100.0, "nominatim")
    assert (settings.tolerance_m, settings.geocoder) == (50.0, "offline")


def test_options_restores_on_an_error():
    with pytest.raises(RuntimeError, match="inside"), bordermap.options(tolerance_m=100, use_cache=False):
        raise RuntimeError("inside")
    assert settings.tolerance_m == 50.0 and settings.use_cache is True


def test_options_with_a_bad_value_changes_nothing():
    with pytest.raises(ArgumentError), bordermap.options(tolerance_m=100, min_piece_m=-5):
        pytest.fail("the block must not run")
    assert settings.tolerance_m == 50.0 and settings.min_piece_m == 200.0


def test_options_nest():
    with bordermap.options(tolerance_m=100):
        with bordermap.options(tolerance_m=200, min_piece_m=10):
            assert (settings.tolerance_m, settings.min_piece_m) == (200.0, 10.0)
        assert (settings.tolerance_m, settings.min_piece_m) == (100.0, 200.0)
        settings.tolerance_m = 20  # a setting of the block set inside it: restored at its end too
    assert (settings.tolerance_m, settings.min_piece_m) == (50.0, 200.0)


def test_options_as_a_decorator_and_read_at_call_time():
    from bordermap.geometry.borders import shared_border

    @bordermap.options(tolerance_m=100)
    def wide():
        return settings.tolerance_m, shared_border("LTU", "BLR").tolerance_m

    assert wide() == (100.0, 100.0)
    assert shared_border("LTU", "BLR").tolerance_m == 50.0


def test_cache_folder_order(restore_settings, monkeypatch, tmp_path):
    """The setting, else $BORDERMAP_CACHE, else the platform's user cache folder ($XDG_CACHE_HOME on Linux)."""
    monkeypatch.setenv("BORDERMAP_CACHE", str(tmp_path / "env"))
    settings.cache_folder = tmp_path / "set"
    assert settings.cache_root() == tmp_path / "set"
    settings.cache_folder = None
    assert settings.cache_root() == tmp_path / "env"
    monkeypatch.delenv("BORDERMAP_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert settings.cache_root() == tmp_path / "xdg" / "bordermap"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if sys.platform.startswith("linux"):
        assert settings.cache_root() == tmp_path / "home" / ".cache" / "bordermap"


def test_the_tests_write_into_a_cache_of_their_own(session_cache):
    """tests/conftest.py: the session's cache folder, never the persistent one (which holds the fetched sources)."""
    import os

    from bordermap._cache import cache_dir
    from tests.conftest import STORE

    assert cache_dir() == session_cache != STORE and os.environ["BORDERMAP_CACHE"] == str(session_cache)
    links = [e for e in session_cache.iterdir() if e.is_symlink()]
    assert all(e.suffix != ".bmc" and e.name != "nominatim" for e in links)  # only what bordermap never writes
    assert all(not e.is_symlink() for e in session_cache.glob("*.bmc"))
