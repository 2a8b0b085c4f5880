"""tvm.topi: every operator as a tensor-expression computation, with schedules per target.

Computes of elementwise, broadcast, reduction and layout-transform operators are C++
(src/topi) and reached through the FFI; the neural-network computes (nn) and the schedules
(generic, x86) are Python, so the auto-tuner can search the schedules' knobs.
"""
from . import utils
from .math import *  # noqa: F401,F403
from .broadcast import *  # noqa: F401,F403
from .reduction import *  # noqa: F401,F403
from .transform import *  # noqa: F401,F403
from .sort import *  # noqa: F401,F403
from .data_dependent import argwhere, unique
from . import random
from . import nn, generic, x86, cuda, testing, image, vision
