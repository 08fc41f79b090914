"""The page's own scripts and styles are minified; the markup around them is not touched."""

from __future__ import annotations

from layers.minify import minified


def test_scripts_and_styles_shrink_and_markup_stays_as_written() -> None:
    page = (
        '<p class="kuril-note" data-x=\'1\'>  two  spaces  </p>\n'
        "<style>\n  .a   { color : red ; }\n</style>\n"
        "<script>\n  // a comment\n  var answer = 40 + 2 ;\n  /*! licence kept */\n</script>\n"
        '<script src="https://example.org/x.js"></script>'
    )
    out = minified(page)
    assert out.startswith('<p class="kuril-note" data-x=\'1\'>  two  spaces  </p>\n')
    assert ".a{color:red}" in out
    assert "var answer = 40 + 2 ;" not in out and "licence kept" in out and "answer" in out
    assert out.endswith('<script src="https://example.org/x.js"></script>')
    assert len(out) < len(page)


def test_a_script_holding_escaped_markup_keeps_it_escaped() -> None:
    page = '<script>var text = "\\u003c/script\\u003e\\u003cb\\u003e";</script>'
    out = minified(page)
    assert "</script><b>" not in out and out.count("</script>") == 1
