"""Packaging: `pip install .` produces an importable tvm outside the source tree."""
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))


@pytest.mark.skipif(
    os.environ.get("TVM_TEST_PIP_INSTALL") != "1",
    reason="builds a wheel (about a minute with ccache); scripts/test.sh sets TVM_TEST_PIP_INSTALL=1",
)
def test_wheel_installs_and_imports_from_any_directory(tmp_path):
    """A wheel built from the repository root installs into a fresh venv and works from /tmp."""
    wheel_dir = tmp_path / "wheels"
    # Build with this interpreter's environment (it has scikit-build-core pinned), offline.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps",
         "-w", str(wheel_dir), ROOT],
        check=True,
    )
    wheels = list(wheel_dir.glob("tvm-*.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    py = str(venv / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheels[0])],
                   check=True)
    script = textwrap.dedent(
        """
        import numpy as np, tvm
        assert "site-packages" in tvm.__file__, tvm.__file__
        a = tvm.nd.array(np.arange(4, dtype="float32"))
        np.testing.assert_array_equal(a.numpy(), np.arange(4, dtype="float32"))
        # The image codecs (libtvm_runtime_image.so) are found beside the installed libraries.
        ppm = np.frombuffer(b"P6 1 1 255 " + bytes([10, 20, 30]), dtype="uint8")
        px = tvm.get_global_func("tvm.contrib.image.decode")('{}', tvm.nd.array(ppm)).numpy()
        assert px.tolist() == [[[10, 20, 30]]], px
        print("ok", tvm.__file__)
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TVM_LIBRARY_PATH")}
    out = subprocess.run([py, "-c", script], cwd=str(tmp_path), env=env, check=True,
                         capture_output=True, text=True)
    assert out.stdout.startswith("ok")
