"""Tests for loaders.resolve and the data files it reads (each data file has a loader and a test)."""

import pytest

from policykg.loaders.dictionaries import DATA, abbreviations, gazetteer, national_agencies, userdict_words
from policykg.loaders.resolve import NATIONAL, Resolver, canonical, kind_of, national_name, split_prefix, strip_prefix


# --------------------------------------------------------------------------- data files

def test_abbreviations_file_loads_and_is_well_formed():
    table = abbreviations()
    assert table["发改局"] == ("发展和改革局", "government")
    assert table["发改委"] == ("发展和改革委员会", "government")
    assert table["人社局"][0] == table["人力社保局"][0] == "人力资源和社会保障局"
    assert table["市监局"][0] == table["市场监管局"][0]
    for short in ("经信局", "住建局", "卫计局", "卫健委", "编办", "人行", "银监办"):
        assert short in table
    kinds = {kind for _name, kind in table.values()}
    assert kinds <= {"government", "party", "enterprise", "zone", "town", "other"}
    for line in (DATA / "abbreviations.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            assert len(line.split("\t")) == 3, line


def test_gazetteer_file_loads_with_a_consistent_hierarchy():
    gaz = gazetteer()
    names = {e.name for e in gaz.entries}
    for e in gaz.entries:
        assert e.level in {"country", "province", "city", "county", "district", "town", "zone", "region"}
        assert not e.parent or e.parent in names, e
    assert len([e for e in gaz.entries if e.level == "province"]) == 34
    chain = [e.name for e in gaz.ancestors(gaz.find("横店镇"))]
    assert chain == ["横店镇", "东阳市", "金华市", "浙江省"]
    assert gaz.find("铜官区").parent == "铜陵市"
    assert gaz.find("东阳").name == "东阳市"  # safe short form
    assert gaz.find("江山") is None  # 江山 is also an ordinary word: no short form


def test_userdict_file_loads():
    words = {w for w, _f, _t in userdict_words()}
    assert {"牵头单位", "配合单位", "管委会"} <= words


def test_tokenizer_keeps_names_whole():
    from policykg.loaders.dictionaries import tokenizer

    words = list(tokenizer().cut("公安局横店派出所配合东阳市发改局"))
    assert "横店" in words or "横店派出所" in words or "派出所" in words
    assert "东阳市" in words


# --------------------------------------------------------------------------- resolution

@pytest.mark.parametrize("surface,prefix,core", [
    ("市发改局", "市", "发改局"),
    ("东阳市发改局", "东阳市", "发改局"),
    ("区农林水利局", "区", "农林水利局"),
    ("区市场监管局", "区", "市场监管局"),
    ("市场监管局", "", "市场监管局"),
    ("市委宣传部", "市", "市委宣传部"),
    ("市府办", "市", "市府办"),
    ("区政府办", "区", "区政府办"),
    ("区民政局", "区", "民政局"),
    ("市电子政务办公室", "市", "电子政务办公室"),
    ("横店镇政府", "", "横店镇政府"),
    ("中共衢州市委", "衢州市", "中共衢州市委"),
])
def test_split_prefix_keeps_shi_where_it_belongs(surface, prefix, core):
    assert split_prefix(surface) == (prefix, core)
    assert strip_prefix(surface) == core


def test_departments_are_jurisdiction_scoped():
    a = Resolver("东阳市").department("市发改局")
    b = Resolver("衢州市").department("市发改局")
    assert a.id == "dept:东阳市:发展和改革局" and b.id == "dept:衢州市:发展和改革局"
    assert a.name == "发展和改革局" and {"市发改局", "发改局"} <= set(a.aliases)


def test_shi_in_a_district_plan_is_the_city():
    r = Resolver("铜官区")
    assert r.department("区发改局").jurisdiction == "铜官区"
    assert r.department("市发改委").jurisdiction == "铜陵市"
    assert r.department("省发展改革委").jurisdiction == "安徽省"


def test_list_inheritance():
    r = Resolver("衢州市")
    first = r.department("东阳市财税局")
    second = r.department("国土局", inherited=first.jurisdiction)
    assert second.id == "dept:东阳市:国土资源局"


def test_aliases_accumulate_across_surfaces():
    r = Resolver("东阳市")
    r.department("市人社局")
    d = r.department("人力社保局")
    assert {"市人社局", "人社局", "人力社保局"} <= set(d.aliases)
    assert len(r.departments) == 1


def test_note_alias_and_sub_unit():
    r = Resolver("东阳市")
    d = r.department("行政服务中心", alias="审改办")
    assert "审改办" in d.aliases
    sub = r.department("公安局横店派出所")
    assert sub.parent_id == "dept:东阳市:公安局"
    assert sub.name == "公安局横店派出所"


@pytest.mark.parametrize("name,kind", [
    ("市委宣传部", "party"), ("横店集团", "enterprise"), ("供电公司", "enterprise"),
    ("横店影视文化产业实验区管委会", "zone"), ("横店镇政府", "town"), ("统计局", "government"),
])
def test_kinds(name, kind):
    assert kind_of(canonical(name)[0]) == kind or canonical(name)[1] == kind


def test_places_have_part_of_chains():
    r = Resolver("东阳市")
    place = r.place("横店")
    assert place.name == "横店镇" and place.level == "town"
    parent = r.places[place.parent_id]
    assert parent.name == "东阳市" and r.places[parent.parent_id].name == "金华市"


def test_town_department_is_located_in_its_place():
    d = Resolver("铜官区").department("西湖镇")
    assert d.kind == "town" and d.place_id and d.place_id.endswith("/西湖镇")


def test_unknown_district_under_a_known_city():
    from policykg.loaders import parse_bytes

    text = "\n".join(["福州市鼓楼区人民政府办公室关于印发某行动方案的通知", "福州市鼓楼区人民政府办公室", "2023年1月2日", "某行动方案",
                     "一、任务", "1.推进改革。（牵头单位：区发改局，配合单位：市财政局、省商务厅）"])
    doc = parse_bytes(text.encode(), "f.txt", ".txt")
    assert doc.jurisdiction == "鼓楼区"
    assert [a.agent_id for a in doc.assignments] == ["dept:福州市鼓楼区:发展和改革局", "dept:福州市:财政局", "dept:福建省:商务厅"]
    district = next(p for p in doc.places if p.name == "鼓楼区")
    assert district.parent_id == "place:福建省/福州市" and district.level == "district"


def test_unknown_jurisdiction_keeps_ids_local_to_the_file():
    assert Resolver("", "x.txt").department("市发改局").id == "dept:?x.txt:发展和改革局"


def test_namesake_districts_follow_their_printed_city():
    from policykg.loaders.resolve import find_place_chain

    assert find_place_chain("福州市鼓楼区人民政府办公室") == ["鼓楼区", "福州市", "福建省"]
    assert find_place_chain("南京市鼓楼区人民政府") == ["鼓楼区", "南京市", "江苏省"]
    assert find_place_chain("厦门市某某区人民政府") == ["某某区", "厦门市", "福建省"]
    assert Resolver("鼓楼区", "", ["鼓楼区", "福州市", "福建省"]).place("鼓楼区").id == "place:福建省/福州市/鼓楼区"


def test_namesake_districts_get_distinct_ids_and_keep_short_jurisdictions():
    nanjing = Resolver("鼓楼区", "n.txt", ["鼓楼区", "南京市", "江苏省"]).department("区财政局")
    fuzhou = Resolver("鼓楼区", "f.txt", ["鼓楼区", "福州市", "福建省"]).department("区财政局")
    assert (nanjing.id, fuzhou.id) == ("dept:南京市鼓楼区:财政局", "dept:福州市鼓楼区:财政局")
    assert nanjing.jurisdiction == fuzhou.jurisdiction == "鼓楼区"
    assert Resolver("东阳市").department("市财政局").id == "dept:东阳市:财政局"  # no namesake: the short name
    assert Resolver("鼓楼区").department("区财政局").id == "dept:鼓楼区:财政局"  # no evidence which one


def test_place_printed_with_its_parent_names_the_inner_jurisdiction():
    assert split_prefix("成都市郫都区生态环境局") == ("成都市郫都区", "生态环境局")
    assert split_prefix("成都市郫都区人民政府办公室") == ("成都市郫都区", "郫都区人民政府办公室")
    r = Resolver("南京市", "n.txt", ["南京市", "江苏省"])
    printed = r.department("福州市鼓楼区财政局")
    assert (printed.id, printed.jurisdiction) == ("dept:福州市鼓楼区:财政局", "鼓楼区")
    assert Resolver("郫都区").department("成都市郫都区生态环境局").id == Resolver("郫都区").department("区生态环境局").id


# --------------------------------------------------------------------------- central agencies' short forms

def test_national_agencies_file_is_well_formed_and_never_claims_a_local_form():
    table = national_agencies()
    assert table["税务总局"] == ("国家税务总局", True)
    assert table["市场监管总局"] == ("国家市场监督管理总局", True)
    assert table["发展改革委"] == ("国家发展和改革委员会", False)
    assert table["统计局"] == ("国家统计局", False)
    for line in (DATA / "national_agencies.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            short, full, scope = line.split("\t")
            assert short != full and scope in {"national", "shared"}, line
    local = abbreviations()
    # a form a 市/县 office also prints (the local abbreviation table knows it) can only be "shared"
    assert not [short for short, (_full, only) in table.items() if only and short in local]


@pytest.mark.parametrize("printed, national_doc, full", [
    ("税务总局办公厅", False, "国家税务总局办公厅"),  # 总局: only the central agency is called so
    ("市场监管总局", False, "国家市场监督管理总局"),
    ("国家发展改革委办公厅", False, "国家发展和改革委员会办公厅"),
    ("人力资源社会保障部办公厅", False, "人力资源和社会保障部办公厅"),
    ("税务总局 办公厅", False, "国家税务总局办公厅"),  # a space printed inside
    ("稅務總局辦公廳", False, "国家税务总局办公厅"),  # Traditional script
    ("税务总局政策法规司", False, "国家税务总局政策法规司"),
    ("统计局", True, "国家统计局"),  # a shared form means the central agency in a national document
    ("发展改革委", True, "国家发展和改革委员会"),
    ("统计局", False, None),  # … and a local office elsewhere
    ("发展改革委", False, None),
    ("市统计局", True, None),  # a place in the name: local
    ("甲省发展改革委", True, None),
    ("税务总局甲省税务局", False, None),  # a local office of the agency is not the agency
    ("财政部", True, None),  # already the full name
    ("国家税务总局", True, None),
    ("统计局长", True, None),  # not an office
])
def test_central_agency_short_forms_expand_only_where_they_mean_the_central_agency(printed, national_doc, full):
    assert national_name(printed, national_doc) == full


def test_an_issuer_in_short_form_resolves_to_the_full_name_and_keeps_the_printed_one():
    r = Resolver(NATIONAL)
    name, dept = r.issuer("税务总局办公厅")
    assert name == dept.name == "国家税务总局办公厅" and "税务总局办公厅" in dept.aliases
    assert dept.id == "dept:中华人民共和国:国家税务总局办公厅" == r.issuer("国家税务总局办公厅")[1].id
    # a city's 统计局 stays the city's, named as printed, exactly as department() resolves it
    local = Resolver("东阳市")
    name, dept = local.issuer("统计局")
    assert name == "统计局" and dept == local.department("统计局") and dept.id == "dept:东阳市:统计局"
    # 市发改委 in a city document is untouched by the central table
    assert local.issuer("市发改委")[1].id == "dept:东阳市:发展和改革委员会"


@pytest.mark.parametrize("printed, national_doc, full", [
    # printed with 国家/中国 in front: one agency with the bare form, not a second department
    ("国家市场监管总局", False, "国家市场监督管理总局"),
    ("国家金融监管总局办公厅", False, "国家金融监督管理总局办公厅"),
    ("中国证监会", False, "中国证券监督管理委员会"),
    ("国家广电总局", False, "国家广播电视总局"),
    ("新华社", False, "新华通讯社"),
    # a 牌子 another organ keeps (国发〔2023〕5号)
    ("国家外专局", False, "国家外国专家局"),
    ("外专局", True, "国家外国专家局"),
    ("外专局", False, None),  # a province's 外专局 is its own
    # bodies merged away keep the name the document meant, not their successor's
    ("中国银保监会", False, "中国银行保险监督管理委员会"),
    ("国家卫生计生委", False, "国家卫生和计划生育委员会"),
    ("卫生计生委", True, "国家卫生和计划生育委员会"),
    ("卫生计生委", False, None),  # a 市 卫生计生委 is local
    ("质检总局", False, "国家质量监督检验检疫总局"),
])
def test_forms_added_on_checking_the_2023_lists(printed, national_doc, full):
    assert national_name(printed, national_doc) == full


def test_agency_table_states_what_it_was_checked_against():
    head = (DATA / "national_agencies.tsv").read_text("utf-8").split("\n国家发展改革委\t", 1)[0]
    assert "国发〔2023〕5号" in head and "国发〔2023〕6号" in head
