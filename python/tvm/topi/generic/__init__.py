"""tvm.topi.generic: correct default schedules for every operator, on any target."""
from .injective import (schedule_injective, schedule_injective_from_existing,
                        schedule_elemwise, schedule_broadcast, auto_inline_injective)
from .reduction import schedule_reduce
from .default import default_schedule, schedule_extern
