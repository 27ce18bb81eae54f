"""TEI P5 in and out: the only package of revdiff that uses lxml.

- :mod:`revdiff.tei.read`: the hardened parser, the one walk over the text, layers.
- :mod:`revdiff.tei.write`: a diff as TEI (``to_tei``: revision markup or apparatus).
- :mod:`revdiff.tei.encode`: a Markdown transcription as TEI (``encode``).
- :mod:`revdiff.tei.validate`: tei_all and the pointers a schema cannot follow (``validate``).

(The functions ``encode`` and ``validate`` shadow their modules as attributes of this
package; import from the modules by name, ``from revdiff.tei.validate import Problem``.)
"""

from .read import Change, Hand, TEIDocument, layer_names, parse_tei, parse_xml, read_layer

__all__ = ["Change", "Hand", "TEIDocument", "layer_names", "parse_tei", "parse_xml", "read_layer"]
__all__ += ["encode", "to_tei", "validate"]

from .encode import encode  # noqa: E402
from .validate import validate  # noqa: E402
from .write import to_tei  # noqa: E402
