"""Classical machine-learning operators (ONNX ai.onnx.ml) that run as host kernels.

Like the string operators they run on the host (src/runtime/contrib/ml) through the Relay VM:
a model that uses them compiles with ``relay.vm.compile``.
"""
from . import _make

__all__ = ["label_encoder", "tree_ensemble"]


def label_encoder(data, keys, values, default_value, value_dtype):
    """Each element of `data` equal to keys[i] becomes values[i], any other element
    `default_value` (ONNX LabelEncoder). Keys and values are given as text: strings as they
    are, numbers in a form that reads back exactly (decimal integers, repr of floats, "nan");
    the keys have data's dtype, the result `value_dtype`. A float "nan" key matches NaN."""
    return _make.ml_label_encoder(data, [str(k) for k in keys], [str(v) for v in values],
                                  str(default_value), str(value_dtype))


def tree_ensemble(data, n_targets, dtype, model):
    """The [N, n_targets] scores of a forest of decision trees on rows of `data` ([N, F] or
    [F]); `model` is the JSON text of the canonical tables (TreeEnsembleAttrs, built by the
    ONNX importer from TreeEnsemble / TreeEnsembleRegressor / TreeEnsembleClassifier)."""
    return _make.ml_tree_ensemble(data, int(n_targets), str(dtype), str(model))
