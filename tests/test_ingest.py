import os

import pytest

from spindetect.core.types import InputError, SourceFile
from spindetect.ingest.files import Skipped, iter_paths, looks_binary, read


def test_directories_are_walked_recursively_with_default_globs(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("a/one.txt", "two.md", "three.html", "skip.py"):
        (tmp_path / name).write_text("x")
    names = sorted(os.path.basename(p) for p in iter_paths([str(tmp_path)]))
    assert names == ["one.txt", "three.html", "two.md"]
    assert [os.path.basename(p) for p in iter_paths([str(tmp_path)], ("*.py",))] == ["skip.py"]


def test_symlink_loops_do_not_hang_and_are_reported(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "text.txt").write_text("hello")
    os.symlink(tmp_path, tmp_path / "d" / "loop")
    paths = list(iter_paths([str(tmp_path)]))
    assert [os.path.basename(p) for p in paths] == ["text.txt", "loop"]
    with pytest.raises(InputError, match="symbolic link loop"):
        read(paths[1])
    assert isinstance(read(paths[0]), SourceFile)


def test_a_second_link_to_a_folder_already_read_is_read_once_and_is_no_problem(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "text.txt").write_text("hello")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert [os.path.relpath(p, tmp_path) for p in iter_paths([str(tmp_path)])] == ["alias/text.txt"]


def test_a_folder_that_cannot_be_listed_is_reported_in_its_place(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root lists every folder")
    (tmp_path / "closed").mkdir()
    (tmp_path / "open.txt").write_text("hello")
    os.chmod(tmp_path / "closed", 0)
    try:
        paths = list(iter_paths([str(tmp_path)]))
    finally:
        os.chmod(tmp_path / "closed", 0o755)
    assert any(os.path.basename(p) == "closed" for p in paths)


def test_named_pipes_in_a_directory_are_passed_over(tmp_path):
    # a FIFO has no writer: reading it would wait forever
    (tmp_path / "text.txt").write_text("hello")
    os.mkfifo(tmp_path / "pipe.txt")
    assert [os.path.basename(p) for p in iter_paths([str(tmp_path)])] == ["text.txt"]


def test_missing_path_and_broken_link_are_listed_and_reported_when_read(tmp_path):
    # listed in their place, so that the other paths are still scanned (as ruff and grep do)
    missing = str(tmp_path / "nope.txt")
    assert list(iter_paths([missing])) == [missing]
    with pytest.raises(InputError, match="no such file"):
        read(missing)
    os.symlink(tmp_path / "gone", tmp_path / "dangling.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        read(str(tmp_path / "dangling.txt"))


def test_a_file_with_a_utf16_mark_that_holds_binary_is_binary(tmp_path):
    path = tmp_path / "marked.txt"
    path.write_bytes(b"\xff\xfe\x00bin" + bytes(range(0, 32)) * 4)
    assert isinstance(read(str(path)), Skipped)


def test_an_empty_file_is_skipped_as_empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read(str(path)) == Skipped(str(path), "empty file, nothing to scan")


def test_bom_and_crlf_are_removed(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello\r\nworld")
    source = read(str(path))
    assert source.text == "Hello\nworld" and source.warnings == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read_as_text(tmp_path, encoding):
    # what Windows editors save as "Unicode": NUL bytes everywhere, but text, not binary
    import codecs
    marks = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}
    path = tmp_path / "unicode.txt"
    path.write_bytes(marks.get(encoding, b"") + "Synthetic intelligence\r\nis h\u00e9re.".encode(encoding))
    source = read(str(path))
    assert source.text == "Synthetic intelligence\nis h\u00e9re." and source.warnings == []
    path.write_bytes("Synthetic intelligence".encode("utf-16")[:-1])       # cut inside a character
    source = read(str(path))
    assert source.text == "Synthetic intelligenc\ufffd" and "invalid UTF-16 at byte" in source.warnings[0]


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9 au lait".encode("latin-1"))
    source = read(str(path))
    assert source.text == "caf\ufffd au lait"
    assert "invalid UTF-8 at byte 3" in source.warnings[0]


def test_binary_files_are_skipped(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert isinstance(read(str(path)), Skipped)
    assert not looks_binary("ordinary text\n".encode())


def test_oversized_files_are_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read(str(path), max_bytes=100)


def test_reading_never_writes(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"\xef\xbb\xbfSome text\r\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read(str(path))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_html_markup_is_blanked_with_offsets_kept():
    from spindetect.ingest.html_mask import mask_html
    html = ('<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>'
            '<body><p class="x">Tom &amp; Jerry said <b>hello</b>.</p><script>var a = "<p>";</script>'
            '<!-- note --><pre>code here</pre><p>Bye</p></body></html>')
    masked = mask_html(html)
    assert len(masked) == len(html)
    words = masked.split()
    assert words == ["T", "Tom", "Jerry", "said", "hello", ".", "Bye"]
    assert masked.index("hello") == html.index("hello")


def test_unclosed_and_broken_html_does_not_raise():
    from spindetect.ingest.html_mask import mask_html
    for html in ("<p>open <b>bold", "<<<>>> text </div>", "<!-- never closed", "<p title='x>y'>ok</p>"):
        assert len(mask_html(html)) == len(html)


def test_a_file_name_that_is_not_utf8_is_written_as_escapes_in_every_report(tmp_path):
    import json

    from click.testing import CliRunner

    from spindetect.cli import main
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xffname.txt"), "wb") as handle:
        handle.write(b"The firm bought such a amount of chips.")
    with open(os.path.join(folder, b"bin\xfe.txt"), "wb") as handle:
        handle.write(b"\x00\x01\x02" * 100)
    for fmt in ("json", "jsonl", "html", "text"):
        output = CliRunner().invoke(main, ["scan", "--format", fmt, str(tmp_path)]).output
        output.encode("utf-8")                           # no lone surrogate: valid UTF-8 out
    payload = json.loads(CliRunner().invoke(main, ["scan", "--format", "json", str(tmp_path)]).stdout)
    assert [os.path.basename(d["path"]) for d in payload["documents"]] == ["bad\\xffname.txt"]
    assert [os.path.basename(s["path"]) for s in payload["skipped"]] == ["bin\\xfe.txt"]


def test_a_missing_file_whose_name_is_not_utf8_is_named_with_escapes(tmp_path):
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"no\xff.txt"))
    with pytest.raises(InputError) as caught:
        read(missing)
    assert str(caught.value).endswith("no\\xff.txt: no such file or directory")
