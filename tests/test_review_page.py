"""The review page in a real headless Chromium (Debian's chromium and chromedriver, driven by
selenium): paste seed 003, see the answer and the findings, accept "synthetic intelligence" and
find "artificial intelligence" in the corrected text; a <script> in pasted text stays text.
Screenshots go to $SPINDETECT_SCREENSHOTS (default: the test's temporary folder)."""
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SPUN_SEED

selenium = pytest.importorskip("selenium", reason="the browser test needs selenium (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("NO BROWSER: the review page test needs Debian's chromium and chromium-driver "
                "(apt-get install chromium chromium-driver; .ci/run installs them)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "spindetect", "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("spindetect serve did not start: " + process.stderr.read().decode())
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("SPINDETECT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _scan(browser, url, text):
    browser.get(url + "/")
    area = browser.find_element(By.ID, "draft")
    browser.execute_script("arguments[0].value = arguments[1];", area, text)      # a paste
    browser.find_element(By.ID, "scan").click()
    WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "verdict").text)


def test_paste_scan_accept_and_the_corrected_text(server, browser, shots):
    _scan(browser, server, SPUN_SEED.read_text(encoding="utf-8"))
    assert browser.find_element(By.ID, "verdict").text.lower() == "spun"
    findings = browser.find_elements(By.CSS_SELECTOR, "#text .finding")
    assert len(findings) >= 5
    browser.save_screenshot(str(shots / "1-findings.png"))
    target = next(f for f in findings if f.find_element(By.TAG_NAME, "del").text.lower() == "synthetic intelligence")
    assert target.find_element(By.TAG_NAME, "ins").text == "artificial intelligence"
    assert "confidence" in target.get_attribute("title")
    target.click()
    browser.find_element(By.ID, "accept").click()
    corrected = browser.find_element(By.ID, "corrected").get_attribute("value")
    assert "artificial intelligence (AI)" in corrected and "synthetic intelligence (AI)" not in corrected
    WebDriverWait(browser, 5).until(ready.element_to_be_clickable((By.CSS_SELECTOR, "#text .finding.current")))
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("r")                                      # reject the next one from the keyboard
    assert browser.find_elements(By.CSS_SELECTOR, "#text .finding.rejected")
    browser.save_screenshot(str(shots / "2-accepted.png"))


def test_a_script_in_pasted_text_stays_text(server, browser, shots):
    evil = ('<script>document.title = "pwned"</script><img src=x onerror="document.title=\'pwned\'"> '
            "The synthetic intelligence (AI) market grows.")
    _scan(browser, server, evil)
    time.sleep(0.5)
    assert browser.title == "spindetect review"
    text = browser.find_element(By.ID, "text")
    assert "<script>" in text.text and not text.find_elements(By.TAG_NAME, "script")
    assert not text.find_elements(By.TAG_NAME, "img")
    browser.save_screenshot(str(shots / "3-script-as-text.png"))
