"""The dev corpus commands (python -m benchmarks.devcorpus): pages are never in the repository, so
these run on folders we build here; gold facts are checked against text we write."""

from benchmarks.devcorpus import __main__ as cli
from benchmarks.devcorpus import sources


def test_verify_and_renditions_name_every_missing_page(tmp_path, capsys):
    assert cli.main(["verify", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("missing in") == len(sources()) and f"0/{len(sources())} pages verified" in out
    assert cli.main(["renditions", str(tmp_path)]) == 0
    assert "0 of 0 (page, shape) pairs lose facts" in capsys.readouterr().out


def test_a_page_with_the_wrong_bytes_is_refused(tmp_path, capsys):
    first = sources()[0]
    (tmp_path / first.doc).write_text("不是这一页", encoding="utf-8")
    cli.main(["verify", str(tmp_path)])
    assert f"{first.doc}: sha256 differs from the recorded one" in capsys.readouterr().out


def test_unreadable_facts_finds_what_a_page_does_not_print():
    gold = {"title": "某市产业发展方案", "references": [{"title": "某省促进条例", "doc_number": "某政发〔2020〕1号"}],
            "tasks_with_assignments": [{"key": "1", "title": "推进重点项目", "lead_units": [{"surface": "市发改委"}],
                                        "coop_units": [{"surface": "市财政局"}]}]}
    text = "某市产业发展\n方案\n依据《某省促进条例》。1.推进重点项目。（牵头单位：市发改委）"
    assert cli.unreadable_facts(gold, text) == ["unit 市财政局 (task 1)", "reference 某政发〔2020〕1号"]
