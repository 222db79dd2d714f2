"""The one HTML toolkit the stages share: the bounded, hostile-safe parse (``parse``, with
``depth`` and ``size``), the month-name table (``months``) and the page's declared language
(``language``).

The clean stage parses a page once with ``parse.load_page``; what later stages need from the
page is read from that tree before it is bounded and handed to trafilatura.
"""
