"""What a crawler knows of a page besides the page: its HTTP headers and how to decode it."""

from tasks.http.charset import Decoded, decode_body
from tasks.http.headers import Headers, header, normalise_headers

__all__ = ["Decoded", "Headers", "decode_body", "header", "normalise_headers"]
