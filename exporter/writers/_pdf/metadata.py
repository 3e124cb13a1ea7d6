"""The document's metadata as XMP, the same packet for the printable PDF (PDF/UA-1)
and the archive copy (PDF/A-2a and PDF/UA-1 in one file).

PDF/UA-1 asks for `pdfuaid:part` in the XMP; PDF/A allows a property outside its
own schemas only when the packet declares it in a PDF/A extension schema, which is
done here for `pdfuaid`. Every value is XML-escaped, and the characters XML 1.0
cannot hold at all (C0 controls but tab and line ends, lone surrogates, U+FFFE/F)
are dropped, as the other writers drop them (`writers.xmltext.NOT_XML`): a theme's words can
then never make the packet unreadable.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..xmltext import NOT_XML

__all__ = ["CREATOR", "PRODUCER", "Metadata", "plain", "xmp"]

CREATOR = "exporter"
PRODUCER = "exporter, with ReportLab (fonts) and qpdf (archive copies)"


def plain(text: str) -> str:
    """`text` without the characters XML cannot hold, for the document information
    and the XMP alike (so that the two agree). (A printable text has none of them:
    every character XML cannot hold is a control, a surrogate or a noncharacter.)"""
    return text if text.isprintable() else NOT_XML.sub("", text)


@dataclass(frozen=True)
class Metadata:
    """The document information of a report, in both places it is written. `date` is
    the report's date; `archived`, set on an archive copy only, when that copy was made
    (`exporter.archive.archive_time`), which its creation and modification dates say."""

    title: str
    subject: str
    author: str
    keywords: str
    language: str
    date: _dt.date
    archived: _dt.datetime | None = None

    @property
    def created(self) -> _dt.datetime:
        """When the document was made, in UTC: the time of archiving for an archive copy,
        never before the day of the report's date; else the report's date."""
        start = _dt.datetime(self.date.year, self.date.month, self.date.day, tzinfo=_dt.timezone.utc)
        if self.archived is None:
            return start
        return max(self.archived.astimezone(_dt.timezone.utc).replace(microsecond=0), start)


_EXTENSION = """   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
"""


def xmp(meta: Metadata, archival: bool = False) -> bytes:
    """The XMP packet of `meta`: Dublin Core, PDF and XMP basic properties, PDF/UA-1
    identification with its extension schema, and for the `archival` copy the PDF/A-2a
    identification."""

    def e(text: str) -> str:
        return escape(plain(text))

    when = f"{meta.created:%Y-%m-%dT%H:%M:%S}+00:00"
    pdfa = "   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>A</pdfaid:conformance>\n" if archival else ""
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(meta.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(meta.keywords)}</pdf:Keywords>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
{pdfa}   <pdfuaid:part>1</pdfuaid:part>
{_EXTENSION}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
