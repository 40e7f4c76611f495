"""juesuan profile check: every message names the line of the file the problem is on (a test per message)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.profiles import BUILTIN_DIR, ProfileError
from generator.render import check_profile, profile_names

SOURCE = (BUILTIN_DIR / "hunan2021.toml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    assert SOURCE.count(old) >= 1, old
    text = SOURCE.replace(old, new, 1)
    path = tmp_path / "我的版式.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _message(path: Path) -> str:
    with pytest.raises(ProfileError) as caught:
        check_profile(path)
    assert str(path) in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize("name", ["hunan2021.toml", "hunan2022.toml", "shanghai2024.toml"])
def test_builtin_profiles_pass(name):
    assert check_profile(BUILTIN_DIR / name)


def test_toml_syntax_error_names_its_line(tmp_path):
    path, text = _broken(tmp_path, 'key = "01"', 'key = "01')
    message = _message(path)
    line = _line_of(text, 'key = "01')
    assert f"第{line}行" in message and "不是有效的 TOML" in message


def test_unknown_section_names_the_key_line(tmp_path):
    path, text = _broken(tmp_path, 'key = "一般性支出"', 'key = "一般支出"')
    line = _line_of(text, 'key = "一般支出"')
    assert re.search(rf"第{line}行：未知的节“一般支出”", _message(path))


def test_unknown_figure_name_names_the_paragraph_line(tmp_path):
    path, text = _broken(tmp_path, "{{ 收支总计|万元 }}", "{{ 收支合计|万元 }}")
    message = _message(path)
    assert f"第{_line_of(text, '收支合计')}行：未知的名称“收支合计”" in message
    assert "收支总计" in message  # the close match is suggested


def test_unknown_filter_names_its_line(tmp_path):
    path, text = _broken(tmp_path, "{{ 本年收入合计|万元 }}", "{{ 本年收入合计|千元 }}")
    assert f"第{_line_of(text, '千元')}行：未知的格式“千元”" in _message(path)


def test_jinja_syntax_error_names_the_unclosed_paragraph(tmp_path):
    path, text = _broken(tmp_path, "{{ 收支总计|万元 }}万元。", "{{ 收支总计|万元 }}万元。{% if 收支总计 %}")
    message = _message(path)
    assert f"第{_line_of(text, '{% if 收支总计 %}')}行：Jinja 语法错误" in message


def test_jinja_syntax_error_across_paragraphs_names_a_line(tmp_path):
    path, text = _broken(tmp_path, "{%p endif %}\n'''", "'''")  # the 收支总体 chart's {%p if %} left open
    assert re.search(r"第\d+行：Jinja 语法错误", _message(path))


def test_typographic_quotes_in_a_tag_name_the_line(tmp_path):
    path, text = _broken(tmp_path, "方向(收支总计) != '持平'", "方向(收支总计) != ‘持平’")
    message = _message(path)
    assert f"第{_line_of(text, '‘持平’')}行：标签" in message and "中文引号" in message
    assert "语法错误" not in message  # one message for one mistake


def test_unknown_style_names_its_line(tmp_path):
    path, text = _broken(tmp_path, "【小标题】（一）财政拨款支出决算总体情况", "【大标题】（一）财政拨款支出决算总体情况")
    assert f"第{_line_of(text, '【大标题】')}行：未知的段落样式“【大标题】”" in _message(path)


def test_undefined_phrase_names_its_line(tmp_path):
    path, text = _broken(tmp_path, "${无政府采购}", "${无采购}")
    assert f"第{_line_of(text, '${无采购}')}行：用语“${{无采购}}”未在 [phrases] 中定义" in _message(path)


def test_missing_required_part_is_named(tmp_path):
    path, _ = _broken(tmp_path, '  { part = "情况说明", heading = "{{ 年度 }}年度部门决算情况说明" },\n', "")
    assert "缺少必需的部分：情况说明" in _message(path)


def test_a_table_missing_or_twice_is_named(tmp_path):
    path, _ = _broken(tmp_path, 'key = "09"', 'key = "08"')
    assert "应恰好列出 01–09 九张表各一次（缺少：09" in _message(path)


def test_unknown_profile_name_lists_the_available_ones():
    with pytest.raises(ProfileError, match="可用的版式：湖南2021、湖南2022、上海2024"):
        check_profile("湖南2099")


def test_profile_names_are_those_its_text_uses():
    names = profile_names(load_builtin("hunan2021.toml"))
    assert {"收支总计", "会议费和培训费", "车辆分类", "图_三公经费"} <= names
    assert "营业收入" not in names


def load_builtin(name):
    from generator.profiles import load

    return load(BUILTIN_DIR / name)


def test_a_part_without_its_text_is_named(tmp_path):
    start = SOURCE.index("[appendix]")
    path = tmp_path / "无附件文字.toml"
    path.write_text(SOURCE[:start], encoding="utf-8")
    assert "parts 中有“附件”，但文件中没有 [appendix] 及其 text" in _message(path)



def test_the_kept_names_of_a_profile_are_the_names_it_uses():
    """profile_names (kept between processes, generator.kept) gives what parsing the text finds."""
    from generator.profiles import choose
    from generator.render import profile_check as pc

    for name in ("湖南2021", "上海2024"):
        profile, _ = choose(name, None)
        found = pc._names(pc._lines(profile))
        assert "单位名称" in found and profile_names(profile) == found
