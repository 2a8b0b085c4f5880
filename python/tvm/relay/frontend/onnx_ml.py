"""ONNX frontend, the ai.onnx.ml domain: the operators sklearn-onnx and onnxmltools emit.

The arithmetic ones (Binarizer, ArrayFeatureExtractor, Scaler, Normalizer, LinearRegressor,
Imputer, OneHotEncoder on integers) are compositions of existing Relay operators. The table
lookups (LabelEncoder, and TreeEnsemble / TreeEnsembleRegressor, every tree form mapped to one
canonical forest) are relay.ml host kernels, which the Relay VM runs (relay.vm.compile).

The forest tables are checked here, so a bad model is OpAttributeInvalid naming the node and
the attribute; the kernel checks them again before walking any tree.
"""
import json
import math

import numpy as np

from tvm import relay

from .common import infer_shape, new_const
from .onnx import _dtype, converter


def ml_converter(*op_types):
    return converter(*op_types, domain="ai.onnx.ml")


def _float_text(v):
    """A float as text that reads back to the same double (JSON has no NaN or infinity)."""
    v = float(v)
    return v if math.isfinite(v) else repr(v)


@ml_converter("Binarizer")
def _binarizer(node, inputs):
    x = inputs[0]
    dtype = _dtype(x)
    threshold = relay.const(node.attr("threshold", 0.0), dtype)
    return relay.where(relay.greater(x, threshold), relay.const(1, dtype), relay.const(0, dtype))


@ml_converter("ArrayFeatureExtractor")
def _array_feature_extractor(node, inputs):
    """x[..., indices] with the indices flattened; a vector gives one row (as onnxruntime)."""
    x, indices = inputs
    if _dtype(x) == "string":
        raise node.unsupported("X", "a string tensor")
    if len(infer_shape(x)) == 1:
        x = relay.expand_dims(x, 0)
    indices = relay.reshape(indices, [-1])
    return relay.take(x, indices, axis=-1, mode="fast")


@ml_converter("Scaler")
def _scaler(node, inputs):
    x = relay.cast(inputs[0], "float32") if _dtype(inputs[0]) != "float32" else inputs[0]
    offset = new_const(np.asarray(node.attr("offset", [0.0]), "float32"))
    scale = new_const(np.asarray(node.attr("scale", [1.0]), "float32"))
    return relay.multiply(relay.subtract(x, offset), scale)


@ml_converter("Normalizer")
def _normalizer(node, inputs):
    x = relay.cast(inputs[0], "float32") if _dtype(inputs[0]) != "float32" else inputs[0]
    norm = node.attr("norm", "MAX")
    axis = -1
    if norm == "MAX":
        div = relay.max(x, axis=axis, keepdims=True)
    elif norm == "L1":
        div = relay.sum(relay.abs(x), axis=axis, keepdims=True)
    elif norm == "L2":
        div = relay.sqrt(relay.sum(relay.multiply(x, x), axis=axis, keepdims=True))
    else:
        raise node.invalid("norm", f"must be MAX, L1 or L2, got {norm!r}")
    return relay.divide(x, div)


@ml_converter("LinearRegressor")
def _linear_regressor(node, inputs):
    x = relay.cast(inputs[0], "float32") if _dtype(inputs[0]) != "float32" else inputs[0]
    targets = node.attr("targets", 1)
    coefficients = np.asarray(node.attr("coefficients", []), "float32")
    if targets < 1 or coefficients.size == 0 or coefficients.size % targets:
        raise node.invalid("coefficients", f"must hold targets ({targets}) rows of equal length, "
                           f"got {coefficients.size} values")
    if len(infer_shape(x)) == 1:
        x = relay.expand_dims(x, 0)
    features = coefficients.size // targets
    if infer_shape(x)[-1] != features:
        raise node.invalid("coefficients", f"has rows of {features} values, but the input has "
                           f"{infer_shape(x)[-1]} features")
    y = relay.nn.dense(x, new_const(coefficients.reshape(targets, features)))
    intercepts = node.attr("intercepts")
    if intercepts:
        if len(intercepts) != targets:
            raise node.invalid("intercepts", f"must have {targets} values, got {len(intercepts)}")
        y = relay.add(y, new_const(np.asarray(intercepts, "float32")))
    post = node.attr("post_transform", "NONE")
    if post != "NONE":
        raise node.unsupported("post_transform", post)
    return y


@ml_converter("Imputer")
def _imputer(node, inputs):
    x = inputs[0]
    floats, ints = node.attr("imputed_value_floats"), node.attr("imputed_value_int64s")
    if floats:
        values, replaced = np.asarray(floats, _dtype(x)), node.attr("replaced_value_float", 0.0)
    elif ints:
        values, replaced = np.asarray(ints, _dtype(x)), node.attr("replaced_value_int64", 0)
    else:
        raise node.invalid("imputed_value_floats", "or imputed_value_int64s must be given")
    width = infer_shape(x)[-1]
    if len(values) not in (1, width):
        raise node.invalid("imputed_value_floats" if floats else "imputed_value_int64s",
                           f"must have 1 or {width} values, got {len(values)}")
    if isinstance(replaced, float) and math.isnan(replaced):
        missing = relay.isnan(x)
    else:
        missing = relay.equal(x, relay.const(replaced, _dtype(x)))
    return relay.where(missing, new_const(values), x)


@ml_converter("OneHotEncoder")
def _one_hot_encoder(node, inputs):
    """[..., C] float32 indicators of each element's category (integers only)."""
    x = inputs[0]
    if node.attr("cats_strings"):
        raise node.unsupported("cats_strings", "string categories")
    cats = node.attr("cats_int64s")
    if not cats:
        raise node.invalid("cats_int64s", "must list the categories")
    if node.attr("zeros", 1) != 1:
        raise node.unsupported("zeros", node.attr("zeros"))
    x = relay.cast(x, "int64") if _dtype(x) != "int64" else x
    hot = relay.equal(relay.expand_dims(x, -1), new_const(np.asarray(cats, "int64")))
    return relay.cast(hot, "float32")


# ---- LabelEncoder -------------------------------------------------------------------------

_LABEL_DEFAULTS = {"string": "_Unused", "int64": -1, "float32": -0.0}


def _label_table(node, kind):
    """(dtype, values as a list) of the keys or values attributes, whichever form is given."""
    forms = [(f"{kind}_strings", "string"), (f"{kind}_int64s", "int64"),
             (f"{kind}_floats", "float32")]
    given = [(a, d) for a, d in forms if node.attr(a) is not None]
    if node.attr(f"{kind}_tensor") is not None:
        t = node.attr(f"{kind}_tensor")
        given.append((f"{kind}_tensor", "string" if t.dtype.kind in "OUS" else str(t.dtype)))
    if len(given) != 1:
        raise node.invalid(f"{kind}_*", f"must be given in exactly one form, got "
                           f"{[a for a, _ in given] or 'none'}")
    attr, dtype = given[0]
    values = node.attr(attr)
    if attr.endswith("_tensor"):
        values = [v.decode() if isinstance(v, bytes) else v for v in values.reshape(-1).tolist()]
    return attr, dtype, values


def _label_text(v, dtype):
    if dtype == "string":
        return str(v)
    if dtype.startswith("float"):
        return repr(float(v))
    return str(int(v))


@ml_converter("LabelEncoder")
def _label_encoder(node, inputs):
    x = inputs[0]
    key_attr, key_dtype, keys = _label_table(node, "keys")
    value_attr, value_dtype, values = _label_table(node, "values")
    if len(keys) != len(values):
        raise node.invalid(value_attr, f"has {len(values)} entries but {key_attr} {len(keys)}")
    if key_dtype != _dtype(x):
        raise node.invalid(key_attr, f"are {key_dtype}, but the input is {_dtype(x)}")
    if value_attr.endswith("_tensor"):
        default = node.attr("default_tensor")
        default = (default.reshape(-1)[0] if default is not None
                   else _LABEL_DEFAULTS.get(value_dtype, "_Unused" if value_dtype == "string"
                                            else -1))
        if isinstance(default, bytes):
            default = default.decode()
    else:
        suffix = {"string": "string", "int64": "int64", "float32": "float"}[value_dtype]
        default = node.attr(f"default_{suffix}", _LABEL_DEFAULTS[value_dtype])
    return relay.ml.label_encoder(x, [_label_text(k, key_dtype) for k in keys],
                                  [_label_text(v, value_dtype) for v in values],
                                  _label_text(default, value_dtype), value_dtype)


# ---- tree ensembles -----------------------------------------------------------------------

_MODES = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ",
          "BRANCH_MEMBER"]
_AGGREGATES = ["AVERAGE", "SUM", "MIN", "MAX"]  # TreeEnsemble's enum order
_POST_TRANSFORMS = ["NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT"]


def _list_attr(node, name, required=True):
    v = node.attr(name)
    if v is None:
        if required:
            raise node.invalid(name, "is missing")
        return None
    return np.asarray(v).reshape(-1).tolist()


def _check_lengths(node, names, n):
    for name in names:
        v = node.attr(name)
        if v is not None and np.asarray(v).size != n:
            raise node.invalid(name, f"has {np.asarray(v).size} entries, but there are {n} nodes"
                               if "leaf" not in name and "target" not in name
                               else f"has {np.asarray(v).size} entries where {n} are needed")


def _forest(x, node, model, n_targets, dtype):
    if len(infer_shape(x)) not in (1, 2):
        raise node.invalid("X", "must have rank 1 or 2")
    text = json.dumps(model, separators=(",", ":"))
    return relay.ml.tree_ensemble(x, n_targets, dtype, text)


@ml_converter("TreeEnsemble")
def _tree_ensemble(node, inputs):
    """ai.onnx.ml opset 5: node and leaf tables, children flagged as node or leaf."""
    x = inputs[0]
    splits = _list_attr(node, "nodes_splits")
    n = len(splits)
    _check_lengths(node, ["nodes_featureids", "nodes_modes", "nodes_truenodeids",
                          "nodes_falsenodeids", "nodes_trueleafs", "nodes_falseleafs",
                          "nodes_missing_value_tracks_true", "nodes_hitrates"], n)
    features = _list_attr(node, "nodes_featureids")
    modes = _list_attr(node, "nodes_modes")
    targets = _list_attr(node, "leaf_targetids")
    weights = _list_attr(node, "leaf_weights")
    if len(weights) != len(targets):
        raise node.invalid("leaf_weights", f"has {len(weights)} entries but leaf_targetids "
                           f"{len(targets)}")
    n_leaves = len(targets)
    n_targets = node.attr("n_targets")
    if n_targets is None or n_targets < 1:
        raise node.invalid("n_targets", f"must be a positive integer, got {n_targets}")
    for t in targets:
        if not 0 <= t < n_targets:
            raise node.invalid("leaf_targetids", f"must lie in [0, {n_targets}), got {t}")
    for f in features:
        if f < 0:
            raise node.invalid("nodes_featureids", f"must not be negative, got {f}")
    for m in modes:
        if not 0 <= m < len(_MODES):
            raise node.invalid("nodes_modes", f"must lie in [0, {len(_MODES)}), got {m}")

    def ref(ids_attr, leaf_attr, i):
        child, leaf = node.attrs[ids_attr][i], node.attrs[leaf_attr][i]
        if not 0 <= child < (n_leaves if leaf else n):
            raise node.invalid(ids_attr, f"entry {i} refers to {'leaf' if leaf else 'node'} "
                               f"{child}, but there are {n_leaves if leaf else n}")
        return -child - 1 if leaf else child

    true = [ref("nodes_truenodeids", "nodes_trueleafs", i) for i in range(n)]
    false = [ref("nodes_falsenodeids", "nodes_falseleafs", i) for i in range(n)]
    roots = []
    for r in _list_attr(node, "tree_roots"):
        if not 0 <= r < n:
            raise node.invalid("tree_roots", f"refers to node {r}, but there are {n}")
        # A tree that is one leaf: both children the same leaf.
        roots.append(true[r] if true[r] == false[r] and true[r] < 0 else r)
    member_nodes, member_sets = [], []
    members = _list_attr(node, "membership_values", required=False) or []
    member_iter = iter(members)
    for i, m in enumerate(modes):
        if m == 6:
            values = []
            for v in member_iter:
                if math.isnan(v):
                    break
                values.append(v)
            else:
                if not values:
                    raise node.invalid("membership_values", f"has no set for node {i}")
            member_nodes.append(i)
            member_sets.append(values)
    aggregate = node.attr("aggregate_function", 1)
    post = node.attr("post_transform", 0)
    if not 0 <= aggregate < len(_AGGREGATES):
        raise node.invalid("aggregate_function", f"must lie in [0, 4), got {aggregate}")
    if not 0 <= post < len(_POST_TRANSFORMS):
        raise node.invalid("post_transform", f"must lie in [0, 5), got {post}")
    missing = _list_attr(node, "nodes_missing_value_tracks_true", required=False) or [0] * n
    model = {
        "feature": features, "mode": modes, "split": [_float_text(v) for v in splits],
        "true": true, "false": false, "missing_true": [int(bool(v)) for v in missing],
        "roots": roots, "member_nodes": member_nodes,
        "member_sets": [[_float_text(v) for v in s] for s in member_sets],
        "leaf_offsets": list(range(n_leaves + 1)), "leaf_targets": targets,
        "leaf_weights": [_float_text(v) for v in weights], "base_values": [],
        "aggregate": _AGGREGATES[aggregate], "post_transform": _POST_TRANSFORMS[post],
    }
    dtype = _dtype(x)
    if dtype not in ("float32", "float64"):
        dtype = "float32"
    return _forest(x, node, model, n_targets, dtype)


def _tensor_or_list(node, name):
    """An attribute given as a list (`name`) or, from opset 3, a tensor (`name_as_tensor`)."""
    v = node.attr(name + "_as_tensor")
    return _list_attr(node, name + "_as_tensor") if v is not None else _list_attr(
        node, name, required=False)


@ml_converter("TreeEnsembleRegressor")
def _tree_ensemble_regressor(node, inputs):
    """ai.onnx.ml opset 1-3: trees and node ids, LEAF nodes, targets by (tree, node) id."""
    x = inputs[0]
    tree_ids = _list_attr(node, "nodes_treeids")
    n_all = len(tree_ids)
    _check_lengths(node, ["nodes_nodeids", "nodes_featureids", "nodes_modes",
                          "nodes_truenodeids", "nodes_falsenodeids",
                          "nodes_missing_value_tracks_true", "nodes_hitrates"], n_all)
    values = _tensor_or_list(node, "nodes_values")
    if values is None or len(values) != n_all:
        raise node.invalid("nodes_values", f"must have {n_all} entries")
    node_ids = _list_attr(node, "nodes_nodeids")
    features = _list_attr(node, "nodes_featureids")
    modes = _list_attr(node, "nodes_modes")
    true_ids = _list_attr(node, "nodes_truenodeids")
    false_ids = _list_attr(node, "nodes_falsenodeids")
    missing = _list_attr(node, "nodes_missing_value_tracks_true", required=False) or [0] * n_all
    for m in modes:
        if m != "LEAF" and m not in _MODES:
            raise node.invalid("nodes_modes", f"has the unknown mode {m!r}")
    if "BRANCH_MEMBER" in modes:
        raise node.invalid("nodes_modes", "BRANCH_MEMBER exists only in TreeEnsemble (opset 5)")
    n_targets = node.attr("n_targets", 1)
    t_tree, t_node = _list_attr(node, "target_treeids"), _list_attr(node, "target_nodeids")
    t_ids, t_weights = _list_attr(node, "target_ids"), _tensor_or_list(node, "target_weights")
    for name, v in (("target_nodeids", t_node), ("target_ids", t_ids),
                    ("target_weights", t_weights)):
        if v is None or len(v) != len(t_tree):
            raise node.invalid(name, f"must have as many entries as target_treeids "
                               f"({len(t_tree)})")
    # Canonical numbering: interior nodes and leaves apart, in the order given.
    key = list(zip(tree_ids, node_ids))
    position = {}
    for i, k in enumerate(key):
        if k in position:
            raise node.invalid("nodes_nodeids", f"repeats node {k[1]} of tree {k[0]}")
        position[k] = i
    inner, leaf = {}, {}
    for i, m in enumerate(modes):
        (leaf if m == "LEAF" else inner)[i] = len(leaf if m == "LEAF" else inner)
    contributions = {i: [] for i in leaf}
    for tr, nd, t, w in zip(t_tree, t_node, t_ids, t_weights):
        i = position.get((tr, nd))
        if i is None or i not in leaf:
            raise node.invalid("target_nodeids", f"refers to node {nd} of tree {tr}, which is "
                               "not a LEAF node")
        if not 0 <= t < n_targets:
            raise node.invalid("target_ids", f"must lie in [0, {n_targets}), got {t}")
        contributions[i].append((t, w))

    def ref(i, child, attr):
        j = position.get((tree_ids[i], child))
        if j is None:
            raise node.invalid(attr, f"entry {i} refers to node {child} of tree {tree_ids[i]}, "
                               "which does not exist")
        return -leaf[j] - 1 if j in leaf else inner[j]

    order = sorted(inner, key=inner.get)
    model = {
        "feature": [features[i] for i in order], "mode": [_MODES.index(modes[i]) for i in order],
        "split": [_float_text(values[i]) for i in order],
        "true": [ref(i, true_ids[i], "nodes_truenodeids") for i in order],
        "false": [ref(i, false_ids[i], "nodes_falsenodeids") for i in order],
        "missing_true": [int(bool(missing[i])) for i in order],
        "member_nodes": [], "member_sets": [],
    }
    for f in model["feature"]:
        if f < 0:
            raise node.invalid("nodes_featureids", f"must not be negative, got {f}")
    # Each tree's root: the node of the tree that is no node's child.
    children = {(tree_ids[i], c) for i in inner for c in (true_ids[i], false_ids[i])}
    roots = {}
    for i, k in enumerate(key):
        if k[0] not in roots and k not in children:
            roots[k[0]] = -leaf[i] - 1 if i in leaf else inner[i]
    model["roots"] = list(roots.values())
    leaves = sorted(leaf, key=leaf.get)
    offsets = [0]
    for i in leaves:
        offsets.append(offsets[-1] + len(contributions[i]))
    model["leaf_offsets"] = offsets
    model["leaf_targets"] = [t for i in leaves for t, _ in contributions[i]]
    model["leaf_weights"] = [_float_text(w) for i in leaves for _, w in contributions[i]]
    base = _tensor_or_list(node, "base_values") or []
    if base and len(base) != n_targets:
        raise node.invalid("base_values", f"must have n_targets ({n_targets}) values, got "
                           f"{len(base)}")
    model["base_values"] = [_float_text(v) for v in base]
    aggregate = node.attr("aggregate_function", "SUM")
    post = node.attr("post_transform", "NONE")
    if aggregate not in _AGGREGATES:
        raise node.invalid("aggregate_function", f"must be one of {_AGGREGATES}, got "
                           f"{aggregate!r}")
    if post not in _POST_TRANSFORMS:
        raise node.invalid("post_transform", f"must be one of {_POST_TRANSFORMS}, got {post!r}")
    model["aggregate"], model["post_transform"] = aggregate, post
    return _forest(x, node, model, n_targets, "float32")
