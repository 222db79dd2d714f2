"""The dates stage: publication and modification dates from every signal a payload carries.

Candidates come from the payload's date fields, the HTML page (``<meta>``, JSON-LD,
microdata, ``<time>``, date-like elements), the URL, the byline/dateline, the first lines of
the text and a text dump's metadata tail. Malformed values are repaired only when an
independent signal confirms the repair; the day is chosen by agreement between independent
sources, and every candidate is kept with the result.
"""

from tasks.dates.stage import Dates

__all__ = ["Dates"]
