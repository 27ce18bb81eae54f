"""The attack suite: XML that tries to read files, fetch URLs, or exhaust memory and time.

Each attack is run through the command line in a child process bounded in
address space and time (``hostile_files.run_bounded``); revdiff must read
the file expanding only the entities it declares itself, within libxml2's
limits, and fetching nothing, or refuse it with exit status 2 and one line.
Each protection also has a test of its own, closer to the code, that fails
when that protection alone is removed.
"""

from __future__ import annotations

import contextlib
import urllib.request
from pathlib import Path

import pytest
from hostile_files import SECRET, Run, run_bounded, secret_file, tei, trap_server, url
from lxml import etree

from revdiff.errors import InputError, RevdiffError
from revdiff.tei import parse_tei, read, read_layer
from revdiff.tei.read import MAX_DEPTH, parse_xml

COMMANDS = ("text", "layers", "diff")


def run_all(path: Path, folder: Path) -> list[Run]:
    """The file through every reading command."""
    runs = [run_bounded(c, str(path), folder=folder) for c in ("text", "layers")]
    runs.append(run_bounded("diff", f"{path}#base", str(path), folder=folder))
    return runs


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- external entities: local files ---------------------------------------


def test_an_external_entity_does_not_read_a_local_file(tmp_path: Path) -> None:
    secret = secret_file(tmp_path)
    doctype = f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
    path = write(tmp_path, "xxe.xml", tei("<p>before &s; after</p>", doctype))
    for run in run_all(path, tmp_path):
        run.assert_refused(str(path), "the entity &s; is external", "entities")
        assert SECRET not in run.output


def test_the_parser_does_not_expand_an_external_entity(tmp_path: Path) -> None:
    # The parser alone: fails if resolve_entities is True (every entity) rather
    # than "internal" (those the file declares with their text).
    secret = secret_file(tmp_path)
    doctype = f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
    data = tei("<p>before &s; after</p>", doctype).encode()
    try:
        root = etree.fromstring(data, read._parser())
    except etree.XMLSyntaxError as e:
        assert "'s' not defined" in str(e)
        return
    assert SECRET not in etree.tostring(root, encoding="unicode")


def test_internal_entities_are_expanded_and_an_unparsed_one_is_accepted() -> None:
    doctype = (
        '<!DOCTYPE TEI [<!ENTITY e "é"><!ENTITY et "&amp;">'
        '<!ENTITY img SYSTEM "page.png" NDATA png>]>'
    )
    data = tei("<p>a &e; &et; b</p>", doctype).encode()
    assert read_layer(parse_tei(data, "t.xml")).text == "a é & b\n"


def test_an_undeclared_entity_reference_is_refused_not_dropped() -> None:
    # With a DOCTYPE naming an external DTD the parser accepts &nbsp; unread;
    # dropping it would lose a character, so the file is refused.
    data = tei("<p>a&nbsp;b</p>", '<!DOCTYPE TEI SYSTEM "tei.dtd">').encode()
    with pytest.raises(InputError, match="&nbsp;"):
        parse_xml(data, "t.xml")


def test_predefined_entities_and_character_references_are_read() -> None:
    doc = parse_tei(tei("<p>&lt;&amp;&gt; &#233;&#x1D538;</p>").encode(), "t.xml")
    assert read_layer(doc).text == "<&> é𝔸\n"


# -- external DTD, parameter entities, network -------------------------------


def test_an_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    # Expanding entities makes libxml2 read the DTD a DOCTYPE names: the
    # parser's resolver must give it nothing (the default attribute below
    # shows whether the file was read).
    secret = secret_file(tmp_path)
    dtd = write(
        tmp_path,
        "evil.dtd",
        f'<!ENTITY s SYSTEM "{secret.as_uri()}">\n<!ATTLIST p rend CDATA "FROM-THE-DTD">\n',
    )
    path = write(tmp_path, "dtd.xml", tei("<p>plain</p>", f'<!DOCTYPE TEI SYSTEM "{dtd}">'))
    for run in run_all(path, tmp_path):
        assert run.code in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert run_bounded("text", str(path), folder=tmp_path).stdout == "plain\n"
    # The parser: a default attribute from the DTD would show that it was read.
    root = etree.fromstring(path.read_bytes(), read._parser())
    paragraphs = list(root.iter(f"{{{read.TEI_NS}}}p"))
    assert paragraphs and all(p.get("rend") is None for p in paragraphs)
    using = write(tmp_path, "uses.xml", tei("<p>a &s; b</p>", f'<!DOCTYPE TEI SYSTEM "{dtd}">'))
    run_bounded("text", str(using), folder=tmp_path).assert_refused("&s;", "not declared")


def test_a_parameter_entity_is_not_loaded(tmp_path: Path) -> None:
    secret = secret_file(tmp_path)
    inner = write(tmp_path, "inner.dtd", f'<!ENTITY leak SYSTEM "{secret.as_uri()}">')
    doctype = f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{inner.as_uri()}"> %p;]>'
    path = write(tmp_path, "pe.xml", tei("<p>a &leak; b</p>", doctype))
    for run in run_all(path, tmp_path):
        run.assert_refused("entities")
        assert SECRET not in run.output
    with pytest.raises(etree.XMLSyntaxError, match="not defined"):
        etree.fromstring(path.read_bytes(), read._parser())


def test_nothing_is_fetched_from_the_network(tmp_path: Path) -> None:
    secret = secret_file(tmp_path)
    with trap_server(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">') as server:
        attacks = {
            "system.xml": tei("<p>a b</p>", f'<!DOCTYPE TEI SYSTEM "{url(server, "t.dtd")}">'),
            "public.xml": tei(
                "<p>a b</p>", f'<!DOCTYPE TEI PUBLIC "-//X//DTD X//EN" "{url(server, "p.dtd")}">'
            ),
            "pe.xml": tei(
                "<p>a &leak; b</p>",
                f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url(server, "pe.dtd")}"> %p;]>',
            ),
            "entity.xml": tei(
                "<p>a &e; b</p>", f'<!DOCTYPE TEI [<!ENTITY e SYSTEM "{url(server, "e")}">]>'
            ),
            "xinclude.xml": tei(
                f'<p>a <xi:include href="{url(server, "x.xml")}" parse="text"/> b</p>',
                namespaces=' xmlns:xi="http://www.w3.org/2001/XInclude"',
            ),
            "schema.xml": tei("<p>a b</p>").replace(
                "<?xml version", f'<?xml-model href="{url(server, "s.rng")}"?><?xml version', 0
            ),
        }
        for name, text in attacks.items():
            path = write(tmp_path, name, text)
            for run in run_all(path, tmp_path):
                assert "Traceback" not in run.stderr and not run.killed
                assert run.code in (0, 1, 2) and SECRET not in run.output
            with contextlib.suppress(etree.XMLSyntaxError):  # the parser alone
                etree.fromstring(path.read_bytes(), read._parser())
        assert server.requests == []


def test_the_trap_server_would_see_a_fetch() -> None:
    # The proof above is only worth something if a fetch would be seen.
    # (libxml2 2.14 and later have no HTTP client at all; older ones do, and
    # there no_network=True is what keeps the parser off the network.)
    with trap_server("<!-- dtd -->") as server:
        with urllib.request.urlopen(url(server, "t.dtd"), timeout=5) as response:
            assert response.read() == b"<!-- dtd -->"
        assert server.requests == ["GET /t.dtd HTTP/1.1"]


# -- XInclude -------------------------------------------------------------


def test_xinclude_of_a_local_file_is_not_processed(tmp_path: Path) -> None:
    secret = secret_file(tmp_path)
    body = f'<p>before <xi:include href="{secret}" parse="text"/> after</p>'
    xi = ' xmlns:xi="http://www.w3.org/2001/XInclude"'
    path = write(tmp_path, "xi.xml", tei(body, namespaces=xi))
    for run in run_all(path, tmp_path):
        assert run.code in (0, 1), run.stderr
        assert SECRET not in run.output
    text = run_bounded("text", str(path), folder=tmp_path)
    assert text.stdout == "before after\n"


# -- entity bombs -----------------------------------------------------------


def billion_laughs(levels: int = 10) -> str:
    decls = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels)
    ]
    return tei(f"<p>&l{levels - 1};</p>", "<!DOCTYPE TEI [\n" + "\n".join(decls) + "\n]>")


def quadratic_blowup(size: int = 100_000, uses: int = 20_000) -> str:
    doctype = f'<!DOCTYPE TEI [<!ENTITY a "{"x" * size}">]>'
    return tei(f"<p>{'&a;' * uses}</p>", doctype)


@pytest.mark.parametrize("bomb", [billion_laughs, quadratic_blowup])
def test_entity_bombs_are_refused_in_bounded_time_and_memory(tmp_path: Path, bomb) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "bomb.xml", bomb())
    for run in run_all(path, tmp_path):
        run.assert_refused(str(path), "refused")


@pytest.mark.parametrize("bomb", [billion_laughs, quadratic_blowup])
def test_the_parser_does_not_expand_a_bomb(bomb) -> None:  # type: ignore[no-untyped-def]
    data = bomb().encode()
    try:
        root = etree.fromstring(data, read._parser())
    except etree.XMLSyntaxError as e:  # libxml2's own amplification guard
        assert "amplification" in str(e)
        return
    assert len("".join(root.itertext())) < len(data)


# -- depth --------------------------------------------------------------------


def nested(depth: int, name: str = "hi") -> str:
    return tei("<p>" + f"<{name}>" * depth + "deep" + f"</{name}>" * depth + "</p>")


def test_nesting_ten_thousand_deep_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.xml", nested(10_000))
    for run in run_all(path, tmp_path):
        run.assert_refused(str(path), "nested deeper than")
        assert "RecursionError" not in run.output


def test_the_parser_refuses_deep_nesting() -> None:
    with pytest.raises(InputError, match="nested deeper than 256"):
        parse_xml(nested(300).encode(), "t.xml")


def test_the_walk_refuses_deep_nesting_even_if_the_parser_allowed_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lenient = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    monkeypatch.setattr(read, "_parser", lambda: lenient)
    # huge_tree lifts libxml2's limit from 256 levels to 2048: go between.
    with pytest.raises(RevdiffError, match=f"nested deeper than {MAX_DEPTH}"):
        parse_tei(nested(2000).encode(), "t.xml")
    parse_tei(nested(MAX_DEPTH - 10).encode(), "t.xml")  # within the bound: read


# -- size ---------------------------------------------------------------------


def test_a_50_mb_text_node_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.xml"
    head, tail = tei("<p>@</p>").split("@")
    with open(path, "w", encoding="utf-8") as f:
        f.write(head)
        for _ in range(50):
            f.write("word " * (1024 * 1024 // 5))
        f.write(tail)
    run = run_bounded("text", str(path), folder=tmp_path)
    run.assert_refused(str(path), "10,000,000 bytes")


def test_the_parser_refuses_a_text_node_over_10_mb() -> None:
    data = tei("<p>" + "x" * 10_000_001 + "</p>").encode()
    with pytest.raises(InputError, match="10,000,000 bytes"):
        parse_xml(data, "t.xml")


def test_a_file_far_larger_than_memory_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    size = 64 * 1024**3  # sparse: takes no disk
    with open(path, "wb") as f:
        f.write(tei("<p>a</p>").encode())
        f.truncate(size)
    run = run_bounded("text", str(path), folder=tmp_path)
    run.assert_refused(str(path), f"{size} bytes is over the limit")
    run = run_bounded("diff", "--max-bytes", "1G", str(path), str(path), folder=tmp_path)
    run.assert_refused(str(path), f"over the limit of {1024**3}")


def test_endless_standard_input_is_refused_at_the_limit(tmp_path: Path) -> None:
    run = run_bounded("text", "-", folder=tmp_path, stdin=Path("/dev/zero"))
    run.assert_refused("<stdin>", "over the limit")
    run = run_bounded(
        "text", "-", folder=tmp_path, stdin=Path("/dev/zero"), env={"REVDIFF_MAX_BYTES": "1M"}
    )
    run.assert_refused("<stdin>", f"over the limit of {1024**2}")
