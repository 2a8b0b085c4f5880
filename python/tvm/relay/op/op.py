"""Access to the op registry from Relay."""
from ...ir import Op


def get(op_name):
    """The registered operator `op_name` (ValueError if there is none)."""
    return Op.get(op_name)


class OpPattern:
    """How an op's outputs depend on its inputs (the "TOpPattern" attribute), for fusion."""

    ELEMWISE = 0
    BROADCAST = 1
    INJECTIVE = 2
    COMM_REDUCE = 3
    OUT_ELEMWISE_FUSABLE = 4
    TUPLE = 7
    OPAQUE = 8
