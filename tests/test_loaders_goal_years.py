"""Target years a goal gets from the paragraph that opens with 到YYYY年, or from the plan's title."""

from __future__ import annotations

import pytest

from policykg.loaders.goals import title_year
from policykg.loaders.pipeline import parse_bytes


@pytest.mark.parametrize("title, year", [
    ("2021年全市重点工作任务分工方案", 2021),
    ("某市优化营商环境三年行动计划（2021—2023年）", 2023),
    ("某县2017年农村人居环境整治任务分解表", 2017),
    ("某市国民经济和社会发展第十四个五年规划和2035年远景目标纲要", None),
    ("某市特色产业改革试点总体方案", None),
])
def test_title_year(title, year):
    assert title_year(title) == year


def _goals(text: str):
    doc = parse_bytes(text.encode("utf-8"), "g.txt", ".txt")
    return {(g.value, g.unit, g.year) for g in doc.goals}


def test_a_paragraph_opening_with_a_year_frames_its_later_sentences():
    text = ("某市提升政务服务效能行动方案\n一、工作目标\n"
            "到2024年，全市政务服务水平进入全省前列。企业开办时间压缩至2个工作日以内，"
            "政务服务事项网上可办率达到95%以上。\n")
    assert _goals(text) >= {(2.0, "个工作日", 2024), (95.0, "%", 2024)}


def test_an_annual_plan_dates_its_targets_by_its_title():
    text = ("2022年某市重点工作责任分工方案\n一、重点任务\n"
            "1.壮大实体经济。全年新增规模以上工业企业150家以上。牵头单位：市工信局；配合单位：市财政局\n")
    assert (150.0, "家", 2022) in _goals(text)
