"""TEI P5 in and out: the only package of revdiff that uses lxml.

- :mod:`revdiff.tei.read`: the hardened parser, the one walk over the text, layers.
"""

from .read import Change, Hand, TEIDocument, layer_names, parse_tei, parse_xml, read_layer

__all__ = ["Change", "Hand", "TEIDocument", "layer_names", "parse_tei", "parse_xml", "read_layer"]
