#!/usr/bin/env python3
"""Check a `vtour export pannellum` result in a real browser: headless Chromium + Pannellum.

Exports TOUR with a local copy of Pannellum (the ``pannellum`` npm package's ``build/``), serves the
folder on 127.0.0.1, and opens a check page in headless Chromium (software WebGL through
SwiftShader) that loads every scene of ``config.json`` in turn with Pannellum's own API and records,
per scene: whether it loaded (Pannellum's ``load`` event) or failed (its ``error`` event), the view
Pannellum shows, and how many hotspot elements it created. The script compares that with the
config and prints one line per scene.

    python tools/check_pannellum_export.py assets/demo/tour.json
    python tools/check_pannellum_export.py TOUR --pannellum node_modules/pannellum/build --screenshot shot.png

Pannellum is looked for in --pannellum, $VTOUR_PANNELLUM, ./node_modules/pannellum/build and
../shared/peers/node_modules/pannellum/build; Chromium in --chromium, $CHROMIUM, then chromium /
chromium-browser / google-chrome on PATH. Exit status: 0 every scene checked out, 1 a problem,
2 Chromium or Pannellum not found (or a usage error).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vtour.commands.export_tour import main as export_main  # noqa: E402

PANNELLUM_CANDIDATES = ("node_modules/pannellum/build",)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--use-gl=angle", "--use-angle=swiftshader",
                  "--enable-unsafe-swiftshader", "--window-size=800,450")
TOLERANCE_DEG = 0.5
PIXEL_TOLERANCE = 1.5

CHECK_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>vtour pannellum check</title>
<link rel="stylesheet" href="pannellum/pannellum.css">
<style>html, body, #panorama { margin: 0; width: 100%; height: 100%; }</style>
</head><body><div id="panorama"></div><pre id="result"></pre>
<script src="pannellum/pannellum.js"></script>
<script>
(async function () {
  const out = {scenes: {}, error: null};
  function done() { document.getElementById("result").textContent = "RESULT:" + JSON.stringify(out); }
  try {
    const config = await (await fetch("config.json")).json();
    const ids = Object.keys(config.scenes);
    const first = config["default"].firstScene;
    const order = [first].concat(ids.filter(id => id !== first));
    const viewer = pannellum.viewer("panorama", config);
    let waiting = null;
    viewer.on("load", () => waiting && waiting.resolve("load"));
    viewer.on("error", (message) => waiting && waiting.resolve("error: " + message));
    const next = () => new Promise(resolve => { waiting = {resolve}; setTimeout(() => resolve("timeout"), 45000); });
    for (const id of order) {
      const pending = next();
      if (id !== first) {
        viewer.loadScene(id);
      } else if (viewer.isLoaded()) {  // a multires scene loads inside pannellum.viewer(), before on("load")
        waiting.resolve("load");
      }
      const outcome = await pending;
      await new Promise(r => setTimeout(r, 200));
      const box = document.getElementById("panorama").getBoundingClientRect();
      const spots = Array.from(document.querySelectorAll(".pnlm-hotspot-base")).map(el => {
        const r = el.getBoundingClientRect();
        return {x: r.left + r.width / 2 - box.left, y: r.top + r.height / 2 - box.top,
                visible: el.style.visibility !== "hidden"};
      });
      out.scenes[id] = {outcome, scene: viewer.getScene(), yaw: viewer.getYaw(), pitch: viewer.getPitch(),
                        hfov: viewer.getHfov(), width: box.width, height: box.height,
                        hotspots: spots.length, spots};
    }
  } catch (error) {
    out.error = String(error);
  }
  done();
})();
</script></body></html>
"""


def find_pannellum(given: str | None = None) -> Path | None:
    """A folder with pannellum.js and pannellum.css, or None."""
    candidates = [given, os.environ.get("VTOUR_PANNELLUM")]
    candidates += [str(Path.cwd() / c) for c in PANNELLUM_CANDIDATES]
    candidates += [str(REPO / c) for c in PANNELLUM_CANDIDATES]
    candidates += [str(REPO.parent / "shared" / "peers" / c) for c in PANNELLUM_CANDIDATES]
    for candidate in candidates:
        if candidate and all((Path(candidate) / name).is_file() for name in ("pannellum.js", "pannellum.css")):
            return Path(candidate)
    return None


def find_chromium(given: str | None = None) -> str | None:
    for candidate in (given, os.environ.get("CHROMIUM"), *CHROMIUM_NAMES):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_page(chromium: str, url: str, timeout: float, screenshot: Path | None = None) -> dict:
    """Load ``url`` in headless Chromium and return the check page's RESULT JSON."""
    command = [chromium, *CHROMIUM_FLAGS, f"--virtual-time-budget={int(timeout * 1000)}", "--dump-dom", url]
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([*command[:1], f"--user-data-dir={profile}", *command[1:]], capture_output=True,
                              text=True, timeout=timeout + 60)
        if screenshot is not None:
            subprocess.run([chromium, f"--user-data-dir={profile}", *CHROMIUM_FLAGS,
                            f"--virtual-time-budget={int(timeout * 1000)}", f"--screenshot={screenshot}",
                            url.replace("check.html", "index.html")], capture_output=True, timeout=timeout + 60)
    marker = done.stdout.find("RESULT:")
    if marker < 0:
        raise RuntimeError(f"the check page reported nothing (exit {done.returncode}); Chromium said: "
                           f"{done.stderr.strip()[-800:]}")
    end = done.stdout.find("</pre>", marker)
    return json.loads(done.stdout[marker + len("RESULT:"): end].replace("&quot;", '"').replace("&amp;", "&")
                      .replace("&lt;", "<").replace("&gt;", ">"))


def compare(config: dict, result: dict, tour: dict | None = None) -> list[str]:
    """Problems found: a scene that did not load, shows another view, lacks hotspots, or draws a
    hotspot elsewhere than vtour's projection of the tour's hotspot at that view (``tour`` given)."""
    if result.get("error"):
        return [f"the page failed: {result['error']}"]
    problems = []
    for scene_id, scene in config["scenes"].items():
        seen = result["scenes"].get(scene_id)
        if seen is None:
            problems.append(f"{scene_id}: not checked")
            continue
        if seen["outcome"] != "load" or seen["scene"] != scene_id:
            problems.append(f"{scene_id}: {seen['outcome']} (showing {seen['scene']!r})")
        for key, default in (("yaw", 0.0), ("pitch", 0.0), ("hfov", 100.0)):
            expected = scene.get(key, default)
            if abs(((seen[key] - expected + 180) % 360) - 180 if key == "yaw" else seen[key] - expected) > TOLERANCE_DEG:
                problems.append(f"{scene_id}: {key} {seen[key]:.2f}, config {expected}")
        if seen["hotspots"] != len(scene.get("hotSpots", [])):
            problems.append(f"{scene_id}: {seen['hotspots']} hotspot elements, config {len(scene.get('hotSpots', []))}")
        elif tour is not None:
            problems += _placement(scene_id, tour["scenes"][scene_id], seen)
    return problems


def _placement(scene_id: str, scene: dict, seen: dict) -> list[str]:
    """Pannellum's hotspot positions against vtour's projection of the tour's hotspots."""
    import numpy as np

    from vtour.geometry.angles import vector_to_yaw_pitch
    from vtour.geometry.picking import polygon_centre
    from vtour.geometry.projections import Projection, view_to_panorama_matrix, yaw_pitch_to_pixel

    matrix = view_to_panorama_matrix(seen["yaw"], seen["pitch"], 0.0, scene.get("horizonPitch", 0),
                                     scene.get("horizonRoll", 0))
    problems = []
    for index, (hotspot, spot) in enumerate(zip(scene.get("hotspots", []), seen["spots"])):
        if hotspot.get("type") == "area":
            yaw, pitch = (float(a) for a in vector_to_yaw_pitch(polygon_centre(hotspot["vertices"])))
        else:
            yaw, pitch = hotspot["yaw"], hotspot["pitch"]
        x, y, visible = yaw_pitch_to_pixel(Projection.RECTILINEAR, yaw, pitch, matrix, int(seen["width"]),
                                           int(seen["height"]), seen["hfov"])
        inside = bool(visible) and 0 <= x <= seen["width"] and 0 <= y <= seen["height"]
        if spot["visible"] and inside and np.hypot(float(x) - spot["x"], float(y) - spot["y"]) > PIXEL_TOLERANCE:
            problems.append(f"{scene_id}: hotspot {index} drawn at ({spot['x']:.1f}, {spot['y']:.1f}), "
                            f"vtour projects it to ({float(x):.1f}, {float(y):.1f})")
        elif spot["visible"] != inside and _far_from_edges(float(x), float(y), seen):
            problems.append(f"{scene_id}: hotspot {index} visible in Pannellum: {spot['visible']}, in vtour: {inside}")
    return problems


def _far_from_edges(x: float, y: float, seen: dict) -> bool:
    return 20 < x < seen["width"] - 20 and 20 < y < seen["height"] - 20


def check(tour: Path, pannellum: Path, chromium: str, out: Path, timeout: float = 60.0,
          screenshot: Path | None = None) -> tuple[dict, dict, list[str]]:
    """Export ``tour`` into ``out``, check it in Chromium; ``(config, result, problems)``."""
    status = export_main(["-q", "pannellum", str(tour), "-o", str(out), "--pannellum", str(pannellum), "--force"])
    if status != 0:
        return {}, {}, [f"vtour export pannellum failed (exit {status})"]
    (out / "check.html").write_text(CHECK_PAGE, encoding="utf-8")
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    tour_path = tour / "tour.json" if tour.is_dir() else tour
    document = json.loads(tour_path.read_text(encoding="utf-8-sig"))
    server = _serve(out)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/check.html"
        result = run_page(chromium, url, timeout, screenshot)
    finally:
        server.shutdown()
        (out / "check.html").unlink(missing_ok=True)
    return config, result, compare(config, result, document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tour", help="the tour.json (or its folder) to export and check")
    parser.add_argument("--pannellum", metavar="DIR", help="Pannellum's build folder (pannellum.js, pannellum.css)")
    parser.add_argument("--chromium", metavar="PATH", help="the Chromium executable")
    parser.add_argument("--keep", metavar="DIR", help="export into DIR and keep it (default: a temporary folder)")
    parser.add_argument("--screenshot", metavar="PNG", help="also save a screenshot of index.html")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds of page time (default 60)")
    args = parser.parse_args(argv)
    pannellum, chromium = find_pannellum(args.pannellum), find_chromium(args.chromium)
    if pannellum is None or chromium is None:
        missing = "Pannellum (npm install pannellum)" if pannellum is None else "Chromium"
        print(f"cannot check: {missing} not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(args.keep) if args.keep else Path(scratch) / "web"
        config, result, problems = check(Path(args.tour), pannellum, chromium, out, args.timeout,
                                         Path(args.screenshot).resolve() if args.screenshot else None)
    for scene_id, seen in (result.get("scenes") or {}).items():
        shown = sum(spot["visible"] for spot in seen["spots"])
        print(f"{scene_id}: {seen['outcome']}, yaw {seen['yaw']:.2f} pitch {seen['pitch']:.2f} "
              f"hfov {seen['hfov']:.2f}, {seen['hotspots']} hotspots ({shown} in view, placement checked)")
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    print("ok" if not problems else f"{len(problems)} problems", file=sys.stderr)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
