"""The names every TEI module needs: namespaces in lxml's Clark notation."""

from __future__ import annotations

import re

__all__ = ["TEI_NS", "T", "XML_ID", "XML_LANG", "NOT_XML"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = "{" + TEI_NS + "}"
"""Prefix of a TEI element's tag: ``T + "p"``."""
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold at all, not even as character references."""
