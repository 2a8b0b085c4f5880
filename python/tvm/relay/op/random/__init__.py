"""Random-number ops (relay.random)."""
# pylint: disable=wildcard-import
from .random import *
