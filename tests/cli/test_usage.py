"""What the command line says when it is used wrongly: Chinese words and Chinese punctuation
(click's own messages translated by generator/cli/zh.py), and a message for each wrong input
that names what it is (a folder, a Word document) instead of "file not found" / OSError."""
from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.cli.zh import punctuate
from tests.conftest import SAMPLE

ENGLISH_PUNCTUATION = re.compile(r"[\u4e00-\u9fff”][.,:;]|'[^'\s]+'|[\u4e00-\u9fff]: ")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="juesuan")


@pytest.mark.parametrize("args, expected", [
    (["build"], "错误：缺少参数“工作簿…”。"),
    (["check", str(SAMPLE), "--format", "xml"], "错误：“--format”的值无效：“xml”不在可选值“text”、“json”中。"),
    (["check", "--nope"], "错误：没有选项“--nope”。"),
    (["build", str(SAMPLE), "-o"], "错误：选项“-o”需要一个值。"),
], ids=["missing-argument", "bad-choice", "no-such-option", "option-needs-value"])
def test_clicks_messages_use_chinese_punctuation(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.output, result.output
    assert "用法： " not in result.output and "Usage" not in result.output
    assert not ENGLISH_PUNCTUATION.search(result.output), result.output


def test_help_headings_end_in_a_chinese_colon():
    result = run("check", "--help")
    assert "选项：" in result.output and "选项:" not in result.output


def test_punctuate_keeps_paths_and_versions():
    assert punctuate("请指定工作簿，例如：juesuan check 工作簿.xlsx") == "请指定工作簿，例如：juesuan check 工作簿.xlsx"
    assert punctuate("没有命令 'chek'. 您是否要输入 'check'？") == "没有命令“chek”。您是否要输入“check”？"


def test_check_figures_without_a_workbook_shows_how_to_give_one():
    result = run("check", "--figures")
    assert result.exit_code == 2 and "juesuan check --figures 工作簿.xlsx" in result.output
    assert "juesuan check --figures 工作簿.xlsx" in run("check", "--help").output


def test_check_of_a_folder_says_it_is_a_folder(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert "是文件夹，不是工作簿" in result.output and "juesuan build 文件夹" in result.output
    assert "找不到文件" not in result.output


def test_a_word_document_renamed_xlsx_is_named_as_such(tmp_path, sample_report):
    fake = tmp_path / "决算.xlsx"
    shutil.copyfile(sample_report, fake)
    result = run("check", fake)
    assert result.exit_code == 2 and "文件内容是 Word 文档（.docx），不是 Excel 工作簿" in result.output
    assert "OSError" not in result.output and "Traceback" not in result.output


def test_a_word_document_in_a_folder_is_skipped_not_built(tmp_path, sample_report):
    from generator.batch import gather

    folder = tmp_path / "各单位"
    folder.mkdir()
    shutil.copyfile(sample_report, folder / "说明")  # a zip, but no workbook
    shutil.copyfile(SAMPLE, folder / "导出")
    taken, skipped = gather([folder])
    assert [p.name for p in taken] == ["导出"] and [p.name for p, _ in skipped] == ["说明"]
