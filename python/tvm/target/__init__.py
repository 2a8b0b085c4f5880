"""tvm.target: what code is generated for."""
from .target import Target, create, cuda, arm_cpu, rasp, mali
from . import codegen
