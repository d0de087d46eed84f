"""``make docs-check``: the built site (``site/``) in headless Chromium, served on 127.0.0.1.

Checks that every page renders with its navigation, that search finds ``invoices`` and that every picture
loads; saves screenshots of the home, library and CLI pages under ``reports/``. Needs Debian's ``chromium`` and
``chromium-driver`` (Selenium is given both paths, so it never downloads a browser or a driver). Exit code 0
when every check passes, 1 when one fails (each failure one line), 2 when the site or the browser is missing.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
REPORTS = ROOT / "reports"
SCREENSHOTS = {"": "docs-home.png", "library/": "docs-library.png", "cli/": "docs-cli.png"}
SEARCH_WORD = "invoices"
WAIT_S = 20
# As root, Chromium runs only without its sandbox; the rest keeps a headless run from reaching the network.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1600",
)
READY = "return document.readyState"
IMAGES_LOADED = """
return Array.from(document.querySelectorAll('article img')).map(image => ({
    src: image.currentSrc || image.src,
    loaded: image.complete && image.naturalWidth > 0 && image.getBoundingClientRect().width > 0,
}));
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1 in a thread; yield its base URL; stop on exit."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def chromium(profile: Path) -> WebDriver:
    """Headless Chromium driven through Debian's chromedriver, with a fresh profile; the caller quits it."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver is None:
        raise FileNotFoundError("chromium and chromedriver: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


def pages(site: Path) -> list[str]:
    """The path of every page of the built site, relative to its root (``""`` is the home page)."""
    found = [path.parent.relative_to(site).as_posix() for path in site.rglob("index.html")]
    return sorted(("" if path == "." else f"{path}/") for path in found if not path.startswith("assets"))


def page_problems(browser: WebDriver, base: str, page: str) -> list[str]:
    """What is wrong with one page: no title, no navigation, no text, a picture that did not load."""
    browser.get(base + page)
    WebDriverWait(browser, WAIT_S).until(lambda driver: driver.execute_script(READY) == "complete")
    problems = []
    if not browser.find_elements(By.CSS_SELECTOR, "article h1"):
        problems.append("no heading")
    navigation = browser.find_elements(By.CSS_SELECTOR, "nav.md-nav--primary a.md-nav__link")
    if len(navigation) < 10:
        problems.append(f"navigation has {len(navigation)} links")
    article = browser.find_elements(By.CSS_SELECTOR, "article")
    if not article or len(article[0].text) < 200:
        problems.append("the page has almost no text")
    for image in browser.execute_script(IMAGES_LOADED):
        if not image["loaded"]:
            problems.append(f"picture did not load: {image['src']}")
    return [f"/{page}: {problem}" for problem in problems]


def search_problems(browser: WebDriver, base: str) -> list[str]:
    """Search from the home page: typing the word must list results."""
    browser.get(base)
    try:
        field = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
        field.click()
        field.send_keys(SEARCH_WORD)
        WebDriverWait(browser, WAIT_S).until(
            lambda driver: driver.find_elements(By.CSS_SELECTOR, "li.md-search-result__item")
        )
    except TimeoutException:
        return [f"search: no result for {SEARCH_WORD!r}"]
    except WebDriverException as error:
        return [f"search: {error.msg}"]
    field.send_keys(Keys.ESCAPE)
    return []


def main() -> int:
    """Run every check; print one line per failure and where the screenshots went."""
    if not (SITE / "index.html").is_file():
        print(f"docs-check: no built site in {SITE}: run make docs first", file=sys.stderr)
        return 2
    REPORTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docs-check-") as profile, served(SITE) as base:
        try:
            browser = chromium(Path(profile))
        except (FileNotFoundError, WebDriverException) as error:
            print(f"docs-check: cannot run Chromium: {str(error).splitlines()[0]}", file=sys.stderr)
            return 2
        try:
            problems = [problem for page in pages(SITE) for problem in page_problems(browser, base, page)]
            problems += search_problems(browser, base)
            for page, name in SCREENSHOTS.items():
                browser.get(base + page)
                browser.save_screenshot(str(REPORTS / name))
        finally:
            browser.quit()
    checked = len(pages(SITE))
    for problem in problems:
        print(f"docs-check: {problem}", file=sys.stderr)
    if problems:
        return 1
    shown = ", ".join(f"reports/{name}" for name in SCREENSHOTS.values())
    print(f"docs-check: {checked} pages render with their navigation and pictures; search finds {SEARCH_WORD!r}.")
    print(f"docs-check: screenshots in {shown}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
