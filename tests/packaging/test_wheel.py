"""A non-editable wheel finds its shaders and demo tour, and `vtour render` works from it.

The wheel is installed without dependencies into a fresh venv whose only other entry on sys.path
is this environment's site-packages (for PySide6, numpy, ... - no second download), so the
``vtour`` package imported there is the wheel's, not the checkout's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from PIL import Image

PROJECT_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(PROJECT_ROOT)],
                   check=True, capture_output=True)
    (wheel,) = (work / "dist").glob("vtour-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    purelib = Path(subprocess.check_output(
        [env_dir / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip())
    # Dependencies come from this environment; a plain path line, so its editable-install .pth is not run.
    (purelib / "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "--target", str(purelib), str(wheel)],
                   check=True, capture_output=True)
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run([str(env_dir / "bin" / "python"), *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)


def test_wheel_imports_its_own_package_and_data(wheel_env, tmp_path):
    code = ("import vtour, vtour.resources as r; print(vtour.__file__); print(r.shader_dir()); "
            "print(r.demo_tour_path().is_file())")
    result = _run(wheel_env, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    module_file, shaders, demo_exists = result.stdout.split()
    assert str(wheel_env) in module_file
    assert shaders.endswith("vtour/_data/shaders") and str(wheel_env) in shaders
    assert demo_exists == "True"


def test_render_from_wheel(wheel_env, tmp_path):
    pano = tmp_path / "pano.png"
    Image.radial_gradient("L").convert("RGB").resize((512, 256)).save(pano)
    out = tmp_path / "view.png"
    result = _run(wheel_env, "-m", "vtour", "render", str(pano), "--size", "160x90", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == (160, 90)


def test_validate_bundled_demo_from_wheel(wheel_env, tmp_path):
    code = "import sys, vtour.cli, vtour.resources as r; sys.exit(vtour.cli.main(['validate', str(r.demo_tour_path())]))"
    result = _run(wheel_env, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
