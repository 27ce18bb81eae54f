"""Facsimiles: the image of a page, where the TEI gives one.

A ``pb`` or a ``surface`` names its image with ``@facs`` (a URL, or a
pointer ``#id`` to a ``surface``, ``zone`` or ``graphic`` of the file's
``facsimile``), or a ``surface`` holds a ``graphic`` with ``@url``. A view
links the page's number to that image; it never loads it.

Only an address a view can link to safely is kept (:func:`safe_image`):
http or https, or a reference relative to the page. An address of the IIIF
Image API (a service, or its ``info.json``) becomes the address of the whole
image.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from .names import XML_ID, T

__all__ = ["facsimile_urls", "page_image", "safe_image"]

_IIIF_IMAGE = "/full/max/0/default.jpg"  # the whole image, at its full size


def safe_image(url: str | None) -> str | None:
    """The URL a view may link to for an image, or None.

    >>> safe_image("https://example.org/f57.jpg")
    'https://example.org/f57.jpg'
    >>> safe_image("leaf001r.jpg")
    'leaf001r.jpg'
    >>> safe_image("https://iiif.example.org/iiif/image/d9ad2ac8/info.json")
    'https://iiif.example.org/iiif/image/d9ad2ac8/full/max/0/default.jpg'
    >>> [safe_image(u) for u in ("javascript:alert(1)", "faust://facsimile/1", "a b.jpg", "")]
    [None, None, None, None]
    """
    url = (url or "").strip()
    if not url or any(ord(c) <= 32 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed address (an unclosed IPv6 bracket, say)
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    if parts.path.endswith("/info.json"):
        return url[: url.rindex("/info.json")] + _IIIF_IMAGE
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    iiif = "iiif" in (parts.netloc + parts.path).lower()
    if iiif and not parts.query and "." not in last and last not in ("", "manifest"):
        return url.rstrip("/") + _IIIF_IMAGE  # an image service's base address
    return url


def _own_image(el: etree._Element) -> str | None:
    """The image a surface, zone or graphic itself gives: its url, its graphic's, or its facs."""
    if el.tag == f"{T}graphic":
        return safe_image(el.get("url"))
    for graphic in el.iterchildren(f"{T}graphic"):
        url = safe_image(graphic.get("url"))
        if url:
            return url
    facs = (el.get("facs") or "").split()
    return safe_image(facs[0]) if facs and not facs[0].startswith("#") else None


def facsimile_urls(root: etree._Element) -> dict[str, str]:
    """Each surface, zone and graphic of a file with an ``xml:id``, by id: its image."""
    urls: dict[str, str] = {}
    for el in root.iter(f"{T}surface", f"{T}zone", f"{T}graphic"):
        ident = el.get(XML_ID)
        if ident:
            url = _own_image(el)
            if url:
                urls[ident] = url
    return urls


def page_image(el: etree._Element, urls: dict[str, str]) -> str | None:
    """The image of the page a ``pb`` or ``surface`` begins (``urls`` from :func:`facsimile_urls`)."""
    facs = (el.get("facs") or "").split()
    if facs and facs[0].startswith("#"):
        return urls.get(facs[0][1:])
    if facs:
        return safe_image(facs[0])
    return _own_image(el) if el.tag == f"{T}surface" else None
