"""tvm.topi.vision: vision operators (all_class_non_max_suppression, computed by the runtime's
kernel; see topi/data_dependent.py)."""
from ..data_dependent import all_class_non_max_suppression
