"""Frontends: import models from other frameworks into Relay (mod, params)."""
from .onnx import from_onnx
from .pytorch import from_pytorch
