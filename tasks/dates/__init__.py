"""The dates stage: publication and modification dates from every signal a payload carries.

Candidates come from the payload's date fields, the HTML page (``<meta>``, JSON-LD,
microdata, ``<time>``, date-like elements, its visible text), the URL, and for a text dump
its dateline, byline, first lines and metadata tail. Malformed values are repaired only when
an independent signal confirms the repair; their intact fields (a year, a day of month)
still support the days they fit. Declared publication dates (payload, metadata, a day in the
URL) bind: a date read out of the text by a heuristic cannot override them when they agree
(``declared``), and a day only one of them gives is not established when they disagree. The
day is chosen by agreement between independent sources, and every candidate is kept with
the result.
"""

from tasks.dates.stage import Dates

__all__ = ["Dates"]
