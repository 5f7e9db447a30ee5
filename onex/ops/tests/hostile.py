"""Hostile spreadsheets, built for real in a folder: each function writes one and returns its path.

Every file is small on disk; what it asks of a reader is not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlsxwriter

HEADERS = ["姓名", "证件类型", "证件号码", "证书名称", "等级", "理论成绩", "实操成绩"]


def _workbook_parts(folder: Path) -> dict[str, bytes]:
    """The parts of a genuine one-sheet workbook, to be tampered with."""
    path = folder / "genuine.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名单")
    for c, h in enumerate(HEADERS):
        sheet.write_string(0, c, h)
    sheet.write_string(1, 0, "张三")
    book.close()
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def zip_bomb(folder: Path) -> Path:
    """A real workbook whose sheet inflates from about 100 KB to 100 MB."""
    parts = _workbook_parts(folder)
    sheet = parts["xl/worksheets/sheet1.xml"]
    head, rest = sheet.split(b"<sheetData>", 1)
    parts["xl/worksheets/sheet1.xml"] = head + b"<sheetData>" + b" " * (100 * 1024 * 1024) + rest
    return _zip(folder / "名单-压缩炸弹.xlsx", parts)


def sparse_bomb(folder: Path) -> Path:
    """Two cells, A1 and XFD1048576: 5 KB on disk, seventeen billion cells to a reader."""
    path = folder / "名单-稀疏.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名单")
    for c, h in enumerate(HEADERS):
        sheet.write_string(0, c, h)
    sheet.write_string(1048575, 16383, "末")
    book.close()
    return path


def _laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return ("<!DOCTYPE sst [" + "".join(entities) + "]>").encode()


def entity_bomb(folder: Path) -> Path:
    """A billion laughs in the shared strings, declared right after the XML declaration."""
    parts = _workbook_parts(folder)
    strings = parts["xl/sharedStrings.xml"]
    decl, rest = strings.split(b"?>", 1)
    parts["xl/sharedStrings.xml"] = decl + b"?>" + _laughs() + rest.replace("张三".encode(), b"&lol9;")
    return _zip(folder / "名单-实体炸弹.xlsx", parts)


def entity_bomb_behind_a_comment(folder: Path) -> Path:
    """The same, with the DOCTYPE pushed 8 KB down behind a comment, past any look at the prolog."""
    parts = _workbook_parts(folder)
    strings = parts["xl/sharedStrings.xml"]
    decl, rest = strings.split(b"?>", 1)
    padding = b"<!--" + b"x" * 8192 + b"-->"
    parts["xl/sharedStrings.xml"] = decl + b"?>" + padding + _laughs() + rest.replace("张三".encode(), b"&lol9;")
    return _zip(folder / "名单-隐藏实体.xlsx", parts)


def many_sheets(folder: Path, count: int = 10_000) -> Path:
    """A workbook of ten thousand sheets, each a real part listed in the workbook."""
    parts = _workbook_parts(folder)
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheets = "".join(f'<sheet name="s{i}" sheetId="{i}" r:id="rId{i + 100}"/>' for i in range(1, count + 1))
    rels = "".join(
        f'<Relationship Id="rId{i + 100}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    ).encode()
    for i in range(1, count + 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet
    return _zip(folder / "名单-万张表.xlsx", parts)


def disguised(folder: Path) -> list[tuple[Path, str]]:
    """Files whose content contradicts the name they are uploaded under."""
    png = folder / "photo.bin"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    html = folder / "export.bin"
    html.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    parts = _workbook_parts(folder)
    xlsx = _zip(folder / "real.bin", parts)
    docx = _zip(folder / "letter.bin", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    return [
        (png, "名单.xlsx"),  # a picture named as a workbook
        (html, "名单.xls"),  # a web page saved as .xls, as some systems export
        (xlsx, "名单.csv"),  # a workbook named as text
        (docx, "名单.xlsx"),  # a Word document renamed
    ]


def csv_in(folder: Path, encoding: str) -> Path:
    """A roster as CSV in an encoding the importer does not read (UTF-16, Big5, Shift-JIS)."""
    path = folder / f"名单-{encoding}.csv"
    text = ",".join(HEADERS) + "\r\n" + "張三,居民身份證,440902200401019004,測試證書,中級,80,75\r\n"
    path.write_bytes(text.encode(encoding, errors="replace"))
    return path


def oversized(folder: Path, size: int) -> Path:
    """A plausible CSV roster just over ``size`` bytes."""
    path = folder / "名单-超大.csv"
    line = "张三,居民身份证,440902200401019004,测试证书,中级,80,75\r\n".encode()
    with path.open("wb") as fh:
        fh.write(",".join(HEADERS).encode() + b"\r\n")
        fh.write(line * (size // len(line) + 1))
    return path


def comma_flood(folder: Path, size: int = 20 * 1024 * 1024) -> Path:
    """A CSV well under the size limit whose one line is twenty million empty cells."""
    path = folder / "名单-逗号.csv"
    with path.open("wb") as fh:
        fh.write(",".join(HEADERS).encode() + b"\r\n")
        fh.write(b"," * size)
    return path


def _sheet_xml(cells: str, dimension: str = "A1:G2") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>'
    ).encode()


def _header_row() -> str:
    return '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADERS) + "</row>"


def _relinked(folder: Path, name: str, target: str, parts_extra: dict[str, bytes]) -> Path:
    """The genuine workbook with its one sheet relationship pointing at ``target``."""
    parts = _workbook_parts(folder)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace('Target="worksheets/sheet1.xml"', f'Target="{target}"').encode()
    del parts["xl/worksheets/sheet1.xml"]
    parts.update(parts_extra)
    return _zip(folder / name, parts)


def sheet_outside_the_folder(folder: Path, last_cell: str = "XFD1048576") -> Path:
    """The sheet lives at ``xl/sheet1.xml`` (the relationship says so), with A1 and one far cell: 1.5 KB."""
    sheet = _sheet_xml(
        _header_row() + f'<row r="{last_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">'
        f'<c r="{last_cell}" t="inlineStr"><is><t>末</t></is></c></row>'
    )
    return _relinked(folder, f"名单-关系-{last_cell}.xlsx", "sheet1.xml", {"xl/sheet1.xml": sheet})


def sheet_by_absolute_target(folder: Path) -> Path:
    """The same trick through an absolute target (``/xl/data/s.xml``)."""
    sheet = _sheet_xml(_header_row() + '<row r="200000"><c r="ZZ200000"><v>1</v></c></row>')
    return _relinked(folder, "名单-绝对路径.xlsx", "/xl/data/s.xml", {"xl/data/s.xml": sheet})


def small_dimension_huge_cells(folder: Path) -> Path:
    """A sheet that declares A1:G2 but whose rows carry no number and whose one cell sits at XFD1048576."""
    sheet = _sheet_xml(_header_row() + '<row><c r="XFD1048576"><v>1</v></c></row>')
    parts = _workbook_parts(folder)
    parts["xl/worksheets/sheet1.xml"] = sheet
    return _zip(folder / "名单-声明小.xlsx", parts)


def huge_declared_dimension(folder: Path) -> Path:
    """Two honest cells, but a declared extent of A1:XFD1048576."""
    parts = _workbook_parts(folder)
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(_header_row(), dimension="A1:XFD1048576")
    return _zip(folder / "名单-声明大.xlsx", parts)


def missing_sheet(folder: Path) -> Path:
    """The relationship points at a sheet the archive does not hold."""
    return _relinked(folder, "名单-缺表.xlsx", "worksheets/nowhere.xml", {})


def sheet_outside_the_archive(folder: Path) -> Path:
    """The relationship climbs out of the archive (``../../etc/passwd``)."""
    return _relinked(folder, "名单-越界.xlsx", "../../etc/passwd", {})
