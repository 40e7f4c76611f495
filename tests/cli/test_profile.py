"""Choosing a profile (版式) from the command line: list, build/check/init/template export --profile,
the workbook's recorded 版式, and bad input (unknown name, broken file, profile not installed)."""
from __future__ import annotations

import shutil
import zipfile

import openpyxl
from click.testing import CliRunner

from generator.cli import main
from generator.profiles import BUILTIN_DIR
from generator.render import docx_text
from generator.schema import SUPPLEMENT
from tests.conftest import SAMPLE
from tests.helpers import find_cell


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _recording(tmp_path, value: str):
    """The sample workbook with 单位信息 版式 set to ``value`` (a row added below the others)."""
    path = tmp_path / "记录版式.xlsx"
    shutil.copyfile(SAMPLE, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["单位信息"]
    row = ws.max_row + 1
    ws.cell(row=row, column=1, value="版式")
    ws.cell(row=row, column=2, value=value)
    wb.save(path)
    return path, f"单位信息!B{row}"


def test_profile_list_names_each_builtin_with_province_editions_and_evidence():
    result = run("profile", "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    hunan = next(line for line in lines if line.startswith("湖南2022"))
    assert "\t湖南\t2022、2023、2024、2025年度" in hunan
    assert any(line.startswith("湖南2021（默认）") for line in lines)
    assert any("汨罗市发展和改革局 2024年度" in line and "miluo.gov.cn" in line for line in lines)
    assert any(line.startswith("上海2024") for line in lines)


def test_build_with_an_unknown_profile_lists_the_available_ones_and_writes_nothing(tmp_path):
    result = run("build", SAMPLE, "-o", tmp_path / "r.docx", "--profile", "湖南2099")
    assert result.exit_code == 2
    assert "没有名为“湖南2099”的版式" in result.output and "湖南2021、湖南2022、上海2024" in result.output
    assert not list(tmp_path.iterdir())


def test_build_with_a_broken_profile_file_names_file_and_line_and_writes_nothing(tmp_path):
    text = (BUILTIN_DIR / "hunan2022.toml").read_text(encoding="utf-8")
    text = text.replace("{{ 收支总计|万元 }}", "{{ 收支总数|万元 }}", 1)
    broken = tmp_path / "坏版式.toml"
    broken.write_text(text, encoding="utf-8")
    line = text[:text.index("收支总数")].count("\n") + 1
    result = run("build", SAMPLE, "-o", tmp_path / "r.docx", "--profile", broken)
    assert result.exit_code == 2
    assert str(broken) in result.output and f"第{line}行：未知的名称“收支总数”" in result.output
    assert not (tmp_path / "r.docx").exists()


def test_build_with_hunan_2022_prints_its_tables_and_sections(tmp_path):
    out = tmp_path / "r.docx"
    result = run("build", SAMPLE, "-o", out, "--profile", "湖南2022")
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    titles = [t for t in text if t.endswith("表") and "决算" in t and not t.startswith(("第", "续表"))]
    body = titles[len(titles) - 9:]  # the nine printed after the 目录 lists them
    assert body[-1] == "财政拨款“三公”经费支出决算表" and len(body) == 9
    assert body[5] == "一般公共预算财政拨款基本支出决算明细表"
    assert "七、财政拨款“三公”经费支出决算情况说明" in text
    assert "十四、关于2021年度预算绩效管理情况的说明" in text
    assert "第二部分 部门决算表" in text and "第三部分 部门决算情况说明" in text
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("word/document.xml").decode()
    assert xml.index("财政拨款“三公”经费支出决算表") > xml.index("国有资本经营预算财政拨款支出决算表")
    assert "公开09表" in xml[xml.index("财政拨款“三公”经费支出决算表"):]


def test_check_warns_when_titles_belong_to_another_edition():
    result = run("check", SAMPLE, "--profile", "湖南2022")
    assert result.exit_code == 0, result.output
    assert "[profile-edition-mismatch] 公开07表!A1" in result.output
    assert "“一般公共预算财政拨款“三公”经费支出决算表”是版式“湖南2021”的写法" in result.output
    assert "profile-edition-mismatch" not in run("check", SAMPLE).output


def test_the_recorded_profile_is_used_without_profile(tmp_path):
    path, _ = _recording(tmp_path, "湖南2022")
    out = tmp_path / "r.docx"
    assert run("build", path, "-o", out).exit_code == 0
    assert "七、财政拨款“三公”经费支出决算情况说明" in docx_text(out)
    out21 = tmp_path / "r21.docx"
    assert run("build", path, "-o", out21, "--profile", "湖南2021").exit_code == 0  # the option wins
    assert "七、一般公共预算财政拨款“三公”经费支出决算情况说明" in docx_text(out21)


def test_a_recorded_profile_not_installed_falls_back_with_a_warning_naming_both(tmp_path):
    path, cell = _recording(tmp_path, "浙江2030")
    out = tmp_path / "r.docx"
    result = run("build", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"[profile-not-installed] {cell}" in result.output
    assert "工作簿记录的版式“浙江2030”未安装" in result.output and "已改用默认版式“湖南2021”" in result.output
    assert "七、一般公共预算财政拨款“三公”经费支出决算情况说明" in docx_text(out)


def test_init_with_a_profile_records_it_and_has_exactly_its_rows(tmp_path):
    out = tmp_path / "上海.xlsx"
    result = run("init", out, "--year", 2024, "--unit", "某某局", "--profile", "上海2024")
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    info = wb["单位信息"]
    assert info.cell(row=find_cell(info, "版式").row, column=2).value == "上海2024"
    sheet = wb[SUPPLEMENT.title]
    labels = {str(row[0].value) for row in sheet.iter_rows(min_row=2) if row[0].value}
    # 上海2024 has no 一般性支出 section: its three rows are not asked for; the others are.
    assert not labels & {"会议费", "培训费", "节庆晚会论坛赛事费"}
    assert {"机关运行经费", "政府采购支出总额", "车辆总数"} <= labels
    # its §十一（一） compares 机关运行经费 with last year, never with its 年初预算
    assert "机关运行经费年初预算" not in labels
    assert "财政拨款“三公”经费支出决算表" in [c.value for c in wb["公开07表"]["A"] if c.value]
    hunan = tmp_path / "湖南.xlsx"
    assert run("init", hunan, "--profile", "湖南2021").exit_code == 0
    rows = {str(r[0].value) for r in openpyxl.load_workbook(hunan)[SUPPLEMENT.title].iter_rows(min_row=2) if r[0].value}
    # 湖南2021 prints every 补充数据 row except the 上海 2024+ ones (预留, 100万元（含） equipment, 上海 绩效)
    assert rows >= {"会议费", "培训费", "节庆晚会论坛赛事费", "政府采购支出总额", "车辆总数", "机关运行经费年初预算"}
    assert not rows & {"面向中小企业预留项目预算金额", "绩效评级优项目数", "绩效跟踪金额"}


def test_template_export_with_a_profile_is_that_profiles_template(tmp_path):
    out = tmp_path / "模板.docx"
    result = run("template", "export", "--profile", "湖南2022", out)
    assert result.exit_code == 0, result.output
    text = "\n".join(docx_text(out))
    assert "关于{{ 年度 }}年度预算绩效管理情况的说明" in text
    assert text.index("{{ 表09 }}") < text.index("{{ 表07 }}")
    assert run("template", "export", "--profile", "湖南2022", "--name", "没有", tmp_path / "x.docx").exit_code == 2


def test_profile_export_copies_the_builtin_file(tmp_path):
    out = tmp_path / "我的.toml"
    assert run("profile", "export", "湖南2022", out).exit_code == 0
    assert out.read_bytes() == (BUILTIN_DIR / "hunan2022.toml").read_bytes()
    assert run("profile", "check", out).exit_code == 0


def test_batch_build_uses_the_profile(tmp_path):
    folder = tmp_path / "各单位"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "a.xlsx")
    result = run("build", folder, "-o", tmp_path / "out", "--jobs", 1, "--profile", "湖南2022")
    assert result.exit_code == 0, result.output
    (report,) = (tmp_path / "out").glob("*.docx")
    assert "七、财政拨款“三公”经费支出决算情况说明" in docx_text(report)


def test_init_with_shanghai_2024_has_the_fund_budget_sheet_and_the_use_column(tmp_path):
    # 上海2024 lists each 项 of 08 with its 年初预算, 主要用途 and 原因 (八, like 五（三）); 湖南2021 does not
    out = tmp_path / "上海.xlsx"
    assert run("init", out, "--profile", "上海2024").exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert [c.value for c in wb["政府性基金年初预算"][1]] == ["科目编码", "科目名称", "年初预算数", "说明", "主要用途"]
    assert [c.value for c in wb["年初预算"][1]][-1] == "主要用途"
    hunan = tmp_path / "湖南.xlsx"
    assert run("init", hunan, "--profile", "湖南2021").exit_code == 0
    wb = openpyxl.load_workbook(hunan)
    assert "政府性基金年初预算" not in wb.sheetnames and [c.value for c in wb["年初预算"][1]][-1] == "说明"
