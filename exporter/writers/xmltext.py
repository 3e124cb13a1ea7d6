"""What XML 1.0 cannot hold, for every writer of an XML-based format (the lower layer
they share; the domain model knows nothing of XML)."""

from __future__ import annotations

import re

__all__ = ["XML_FORBIDDEN", "NOT_XML"]

# C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF. The writers drop
# them wherever they meet them.
XML_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"  # as the body of a [character class]
NOT_XML = re.compile(f"[{XML_FORBIDDEN}]")
