"""Goals that real pages print in shapes the first rules missed (dev pages dv12–dv20).

Two families, in sentences written for these tests:

- the numbers of a measure, not targets: subsidy and loan caps (给予不超过…30%、最高…万元的支持,
  贷款额度最高不超过…), the condition a grant applies to (对…超过300万元的企业, …达到8万元的，),
  bands of a scale (500万元以上至1000万元), a fund's size (设立总规模不低于2亿元的引导资金);
- targets counted in units or words the first rules did not know: 发/颗/款/例, a minimum count
  (5家以上), a list sharing one verb (年产30发火箭、500颗卫星), round Chinese numerals (突破百项…).
"""

from policykg.loaders.goals import find_goals


def _goals(text, frame=None, section=False):
    return [(g.value, g.unit, g.year) for g in find_goals(text, 0, len(text), frame, section)]


def test_subsidy_and_loan_caps_are_parameters():
    assert _goals("对符合条件的项目，按照规定分阶段给予不超过总投入20%、最高1000万元的经费支持。") == []
    assert _goals("每年给予不超过运营支出30%的补助。") == []
    assert _goals("个人创业的，贷款额度最高不超过10万元；合伙创业的，贷款额度最高不超过50万元。") == []


def test_the_condition_a_grant_applies_to_is_not_a_target():
    assert _goals("对年营业收入超过300万元的服务企业，给予一次性奖励。") == []
    assert _goals("对新上项目，固定资产投资2000万元及以上且亩均税收达到8万元的，按投资额的5%给予奖励。") == []
    assert _goals("对研发投入达到500万元(含税)以上的企业，给予支持。") == []


def test_bands_of_a_scale_and_fund_sizes_are_parameters():
    assert _goals("年度贡献500万元以上至 1000万元的，参照其贡献的60%给予企业奖励。") == []
    assert _goals("设立总规模不低于2亿元的产业发展引导资金，列入财政预算。") == []


def test_real_targets_still_count():
    assert _goals("到2025年，研发投入达到100亿元，新增上市企业10家。") == [(100.0, "亿元", 2025), (10.0, "家", 2025)]
    assert _goals("到2025年，重点企业数量达到50家以上。") == [(50.0, "家", 2025)]


def test_new_counting_units():
    assert _goals("到2026年，形成年产30发运载火箭、500颗卫星的制造能力。") == [(30.0, "发", 2026), (500.0, "颗", 2026)]
    assert _goals("构建不少于500例病例的数据库。") == [(500.0, "例", None)]
    assert _goals("到2025年，项目发展规模达到2发展阶段。") == []  # 发展 is a word, not a count of rockets


def test_a_minimum_count_is_a_target_in_a_dated_sentence():
    assert _goals("到2027年，推动3款以上新产品完成注册，引育6家以上骨干企业、12家以上配套企业。") == [
        (3.0, "款", 2027), (6.0, "家", 2027), (12.0, "家", 2027)]
    assert _goals("支持3款以上新产品完成注册。") == []  # no date, no target word: a description


def test_round_chinese_numerals_count_in_a_dated_sentence():
    assert _goals("到2026年，突破百项关键技术，打造千家示范企业，培育一批领军企业，形成三大产业集群。") == [
        (100.0, "项", 2026), (1000.0, "家", 2026)]
    assert _goals("突破百项关键技术。") == []  # not dated: a slogan, not a target
    assert _goals("到2025年，实施“十四五”规划确定的二十项工程。") == []  # no verb of making right before it


def test_an_assessments_criteria_are_not_targets():
    from policykg.loaders import parse_bytes

    body = "\n一、水域管护\n1.年内全县办结河道违法案件12例以上，污水处理率达到80%以上。\n"
    scored = parse_bytes(("某县2024年度河湖管护工作考核细则" + body).encode(), "a.txt", ".txt")
    planned = parse_bytes(("某县2024年度河湖管护工作实施方案" + body).encode(), "b.txt", ".txt")
    assert scored.goals == ()
    assert [(g.value, g.unit) for g in planned.goals] == [(12.0, "例"), (80.0, "%")]


def test_a_threshold_that_defines_a_class_or_is_cut_by_a_wrap():
    assert _goals("固定资产投资在2亿元及以上且亩均税收不低于30万元的制造业项目认定为重点项目。") == []
    assert _goals("对所购置设备投资总额达到300万元(含税)以 上〔单台设备5万元(含税)以上〕的，给予奖励。") == []


def test_a_press_transcript_reports_results_not_targets():
    from policykg.loaders import parse_bytes

    text = ("问答实录：《某市促进民营经济发展的若干措施》相关情况\n"
            "记者：目前情况如何？\n"
            "某局长：由民营企业承建的平台占比达56%，在孵企业数量超过200家。\n")
    assert parse_bytes(text.encode(), "q.md", ".md").goals == ()


def test_a_credit_line_the_plan_aims_at_is_still_a_target():
    assert _goals("到2025年，银行对科技企业的授信额度达到500亿元。") == [(500.0, "亿元", 2025)]


def test_a_plant_described_by_its_output_is_not_a_target():
    assert _goals("园区建有年产10万吨石墨电极项目。") == []
    assert _goals("2019年，企业建设了年产30万吨负极材料项目。") == []


def test_what_firms_a_measure_is_for_must_meet_is_a_standard_not_a_target():
    # an undated sentence that opens by naming the firms the measure is for
    assert _goals("对承担市级工程中心建设任务的企业，加强考核评价，企业年度研发投入占营业收入的比例不低于5%。") == []
    assert _goals("对新认定的高新技术企业，其研发人员占职工总数的比例不低于10%。") == []
    # with a target year it is a target; without the opening clause it stays one too
    assert _goals("对重点企业，到2025年研发投入占比达到5%。") == [(5.0, "%", 2025)]
    assert _goals("规模以上工业企业研发投入占比不低于3%。") == [(3.0, "%", None)]


def test_a_number_after_a_decimal_point_lost_to_a_private_use_glyph_is_no_goal():
    # the page printed 0.18 with a font whose point became U+E010: the value is unknown
    assert _goals("到2025年，管道运输价格由每立方米0\ue0102元降到0\ue01018元。") == []
    assert _goals("到2025年，管道运输价格降到18元。") == [(18.0, "元", 2025)]
