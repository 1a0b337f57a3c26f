"""Where data lives and how settings load."""

from __future__ import annotations

from pathlib import Path

from flux_tui import settings


def test_data_goes_under_flux_home_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("FLUX_HOME", str(tmp_path / "here"))
    assert settings.store_path() == tmp_path / "here" / "flux.sqlite3"


def test_without_flux_home_data_goes_to_the_platform_user_data_dir(monkeypatch):
    from platformdirs import user_data_path

    monkeypatch.delenv("FLUX_HOME", raising=False)
    assert settings.data_dir() == user_data_path("flux-tui", appauthor=False)
    assert settings.data_dir().name == "flux-tui"


def test_dotenv_fills_only_what_the_environment_lacks(monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text("SUPABASE_URL=http://from-dotenv\nSUPABASE_ANON_KEY=key-from-dotenv\n")
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUPABASE_URL", "http://already-set")
    monkeypatch.delenv("SUPABASE_ANON_KEY", raising=False)
    settings.load_dotenv_files()
    remote = settings.remote_settings()
    assert (remote.url, remote.anon_key) == ("http://already-set", "key-from-dotenv")
    assert Path.cwd() == tmp_path
