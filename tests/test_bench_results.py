"""bench/results.py: each benchmark replaces only its own section of RESULTS.md."""

from __future__ import annotations

import pytest

from bench.results import markdown_table, percentile, write_section


def test_write_section_creates_the_file_then_replaces_only_its_own_section(tmp_path):
    results = tmp_path / "RESULTS.md"
    write_section("streamlit", "## Streamlit\n\nold", results)
    text = results.read_text()
    results.write_text(text + "\n## Export\n\nWritten by hand, no markers.\n")
    write_section("build", "## Build\n\n1 s", results)
    write_section("streamlit", "## Streamlit\n\nnew", results)
    text = results.read_text()
    assert "old" not in text and text.count("<!-- bench:streamlit -->") == 1 and "new" in text
    assert "Written by hand, no markers." in text and "<!-- bench:build -->\n## Build\n\n1 s\n<!-- /bench:build -->" in text
    assert text.index("bench:streamlit") < text.index("## Export") < text.index("bench:build")


def test_section_names_are_slugs(tmp_path):
    with pytest.raises(ValueError, match="section name"):
        write_section("a -->", "x", tmp_path / "RESULTS.md")


def test_percentile_interpolates_and_table_has_a_header_rule():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5 and percentile([5], 0.95) == 5
    assert markdown_table(["a", "b"], [[1, 2]]).splitlines() == ["| a | b |", "|---|---|", "| 1 | 2 |"]
