"""Lists people read are in the Norwegian alphabet: Æ, Ø, Å after Z, in that order
("Østfold" before "Ålesund"), where Python's code-point order puts Å before Æ and Ø."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regraad.cli.app import main
from regraad.collation import collated, sort_key

from .conftest import AS_OF


def test_the_norwegian_alphabet() -> None:
    names = ["Ålesund", "Østfold", "Zebra", "Ærø", "arendal", "Bodø", "Oslo"]
    assert collated(names) == ["arendal", "Bodø", "Oslo", "Zebra", "Ærø", "Østfold", "Ålesund"]
    assert sort_key("Ø") < sort_key("Å")
    assert collated([{"n": "Å"}, {"n": "Z"}], key=lambda d: d["n"]) == [{"n": "Z"}, {"n": "Å"}]


def _rename(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_site_index_lists_specialties_and_trusts_with_a_and_o_last(
    data_root: Path, tmp_path: Path
) -> None:
    """The index's specialty table ends Øre-nese-hals, Øye, then one renamed to start with
    Å; the trusts of HMN end with two renamed to start with Ø and Å, Ø first."""
    _rename(
        data_root / "data/specialties/akutt-og-mottaksmedisin/specialty.yaml",
        "nb: Akutt- og mottaksmedisin",
        "nb: Åndedrett og mottaksmedisin",
    )
    _rename(data_root / "data/trusts/hmr.yaml", "name: Helse Møre og Romsdal HF", "name: Åsen HF")
    _rename(data_root / "data/trusts/hnt.yaml", "name: Helse Nord-Trøndelag HF", "name: Ørland HF")
    out = tmp_path / "site"
    code = main(["--root", str(data_root), "--lang", "nb", "render", "--out", str(out)])
    assert code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="specialty-([a-z-]+)"', html)
    assert rows[-3:] == ["ore-nese-halssykdommer", "oyesykdommer", "akutt-og-mottaksmedisin"]
    assert rows[:2] == ["anestesiologi", "arbeidsmedisin"]
    hmn = html[html.index("Helse Midt-Norge") : html.index("Helse Nord<")]
    assert hmn.index("St. Olavs hospital HF") < hmn.index("Ørland HF") < hmn.index("Åsen HF")


def test_member_list_sorts_o_after_z(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    """Two members with the same role since the same day: by name, Ø before Å."""
    council = data_root / "data/specialties/anestesiologi/councils/hmn.yaml"
    _rename(council, "Håkon Rønneberg", "Åse Berg")
    _rename(council, "Eirik Fossum", "Øystein Aas")
    _rename(council, "from: 2024-09-01\n    term_to: 2027-08-31", "from: 2018-11-01")
    code = main(["--root", str(data_root), "council", "list", "anestesiologi", "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert code == 0
    names = [n for n in ("Ingrid", "Øystein Aas", "Åse Berg") if n in out]
    assert names == ["Ingrid", "Øystein Aas", "Åse Berg"]
    assert out.index("Øystein Aas") < out.index("Åse Berg")
