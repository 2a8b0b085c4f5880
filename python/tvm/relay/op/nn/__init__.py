"""Neural-network ops (relay.nn)."""
# pylint: disable=wildcard-import
from .nn import *
