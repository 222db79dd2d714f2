"""The one HTML toolkit the stages share: the bounded, hostile-safe parse (``parse``, with
``depth`` and ``size``), the month-name table (``months``), the page's declared language
(``language``) and what the dates stage needs of a page (``page_signals``: the elements indexed
in one walk by ``page_index``, the dates of ``meta_dates``, ``jsonld_dates`` and
``date_signals``). Nothing here imports a stage.

The clean stage parses a page once with ``parse.load_page``; what later stages need from the
page is read from that tree before it is bounded and handed to trafilatura.
"""
