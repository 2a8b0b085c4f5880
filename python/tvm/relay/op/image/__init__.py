"""Image ops (relay.image)."""
# pylint: disable=wildcard-import
from .image import *
