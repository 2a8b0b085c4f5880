"""Vision ops (relay.vision)."""
# pylint: disable=wildcard-import
from .nms import *
