"""Property tests: any bytes either parse with consistent provenance or raise InputError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.errors import InputError
from policykg.loaders import parse_bytes

PIECES = [
    "一、", "（一）", "(二)", "1.", "2、", "（1）", "——", "??", "\n", "\n", "\n", "。", "，", "、", "；", "：", ":",
    "牵头单位：", "配合单位:", "责任单位：", "牵头领导：", "（", "）", "<筹>", "等", "市发改局", "区财政局", "县人社局",
    "张三", "各相关部门", "由", "牵头", "会同", "配合", "到2020年", "达到", "45%", "100亿元", "《", "》", "某某条例",
    "〔2015〕31号", "关于", "的通知", "实施方案", "东阳市", "人民政府办公室", "2016年4月8日", "发布时间：", "上一页",
    "<p>", "</p>", "<td>", " | ", "\t", "建议", "反馈情况", "意见", "采纳", "\r\n", "?", "　",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=80), st.sampled_from(["utf-8", "gb18030"]),
       st.sampled_from([".txt", ".html", ".md"]))
def test_any_text_parses_or_fails_cleanly(pieces, encoding, suffix):
    data = "".join(pieces).encode(encoding, errors="ignore")
    try:
        doc = parse_bytes(data, "f" + suffix, suffix)
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith("f" + suffix)
        return
    spans = [t.span for t in doc.tasks] + [a.span for a in doc.assignments] + [g.span for g in doc.goals]
    spans += [c.span for c in doc.citations] + [m.span for m in doc.mentions] + [i.span for i in doc.issuers]
    for span in spans:
        assert doc.text[span.start:span.end] == span.quote
    ids = {d.id for d in doc.departments} | {lead.id for lead in doc.leaders}
    assert all(a.agent_id in ids for a in doc.assignments)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(data):
    try:
        parse_bytes(data, "b.txt", ".txt")
    except InputError:
        pass
