"""Synthetic Chinese policy documents, written by the team, deterministic by seed, at any count.

Real archives are thousands of scraped pages; these imitate their shapes so the
loader can be measured and crashed at scale without anyone's documents:

* a 印发…的通知 wrapper (文号, 主送 line, issuing office, 成文日期) around the plan;
* 一、/（一）/1. outlines with numbered tasks whose assignments are printed inline
  ``（牵头领导：张伟，牵头单位：市发改局，配合单位：市财政局、商务局）`` or on their own
  lines (``牵头单位：…`` / ``责任单位：…``);
* quantitative goals (到2025年，…达到12%), citations (《…》（国发〔2021〕7号）);
* 任务分工表 appendices (tab- or space-separated rows), and page noise: 您现在的位置,
  发布时间/来源/浏览次数, 【打印本页】, page numbers ``— 3 —``, repeated running heads;
* UTF-8 (some with BOM or CRLF), GBK ``.txt``, ``.html`` and ``.md`` files.

Document ``i`` depends only on ``(seed, i)``, so a corpus of 10,000 starts with
the corpus of 500. Each :class:`SyntheticDoc` records what was printed (tasks,
assignment pairs, goals, citations) for sanity checks.

    python -m benchmarks.generate /tmp/corpus --docs 500 --seed 1

>>> make_document(3, seed=1) == make_document(3, seed=1)
True
"""

from __future__ import annotations

import argparse
import html
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

# (jurisdiction, level prefix used in unit names)
JURISDICTIONS = [
    ("东阳市", "市"), ("义乌市", "市"), ("龙泉市", "市"), ("衢州市", "市"), ("丽水市", "市"), ("温岭市", "市"),
    ("诸暨市", "市"), ("慈溪市", "市"), ("桐乡市", "市"), ("海宁市", "市"), ("镜湖区", "区"), ("铜官区", "区"),
    ("吴江区", "区"), ("鸠江区", "区"), ("柯桥区", "区"), ("上虞区", "区"), ("德清县", "县"), ("安吉县", "县"),
    ("长兴县", "县"), ("嘉善县", "县"), ("开化县", "县"), ("常山县", "县"), ("缙云县", "县"), ("松阳县", "县"),
]
# (full name, short form as printed)
UNITS = [
    ("发展和改革局", "发改局"), ("经济和信息化局", "经信局"), ("财政局", "财政局"), ("商务局", "商务局"),
    ("科学技术局", "科技局"), ("教育局", "教育局"), ("人力资源和社会保障局", "人力社保局"),
    ("自然资源和规划局", "自然资源局"), ("生态环境局", "生态环境局"), ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交通局"), ("农业农村局", "农业农村局"), ("市场监督管理局", "市场监管局"),
    ("文化和旅游局", "文旅局"), ("卫生健康局", "卫健局"), ("民政局", "民政局"), ("公安局", "公安局"),
    ("司法局", "司法局"), ("统计局", "统计局"), ("税务局", "税务局"), ("金融服务中心", "金融办"),
    ("数据资源管理局", "数据资源局"), ("应急管理局", "应急管理局"), ("水利局", "水利局"), ("审计局", "审计局"),
    ("行政服务中心", "行政服务中心"), ("经济开发区管委会", "开发区管委会"), ("供电公司", "供电公司"),
]
COLLECTIVE = ["各相关部门", "各镇乡街道", "各乡镇人民政府"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国宝春天仁银生德良乐令树阳佩芬耀亮志红新民海波"
TOPICS = [
    "数字经济", "营商环境", "乡村振兴", "制造业高质量发展", "现代服务业", "科技创新", "生态环境保护", "文化旅游融合",
    "县域经济体制综合改革", "要素市场化配置", "开放型经济", "民营经济", "城乡融合发展", "公共服务均等化",
    "农业农村现代化", "跨境电子商务", "新型城镇化", "人才发展", "消费提质扩容", "安全生产",
]
DOC_KINDS = ["实施意见", "行动方案", "工作方案", "实施方案", "若干措施", "三年行动计划"]
VERBS = ["推进", "深化", "加快", "完善", "健全", "实施", "强化", "优化", "培育", "打造", "构建", "提升"]
OBJECTS = [
    "产业平台建设", "项目审批机制", "要素保障体系", "数字基础设施", "人才引育机制", "金融服务创新", "品牌建设",
    "标准化体系", "监管执法机制", "公共服务平台", "投融资体制改革", "土地集约利用", "创新载体建设",
    "信用体系建设", "应急保障能力", "统计监测制度", "市场主体培育", "城乡基础设施一体化",
]
FILLER = [
    "围绕重点领域和关键环节，引进培育一批重点项目，打造一批特色园区。",
    "建立健全工作推进机制，明确责任分工、时间节点和工作要求，形成一级抓一级、层层抓落实的工作格局。",
    "支持企业开展技术改造和模式创新，对符合条件的示范项目按规定给予奖补。",
    "加强部门协同和信息共享，推进“一网通办”“一网统管”，提高服务效率和群众满意度。",
    "探索建立以亩均效益为导向的资源要素差别化配置机制，促进资源向优质企业集聚。",
    "鼓励社会资本参与基础设施和公共服务项目建设，规范运用政府和社会资本合作模式。",
    "完善考核评价办法，将工作完成情况纳入年度综合考核。",
    "开展试点示范，及时总结推广可复制的经验做法。",
]
METRICS = [
    ("数字经济核心产业增加值", "亿元"), ("规上工业增加值年均增长", "%"), ("新增市场主体", "家"),
    ("建成5G基站", "个"), ("城镇居民人均可支配收入", "元"), ("研究与试验发展经费支出占比", "%"),
    ("新增高新技术企业", "家"), ("政务服务事项全程网办率", "%"), ("引进高层次人才", "名"),
]
NATIONAL = [
    ("国务院关于加快建设全国统一大市场的意见", "国发〔2022〕14号"),
    ("浙江省人民政府关于支持山区县跨越式高质量发展的若干意见", "浙政发〔2021〕8号"),
    ("中共中央 国务院关于实施乡村振兴战略的意见", None),
    ("国务院办公厅关于进一步优化营商环境更好服务市场主体的实施意见", "国办发〔2020〕24号"),
    ("安徽省加快发展数字经济行动方案(2022—2024年)", None),
]
NOISE_HEAD = [
    "您现在的位置：首页 > 信息公开 > 政策文件 > 政府文件",
    "首页 > 政务公开 > 政府文件 > 办公室文件",
    "【字体：大 中 小】  朗读",
]
NOISE_TAIL = ["【打印本页】【关闭窗口】", "分享到：", "扫一扫在手机打开当前页", "上一篇：无  下一篇：无"]
CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class SyntheticDoc:
    """One generated file and what it prints."""

    name: str  # unique file name, e.g. "00042-gbk.txt"
    data: bytes
    title: str  # the plan's title as printed (inside the 通知 when there is one)
    tasks: int  # numbered task items carrying an assignment
    assignments: int  # printed (unit or leader, task) pairs, table rows included
    goals: int
    citations: int


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return CN_NUM[n // 10 - 1] + "十" + (CN_NUM[n % 10 - 1] if n % 10 else "")


class _Doc:
    """Builds one document's lines and tallies what it prints."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.jur, self.lvl = rng.choice(JURISDICTIONS)
        self.topic = rng.choice(TOPICS)
        self.kind = rng.choice(DOC_KINDS)
        y = rng.randrange(2009, 2025)
        self.year = y
        span = f"（{y}—{y + 2}年）" if self.kind.endswith(("方案", "计划")) and rng.random() < 0.5 else ""
        self.title = f"{self.jur}关于{rng.choice(VERBS)}{self.topic}的{self.kind}{span}"
        self.leaders = [rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))) for _ in range(6)]
        self.lines: list[str] = []
        self.tasks = self.assignments = self.goals = self.citations = 0

    def unit(self, first: bool = True) -> str:
        full, short = self.rng.choice(UNITS)
        name = short if self.rng.random() < 0.8 else full
        return f"{self.lvl}{name}" if first or self.rng.random() < 0.3 else name

    def units(self, k: int) -> list[str]:
        return [self.unit(first=i == 0) for i in range(k)]

    def assignment_text(self) -> str:
        rng = self.rng
        parts = []
        if rng.random() < 0.4:
            leaders = rng.sample(self.leaders, rng.choice((1, 1, 2)))
            parts.append("牵头领导：" + "、".join(leaders))
            self.assignments += len(leaders)
        lead = self.units(rng.choice((1, 1, 1, 2)))
        coop = self.units(rng.randrange(0, 6))
        self.assignments += len(lead) + len(coop)
        parts.append(f"{rng.choice(('牵头单位', '牵头部门', '责任单位'))}：" + "、".join(lead))
        if coop:
            tail = rng.choice(("", "", "等", "、" + rng.choice(COLLECTIVE)))
            parts.append(f"{rng.choice(('配合单位', '配合部门'))}：" + "、".join(coop) + tail)
        sep = rng.choice(("；", "，", "; ", ","))
        return sep.join(parts)

    def task(self, n: int, style: str) -> list[str]:
        rng = self.rng
        heading = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
        body = "".join(rng.sample(FILLER, rng.randrange(1, 5)))
        marker = {"dot": f"{n}.", "dun": f"{n}、", "paren": f"（{n}）"}[style]
        self.tasks += 1
        if rng.random() < 0.75:
            return [f"{marker}{heading}。{body}（{self.assignment_text()}）"]
        who = self.assignment_text().replace("；", "\n").replace("; ", "\n")
        return [f"{marker}{heading}。{body}", *who.split("\n")]

    def goal_line(self) -> str:
        rng = self.rng
        items = []
        for metric, unit in rng.sample(METRICS, rng.randrange(1, 4)):
            value = rng.choice((5, 8, 12, 50, 100, 1500)) if unit != "元" else rng.randrange(40000, 90000)
            items.append(f"{metric}达到{value}{unit}")
            self.goals += 1
        return f"到{self.year + rng.randrange(1, 6)}年，全{self.lvl}" + "，".join(items) + "。"

    def preamble(self) -> str:
        rng = self.rng
        cites = []
        for title, number in rng.sample(NATIONAL, rng.randrange(0, 3)):
            cites.append(f"《{title}》" + (f"（{number}）" if number else ""))
            self.citations += 1
        basis = "和".join(cites) if cites else "上级有关部署"
        return f"为深入贯彻{basis}精神，推动{self.topic}取得新突破，结合我{self.lvl}实际，制定本{self.kind[-2:]}。"

    def table(self, rows: int) -> list[str]:
        rng = self.rng
        sep = rng.choice(("\t", "    ", " | "))
        out = ["附件", f"{self.title}重点任务分工表", sep.join(("序号", "重点任务", "牵头单位", "配合单位"))]
        for i in range(1, rows + 1):
            lead, coop = self.units(1), self.units(rng.randrange(1, 4))
            self.assignments += len(lead) + len(coop)
            out.append(sep.join((str(i), f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}", "、".join(lead), "、".join(coop))))
        return out

    def build(self) -> list[str]:
        rng, lines = self.rng, self.lines
        issuer = f"{self.jur}人民政府" + ("办公室" if rng.random() < 0.5 else "")
        number = f"{self.jur[:1]}政{'办' if '办公室' in issuer else ''}发〔{self.year}〕{rng.randrange(1, 120)}号"
        date = f"{self.year}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日"
        if rng.random() < 0.5:
            lines += rng.sample(NOISE_HEAD, rng.randrange(1, 3))
            lines.append(f"发布时间：{self.year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}    "
                         f"来源：{issuer}    浏览次数：{rng.randrange(10, 9999)}")
        if rng.random() < 0.6:  # a 印发…的通知 wrapping the plan
            lines += [f"{issuer}关于印发《{self.title}》的通知", number,
                      f"各乡镇人民政府、街道办事处，{self.lvl}政府各部门、各直属单位：",
                      f"《{self.title}》已经{self.lvl}政府同意，现印发给你们，请结合实际认真贯彻落实。",
                      issuer, date, "（此件公开发布）", self.title]
        else:
            lines += [self.title, number, f"各乡镇人民政府、街道办事处，{self.lvl}政府各部门："]
        lines.append(self.preamble())
        lines += ["一、总体要求", self.goal_line()]
        n_tasks = rng.choice((3, 5, 8, 12, 20, 30, 40)) if rng.random() > 0.01 else 150
        groups = rng.choice((1, 2, 3, 4))
        style = rng.choice(("dot", "dot", "dun", "paren"))
        lines.append("二、重点任务")
        n = 0
        for g in range(1, groups + 1):
            if groups > 1:
                lines.append(f"（{_cn(g)}）{rng.choice(VERBS)}{rng.choice(OBJECTS)}")
            for _ in range(max(1, n_tasks // groups)):
                n += 1
                lines += self.task(n, style)
                if rng.random() < 0.05:  # page noise from a PDF-to-text conversion
                    lines += [f"— {rng.randrange(1, 30)} —", issuer + "文件"]
        lines += ["三、保障措施", "".join(rng.sample(FILLER, 3)), f"本{self.kind[-2:]}自印发之日起施行。",
                  issuer, date]
        if rng.random() < 0.3:
            lines += self.table(rng.randrange(3, 15))
        if rng.random() < 0.4:
            lines += rng.sample(NOISE_TAIL, rng.randrange(1, 3))
        return lines


def _encode(rng: random.Random, index: int, title: str, lines: list[str]) -> tuple[str, bytes]:
    roll = rng.random()
    if roll < 0.1:
        return f"{index:05d}-gbk.txt", "\r\n".join(lines).encode("gb18030")
    if roll < 0.2:
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
        page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                f"<script>var _hmt = _hmt || []; document.write('<div>统计</div>');</script>"
                f"<style>p {{margin: 0}}</style></head><body><div class='nav'>首页</div>"
                f"<div class='article'>{body}</div></body></html>")
        return f"{index:05d}.html", page.encode("utf-8")
    if roll < 0.3:
        md = "\n\n".join(("## " + line) if line[:1] in CN_NUM and line[1:2] == "、" else line for line in lines)
        return f"{index:05d}.md", md.encode("utf-8")
    text = "\n".join(lines)
    if roll < 0.35:
        return f"{index:05d}-bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")
    if roll < 0.4:
        return f"{index:05d}-crlf.txt", text.replace("\n", "\r\n").encode("utf-8")
    return f"{index:05d}.txt", text.encode("utf-8")


def make_document(index: int, seed: int = 0) -> SyntheticDoc:
    """Document ``index`` of the corpus ``seed`` (pure: same arguments, same bytes)."""
    rng = random.Random(seed * 1_000_003 + index)
    doc = _Doc(rng, index)
    lines = doc.build()
    name, data = _encode(rng, index, doc.title, lines)
    return SyntheticDoc(name, data, doc.title, doc.tasks, doc.assignments, doc.goals, doc.citations)


def generate(count: int, seed: int = 0) -> Iterator[SyntheticDoc]:
    """Documents ``0 … count-1`` of corpus ``seed``."""
    return (make_document(i, seed) for i in range(count))


def write_corpus(folder: Path, count: int, seed: int = 0) -> list[SyntheticDoc]:
    """Write ``count`` documents into ``folder`` (created); returns them in file-name order."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = list(generate(count, seed))
    for doc in docs:
        (folder / doc.name).write_bytes(doc.data)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--docs", type=int, default=500, help="how many documents (default 500)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    docs = write_corpus(args.out, args.docs, args.seed)
    size = sum(len(d.data) for d in docs)
    print(f"wrote {len(docs)} documents ({size / 1e6:.1f} MB, {sum(d.tasks for d in docs)} tasks) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
