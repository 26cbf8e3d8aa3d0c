"""goldmine.io readers: comment lines before a series' header (the demo files carry their source that way)."""

from __future__ import annotations

import pytest

from goldmine.errors import InputError
from goldmine.io.series import load_series


def test_leading_comment_lines_are_skipped_and_rows_keep_their_line_numbers(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("# source: somewhere\n# licence: CC BY\ndate,v\n2020-01-01,1\n2020-02-01,x\n2020-03-01,3\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_series(f)
    assert "v, line 5" in exc.value.message("en")          # the file's own line of the bad cell
    f.write_text("# source: somewhere\ndate,v\n2020-01-01,1\n2020-02-01,2\n2020-03-01,3\n", encoding="utf-8")
    s = load_series(f)
    assert list(s) == [1.0, 2.0, 3.0]


def test_the_shipped_demo_series_reads_as_it_is():
    from importlib import resources

    path = resources.files("goldmine") / "data" / "report_demo_nasdaq_weekly.csv"
    s = load_series(str(path))
    assert len(s) > 300 and str(s.index[0].date()).startswith("1994-01")
