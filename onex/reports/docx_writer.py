"""The report as .docx in the style of GB/T 9704 (党政机关公文格式).

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title in
方正小标宋简体 2号 (22 pt); body in 仿宋_GB2312 3号 (16 pt) at a fixed 29 pt line
(22 lines a page); first-level headings 一、 in 黑体, second-level （一） in
楷体_GB2312; page numbers 「— 1 —」 in 宋体 4号, odd pages on the right and even
pages on the left, one character in from the edge; tables with full borders.

Fonts: each run names its Chinese font in ``w:eastAsia`` (and Times New Roman
for Latin text and digits). The official fonts are often missing, so the font
table declares a fallback for each (``w:altName``) together with the GB2312
character set and font family, which Word, WPS and LibreOffice use to choose a
substitute: 方正小标宋简体 → 华文中宋 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree


@dataclass(frozen=True)
class Font:
    name: str  # the font the standard asks for, written in w:eastAsia
    alt: str  # the fallback declared in the font table
    family: str  # roman (serif, 宋/仿宋/楷) or swiss (sans, 黑体)
    panose: str  # the fallback's PANOSE, which guides substitution


TITLE_FONT = Font("方正小标宋简体", "华文中宋", "roman", "02010600040101010101")
BODY_FONT = Font("仿宋_GB2312", "仿宋", "modern", "02010609060101010101")
HEADING1_FONT = Font("黑体", "SimHei", "modern", "02010609060101010101")
HEADING2_FONT = Font("楷体_GB2312", "楷体", "modern", "02010609060101010101")
NUMBER_FONT = Font("宋体", "SimSun", "auto", "02010600030101010101")
# Where the fallback named in altName is also missing, the next in line.
SECOND_FALLBACKS = {"华文中宋": "宋体", "仿宋": "宋体", "楷体": "宋体"}
LATIN = "Times New Roman"

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
TABLE_SIZE = Pt(14)  # 4号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TEXT_WIDTH_MM = 210 - 28 - 26
LINE = Pt(29)  # 225 mm of text area / 22 lines
TITLE_LINE = Pt(35)
TABLE_LINE = Pt(22)


# ------------------------------------------------------------------ low level


def _set_fonts(run_or_style_rpr: Any, font: Font) -> None:
    rfonts = run_or_style_rpr.get_or_add_rFonts()
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)
    rfonts.set(qn("w:cs"), LATIN)
    rfonts.set(qn("w:eastAsia"), font.name)
    for hint in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(hint), None)


def _run(paragraph: Paragraph, text: str, font: Font, size: Pt, *, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    _set_fonts(run._element.get_or_add_rPr(), font)


def _spacing(paragraph: Paragraph, line: Pt, *, before: Pt | int = 0, after: Pt | int = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = before
    fmt.space_after = after
    fmt.widow_control = False


def _indent_chars(paragraph: Paragraph, *, first_line: int = 0, left: int = 0, right: int = 0) -> None:
    """Indents counted in characters (w:firstLineChars etc., hundredths of a character)."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if first_line:
        ind.set(qn("w:firstLineChars"), str(first_line * 100))
        ind.set(qn("w:firstLine"), str(int(first_line * BODY_SIZE.pt * 20)))
    if left:
        ind.set(qn("w:leftChars"), str(left * 100))
        ind.set(qn("w:left"), str(int(left * BODY_SIZE.pt * 20)))
    if right:
        ind.set(qn("w:rightChars"), str(right * 100))
        ind.set(qn("w:right"), str(int(right * BODY_SIZE.pt * 20)))


def _font_table(document: Any) -> None:
    """Declare each Chinese font with its fallback in word/fontTable.xml."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    fonts = [TITLE_FONT, BODY_FONT, HEADING1_FONT, HEADING2_FONT, NUMBER_FONT]
    fallbacks = [Font(f.alt, SECOND_FALLBACKS[f.alt], f.family, f.panose) for f in fonts if f.alt in SECOND_FALLBACKS]
    for font in fonts + fallbacks:
        if font.name in present:
            continue
        present.add(font.name)
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{font.name}">'
                f'<w:altName w:val="{font.alt}"/>'
                f'<w:panose1 w:val="{font.panose}"/>'
                '<w:charset w:val="86"/>'
                f'<w:family w:val="{font.family}"/>'
                '<w:pitch w:val="variable"/>'
                "</w:font>"
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _normal_style(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.size = BODY_SIZE
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    style.paragraph_format.space_after = 0
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    style.paragraph_format.line_spacing = LINE


def _page(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: Paragraph, align: Any) -> None:
    """「— 1 —」: a PAGE field between em dashes, one character in from the outer edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = 0
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    _run(paragraph, "— ", NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("result", "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = PAGE_NUMBER_SIZE
        _set_fonts(run._element.get_or_add_rPr(), NUMBER_FONT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        elif kind == "result":
            t = OxmlElement("w:t")
            t.text = text
            run._element.append(t)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._element.append(fld)
    _run(paragraph, " —", NUMBER_FONT, PAGE_NUMBER_SIZE)


def _borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    # Keep the schema's order of tblPr children, which Word insists on.
    later = [tblpr.find(qn(f"w:{tag}")) for tag in ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption")]
    later = [el for el in later if el is not None]
    if later:
        later[0].addprevious(borders)
    else:
        tblpr.append(borders)


def _cell_text(cell: Any, text: str, font: Font, *, align: Any) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    _spacing(paragraph, TABLE_LINE)
    _run(paragraph, text, font, TABLE_SIZE)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


# ------------------------------------------------------------------ blocks


def _title(document: Any, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, TITLE_LINE, after=Pt(29) if i == len(lines) - 1 else 0)
        _run(p, line, TITLE_FONT, TITLE_SIZE)


def _heading(document: Any, text: str, font: Font) -> None:
    p = document.add_paragraph()
    _spacing(p, LINE)
    _indent_chars(p, first_line=2)
    p.paragraph_format.keep_with_next = True
    _run(p, text, font, BODY_SIZE)


def _paragraph(document: Any, text: str) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _spacing(p, LINE)
    _indent_chars(p, first_line=2)
    _run(p, text, BODY_FONT, BODY_SIZE)


def _table(document: Any, block: dict[str, Any]) -> None:
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    _spacing(caption, LINE)
    _run(caption, block["caption"], HEADING1_FONT, TABLE_SIZE)

    headers = block["headers"]
    rows = list(block["rows"]) + ([block["footer"]] if block.get("footer") else [])
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    numeric = set(block.get("numeric", []))
    header_row = table.rows[0]
    trpr = header_row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for col, text in enumerate(headers):
        _cell_text(header_row.cells[col], str(text), HEADING1_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    for r, values in enumerate(rows, start=1):
        cells = table.rows[r].cells
        for col, value in enumerate(values):
            align = WD_ALIGN_PARAGRAPH.CENTER if col in numeric else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cells[col], "" if value is None else str(value), BODY_FONT, align=align)
    widths = block.get("widths_mm") or (
        [110, 46] if len(headers) == 2 else [TEXT_WIDTH_MM / len(headers)] * len(headers)
    )
    table.autofit = False
    for col, width in enumerate(widths):
        table.columns[col].width = Mm(width)
        for cell in table.columns[col].cells:
            cell.width = Mm(width)
    # A blank line after the table.
    after = document.add_paragraph()
    _spacing(after, LINE)


def _attachments(document: Any, titles: list[str]) -> None:
    if not titles:
        return
    blank = document.add_paragraph()
    _spacing(blank, LINE)
    for i, title in enumerate(titles, start=1):
        p = document.add_paragraph()
        _spacing(p, LINE)
        if i == 1:
            _indent_chars(p, first_line=2)
            label = "附件："
        else:
            _indent_chars(p, left=5)
            label = ""
        number = f"{i}．" if len(titles) > 1 else ""
        _run(p, f"{label}{number}{title}", BODY_FONT, BODY_SIZE)


def _signature(document: Any, name: str, date_text: str) -> None:
    for _ in range(2):
        _spacing(document.add_paragraph(), LINE)
    for text in (name, date_text):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _spacing(p, LINE)
        _indent_chars(p, right=4)
        _run(p, text, BODY_FONT, BODY_SIZE)


# ------------------------------------------------------------------ entry


def write_docx(doc: dict[str, Any], target: str | IO[bytes]) -> None:
    """Write a document dict (see ``document.report_document``) as .docx to a path or a binary file."""
    document = Document()
    _normal_style(document)
    _font_table(document)
    _page(document)
    props = document.core_properties
    props.title = "".join(doc["title_lines"])
    props.author = doc["institution"]["name"]
    props.language = "zh-CN"

    # The template's empty first paragraph would leave a blank line above the title.
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)

    _title(document, doc["title_lines"])
    for block in doc["blocks"]:
        kind = block["kind"]
        if kind == "h1":
            _heading(document, block["text"], HEADING1_FONT)
        elif kind == "h2":
            _heading(document, block["text"], HEADING2_FONT)
        elif kind == "p":
            _paragraph(document, block["text"])
        elif kind == "table":
            _table(document, block)
    _attachments(document, doc.get("attachments", []))
    _signature(document, doc["institution"]["name"], doc["date_text"])
    document.save(target)


def docx_bytes(doc: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    return buffer.getvalue()
