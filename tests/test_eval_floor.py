"""The dev set's headline scores stay above the floors in eval/floors.json (CI's quality guard)."""

from jimuqa.eval.runner import check_floors, load_floors, run_eval
from tests.conftest import ROOT


def test_dev_set_scores_stay_above_their_floors(built_settings, tmp_path):
    report = run_eval(ROOT / "eval" / "questions.jsonl", tmp_path, "hybrid", built_settings)
    assert report["headline"]["n"] >= 60
    assert check_floors(report, load_floors()) == []
    assert (tmp_path / "report.md").exists() and (tmp_path / "scores_by_type.png").exists()
