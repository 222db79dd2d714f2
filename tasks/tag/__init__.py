"""Tags and keyphrases: ``source_tags`` normalises the publisher's tags, ``keyphrases`` wraps
YAKE, ``stage`` adds the entity tags and sets the record's fields."""

from tasks.tag.stage import Tag, entity_tags

__all__ = ["Tag", "entity_tags"]
