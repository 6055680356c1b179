"""XML documents that always parse, whatever text the evidence put into them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 does not allow anywhere, even escaped (§2.2): most C0 controls, lone
# surrogates, U+FFFE and U+FFFF. ElementTree writes them as they are, and the file no
# longer parses.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_document(root: ET.Element) -> str:
    """``root`` indented, with its declaration; characters XML cannot hold are written as
    ``\\uXXXX`` text."""
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    body = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04X}", body)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
