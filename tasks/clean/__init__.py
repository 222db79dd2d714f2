"""The clean stage: from a crawler's raw page (HTML, a plain-text dump, or both) to the
article's text, title, byline, captions, dateline, tags and the page's metadata block.

``Clean`` is the stage; ``html`` and ``textdump`` hold the two extractors it combines.
"""

from tasks.clean.stage import Clean

__all__ = ["Clean"]
