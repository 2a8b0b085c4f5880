"""Compile CUDA source with nvcc (tvm.contrib.nvcc).

tvm.build for target "cuda" compiles with NVRTC by default (loaded from the CUDA toolkit at
build time). To use nvcc instead, register it as the compile hook::

    tvm.register_func("tvm_callback_cuda_compile",
                      lambda code, target: nvcc.compile_cuda(code, arch=...), override=True)
"""
import os
import shutil
import subprocess

from . import utils


def find_cuda_path():
    """The CUDA toolkit root: $CUDA_HOME, the folder of nvcc on PATH, or /usr/local/cuda."""
    if os.environ.get("CUDA_HOME"):
        return os.environ["CUDA_HOME"]
    nvcc = shutil.which("nvcc")
    if nvcc:
        return os.path.dirname(os.path.dirname(os.path.realpath(nvcc)))
    return "/usr/local/cuda"


def _nvcc():
    path = shutil.which("nvcc") or os.path.join(find_cuda_path(), "bin", "nvcc")
    if not os.path.exists(path):
        raise RuntimeError("nvcc was not found: install the CUDA toolkit or set CUDA_HOME")
    return path


def compile_cuda(code, target_format="ptx", arch=None, options=None, path_target=None):
    """Compile CUDA source `code` with nvcc to "ptx", "cubin" or "fatbin" and return the bytes.

    `arch` is like "sm_80" (default sm_80); `options` are extra nvcc flags (a str or a list).
    """
    if target_format not in ("ptx", "cubin", "fatbin"):
        raise ValueError(f"compile_cuda: target_format must be ptx, cubin or fatbin, got "
                         f"{target_format!r}")
    arch = arch or "sm_80"
    tmp = utils.tempdir()
    src = tmp.relpath("my_kernel.cu")
    out = path_target or tmp.relpath(f"my_kernel.{target_format}")
    with open(src, "w", encoding="utf-8") as f:
        f.write(code)
    cmd = [_nvcc(), f"--{target_format}", "-O3"]
    if target_format == "ptx":
        cmd += ["-arch", "compute_" + arch[3:] if arch.startswith("sm_") else arch]
    else:
        cmd += ["-arch", arch]
    if options:
        cmd += [options] if isinstance(options, str) else list(options)
    cmd += ["-o", out, src]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"nvcc failed to compile:\n{' '.join(cmd)}\n{proc.stdout}"
                           f"{proc.stderr}\nsource:\n{code}")
    with open(out, "rb") as f:
        data = f.read()
    if not data:
        raise RuntimeError("nvcc produced an empty file")
    return data


def have_fp16(compute_version):
    """Whether a device of `compute_version` ("8.0") computes in fp16 (5.3 and newer)."""
    major, minor = (int(x) for x in str(compute_version).split(".")[:2])
    return (major, minor) >= (5, 3)
