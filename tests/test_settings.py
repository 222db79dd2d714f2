"""Settings: one object from ENRICH_* variables, validated, documented in the README."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from tasks.config import StageConfig
from tests.conftest import ROOT
from worker.errors import SettingsError
from worker.settings import PARSERS, PREFIX, Settings, mask_url


def test_settings_defaults_need_no_environment() -> None:
    """With nothing set, every option has a working default (and no Redis URL)."""
    settings = Settings.from_env({})
    assert settings.redis_url is None
    assert settings.intake_key == "articles:raw"
    assert settings.output_key == "articles:enriched"
    assert settings.dead_key == "articles:dead"


def test_settings_read_and_convert_environment() -> None:
    """Values are read from ENRICH_* names and converted to their types."""
    settings = Settings.from_env(
        {
            "ENRICH_REDIS_URL": "redis://h:6380/2",
            "ENRICH_BATCH_SIZE": "8",
            "ENRICH_MODELS": "en=en_core_web_sm, de=de_core_news_sm",
            "ENRICH_STAGE_SOFT_TIME_LIMIT": "10.5",
            "OTHER": "ignored",
        }
    )
    assert settings.redis_url == "redis://h:6380/2"
    assert settings.batch_size == 8
    assert settings.stage_soft_time_limit == 10.5
    assert settings.stage_config().models == {"en": "en_core_web_sm", "de": "de_core_news_sm"}


def test_settings_unknown_enrich_variable_is_an_error() -> None:
    """A misspelt ENRICH_ name fails loudly instead of being ignored."""
    with pytest.raises(SettingsError, match="ENRICH_BACH_SIZE"):
        Settings.from_env({"ENRICH_BACH_SIZE": "8"})


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"ENRICH_BATCH_SIZE": "many"}, "not a valid int"),
        ({"ENRICH_BATCH_SIZE": "0"}, "must be positive"),
        ({"ENRICH_OUTPUT_MODE": "kafka"}, "'list' or 'stream'"),
        ({"ENRICH_REDIS_URL": "http://x"}, "redis://"),
        ({"ENRICH_STAGE_SOFT_TIME_LIMIT": "500"}, "below ENRICH_STAGE_TIME_LIMIT"),
        ({"ENRICH_VISIBILITY_TIMEOUT": "10"}, "at least three heartbeats"),
        ({"ENRICH_HEARTBEAT_INTERVAL": "0"}, "ENRICH_HEARTBEAT_INTERVAL must be positive"),
        (
            {"ENRICH_PREFETCH": "12", "ENRICH_STALE_AFTER": "2000"},
            "ENRICH_STALE_AFTER must exceed ENRICH_PREFETCH x ENRICH_STAGE_TIME_LIMIT",
        ),
        ({"ENRICH_PREFETCH": "0"}, "ENRICH_PREFETCH must be positive"),
        ({"ENRICH_MODELS": "en_core_web_sm"}, "lang=model"),
        ({"ENRICH_MEMORY_DAYS": "-1"}, "0 (memory off) or more"),
        ({"ENRICH_CLEAN_DEBUG": "maybe"}, "not a valid boolean"),
    ],
)
def test_settings_bad_values_explain_themselves(env: dict[str, str], words: str) -> None:
    """Each invalid value is refused at start-up with a message naming the variable."""
    with pytest.raises(SettingsError, match=re.escape(words)):
        Settings.from_env(env)


def test_settings_booleans_accept_the_usual_spellings() -> None:
    """1/true/yes/on and 0/false/no/off, in any case."""
    assert Settings.from_env({"ENRICH_CLEAN_DEBUG": "Yes"}).clean_debug is True
    assert Settings.from_env({"ENRICH_CLEAN_DEBUG": "off"}).clean_debug is False
    assert Settings.from_env({"ENRICH_CLEAN_DEBUG": "1"}).stage_config().clean_debug is True


def test_settings_require_url_says_how_to_give_one() -> None:
    """Commands that need Redis explain ENRICH_REDIS_URL when it is missing."""
    with pytest.raises(SettingsError, match="ENRICH_REDIS_URL=redis://"):
        Settings().require_redis_url()


def test_mask_url_hides_password_only() -> None:
    """Passwords never reach logs or `enrich stats`; user, host and port stay readable."""
    assert mask_url("rediss://app:s3cret@cache:6380/1") == "rediss://app:***@cache:6380/1"
    assert mask_url("redis://localhost:6379/0") == "redis://localhost:6379/0"


def test_settings_round_trip_through_environ() -> None:
    """Settings passed to a child process as variables come back identical."""
    settings = Settings(redis_url="redis://x:1/0", key_prefix="run-1:", batch_size=4)
    assert Settings.from_env(settings.environ()) == settings


def test_readme_documents_every_setting() -> None:
    """The README's configuration table names every ENRICH_ variable the code reads."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        PREFIX + f.name.upper()
        for f in fields(Settings)
        if f"`{PREFIX}{f.name.upper()}`" not in readme
    ]
    assert not missing


def test_stage_defaults_are_the_domains() -> None:
    """With no ENRICH_ variable set, the stages get exactly the domain's own defaults."""
    assert Settings.from_env({}).stage_config() == StageConfig()


def test_readme_gives_the_defaults_the_code_has() -> None:
    """Each default in the README's configuration table is the setting's default value."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `ENRICH_(\w+)` \| `([^`]*)` \|", readme, re.MULTILINE)
    defaults = Settings()
    wrong = [
        (name, shown)
        for name, shown in documented
        if PARSERS.get(name.lower(), str)(shown) != getattr(defaults, name.lower())
    ]
    assert len(documented) > 10
    assert not wrong
