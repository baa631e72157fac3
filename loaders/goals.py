"""Quantitative targets of a plan: "到2020年，研发投入占GDP比重达到3.53%".

A goal is a number with a unit, inside a clause that states a target
(达到/超过/增速/增长/占比/比重/控制在/以上/以内/左右 …). Its text is the clause
segment that ends at the number; its year comes from the clause itself
(到2018年) or, failing that, from the nearest 到YYYY年 that frames the
paragraph (a heading such as "1.到2020年，…" or an intro line "到2018年末，基本实现：").

Not goals: numbers that describe a thing rather than a target (超10亿元企业 —
the number is followed by a noun), past results (同比/比上年/已/了), clauses
without a target word, and the fixed parameters of a measure: fee rates and
subsidies, distances (间距1.5米以上), the threshold a measure applies to
(投入达到1亿元/年的企业) and a per-head standard with no date (每千人口不少于10个托位;
with 2025年前 it is a target); a clause that grants or caps money (给予不超过总投入30%、
最高1000万元的支持, 贷款额度最高…), the condition a grant applies to (对…超过300万元的企业,
…达到8万元的，), the bands of a scale (500万元以上至1000万元), a fund's size (设立…2亿元的
引导资金) and a threshold that defines a class (…200万元的项目为重大项目). A count is a target
when 左右 follows it (支持8条左右街区) or, in a dated sentence, when a verb of making sets it
(培育100家企业, 突破百项关键技术), when 以上 bounds it (引育5家以上企业), or when it lists on
after one that is (年产30发火箭、500颗卫星).

>>> [(g.value, g.unit, g.year) for g in find_goals("到2020年，绿化覆盖率达到35%。", 0, 20, None)]
[(35.0, '%', 2020)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = (
    "个百分点|百分点|%|％|‰|万亿元|千亿元|亿元|万元|元|亿美元|万美元|美元|万人次|人次|万人|万户|户|人|家|个|所|张|套|项|座|名|"
    "万平方米|平方米|平方公里|公里|千米|米|万公顷|公顷|万亩|亩|万吨标准煤|吨标准煤|万吨|吨|万千瓦|千瓦|兆瓦|万辆|辆|倍|张床位|个工作日|工作日|天|"
    "微克/立方米|毫克/立方米|亿立方米|万立方米|立方米|亿千瓦时|万千瓦时|千瓦时|万标箱|万标准箱|标箱|万台|台|万个|个月|条|处|间|岁|小时|分钟|"
    "床|万册|亿人次|千公顷|万平方公里|万名|件|万件|部|批|款|例|颗|发(?![展布行放生挥起动达电射])"
)
UNITS = "|".join(sorted(UNITS.split("|"), key=len, reverse=True))  # longest first: 个工作日 before 个
# 发 counts rockets (年产50发), but not in 发展/发布…: the unit carries its own look-ahead
_NUMBER = re.compile(rf"(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*({UNITS})(以上|以内|以下|左右|及以上)?")
_TARGET = re.compile(r"削减|压减|压缩至|压缩到|缩短至|缩短到|降至|降到|达到|达|超过|超|突破|增速|增幅|增长|提高到|提高至|提升到|提升至|提高|提升|占比|比重|占|控制在|不低于|不少于|不超过|低于|高于|以上|以内|左右|力争|实现|保持在|稳定在|降低|下降|减少")
# in a sentence framed by 到YYYY年, or in a 目标 section, these count as targets too
_TARGET_FRAMED = re.compile(r"新增|新建|累计|建成|培育|打造|建设|引进|创建|形成|总量|规模")
_PAST = re.compile(r"已经|已|过去|以来|完成了|实现了|达到了|增长了")
# a change against last year is a result in a review, a target in a framed sentence (2009年，能耗比上年降低4.5%)
_COMPARED = re.compile(r"同比|比上年|比去年|上年|去年")
_CLAUSE_SPLIT = re.compile(r"[，；;。！？\n：:]|,(?!\d{3}(?!\d))")  # 1,200亿元 is one number
YEAR_MARK = re.compile(
    r"(?:到|至|于|在)\s*((?:20|19)\d{2})\s*年|(?<!\d)((?:20|19)\d{2})\s*年\s*(?:底|末)?\s*(?:[,，]|(?:前|以前)(?![一二三两四五六七八九几\d个]))"
    r"|(?:到|至)\s*[“\"]?(十[一二三四五六七八九]五)[”\"]?(?:时期|期)?末"
    r"|((?:20|19)\d{2})\s*年(?:起|开始)\s*(?:的)?\s*(\d{1,2}|[一二三四五六七八九十])\s*年(?:内|间|时间)"
)
# five-year plan periods (the 6th plan ended in 1985): 十三五 → 2020, 十四五 → 2025
_PLAN_PERIOD_END = {f"十{d}五": 1985 + 5 * (10 + k - 6) for k, d in enumerate("一二三四五六七八九", start=1)}


def mark_year(m: re.Match) -> int:
    """The year a YEAR_MARK match names (到2020年 → 2020, 到“十四五”末 → 2025)."""
    if m.group(3):
        return _PLAN_PERIOD_END[m.group(3)]
    if m.group(4):  # 2012年起5年内 → the fifth year, 2016
        return int(m.group(4)) + _cn_count(m.group(5)) - 1
    return int(m.group(1) or m.group(2))


def _cn_count(s: str) -> int:
    return int(s) if s.isdigit() else "一二三四五六七八九十".index(s) + 1
# a noun straight after the number makes it a descriptor: 超10亿元企业, 10个超…
_DESCRIPTOR_NEXT = re.compile(r"[\u4e00-\u9fa5]")
_NOT_DESCRIPTOR_NEXT = re.compile(r"^(?:以上|以内|以下|左右|及以上|的|和|或|、)")


@dataclass(frozen=True)
class FoundGoal:
    start: int
    end: int
    text: str
    metric: str
    value: float
    unit: str
    year: int | None


_TITLE_YEAR = re.compile(r"(?:20|19)\d\d(?=年)(?!年远景)")


def title_year(title: str) -> int | None:
    """The year a plan's title sets for its targets: 2019年重点工作 → 2019, （2018—2020年） → 2020.

    A title naming no year, or several that are not one span, gives None.
    """
    years = [int(y) for y in _TITLE_YEAR.findall(title or "")]
    periods = set(re.findall(r"十[一二三四五六七八九]五", title or ""))
    if not years and len(periods) == 1:  # 贯彻落实“十四五”…规划的实施意见 → 2025
        return _PLAN_PERIOD_END[periods.pop()]
    span = re.search(r"((?:20|19)\d\d)\s*(?:年)?\s*[—–\-~～至到]+\s*((?:20|19)\d\d)\s*年", title or "")
    if span:
        return int(span.group(2))
    return years[0] if len(set(years)) == 1 else None


def find_goals(text: str, start: int, end: int, frame_year: int | None, goal_section: bool = False) -> list[FoundGoal]:
    """Goals in ``text[start:end]``; ``frame_year`` is the 到YYYY年 of the enclosing paragraph or heading.

    ``goal_section`` says the text sits under a 目标 heading, where "新增…50家" is a target
    even without 达到; a sentence that opens with 到YYYY年 is read the same way.
    """
    goals: list[FoundGoal] = []
    sentence_year = frame_year
    framed = goal_section
    pos = start
    opening = True  # the next clause opens a sentence
    for_some = False  # the sentence is a measure for some firms (对承担…任务的企业，…)
    for sep in list(_CLAUSE_SPLIT.finditer(text, start, end)) + [None]:
        clause_end = sep.start() if sep else end
        if text[pos:clause_end].strip():
            if opening:
                for_some = _MEASURE_FOR.fullmatch(text, pos, clause_end) is not None
                opening = False
            year_here = YEAR_MARK.search(text, pos, min(len(text), clause_end + 1))
            if year_here:
                sentence_year = mark_year(year_here)
                framed = True
            # an undated sentence that opens by naming the firms a measure is for sets what they must meet
            # (…的比例不低于10%): a standard of the measure, not a target of the plan
            if not (for_some and sentence_year is None):
                # in a 目标 section, a sentence with a target year states targets in every clause (惠及居民10万户)
                goals.extend(_clause_goals(text, pos, clause_end, sentence_year, framed, goal_section and sentence_year is not None))
        if sep is not None and sep.group(0) in "。！？\n":
            if not goal_section:  # a sentence's own year does not carry into the next one …
                sentence_year = frame_year
            framed = goal_section  # … except in a 目标 section, where 到2025年 frames the paragraph
            opening = True
        pos = sep.end() if sep else end
    return goals


# the first clause of a measure for some firms: 对承担重点实验室建设任务的企业 / 对新认定的高新技术企业
_MEASURE_FOR = re.compile(r"\s*对[^，,；;。]{2,40}的[\u4e00-\u9fa5]{0,8}(?:企业|单位|机构|主体|高校|院所|园区|平台)\s*")


def _clause_goals(text: str, start: int, end: int, year: int | None, framed: bool = False, every: bool = False) -> list[FoundGoal]:
    out: list[FoundGoal] = []
    segment_start = start
    clause = text[start:end]
    if _PAST.search(clause) or (_COMPARED.search(clause) and not framed):
        return out
    if _GRANT.search(clause):
        return out  # 给予不超过总投入30%、最高1000万元的支持, 贷款额度最高不超过10万元: a measure's numbers
    condition = _CONDITION_START.match(clause) is not None  # 对年营业收入超过300万元的企业，…
    last_bound = -1  # where the last bound number ended: 年产30发火箭、500颗卫星 share their verb
    for m in _NUMBER.finditer(text, start, end):
        after = text[m.end():m.end() + 3]
        ratio = m.group(2) in ("%", "％", "‰", "个百分点", "百分点")
        count = m.group(2) in _COUNT_UNITS
        bound = _BOUND_BEFORE.search(text, max(start, m.start() - 4), m.start()) is not None or \
            (m.group(3) == "左右" and (count or bool(_TARGET_FRAMED.search(text, segment_start, m.start())))) or \
            (framed and count and _COUNT_VERB_BEFORE.search(text, max(start, m.start() - 4), m.start()) is not None) or \
            (framed and count and m.group(3) in ("以上", "及以上")) or \
            (framed and _CAPACITY_BEFORE.search(text, max(start, m.start() - 8), m.start()) is not None) or \
            (last_bound >= 0 and _LISTED_AFTER.fullmatch(text, last_bound, m.start()) is not None)
        tail = text[m.end():end]
        if _CONDITION_END.match(tail) and (condition or _CLAUSE_TAIL_OF.fullmatch(tail)):
            continue  # 亩均税收达到8万元的，/ 对…超过300万元的企业: the condition a grant applies to
        if _RANGE_NEXT.match(tail) or _RANGE_BEFORE.search(text, max(start, m.start() - 6), m.start()):
            continue  # 500万元以上至1000万元: a band of a scale, not one target
        if _DEFINES_AFTER.match(tail):
            continue  # 投资强度不低于200万元的项目为重大项目: it defines what counts, it sets no target
        if _FUND_AFTER.match(tail):
            continue  # 设立总规模不低于2亿元的引导资金: the size of a fund the measure sets up
        # 形成30所左右特色高中 / 支持8条左右商业街区: a count about 8 things; 到2023年…培育100家企业: a count to reach
        if _DESCRIPTOR_NEXT.match(after) and not _NOT_DESCRIPTOR_NEXT.match(after) and not bound \
                and not (ratio and not m.group(3) and after[:1] != "的"):
            continue  # 超10亿元企业: describes the subject, not a target value (不少于10名院士: a target)
        if not bound and _COUNTED_LATER.match(text, m.end(), end):
            continue  # 年产值超100亿元、具备…的龙头企业2家: it describes the firms the 2家 counts
        if m.group(3) in ("以上", "以下", "及以上") and after[:1] == "的" and not bound:
            continue  # 面积200亩以上的示范园: a threshold that picks the things counted, not a target
        if _PARAMETER.search(text, start, m.start()):
            continue  # 担保费率不超过1%, 生均经费不低于1000元: a parameter of a measure, not a target
        if _THRESHOLD_AFTER.match(text, m.end(), end):
            continue  # 投入达到1亿元/年的企业: the threshold a measure applies to, not a target
        if year is None and _PER_HEAD.search(text, start, m.start()):
            continue  # 每千人口不少于10个托位 with no date: a planning standard (with 2025年前 it is a target)
        if text[m.start() - 1:m.start()] in ("-", "—", "~", "～", "至") and text[m.start() - 2:m.start() - 1].isdigit():
            continue  # 8-10个: a range, not one target
        if text[max(start, m.start() - 1):m.start()] in ("第", "前", "近", "约") and not m.group(3):
            continue
        if _DAMAGED_POINT.match(text, max(start, m.start() - 2), m.start()):
            continue  # 0\ue01018元: a decimal point the page lost to a private-use glyph; the value is unknown
        segment = text[segment_start:m.end()]
        if not (every or bound or _TARGET.search(segment) or (framed and _TARGET_FRAMED.search(segment))):
            continue
        seg_start = segment_start
        while seg_start < m.start() and text[seg_start] in " \t、和及并且":
            seg_start += 1
        seg = text[seg_start:m.end()]
        metric = _metric(text[seg_start:m.start()])
        unit = m.group(2).replace("％", "%")
        own = _CLAUSE_YEAR.search(text, start, m.start())  # 按照2020年…比例控制在5%以内: the clause's own year
        found_year = int(own.group(1)) if own else year
        out.append(FoundGoal(seg_start, m.end(), seg, metric, float(m.group(1).replace(",", "")), unit, found_year))
        segment_start = m.end()
        if bound:
            last_bound = m.end()
    if framed:
        out.extend(_numeral_goals(text, start, end, year))
        out.sort(key=lambda g: g.start)
    return out


def _numeral_goals(text: str, start: int, end: int, year: int | None) -> list[FoundGoal]:
    """Round counts written in words after a verb of making, in a dated sentence (突破百项关键技术 → 100项)."""
    out = []
    for m in _NUMERAL_COUNT.finditer(text, start, end):
        value = _numeral_value(m.group(2))
        if value:
            out.append(FoundGoal(m.start(), m.end(), m.group(0), m.group(1), float(value), m.group(3), year))
    return out


def _numeral_value(s: str) -> int:
    """百 → 100, 三千 → 3000, 二十 → 20, 一百五十 → 150 (0 when it is not a number in words)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    total, current = 0, 0
    for c in s:
        if c in digits:
            current = digits[c]
        elif c in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            current = 0
        elif c == "万":
            total, current = (total + current or 1) * 10000, 0
        else:
            return 0
    return total + current


# a digit and a private-use character right before a number: the number is the tail of a damaged decimal
_DAMAGED_POINT = re.compile("\\d[\ue000-\uf8ff]$")
# the number sits in a modifier (…的) of a noun that a later number in the clause counts
_COUNTED_LATER = re.compile(rf"[^，,；;。]{{0,30}}?的[\u4e00-\u9fa5]{{1,12}}?\d+(?:\.\d+)?\s*(?:{UNITS})")
# a bound right before the number makes it a target even when a noun follows (不少于10名院士)
_BOUND_BEFORE = re.compile(r"(?:不少于|不低于|达到|力争|争取)\s*$")
# a production capacity to reach, in a dated sentence: 形成年产50发火箭 (not 建有年产…: a plant described)
_CAPACITY_BEFORE = re.compile(r"(?:形成|具备|建成|达到|新增)\s*年产\s*$")
# a clause that grants money or sets a cap: its numbers belong to the measure (给予…30%, 额度最高…)
# (a credit line the plan aims at, 授信额度达到500亿元, stays a target)
_GRANT = re.compile(r"给予|(?:贷款|担保|补贴|补助|奖励|资助|扶持|奖补)额度|额度最高|最高\s*(?:不超过|给予|可达|补助|奖励|支持)?\s*\d")
# a clause naming whom a measure is for: 对年营业收入超过300万元的企业 / …亩均税收达到8万元的，
_CONDITION_START = re.compile(r"\s*(?:第\s*[\d\s]+\s*条\s*)?对")
# (a page cut from a PDF may keep a space inside a word: 以 上)
_AT_LEAST = r"(?:及\s*)?以\s*[上下]"
_CONDITION_END = re.compile(rf"\s*(?:[(（]不?含税?[)）])?\s*(?:{_AT_LEAST})?(?:〔[^〕]*〕|〕)?\s*的")
_CLAUSE_TAIL_OF = re.compile(_CONDITION_END.pattern + r"\s*")  # …的 ends the clause
# a threshold that defines a class: …不低于200万元的项目为重大产业项目
_DEFINES_AFTER = re.compile(rf"\s*(?:{_AT_LEAST})?的[^，,；;。]{{0,30}}?为")
# a band of a scale: 500万元以上至1000万元, 1000万元及以上至5000万元
_RANGE_NEXT = re.compile(r"\s*(?:以上|以下|及以上)?\s*(?:至|[-—~～])\s*\d")
_RANGE_BEFORE = re.compile(r"(?:以上|以下)\s*(?:至|[-—~～])\s*$")
# the size of a fund a measure sets up: 不低于2亿元的产业发展引导资金
_FUND_AFTER = re.compile(r"\s*的[^，,；;。]{0,16}(?:资金|基金)")
# a second count in a list that shares the first one's verb: 年产30发火箭、500颗卫星
_LISTED_AFTER = re.compile(r"(?:以上|以内|左右)?[\u4e00-\u9fa5]{0,12}、\s*")
# a round count in words after a verb of making: 突破百项关键技术, 打造千家示范企业
_NUMERAL_COUNT = re.compile(
    r"(培育|打造|建成|新建|新增|引进|引育|创建|形成|突破|开拓|制定|建设)"
    r"([一二两三四五六七八九]?[十百千万][一二两三四五六七八九十百千万]*)(项|家|个|所|条|名|座|件)")
# the fixed parameters of a measure (fee rates, subsidies, time limits), not targets of the plan
_PARAMETER = re.compile(r"费率|利率|收费|手续费|担保费|容忍度|补贴|补助|奖补|奖励|贴息|资助标准|生均|经费标准|间距|距离|间隔")
# a number that picks what a measure applies to: 1亿元/年的企业, 500万元（含）以上的项目
_THRESHOLD_AFTER = re.compile(r"\s*(?:/[\u4e00-\u9fa5]|[(（]含[)）]|[(（]不含[)）])")
# a per-head standard: 每千人口, 每万人, 每百户, 每个社区
_PER_HEAD = re.compile(r"每(?:[千万百十]|十万)?(?:人口|常住人口|人|户|名)")
# counting units (家, 个, 所 …) and the verbs that set a count to reach (培育100家企业)
_COUNT_UNITS = frozenset("家 个 所 项 座 名 条 处 批 件 部 张 套 台 辆 间 款 例 颗 发".split())
_COUNT_VERB_BEFORE = re.compile(r"(?:培育|打造|建成|新建|新增|引进|引育|创建|形成|认定|布局|设立|建设|明确|确定|遴选|突破|开拓|制定)\s*$")
# a year printed inside the clause before the number (not a base year: 比2015年, 较2015年)
_CLAUSE_YEAR = re.compile(r"(?<![比较与从自\d])((?:20|19)\d{2})\s*年(?!起|以来|开始|相比|同期|水平|基础)")


def drop_restated(goals: list) -> list:
    """Keep a target once: a task that repeats a target stated earlier (机械化率达到98%) adds nothing.

    A later goal with the same value and unit whose measured quantity ends like the earlier
    one's (the last four characters) is a restatement; it keeps the earlier goal's year.
    """
    kept: list = []  # FoundGoal or records.Goal: anything with metric, value and unit
    for g in goals:
        tail = g.metric[-4:]
        if any(k.value == g.value and k.unit == g.unit and tail and k.metric.endswith(tail) for k in kept):
            continue
        kept.append(g)
    return kept


_METRIC_TRIM = re.compile(r"(?:力争|争取|要|将|年均|累计)?(?:达到|达|超过|超|突破|提高到|提高至|提升到|提升至|控制在|不低于|不少于|不超过|保持在|稳定在|实现|占)?\s*$")


def _metric(prefix: str) -> str:
    """The measured quantity: the clause before the comparator (绿化覆盖率)."""
    prefix = re.sub(r"^(?:到|至)\s*\d{4}\s*年(?:末|底)?\s*", "", prefix.strip())
    return _METRIC_TRIM.sub("", prefix).strip()[:60] or prefix[:60]
