"""TEI P5 in: the input side, and the only package of revdiff that imports lxml.

- :mod:`revdiff.tei.read`: the hardened parser and the one walk over the text
  (``parse_tei``, ``parse_xml``);
- :mod:`revdiff.tei.layers`: a layer as a witness (``read_layer``,
  ``layer_names``), pure over the walk's items;
- :mod:`revdiff.tei.diplomatic`: the text with every revision in place;
- :mod:`revdiff.tei.validate`: tei_all and the pointers a schema cannot follow
  (``validate``);
- :mod:`revdiff.tei.encode`: a Markdown transcription as TEI (``encode``);
- :mod:`revdiff.tei.build`: the small lxml builder every writer of XML uses
  (the TEI outputs of diffs and collations are :mod:`revdiff.render.tei`'s).

(The functions ``encode`` and ``validate`` shadow their modules as attributes
of this package; import from the modules by name, ``from
revdiff.tei.validate import Problem``.)
"""

from .._names import moved
from .encode import encode
from .layers import layer_names, read_layer
from .read import parse_tei, parse_xml
from .validate import validate

__all__ = ["layer_names", "parse_tei", "parse_xml", "read_layer", "encode", "validate"]

__getattr__ = moved(
    __name__,
    {
        "TEIDocument": "revdiff.model.TEIDocument",
        "Hand": "revdiff.model.Hand",
        "Change": "revdiff.model.Change",
        "to_tei": "revdiff.render.tei.to_tei",
    },
)
