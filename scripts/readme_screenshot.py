"""Make the README's picture of the web page: docs/serve.png.

    python scripts/readme_screenshot.py [--db dateline-demo.db]

Codes the demo corpus into a temporary store (unless --db is given), starts `dateline serve`
on a free local port, opens the page in Debian's headless Chromium, clicks the last point of
the timeline so the evidence shows, and saves a screenshot reduced to a 128-colour palette so
the file stays small.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from serving import server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "serve.png")
    args = parser.parse_args()
    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "demo.db"
            subprocess.run([sys.executable, "-m", "dateline.cli", "demo", "--db", str(db)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1240",
                         "--force-device-scale-factor=1"):
            options.add_argument(argument)
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            with server(db) as url:
                browser.get(url + "/")
                for _ in range(100):
                    if browser.execute_script("return document.body.dataset.ready"):
                        break
                    time.sleep(0.1)
                points = browser.find_elements(By.CSS_SELECTOR, "#timeline circle.point")
                points[len(points) // 2].click()
                time.sleep(1.0)
                raw = Path(tmp) / "raw.png"
                browser.save_screenshot(str(raw))
        finally:
            browser.quit()
        image = Image.open(raw).convert("RGB").quantize(colors=128, method=Image.Quantize.FASTOCTREE)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        image.save(args.out, optimize=True)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
