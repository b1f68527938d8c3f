"""The rendered pages in a real browser: headless Chromium, file://, networking off.

Needs /usr/bin/chromium and /usr/bin/chromedriver (scripts/install_browser.sh) and the selenium
package.  Skipped when they are missing, unless the environment variable CI is set: then a missing
browser is a failure.  Screenshots go to artifacts/ at the repository root.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.analysis import interaction_graph
from kg.store import KGStore
from kg.viz import render_html

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _missing() -> str | None:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return f"{CHROMIUM} or {CHROMEDRIVER} missing: run scripts/install_browser.sh"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run on CI: {reason}")
        pytest.skip(reason)
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="geokg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--window-size=1280,900",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    drv.set_page_load_timeout(120)
    drv.set_script_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(drv: Any, path: Path, timeout: float = 90.0) -> None:
    drv.get_log("browser")  # drop earlier entries
    drv.get(path.resolve().as_uri())
    deadline = time.time() + timeout
    while time.time() < deadline:
        if drv.execute_script("return !!(window.geokg && window.geokg.state.stabilized)"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{path.name}: the graph did not finish its layout in {timeout}s; log: {drv.get_log('browser')}")


def _severe(drv: Any) -> list[dict[str, Any]]:
    return [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]


_PIXELS = """
const canvas = document.querySelector('#graph canvas');
if (!canvas) { return null; }
const ctx = canvas.getContext('2d');
const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
let painted = 0;
for (let i = 0; i < data.length; i += 16) {
  if (data[i + 3] > 0 && (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245)) { painted++; }
}
return [canvas.width, canvas.height, painted];
"""


def _assert_drawn(drv: Any) -> None:
    result = drv.execute_script(_PIXELS)
    assert result is not None, "no canvas in #graph"
    width, height, painted = result
    assert width > 300 and height > 300
    assert painted > 200, f"the canvas is blank ({painted} painted pixels sampled)"


def _screenshot(drv: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / name
    drv.save_screenshot(str(out))
    assert out.stat().st_size > 1000
    return out


def test_seed_page(driver: Any, tmp_path: Path, seed_store: KGStore) -> None:
    G = interaction_graph(seed_store)
    page = render_html(G, tmp_path / "seed.html", title="Seed article")
    _open(driver, page)
    _assert_drawn(driver)
    assert _severe(driver) == []
    assert driver.execute_script("return [geokg.nodes.length, geokg.edges.length]") == [7, 6]

    # search by alias: highlights and selects the node
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "search")
    box.send_keys("Zelensky", Keys.ENTER)
    zelensky = "https://w3id.org/geokg/id/actor/Q3874799"
    assert driver.execute_script("return geokg.network.getSelectedNodes()") == [zelensky]
    assert driver.execute_script("return geokg.state.highlighted") == [zelensky]
    assert driver.execute_script(f"return geokg.nodes.get('{zelensky}').borderWidth") == 5
    assert driver.find_element(By.ID, "search-status").text == "1 match"
    _screenshot(driver, "seed-graph-search.png")

    # class filter: unticking Talks hides the disputed contact and nothing else
    driver.find_element(By.CSS_SELECTOR, "input.class-filter[value='Talks']").click()
    hidden = driver.execute_script("return geokg.edges.get({filter: e => e.hidden}).map(e => e.classes[0])")
    assert hidden == ["Talks"]
    assert driver.find_element(By.ID, "filter-status").text == "Showing 5 of 6 edges"
    driver.find_element(By.ID, "filters-reset").click()
    assert driver.execute_script("return geokg.edges.get({filter: e => e.hidden}).length") == 0

    # time filter: from 2024-02-01 keeps the appeal, the demand (13 February) and the undated war
    # (the article's date, 14 February)
    driver.execute_script(
        "const f = document.getElementById('date-from'); f.value = '2024-02-01';"
        "f.dispatchEvent(new Event('change'));"
    )
    shown = driver.execute_script("return geokg.edges.get({filter: e => !e.hidden}).map(e => e.classes[0]).sort()")
    assert shown == ["Appeal", "Demand", "MilitaryAction"]
    hidden_nodes = driver.execute_script("return geokg.nodes.get({filter: n => n.hidden}).map(n => n.label).sort()")
    assert hidden_nodes == ["United States", "Vladimir Putin"]
    driver.find_element(By.ID, "filters-reset").click()
    assert _severe(driver) == []
    _screenshot(driver, "seed-graph.png")


def test_xss_payloads_do_not_run(driver: Any, tmp_path: Path) -> None:
    G = nx.MultiDiGraph(projection="interaction")
    G.add_node("a", label="<script>window.__pwned=1</script>", kind="Person", aliases=["<img src=x onerror=window.__pwned=7>"])
    G.add_node("b", label="</script><script>window.__pwned=4</script>", kind="Country")
    G.add_edge(
        "a", "b", key="e1", event="e1", cls="Threat", goldstein=-4.0, begin="2024-01-02", end="2024-01-02",
        sentence="<img src=x onerror=window.__pwned=2>", sources=["<b onmouseover=window.__pwned=5>x</b>"],
        article_title="<iframe src=javascript:window.__pwned=6></iframe>", disputed=True,
    )
    page = render_html(G, tmp_path / "xss.html", title="<img src=x onerror=window.__pwned=3>")
    _open(driver, page)
    _assert_drawn(driver)
    # show every tooltip the way vis-network does: as the title element, attached to the document
    driver.execute_script(
        "geokg.nodes.forEach(n => document.body.appendChild(n.title));"
        "geokg.edges.forEach(e => document.body.appendChild(e.title));"
    )
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "search").send_keys("<img")
    driver.find_element(By.ID, "search-button").click()
    time.sleep(0.5)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img, iframe, svg, b[onmouseover]').length") == 0
    tips = driver.execute_script("return Array.from(document.querySelectorAll('.tip')).map(t => t.textContent).join('|')")
    assert "<img src=x onerror=window.__pwned=2>" in tips  # shown, as text
    assert driver.title == "<img src=x onerror=window.__pwned=3>"
    assert driver.execute_script("return geokg.network.getSelectedNodes()") == ["a"]  # found by its alias
    assert _severe(driver) == []


def test_large_graph_opens_and_pans(driver: Any, tmp_path: Path) -> None:
    rng = random.Random(5)
    base = nx.gnm_random_graph(5000, 7500, seed=5, directed=True)
    G = nx.MultiDiGraph(projection="interaction")
    for n in base:
        G.add_node(n, label=f"actor {n}", kind=rng.choice(["Country", "Person", "Group", "Organization"]))
    for i, (u, v) in enumerate(base.edges()):
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        G.add_edge(u, v, key=f"e{i}", event=f"e{i}", cls=rng.choice(["Talks", "Threat", "Aid"]),
                   goldstein=rng.choice([-4.0, 1.0, 7.0]), begin=day, end=day)
    page = render_html(G, tmp_path / "large.html", max_nodes=None)
    _open(driver, page, timeout=120)
    assert driver.execute_script("return [geokg.nodes.length, geokg.edges.length]") == [5000, 7500]
    assert driver.execute_script("return geokg.state.physics") is False
    notice = driver.execute_script("return document.getElementById('notices').textContent")
    assert "5000 nodes" in notice and "physics is off" in notice
    _assert_drawn(driver)

    # pan: drag the empty top-left corner of the canvas
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    before = driver.execute_script("return geokg.network.getViewPosition()")
    size = canvas.size
    start_x, start_y = -size["width"] // 2 + 8, -size["height"] // 2 + 8  # offsets from the centre
    (ActionChains(driver).move_to_element_with_offset(canvas, start_x, start_y).click_and_hold()
     .move_by_offset(60, 40).move_by_offset(60, 40).move_by_offset(80, 40).release().perform())
    time.sleep(0.5)
    after = driver.execute_script("return geokg.network.getViewPosition()")
    assert abs(after["x"] - before["x"]) + abs(after["y"] - before["y"]) > 20, (before, after)
    _assert_drawn(driver)
    assert _severe(driver) == []
    _screenshot(driver, "large-graph.png")
