"""``make docs-check``: the built site (``site/``) in headless Chromium, opened as the README says.

Opened from disk (``file://…/site/index.html``), at a width of 1280 px: every page renders with its navigation,
every picture loads, no code line, signature or table is cut (wider than its box, so that part of it is out of
sight), no identifier in a table is split over two lines, and each table border of a terminal picture
(``assets/captures/``) is drawn at its cell. Served on 127.0.0.1 (``make docs-serve``), as the
README says for search: search finds ``invoices`` (browsers do not run Material's search from disk). Saves
screenshots of the home, try-it, library and CLI pages under ``reports/``. Needs Debian's ``chromium`` and
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

from rich.cells import cell_len
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
CAPTURES = SITE / "assets" / "captures"
SCREENSHOTS = {
    "index.html": "docs-home.png",
    "try-it.html": "docs-try-it.png",
    "library.html": "docs-library.png",
    "cli.html": "docs-cli.png",
}
SEARCH_WORD = "invoices"
WAIT_S = 20
WIDTH_PX = 1280
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
    f"--window-size={WIDTH_PX},1600",
)
READY = "return document.readyState"
# Boxes whose content is wider than they are: a cut code line, signature or table (scrolling hides the rest);
# an identifier of a table (a name: letters, digits, _) split over two lines; flags and paths may break after a
# hyphen or a slash.
CUT = """
const boxes = document.querySelectorAll(
    'article pre, article pre > code, article .md-typeset__table, article .md-typeset__scrollwrap, article table');
const cut = Array.from(boxes).filter(box => box.scrollWidth - box.clientWidth > 1).map(box =>
    `${box.tagName.toLowerCase()} ${box.scrollWidth - box.clientWidth} px too wide: `
    + box.textContent.trim().split('\\n')[0].slice(0, 60));
for (const code of document.querySelectorAll('article td code, article th code')) {
    if (code.getClientRects().length > 1 && /^\\w+$/.test(code.textContent)) {
        cut.push(`identifier split over two lines: ${code.textContent.slice(0, 60)}`);
    }
}
if (document.documentElement.scrollWidth > window.innerWidth) {
    cut.push(`the page is ${document.documentElement.scrollWidth - window.innerWidth} px wider than the window`);
}
return cut;
"""
# Where the browser draws each vertical table border (│ ┃) of a terminal picture, by UTF-16 index in its run.
PICTURE_RUNS = """
return Array.from(document.querySelectorAll('text[textLength]')).map(run => {
    const text = run.textContent, borders = [];
    for (let index = 0; index < text.length; index++) {
        if ('│┃'.includes(text[index])) borders.push([index, run.getStartPositionOfChar(index).x]);
    }
    return {x: parseFloat(run.getAttribute('x')), y: run.getAttribute('y'),
            length: parseFloat(run.getAttribute('textLength')), text: text, borders: borders};
});
"""
BOX_DRAWING = frozenset(map(chr, range(0x2500, 0x2580)))
BORDER_TOLERANCE_PX = 1.0
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
    """The file of every page of the built site, relative to its root (``index.html`` is the home page)."""
    found = [path.relative_to(site).as_posix() for path in site.rglob("*.html")]
    return sorted(path for path in found if path != "404.html" and not path.startswith(("assets/", "search/")))


def page_problems(browser: WebDriver, base: str, page: str) -> list[str]:
    """What is wrong with one page: no title, no navigation, no text, a picture that did not load, something
    cut at the window's width."""
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
    problems += [f"cut at {WIDTH_PX} px: {cut}" for cut in browser.execute_script(CUT)]
    return [f"{page}: {problem}" for problem in problems]


def picture_problems(browser: WebDriver, picture: Path) -> list[str]:
    """A terminal picture (``assets/captures/``) whose table borders are not drawn at their cells: Rich's cell
    widths place each border, the browser says where it drew it (an emoji of a fallback font shifted them)."""
    browser.get(picture.as_uri())
    runs = browser.execute_script(PICTURE_RUNS)
    grid = [run["length"] / len(run["text"]) for run in runs if run["text"] and set(run["text"]) <= BOX_DRAWING]
    if not grid:
        return []  # no table in this picture
    cell_width = grid[0]
    offsets: dict[str, list[float]] = {}  # by row (its y)
    for run in runs:
        for index, drawn in run["borders"]:
            before = run["text"].encode("utf-16-le")[: 2 * index].decode("utf-16-le")
            cell = round(run["x"] / cell_width) + cell_len(before)
            offsets.setdefault(run["y"], []).append(drawn - cell * cell_width)
    return [
        f"{picture.name}: the table borders of the row at y={row} are drawn up to {worst:+.1f} px off their cells"
        for row, worst in ((row, max(found, key=abs)) for row, found in offsets.items())
        if abs(worst) > BORDER_TOLERANCE_PX
    ]


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
    from_disk = SITE.as_uri() + "/"  # the README: make docs, then open site/index.html
    pictures = sorted(CAPTURES.glob("*.svg"))
    with tempfile.TemporaryDirectory(prefix="docs-check-") as profile, served(SITE) as base:
        try:
            browser = chromium(Path(profile))
        except (FileNotFoundError, WebDriverException) as error:
            print(f"docs-check: cannot run Chromium: {str(error).splitlines()[0]}", file=sys.stderr)
            return 2
        try:
            problems = [problem for page in pages(SITE) for problem in page_problems(browser, from_disk, page)]
            problems += search_problems(browser, base)  # the README: make docs-serve, for search
            problems += [problem for picture in pictures for problem in picture_problems(browser, picture)]
            for page, name in SCREENSHOTS.items():
                browser.get(from_disk + page)
                browser.save_screenshot(str(REPORTS / name))
        finally:
            browser.quit()
    checked = len(pages(SITE))
    for problem in problems:
        print(f"docs-check: {problem}", file=sys.stderr)
    if problems:
        return 1
    shown = ", ".join(f"reports/{name}" for name in SCREENSHOTS.values())
    print(
        f"docs-check: opened from disk, {checked} pages render with their navigation and pictures, nothing cut at "
        f"{WIDTH_PX} px; the table borders of the {len(pictures)} terminal pictures stand at their cells; served, "
        f"search finds {SEARCH_WORD!r}."
    )
    print(f"docs-check: screenshots in {shown}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
