"""`policykg eval`: scores read back from a real store, against the seeds' gold and the examples' facts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from tests.conftest import EXAMPLES, GOLD

runner = CliRunner()


def _examples_gold(tmp_path):
    docs = []
    for path in sorted((EXAMPLES / "expected").glob("*.json")):
        docs += json.loads(path.read_text("utf-8"))["documents"]
    gold = tmp_path / "examples.gold.json"
    gold.write_text(json.dumps({"format": "policykg-gold/1", "documents": docs}, ensure_ascii=False), "utf-8")
    return gold, docs


def _overall(output: str) -> dict[str, float]:
    block = output.split("OVERALL", 1)[1].splitlines()[2:]
    return {line.split()[0]: float(line.split()[-1]) for line in block if line.strip()}


def test_eval_on_seeds_meets_the_bar(seeds):
    if not GOLD.is_file():
        pytest.skip("gold file ../shared/gold/seeds.gold.json is absent")
    result = runner.invoke(app, ["eval", "--gold", str(GOLD), *map(str, seeds), "--min-f1", "0.85",
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    f1 = _overall(result.stdout)
    assert f1["lead"] >= 0.98 and f1["coop"] >= 0.98 and f1["leaders"] >= 0.98
    assert f1["references"] >= 0.90 and f1["goals"] >= 0.85 and f1["metadata"] >= 0.9


def test_eval_on_examples_scores_every_expected_document(tmp_path):
    gold, docs = _examples_gold(tmp_path)
    result = runner.invoke(app, ["eval", "--gold", str(gold), str(EXAMPLES), "--workers", "1"])
    assert result.exit_code == 0, result.output
    for doc in docs:
        assert doc["doc"] in result.stdout
    f1 = _overall(result.stdout)
    assert min(f1.values()) >= 0.85, f1


def test_min_f1_above_the_score_fails_with_one_line(tmp_path):
    gold, _ = _examples_gold(tmp_path)
    result = runner.invoke(app, ["eval", "--gold", str(gold), str(EXAMPLES), "--min-f1", "1.01", "--workers", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "is below --min-f1 1.01" in result.stderr
    assert result.stderr.count("\n") == 1


def test_bad_gold_file_is_one_line_error(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text('{"format": "other"}', "utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(bad), str(EXAMPLES)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {bad}: not a policykg-gold/1 file (expected a 'documents' list)\n"


def test_a_document_that_fails_to_load_counts_as_misses(tmp_path):
    gold, docs = _examples_gold(tmp_path)
    broken = tmp_path / docs[0]["doc"]
    broken.write_bytes(b"")
    result = runner.invoke(app, ["eval", "--gold", str(gold), str(broken), "--workers", "1"])
    assert docs[0]["doc"] in result.stdout
    assert result.stderr.startswith("failed: ")


def test_explain_prints_misses_and_false_positives_per_document(tmp_path):
    gold, docs = _examples_gold(tmp_path)
    docs[0] = dict(docs[0], title="一个不存在的标题")
    gold.write_text(json.dumps({"format": "policykg-gold/1", "documents": docs}, ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold), str(EXAMPLES), "--workers", "1", "--explain"])
    assert result.exit_code == 0, result.output
    explained = result.stdout.split("EXPLAIN", 1)[1]
    assert docs[0]["doc"] in explained
    assert "metadata   miss title: '一个不存在的标题'" in explained
