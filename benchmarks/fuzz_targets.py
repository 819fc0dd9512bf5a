"""The entry points the fuzzing campaign (``python -m benchmarks.fuzz``) and the crash regression
tests (tests/test_crashes.py) drive: each takes raw bytes, as an attacker or a damaged file would
hand them over, and raises only on a defect. A reader may refuse its input with ``InputError``
(that is the product working); anything else, or a broken invariant, is a crash.

- ``document``: the first byte picks the format (plain, Markdown, HTML), the rest is the file:
  read as ``scan`` reads it, checked under the default policy; every finding slices back to its
  text in the source, findings are sorted and do not overlap; then every report format: text
  (rich), JSON (round-trips), HTML (no tag or attribute the formatter does not write: document
  text is escaped), SARIF (valid against the 2.1.0 schema), GitHub annotations (one line each).
- ``fingerprints``: a Problematic Paper Screener CSV, then its phrases matched in its own text.
- ``policy``: a ``.spindetect.toml`` and a ``setup.cfg`` policy.
- ``results``: a results file for ``summarize`` (JSONL or a JSON report).
- ``pdf``, ``docx``: the PDF and Word readers in this process (``document`` reads such files
  through the forked, bounded child, whose inside the fuzzer cannot see): text and layout agree.
"""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from spindetect.core.types import VERDICTS, InputError

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
KINDS = (".txt", ".md", ".html")
CRASHES = ROOT / "tests" / "data" / "crashes"


def document(data: bytes) -> None:
    from spindetect.check.policy import Policy
    from spindetect.check.run import Checker
    from spindetect.ingest.files import Skipped, from_bytes

    name = "fuzz" + (KINDS[data[0] % len(KINDS)] if data else ".txt")
    try:
        source = from_bytes(name, data[1:])
    except InputError:
        return
    if isinstance(source, Skipped):
        return
    result = Checker().check(source, Policy(root=str(ROOT)))
    report = result.report
    assert report.verdict in VERDICTS and 0.0 <= report.spin_score <= 1.0, report.spin_score
    previous = 0
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(source.text), (finding.start, finding.end)
        assert source.text[finding.start:finding.end] == finding.text, finding
        assert finding.start >= previous, "findings sorted and not overlapping"
        assert 0.0 <= finding.confidence <= 1.0 and finding.suggestions
        previous = finding.end
    _reports(report, result)


def _reports(report, result) -> None:
    from rich.console import Console

    from spindetect.report import (
        github_format,
        html_format,
        json_format,
        sarif_format,
        text_format,
    )

    console = Console(file=io.StringIO(), width=100, no_color=True)
    text_format.render([report], console)
    record = report.to_dict()
    assert json.loads(json_format.render_records([record]))["documents"] == [json.loads(json.dumps(record))]
    json.loads(json_format.render_check([result]))
    _escaped(html_format.render([report]))
    _sarif_validator().validate(json.loads(sarif_format.render([result])))
    for line in github_format.render([result]).splitlines():
        assert line.startswith("::"), line


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = set(), set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


@lru_cache(maxsize=1)
def _written_by_the_formatter() -> tuple[frozenset, frozenset]:
    """The tags and attribute names html_format's own source writes."""
    from spindetect.report import html_format

    code = Path(html_format.__file__).read_text(encoding="utf-8")
    tags = frozenset(re.findall(r"<([a-z][a-z0-9]*)", code))
    attributes = frozenset(re.findall(r"\s([a-z][a-z-]*)=", code))
    return tags, attributes


def _escaped(page: str) -> None:
    found = _Tags()
    found.feed(page)
    tags, attributes = _written_by_the_formatter()
    assert found.tags <= tags, f"tags the formatter does not write: {found.tags - tags}"
    assert found.attributes <= attributes, f"attributes the formatter does not write: {found.attributes - attributes}"


@lru_cache(maxsize=1)
def _sarif_validator():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def fingerprints(data: bytes) -> None:
    from spindetect.detect.phraselist import Matcher, load

    with _file(data, ".csv") as path:
        try:
            phrases = load(path)
        except InputError:
            return
    text = data.decode("utf-8", "replace")
    for finding in Matcher(phrases).find(text):
        assert text[finding.start:finding.end] == finding.text, finding


def policy(data: bytes) -> None:
    from spindetect.check.policy import parse, read_file

    for suffix, section in ((".spindetect.toml", ""), ("setup.cfg", "spindetect")):
        with _file(data, suffix) as path:
            try:
                found = read_file(path, section)
                if found is not None:
                    parse(found[0], found[1], os.path.dirname(path))
            except InputError:
                pass


def results(data: bytes) -> None:
    from spindetect.batch.summary import summarize

    with _file(data, ".jsonl") as path:
        try:
            summary = summarize(path)
        except InputError:
            return
    json.dumps(summary.to_dict(10))


@contextmanager
def _file(data: bytes, name: str):
    """``data`` as a temporary file (``name`` if it is a whole file name, else "input" + it),
    removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="spindetect-fuzz-") as folder:
        path = os.path.join(folder, name if name in (".spindetect.toml", "setup.cfg") else "input" + name)
        with open(path, "wb") as handle:
            handle.write(data)
        yield path


def pdf(data: bytes) -> None:
    """A PDF read in this process (the coverage-guided fuzzer sees inside the reader; the
    ``document`` target reads through the forked sandbox), checked for its layout's sense."""
    _layout_holds("pdf", data)


def docx(data: bytes) -> None:
    _layout_holds("docx", data)


def _layout_holds(kind: str, data: bytes) -> None:
    from spindetect.core.types import Layout
    from spindetect.ingest import documents

    try:
        result = documents.extract("fuzz." + kind, data, kind)
    except InputError:
        return
    text, layout = result["text"], Layout.from_dict(result["layout"])
    assert layout.starts == sorted(layout.starts) and all(0 <= s <= len(text) for s in layout.starts)
    assert len(layout.starts) == len(layout.numbers) and text
    if layout.references is not None:
        assert 0 <= layout.references[0] <= layout.references[1] <= len(text)


TARGETS = {"document": document, "fingerprints": fingerprints, "policy": policy, "results": results,
           "pdf": pdf, "docx": docx}


def tiny_pdf(text: str = "Synthetic intelligence runs on graphics processing items (GPUs).") -> bytes:
    """A one-page PDF with one line of text in a standard font, written by hand (no tool)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def tiny_docx() -> bytes:
    """A Word file of three parts: a paragraph with a tracked insertion and deletion, a table."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
        '/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body><w:p><w:r>'
        '<w:t>Synthetic intelligence runs on graphics processing items.</w:t></w:r><w:ins w:id="1" w:author="a">'
        '<w:r><w:t> Inserted.</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>Deleted.</w:delText>'
        '</w:r></w:del></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Profound learning</w:t></w:r></w:p></w:tc></w:tr>'
        '</w:tbl></w:body></w:document>'}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def seed_inputs(target: str) -> list[bytes]:
    """Starting inputs for the campaign: real files of each kind, short enough to mutate fast."""
    texts = [p.read_bytes()[:3000] for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if target == "document":
        return [bytes([k]) + t for k in range(len(KINDS)) for t in texts[:2]] + [
            b"\x01# Title\n\n> quoted *synthetic intelligence*\n\n- item [link](http://x)\n\n```\ncode\n```\n",
            b"\x02<p>Synthetic <b>intelligence</b> &amp; <!-- spindetect-disable --> more</p><script>x</script>",
            b"\x00" + tiny_pdf(), b"\x00" + tiny_docx()]
    if target == "pdf":
        return [tiny_pdf(), tiny_pdf("References") + b"%% trailing junk"]
    if target == "docx":
        return [tiny_docx()]
    if target == "fingerprints":
        return [(ROOT / "fixtures" / "fingerprints.csv").read_bytes()[:4000],
                b"phrase,expected\nsynthetic intelligence,artificial intelligence\n"]
    if target == "policy":
        return [b'fail_on = "suspect"\ninclude = ["*.md"]\nmax_grade = 12\n',
                b"[spindetect]\nfail_on = spun\nexclude = drafts/*\n"]
    return [b'{"path": "a.txt", "words": 10, "verdict": "spun", "spin_score": 0.9, "findings": '
            b'[{"text": "profound learning", "suggestions": ["deep learning"]}]}\n{"path": "b", "error": "x"}\n']
