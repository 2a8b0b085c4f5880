"""relay.testing: ready-made networks (with random weights) for tests and benchmarks.

Each module's get_workload(...) returns (mod, params) like Apache TVM's: an IRModule whose
"main" takes `data` plus every weight, and a dict of numpy-initialised weights.
"""
from . import init, layers, mlp, resnet, mobilenet
from .init import create_workload
