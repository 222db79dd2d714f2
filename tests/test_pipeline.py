"""The pipeline's order and what it derives from the stages."""

from __future__ import annotations

from tasks.config import StageConfig
from tasks.pipeline import LAST_RAW_READER, RAW_READERS, STAGE_NAMES, Pipeline, build_stage


def test_raw_readers_are_the_stages_that_say_they_read_the_raw_body() -> None:
    """RAW_READERS is spelled out so a worker need not build every stage to know when to
    drop the body; it must say what the stages themselves say."""
    config = StageConfig()
    said = {name for name in STAGE_NAMES if build_stage(name, config).reads_raw}
    assert said == RAW_READERS
    assert LAST_RAW_READER == "clean"


def test_next_after_follows_the_stage_order() -> None:
    pipeline = Pipeline()
    assert [pipeline.next_after(n) for n in STAGE_NAMES] == [*STAGE_NAMES[1:], None]
