"""tvm.driver: lower and build."""
from .build_module import build
