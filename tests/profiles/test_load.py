"""Reading a profile file: the built-in ones, the text-block rules, and errors naming file and line."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.profiles import ProfileError, builtin_names, load, load_text

BUILTIN = Path(__file__).resolve().parents[2] / "generator" / "profiles" / "builtin"
MINIMAL = '''parts = [
  { part = "概况", heading = "概况" },
  { part = "决算表", heading = "决算表" },
  { part = "情况说明", heading = "情况说明" },
]

[profile]
name = "测试"

[phrases]
"无" = "本单位无此项。"

[unit]
text = \'\'\'
概况。
\'\'\'
''' + "".join(f'\n[[tables]]\nkey = "{n:02d}"\ntitle = "表{n}"\nlabel = ""\n' for n in range(1, 10))


def _profile(sections: str, base: str = MINIMAL):
    return load_text(base + sections, Path("测试.toml"))


def test_the_default_is_hunan_2021_with_its_fourteen_sections():
    profile = load()
    assert profile.name == "湖南2021" and len(profile.sections) == 14
    assert profile.sections[10].heading == "一般性支出情况说明"
    assert [p.kind for p in profile.parts] == ["概况", "决算表", "情况说明", "名词解释", "附件"]
    assert [p.kind for p in profile.parts_of("附表在后")][-1] == "决算表"
    assert builtin_names()["湖南2021"] == BUILTIN / "hunan2021.toml"


def test_text_block_rules_join_lines_split_p_tags_and_set_styles():
    profile = _profile('''
[[sections]]
key = "收支总体"
heading = "一节"
text = \'\'\'
【小标题】（一）总体
第一句
  接着写。
{%p if x %}
${无}
{%p endif %}

第二段。
\'\'\'
''')
    paragraphs = profile.sections[0].paragraphs
    assert [(p.style, p.text) for p in paragraphs] == [
        ("Heading 3", "（一）总体第一句接着写。"), ("Normal", "{%p if x %}"), ("Normal", "本单位无此项。"),
        ("Normal", "{%p endif %}"), ("Normal", "第二段。")]
    text_start = MINIMAL.count("\n") + 6  # the line after text = '''
    assert [p.line for p in paragraphs] == [text_start, text_start + 3, text_start + 4, text_start + 5,
                                            text_start + 7]


def test_a_toml_syntax_error_names_file_and_line():
    with pytest.raises(ProfileError) as caught:
        _profile('\n[[sections]]\nkey = "收支总体\n')
    message = str(caught.value)
    assert "测试.toml" in message and f"第{MINIMAL.count(chr(10)) + 3}行" in message and "TOML" in message


def test_an_unknown_style_or_phrase_names_its_line():
    body = '\n[[sections]]\nkey = "收入"\nheading = "节"\ntext = \'\'\'\n\n【大标题】一\n\'\'\'\n'
    with pytest.raises(ProfileError, match=f"第{MINIMAL.count(chr(10)) + 7}行：未知的段落样式“【大标题】”"):
        _profile(body)
    with pytest.raises(ProfileError, match="用语“\\$\\{没有\\}”未在 \\[phrases\\] 中定义"):
        _profile(body.replace("【大标题】一", "${没有}"))


def test_missing_required_part_and_missing_table_are_refused():
    with pytest.raises(ProfileError, match="缺少必需的部分：情况说明"):
        _profile("", MINIMAL.replace('  { part = "情况说明", heading = "情况说明" },\n', ""))
    with pytest.raises(ProfileError, match="缺少：09"):
        _profile("", MINIMAL[:MINIMAL.index('\n[[tables]]\nkey = "09"')])


def test_an_empty_note_names_only_the_unit_or_the_year():
    tables = MINIMAL.index('\n[[tables]]\nkey = "08"')
    note = 'empty_note = "说明：{{ 单位名称 }}{{ 年度 }}年度没有，故本表无数据。"\n'
    ok = MINIMAL[:tables] + '\n[[tables]]\nkey = "08"\ntitle = "表8"\nlabel = ""\n' + note + \
        MINIMAL[MINIMAL.index('\n[[tables]]\nkey = "09"'):]
    section = '\n[[sections]]\nkey = "收入"\nheading = "节"\ntext = "收入。"\n'
    profile = _profile(section, ok)
    assert profile.tables[7].empty_note == "说明：{{ 单位名称 }}{{ 年度 }}年度没有，故本表无数据。"
    line = ok[:ok.index('key = "08"')].count("\n") + 1
    with pytest.raises(ProfileError, match=f"第{line}行：.*empty_note 中只能用.*不能用“单位”"):
        _profile(section, ok.replace("{{ 年度 }}", "{{ 单位 }}"))


def test_a_recorded_profile_falls_back_naming_both_and_files_only_when_allowed(tmp_path):
    from generator.profiles import choose

    profile, warning = choose(None, "浙江2030")
    assert profile.name == "湖南2021"
    assert "“浙江2030”未安装" in warning and "默认版式“湖南2021”" in warning
    own = tmp_path / "自用.toml"
    own.write_text((BUILTIN / "hunan2022.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert choose(None, str(own)) == (load(own), "")
    profile, warning = choose(None, str(own), recorded_files=False)  # the web service
    assert profile.name == "湖南2021" and "未安装" in warning
    assert choose("湖南2022", "浙江2030")[0].name == "湖南2022"  # the one asked for wins, no warning
    with pytest.raises(ProfileError, match="可用的版式"):
        choose("浙江2030", None)


def test_edition_mismatches_name_the_other_edition():
    from generator.profiles import edition_mismatches

    found = {"07": "2021年度一般公共预算财政拨款“三公”经费支出决算表", "01": "收入支出决算总表"}
    assert edition_mismatches(load("湖南2022"), found) == [
        ("07", found["07"], "财政拨款“三公”经费支出决算表", "湖南2021")]
    assert edition_mismatches(load("湖南2021"), found) == []
    assert edition_mismatches(load("湖南2021"), {"07": "财政拨款“三公”经费支出决算表公开09表"})[0][3] == "湖南2022"
