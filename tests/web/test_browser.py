"""A real browser (headless Chromium driven by Selenium) uploads the sample through the form and
downloads the report."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from .conftest import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    import selenium  # noqa: F401
    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER and HAVE_SELENIUM) and os.environ.get("CI") != "true",
    reason="chromium, chromium-driver or selenium is not installed (bash scripts/test.sh installs them)")


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1800",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    driver = webdriver.Chrome(options=options,
                              service=DriverService(executable_path=CHROMEDRIVER or "/usr/bin/chromedriver"))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(120)
    try:
        yield driver, downloads
    finally:
        driver.quit()


def wait_for_file(folder: Path, suffix: str, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded: {[p.name for p in folder.iterdir()]}")


def test_browser_uploads_the_sample_and_downloads_the_report(service, browser, tmp_path):
    import docx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver, downloads = browser
    driver.get(service.url)
    assert "决算公开报告生成器" in driver.title
    driver.find_element(By.ID, "workbook").send_keys(str(SAMPLE))
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.summary")))
    assert "错误 0 个" in driver.find_element(By.CSS_SELECTOR, "p.summary").text
    shot = Path(os.environ.get("JUESUAN_SCREENSHOT", tmp_path / "result.png"))
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    driver.find_element(By.LINK_TEXT, "决算公开报告（Word）").click()
    report = wait_for_file(downloads, ".docx")
    assert report.name == "怀化市工伤保险服务中心2021年度部门决算.docx"
    text = "\n".join(p.text for p in docx.Document(report).paragraphs)
    assert "怀化市工伤保险服务中心" in text


def test_the_page_of_a_workbook_saved_without_values_stays_short(service, browser, tmp_path):
    """The blank form filled by a program that does not calculate (openpyxl): every total is a
    formula without a value. The browser lands on /r/<id> (post/redirect/get), the findings are
    grouped by sheet and long groups fold away: the page stays short (it was 5,857 px tall)."""
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from generator.cli import main
    from tests.cli.test_init import fill_from

    blank = tmp_path / "未计算.xlsx"
    assert CliRunner().invoke(main, ["init", str(blank), "--year", "2021", "--unit", "某某局"]).exit_code == 0
    fill_from(SAMPLE, blank)
    driver, _ = browser
    driver.get(service.url)
    driver.find_element(By.ID, "workbook").send_keys(str(blank))
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.summary")))
    assert "/r/" in driver.current_url and "/upload" not in driver.current_url
    assert "未生成报告" in driver.page_source and "formula-no-value" not in driver.page_source
    sheets = driver.find_elements(By.CSS_SELECTOR, "h3.sheet")
    assert len(sheets) >= 5 and len({s.text for s in sheets}) == len(sheets)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.save_screenshot(str(tmp_path / "uncalculated.png"))
    assert height < 3500, height  # 5,857 px before; 3,232 px measured with 127 formula errors
