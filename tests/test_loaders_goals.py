"""Golden tests for loaders.goals and loaders.citations."""

import pytest

from policykg.loaders.citations import find_citations
from policykg.loaders.goals import find_goals


def _goals(text, frame=None, section=False):
    return [(g.value, g.unit, g.year, g.text) for g in find_goals(text, 0, len(text), frame, section)]


def test_targets_with_value_unit_year():
    text = "到2020年，高新技术产业增加值占工业增加值的比重达到40%，常住人口城镇化率达到70%以上。"
    assert _goals(text) == [
        (40.0, "%", 2020, "高新技术产业增加值占工业增加值的比重达到40%"),
        (70.0, "%", 2020, "常住人口城镇化率达到70%以上"),
    ]


def test_year_from_the_frame():
    assert _goals("地区生产总值年均增速8%左右，地方财政收入年均增速10%。", frame=2018) == [
        (8.0, "%", 2018, "地区生产总值年均增速8%左右"),
        (10.0, "%", 2018, "地方财政收入年均增速10%"),
    ]


def test_glued_targets_without_commas_split_at_each_value():
    got = _goals("贡献率达到60%全社会研发投入强度达到2.8%规上企业研发机构覆盖率达到50%以上，", frame=2020)
    assert [(v, u) for v, u, _y, _t in got] == [(60.0, "%"), (2.8, "%"), (50.0, "%")]


def test_descriptors_are_not_targets():
    assert _goals("销售收入超100亿元企业争取达到7家，超10亿元企业争取达到35家。") == [
        (7.0, "家", None, "销售收入超100亿元企业争取达到7家"),
        (35.0, "家", None, "超10亿元企业争取达到35家"),
    ]
    assert _goals("每年动态储备10个超10亿元产业项目、100个超亿元产业项目。") == []
    assert _goals("实现90%以上政务服务事项掌上办理。") == []


def test_no_target_word_no_goal_unless_framed():
    assert _goals("着力建设10个现代农业综合区。") == []
    assert _goals("到2025年，累计建成5G基站1500个。") == [(1500.0, "个", 2025, "累计建成5G基站1500个")]
    assert _goals("新增数字经济规上企业50家。", section=True) == [(50.0, "家", None, "新增数字经济规上企业50家")]


def test_past_results_are_not_targets():
    assert _goals("2019年地区生产总值比上年增长8%。") == []


def test_units():
    assert _goals("累计实际利用外资达到2亿美元，进出口总额达到13343万美元，审批时间压缩至50天以内。") == [
        (2.0, "亿美元", None, "累计实际利用外资达到2亿美元"),
        (13343.0, "万美元", None, "进出口总额达到13343万美元"),
        (50.0, "天", None, "审批时间压缩至50天以内"),
    ]


# --------------------------------------------------------------------------- citations

def _cites(text, **kw):
    return [(c.title, c.doc_number, c.span.quote) for c in find_citations(text, "a.txt", **kw)]


def test_title_with_number_after_it():
    text = "根据《某省人民政府关于开展改革的指导意见》(某政发[2015]31号)文件精神。"
    assert _cites(text) == [("某省人民政府关于开展改革的指导意见", "某政发〔2015〕31号",
                             "《某省人民政府关于开展改革的指导意见》(某政发[2015]31号)")]


def test_self_and_bare_mentions_are_excluded():
    text = "各地要按照本《决定》精神，贯彻《某市实施意见》。《某市实施意见》已经同意，印发《人民日报》。"
    assert _cites(text, own_title="某市实施意见") == []


def test_book_inside_own_title_is_excluded():
    title = "某区关于贯彻省市《五大发展行动计划》的实施意见"
    text = title + "\n深入贯彻落实《某省五大发展行动计划(修订版)》、《五大发展行动计划》。"
    assert [t for t, _n, _q in _cites(text, own_title=title)] == ["某省五大发展行动计划(修订版)"]


def test_standalone_number_and_own_number():
    text = "某委发〔2009〕25号\n根据浙政办发[2020]3号要求。"
    assert [(t, n) for t, n, _q in _cites(text, own_number="某委发〔2009〕25号")] == [(None, "浙政办发〔2020〕3号")]


def test_excluded_ranges_are_skipped():
    text = "正文。\n建议增加《某某条例》。"
    assert _cites(text, excluded=[(4, len(text))]) == []


def test_five_year_plan_period_and_thousands():
    assert _goals("到“十四五”末，全市地区生产总值达到1,200亿元。") == [(1200.0, "亿元", 2025, "全市地区生产总值达到1,200亿元")]


def test_standalone_numbers_lose_leading_words():
    text = "按照浙政办发〔2020〕3号文件要求，落实省政府浙政发[2021]8号和国发〔2019〕5号。"
    assert [(n, q) for _t, n, q in _cites(text)] == [
        ("浙政办发〔2020〕3号", "浙政办发〔2020〕3号"), ("浙政发〔2021〕8号", "浙政发[2021]8号"), ("国发〔2019〕5号", "国发〔2019〕5号")]


def test_own_title_without_its_edition_note_is_not_a_reference():
    own = "某区关于推进某事的实施意见(征求意见稿)"
    assert _cites("按照《某区关于推进某事的实施意见》执行。", own_title=own) == []


def test_change_against_last_year_is_a_target_in_a_framed_sentence():
    text = "2015年，全县单位产值能耗比上年降低3.2%，氨氮排放量比上年削减1.5%。"
    got = [(g.value, g.unit, g.year) for g in find_goals(text, 0, len(text), None)]
    assert got == [(3.2, "%", 2015), (1.5, "%", 2015)]
    review = "全县单位产值能耗比上年降低3.2%。"
    assert find_goals(review, 0, len(review), None) == []  # no target frame: a reported result


def test_every_quantity_of_a_dated_sentence_in_a_goal_section():
    text = "到2026年，改造农村公路300公里，受益群众5万人。"
    got = [(g.text, g.value, g.unit) for g in find_goals(text, 0, len(text), None, goal_section=True)]
    assert got == [("改造农村公路300公里", 300.0, "公里"), ("受益群众5万人", 5.0, "万人")]
    assert find_goals(text, 0, len(text), None) == []  # outside a 目标 section: no target word, no goal


def test_number_in_square_brackets_after_a_title_belongs_to_it():
    text = "落实《某市促进消费若干措施》[某府办〔2022〕7号]和《某省物流规划》【某政发[2021]3号】。"
    got = [(c.title, c.doc_number) for c in find_citations(text, "a.txt", own_title="Y")]
    assert got == [("某市促进消费若干措施", "某府办〔2022〕7号"), ("某省物流规划", "某政发〔2021〕3号")]


@pytest.mark.parametrize(("own", "text", "cited"), [
    pytest.param("中共某某县委 某某县人民政府关于加快发展乡村旅游的意见",
                 "各乡镇要对照《关于加快发展乡村旅游的意见》抓好落实，并执行《某某县旅游条例》。",
                 ["某某县旅游条例"], id="own-title-without-its-issuers"),
    pytest.param("某市促进产业发展行动计划（2023-2025年）",
                 "现将《某市促进产业发展行动计划（2023—2025年）》印发给你们。依据《某市产业促进条例》。",
                 ["某市产业促进条例"], id="own-title-printed-with-another-dash"),
])
def test_own_title_written_another_way_is_a_self_mention_not_a_reference(own, text, cited):
    assert [c.title for c in find_citations(text, "a.txt", own_title=own)] == cited


def test_doc_number_with_di_in_citations():
    text = "根据《某某条例》（某政发〔2020〕第5号）和某办发〔2019〕第12号要求"
    got = [(c.title, c.doc_number) for c in find_citations(text, "a.txt", own_title="Y")]
    assert got == [("某某条例", "某政发〔2020〕5号"), (None, "某办发〔2019〕12号")]


def test_units_of_environment_health_and_service_targets():
    text = "到2025年，PM2.5平均浓度控制在35微克/立方米以内，人均预期寿命达到79岁，新建5G基站1.2万个，审批时间压缩至2小时以内。"
    assert [(v, u) for v, u, _y, _t in _goals(text)] == [(35.0, "微克/立方米"), (79.0, "岁"), (1.2, "万个"), (2.0, "小时")]


def _vuy(text, frame=None, section=False):
    return [(g.value, g.unit, g.year) for g in find_goals(text, 0, len(text), frame, section)]


def test_a_start_year_and_a_span_of_years_give_the_last_year():
    assert _vuy("2015年起5年内，实现高层次人才达到3000名左右。") == [(3000.0, "名", 2019)]
    assert _vuy("5年内引进不少于300名。") == [(300.0, "名", None)]


def test_a_bound_before_the_number_is_a_target_even_with_a_noun_after():
    assert _vuy("重点培养不少于15名青年科学家，不少于30名工程师。") == [(15.0, "名", None), (30.0, "名", None)]
    assert _vuy("到2030年，引进超10亿元企业。") == []  # 超 describes the firms


def test_units_of_counts_and_ten_thousands():
    assert _vuy("到2026年，人才总量达到150万名，新增专利超300件。") == [(150.0, "万名", 2026), (300.0, "件", 2026)]


def test_a_target_year_frames_the_whole_paragraph_of_a_goal_section():
    text = "到2028年，覆盖率达到90%。服务率达到70%，新建示范区15个。"
    assert _vuy(text, section=True) == [(90.0, "%", 2028), (70.0, "%", 2028), (15.0, "个", 2028)]
    assert _vuy(text) == [(90.0, "%", 2028), (70.0, "%", None)]


def test_the_clause_own_year_wins_over_the_frame():
    assert _vuy("按照2021年全省大班额比例控制在6%以内。", frame=2023) == [(6.0, "%", 2021)]
    assert _vuy("比2015年下降18%。", frame=2020) == [(18.0, "%", 2020)]


def test_parameters_of_a_measure_and_ranges_are_not_targets():
    assert _vuy("担保费率不超过1.5%，提高代偿容忍度至8%。") == []
    assert _vuy("确保生均公用经费不低于800元。") == []
    assert _vuy("到2027年，建设示范园6-9个。") == []


def test_about_and_a_framing_verb_make_a_count_a_target():
    assert _vuy("到2022年，全省形成40所左右特色高中。") == [(40.0, "所", 2022)]
    assert _vuy("选拔35岁左右干部。") == []


def test_a_restated_target_is_kept_once():
    from policykg.loaders import parse_bytes
    text = ("甲市农业方案\n二、发展目标\n到2025年，综合机械化率达到97%。\n三、主要任务\n"
            "（一）推进机械化\n继续推进，综合机械化率达到97%。\n")
    doc = parse_bytes(text.encode(), "a.txt", ".txt")
    assert [(g.value, g.year) for g in doc.goals] == [(97.0, 2025)]


def test_title_naming_a_five_year_plan_period_dates_its_targets():
    from policykg.loaders.goals import title_year
    assert title_year("甲市关于贯彻落实“十四五”规划的实施意见") == 2025
    assert title_year("甲市“十三五”与“十四五”衔接方案") is None


def test_a_threshold_with_de_describes_what_is_counted():
    assert _vuy("到2025年，打造面积300亩以上的示范园5个。") == [(5.0, "个", 2025)]
    assert _vuy("到2025年，覆盖率达到90%以上的目标。") == [(90.0, "%", 2025)]


def test_a_number_inside_the_modifier_of_a_counted_noun_is_not_a_target():
    assert _vuy("到2027年，培育营收超50亿元、具备竞争力的骨干企业3家。") == [(3.0, "家", 2027)]
    assert _vuy("到2027年，不少于80%的企业完成改造。") == [(80.0, "%", 2027)]


def test_the_document_a_transcript_discusses_is_cited_not_itself():
    own = "问答实录：《某市促进民营经济发展的若干措施》相关情况"
    text = "记者：《某市促进民营经济发展的若干措施》出台后情况如何？局长：我们落实了《某市优化营商环境条例》。"
    assert [c.title for c in find_citations(text, "a.txt", own_title=own)] == ["某市促进民营经济发展的若干措施", "某市优化营商环境条例"]
    notice = "关于印发《某市促进民营经济发展的若干措施》的通知"
    assert [c.title for c in find_citations(text, "a.txt", own_title=notice)] == ["某市优化营商环境条例"]
