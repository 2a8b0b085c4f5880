"""The README demo runs to the end and checks its own results against numpy."""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))


def test_demo_runs():
    """apps/demo/demo.py exits 0 and reaches its last line."""
    out = subprocess.run([sys.executable, os.path.join(ROOT, "apps", "demo", "demo.py")],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "result matches numpy" in out.stdout
    assert "result matches onnxruntime" in out.stdout
    assert "demo finished" in out.stdout
