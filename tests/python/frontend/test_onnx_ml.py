"""ONNX ai.onnx.ml models (Binarizer, ArrayFeatureExtractor, Scaler, Normalizer,
LinearRegressor, Imputer, OneHotEncoder, LabelEncoder, TreeEnsemble, TreeEnsembleRegressor),
built with onnx.helper, imported and run on the Relay VM, against onnxruntime; and the
importer's errors for bad attributes."""
import numpy as np
import pytest

import tvm
import tvm.runtime.vm
from tvm import relay

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

F, D, I64, S = TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.INT64, TensorProto.STRING
ML = "ai.onnx.ml"
RNG = np.random.default_rng(7)


def _model(node, x_type, x_shape, y_type, ml_opset, extra_inputs=(), inits=()):
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", x_type, x_shape),
                                            *extra_inputs],
                              [helper.make_tensor_value_info("y", y_type, None)], list(inits))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18),
                                                   helper.make_opsetid(ML, ml_opset)])


def _run(model, feeds):
    mod, params = relay.frontend.from_onnx(model, shape={k: v.shape for k, v in feeds.items()})
    exe = relay.vm.compile(mod, target="llvm", params=params)
    out = tvm.runtime.vm.VirtualMachine(exe, tvm.cpu()).run(*feeds.values())
    return [out.numpy()] if isinstance(out, tvm.nd.NDArray) else [o.numpy() for o in out]


def _check(model, feeds, rtol=1e-5, atol=1e-6, reference=False, transform=None):
    """Our outputs against onnxruntime's, or (reference=True: operators and dtypes onnxruntime
    1.19 lacks: TreeEnsemble, LabelEncoder 4, float64 Binarizer) onnx's reference evaluator's,
    with `transform` applied to those."""
    if reference:
        from onnx.reference import ReferenceEvaluator  # pylint: disable=import-outside-toplevel

        expected = ReferenceEvaluator(model).run(None, feeds)
    else:
        sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        expected = sess.run(None, feeds)
    if transform is not None:
        expected = [transform(e) for e in expected]
    got = _run(model, feeds)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape and (g.dtype == e.dtype or e.dtype.kind == "U"), (g, e)
        if e.dtype.kind in "OU":
            assert g.tolist() == e.tolist()
        else:
            np.testing.assert_allclose(g, e, rtol=rtol, atol=atol)
    return got


def _features(shape=(16, 4), dtype="float32", nan=False):
    x = RNG.normal(size=shape).astype(dtype)
    if nan:
        x[RNG.random(shape) < 0.2] = np.nan
    return x


# ---- arithmetic operators -----------------------------------------------------------------

@pytest.mark.parametrize("dtype,threshold", [("float32", 0.0), ("float32", 0.5), ("float64", -0.2)])
def test_binarizer(dtype, threshold):
    t = F if dtype == "float32" else D
    node = helper.make_node("Binarizer", ["x"], ["y"], domain=ML, threshold=threshold)
    _check(_model(node, t, [16, 4], t, 1), {"x": _features(dtype=dtype)},
           reference=dtype == "float64")


@pytest.mark.parametrize("shape,indices", [((16, 5), [0, 3, 3]), ((2, 3, 5), [4]),
                                           ((5,), [1, 2])])
def test_array_feature_extractor(shape, indices):
    node = helper.make_node("ArrayFeatureExtractor", ["x", "i"], ["y"], domain=ML)
    model = _model(node, F, list(shape), F, 1, inits=[
        numpy_helper.from_array(np.array(indices, "int64"), "i")])
    _check(model, {"x": _features(shape)})


@pytest.mark.parametrize("offset,scale", [([0.5], [2.0]), ([0.1, 0.2, 0.3, 0.4], [1.0, 2.0, 3.0, 4.0])])
def test_scaler(offset, scale):
    node = helper.make_node("Scaler", ["x"], ["y"], domain=ML, offset=offset, scale=scale)
    _check(_model(node, F, [16, 4], F, 1), {"x": _features()})


@pytest.mark.parametrize("norm", ["MAX", "L1", "L2"])
def test_normalizer(norm):
    node = helper.make_node("Normalizer", ["x"], ["y"], domain=ML, norm=norm)
    _check(_model(node, F, [16, 4], F, 1), {"x": np.abs(_features()) + 0.1})


@pytest.mark.parametrize("targets,intercepts", [(1, [0.5]), (3, [0.1, -0.2, 0.3]), (2, None)])
def test_linear_regressor(targets, intercepts):
    attrs = {"coefficients": RNG.normal(size=4 * targets).tolist(), "targets": targets}
    if intercepts:
        attrs["intercepts"] = intercepts
    node = helper.make_node("LinearRegressor", ["x"], ["y"], domain=ML, **attrs)
    _check(_model(node, F, [16, 4], F, 1), {"x": _features()})


@pytest.mark.parametrize("replaced,values", [(float("nan"), [1.0, 2.0, 3.0, 4.0]), (0.0, [9.0])])
def test_imputer(replaced, values):
    node = helper.make_node("Imputer", ["x"], ["y"], domain=ML, imputed_value_floats=values,
                            replaced_value_float=replaced)
    x = _features(nan=True)
    x[0, :2] = 0.0
    _check(_model(node, F, [16, 4], F, 1), {"x": x})


def test_one_hot_encoder():
    node = helper.make_node("OneHotEncoder", ["x"], ["y"], domain=ML, cats_int64s=[3, 1, 7],
                            zeros=1)
    _check(_model(node, I64, [5, 2], F, 1), {"x": RNG.integers(0, 8, (5, 2)).astype("int64")})


# ---- LabelEncoder ---------------------------------------------------------------------------

_KEYS = {"string": ["cat", "dog", "", "bird"], "int64": [3, -1, 10, 7],
         "float": [0.5, -2.0, 1e10, 3.25]}
_DATA = {"string": np.array(["dog", "x", "", "bird", "cat", "Cat"], dtype=object),
         "int64": np.array([10, 3, 0, 7, -1, 99], "int64"),
         "float": np.array([0.5, 1.0, 3.25, -2.0, 1e10, 0.0], "float32")}
_TYPES = {"string": S, "int64": I64, "float": F}


@pytest.mark.parametrize("key", ["string", "int64", "float"])
@pytest.mark.parametrize("value", ["string", "int64", "float"])
@pytest.mark.parametrize("default", [False, True])
def test_label_encoder_opset2(key, value, default):
    if key == value and key != "float":
        pytest.skip("the spec and onnxruntime have no same-type maps but float -> float")
    attrs = {f"keys_{key}s" if key != "float" else "keys_floats": _KEYS[key],
             f"values_{value}s" if value != "float" else "values_floats": _KEYS[value][::-1]}
    if default:
        attrs[{"string": "default_string", "int64": "default_int64",
               "float": "default_float"}[value]] = {"string": "none", "int64": 42,
                                                     "float": -1.5}[value]
    node = helper.make_node("LabelEncoder", ["x"], ["y"], domain=ML, **attrs)
    _check(_model(node, _TYPES[key], [6], _TYPES[value], 2), {"x": _DATA[key]})


def _tensor(name, values, dtype):
    return numpy_helper.from_array(np.array(values, dtype=dtype), name)


@pytest.mark.parametrize("key_dtype,value_dtype", [
    ("int64", "float64"), ("float64", "int64"), ("object", "int16"), ("int32", "object"),
    ("float32", "float32")])
def test_label_encoder_tensors(key_dtype, value_dtype):
    """Opset 4: keys_tensor / values_tensor / default_tensor of any dtype."""
    keys = {"int64": [3, 5, 7], "int32": [3, 5, 7], "float64": [0.5, 1.0, 2.0],
            "float32": [0.5, 1.0, 2.0], "object": ["a", "b", "c"]}[key_dtype]
    values = {"float64": [1.5, 2.5, 3.5], "int64": [10, 20, 30], "int16": [1, 2, 3],
              "object": ["x", "y", "z"], "float32": [9.0, 8.0, 7.0]}[value_dtype]
    default = {"float64": -9.0, "int64": -9, "int16": -9, "object": "?",
               "float32": 0.25}[value_dtype]
    node = helper.make_node("LabelEncoder", ["x"], ["y"], domain=ML,
                            keys_tensor=_tensor("k", keys, key_dtype),
                            values_tensor=_tensor("v", values, value_dtype),
                            default_tensor=_tensor("d", [default], value_dtype))
    data = {"int64": [7, 1, 3, 5], "int32": [7, 1, 3, 5], "float64": [2.0, 1.0, 0.5, 4.0],
            "float32": [2.0, np.nan, 0.5, 4.0], "object": ["c", "a", "q", "b"]}[key_dtype]
    x = np.array(data, dtype=key_dtype)
    ktype = helper.np_dtype_to_tensor_dtype(np.dtype(key_dtype))
    vtype = helper.np_dtype_to_tensor_dtype(np.dtype(value_dtype))
    model = _model(node, ktype, [4], vtype, 4)
    _check(model, {"x": x}, reference=True)


def test_label_encoder_nan_key():
    """A NaN float key matches NaN elements (onnxruntime's rule; the reference misses them)."""
    node = helper.make_node("LabelEncoder", ["x"], ["y"], domain=ML, keys_floats=[np.nan, 1.0],
                            values_strings=["missing", "one"], default_string="other")
    got = _run(_model(node, F, [3], S, 2), {"x": np.array([1.0, np.nan, 2.0], "float32")})
    assert got[0].tolist() == ["one", "missing", "other"]


# ---- tree ensembles -------------------------------------------------------------------------

def _random_forest(n_trees, depth, n_features, n_targets, modes, members=False):
    """Opset-5 TreeEnsemble attributes of complete trees of `depth` with random splits."""
    nodes = {k: [] for k in ("splits", "featureids", "modes", "truenodeids", "trueleafs",
                             "falsenodeids", "falseleafs", "missing")}
    leaf_targets, leaf_weights, roots, membership = [], [], [], []

    def leaf():
        leaf_targets.append(int(RNG.integers(n_targets)))
        leaf_weights.append(float(RNG.normal()))
        return len(leaf_targets) - 1

    def build(level):
        i = len(nodes["splits"])
        for k in nodes:
            nodes[k].append(0)
        mode = int(RNG.choice(modes))
        nodes["modes"][i] = mode
        nodes["featureids"][i] = int(RNG.integers(n_features))
        nodes["splits"][i] = float(np.float32(RNG.normal()))
        nodes["missing"][i] = int(RNG.integers(2))
        if mode == 6:
            # (onnx's reference stops reading a set at a 0.0 member, so none here)
            membership.extend([-1.0, 1.0, 0.5][: int(RNG.integers(1, 4))] + [np.nan])
        for side in ("true", "false"):
            if level + 1 == depth:
                nodes[f"{side}leafs"][i], nodes[f"{side}nodeids"][i] = 1, leaf()
            else:
                nodes[f"{side}leafs"][i], nodes[f"{side}nodeids"][i] = 0, build(level + 1)
        return i

    for _ in range(n_trees):
        roots.append(build(0))
    attrs = dict(
        nodes_splits=_tensor("s", nodes["splits"], "float32"),
        nodes_featureids=nodes["featureids"],
        nodes_modes=_tensor("m", nodes["modes"], "uint8"),
        nodes_truenodeids=nodes["truenodeids"], nodes_trueleafs=nodes["trueleafs"],
        nodes_falsenodeids=nodes["falsenodeids"], nodes_falseleafs=nodes["falseleafs"],
        nodes_missing_value_tracks_true=nodes["missing"],
        leaf_targetids=leaf_targets, leaf_weights=_tensor("w", leaf_weights, "float32"),
        tree_roots=roots, n_targets=n_targets)
    if membership:
        attrs["membership_values"] = _tensor("mv", membership, "float32")
    return attrs


def _tree_model(attrs, n_features=4):
    node = helper.make_node("TreeEnsemble", ["x"], ["y"], domain=ML, **attrs)
    return _model(node, F, [None, n_features], F, 5)


def _integral_features(shape=(32, 4)):
    """Values that hit EQ / NEQ / MEMBER splits: small integers, some NaN."""
    x = RNG.integers(-1, 2, shape).astype("float32")
    noise = RNG.random(shape) < 0.3
    x[noise] = RNG.normal(size=shape).astype("float32")[noise]
    x[RNG.random(shape) < 0.15] = np.nan
    return x


@pytest.mark.parametrize("modes", [[0], [1], [2], [3], [0, 1, 2, 3, 4, 5], [0, 6], [4, 5, 6]])
def test_tree_ensemble_modes(modes):
    attrs = _random_forest(5, 3, 4, 1, modes)
    model = _tree_model(attrs)
    x = _features((32, 4), nan=True)
    if 4 in modes or 5 in modes or 6 in modes:
        x = _integral_features()
    _check(model, {"x": x}, rtol=1e-5, atol=1e-5, reference=True)


def _post_transform(post):
    """onnxruntime's post transforms (onnx's reference leaves them out), on [N, targets]."""
    def softmax(s):
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def softmax_zero(s):
        e = np.where(s == 0, 0, np.exp(s - s.max(axis=1, keepdims=True)))
        return e / e.sum(axis=1, keepdims=True)

    return [lambda s: s, softmax, lambda s: 1 / (1 + np.exp(-s)), softmax_zero][post]


@pytest.mark.parametrize("aggregate", [0, 1, 2, 3])
@pytest.mark.parametrize("post", [0, 1, 2, 3])
def test_tree_ensemble_aggregate_post_transform(aggregate, post):
    # One target for MIN / MAX: a target no leaf reaches is 0 for onnxruntime, the float
    # extreme for onnx's reference.
    n_targets = 3 if aggregate in (0, 1) else 1
    attrs = _random_forest(6, 3, 4, n_targets, [0, 1, 3])
    attrs.update(aggregate_function=aggregate, post_transform=post)
    _check(_tree_model(attrs), {"x": _features((32, 4), nan=True)}, rtol=1e-5, atol=1e-5,
           reference=True, transform=_post_transform(post))


def test_tree_ensemble_single_leaf_tree():
    """A tree that is one leaf (a root whose children are both that leaf) adds its weight to
    every row. (onnx's reference reads the root's index as the leaf's, so it is compared
    without that tree, plus the weight.)"""
    attrs = _random_forest(2, 2, 4, 1, [0])
    x = _features((8, 4))
    without = _run(_tree_model(attrs), {"x": x})[0]
    n = len(attrs["nodes_featureids"])
    attrs["tree_roots"] = attrs["tree_roots"] + [n]
    attrs["nodes_splits"] = _tensor("s", list(numpy_helper.to_array(attrs["nodes_splits"])) +
                                    [0.0], "float32")
    attrs["nodes_modes"] = _tensor("m", list(numpy_helper.to_array(attrs["nodes_modes"])) + [0],
                                   "uint8")
    leaf = len(attrs["leaf_targetids"])
    attrs["leaf_targetids"] = attrs["leaf_targetids"] + [0]
    attrs["leaf_weights"] = _tensor("w", list(numpy_helper.to_array(attrs["leaf_weights"])) +
                                    [10.0], "float32")
    for k, v in (("nodes_featureids", 0), ("nodes_truenodeids", leaf), ("nodes_trueleafs", 1),
                 ("nodes_falsenodeids", leaf), ("nodes_falseleafs", 1),
                 ("nodes_missing_value_tracks_true", 0)):
        attrs[k] = attrs[k] + [v]
    np.testing.assert_allclose(_run(_tree_model(attrs), {"x": x})[0], without + 10, rtol=1e-6)
    _check(_tree_model(dict(attrs, tree_roots=attrs["tree_roots"][:2])), {"x": x},
           reference=True)


def _regressor_attrs(forest, n_targets, weights_per_leaf=1):
    """The same forest in TreeEnsembleRegressor's (opset 1-3) attributes."""
    attrs = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes",
                             "nodes_values", "nodes_truenodeids", "nodes_falsenodeids",
                             "nodes_missing_value_tracks_true", "target_treeids",
                             "target_nodeids", "target_ids", "target_weights")}
    names = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"]
    splits = numpy_helper.to_array(forest["nodes_splits"]).tolist()
    modes = numpy_helper.to_array(forest["nodes_modes"]).tolist()
    for tree, root in enumerate(forest["tree_roots"]):
        ids = {}

        def add(i, is_leaf):
            nid = len(ids)
            ids[(i, is_leaf)] = nid
            attrs["nodes_treeids"].append(tree)
            attrs["nodes_nodeids"].append(nid)
            if is_leaf:
                for k, v in (("nodes_featureids", 0), ("nodes_modes", "LEAF"),
                             ("nodes_values", 0.0), ("nodes_truenodeids", 0),
                             ("nodes_falsenodeids", 0), ("nodes_missing_value_tracks_true", 0)):
                    attrs[k].append(v)
                for k in range(weights_per_leaf):
                    attrs["target_treeids"].append(tree)
                    attrs["target_nodeids"].append(nid)
                    attrs["target_ids"].append((forest["leaf_targetids"][i] + k) % n_targets)
                    attrs["target_weights"].append(float(RNG.normal()))
                return nid
            pos = len(attrs["nodes_featureids"])
            for k, v in (("nodes_featureids", forest["nodes_featureids"][i]),
                         ("nodes_modes", names[modes[i]]), ("nodes_values", splits[i]),
                         ("nodes_truenodeids", 0), ("nodes_falsenodeids", 0),
                         ("nodes_missing_value_tracks_true",
                          forest["nodes_missing_value_tracks_true"][i])):
                attrs[k].append(v)
            attrs["nodes_truenodeids"][pos] = add(forest["nodes_truenodeids"][i],
                                                  forest["nodes_trueleafs"][i])
            attrs["nodes_falsenodeids"][pos] = add(forest["nodes_falsenodeids"][i],
                                                   forest["nodes_falseleafs"][i])
            return nid

        add(root, 0)
    return attrs


@pytest.mark.parametrize("aggregate,post,base", [("SUM", "NONE", None),
                                                 ("AVERAGE", "NONE", [0.5, -0.5]),
                                                 ("MIN", "NONE", None), ("MAX", "NONE", None),
                                                 ("SUM", "LOGISTIC", [1.0, 2.0]),
                                                 ("SUM", "SOFTMAX", None),
                                                 ("SUM", "SOFTMAX_ZERO", None)])
def test_tree_ensemble_regressor(aggregate, post, base):
    forest = _random_forest(4, 3, 4, 2, [0, 1, 2, 3, 4, 5])
    attrs = _regressor_attrs(forest, 2, weights_per_leaf=2)
    attrs.update(n_targets=2, aggregate_function=aggregate, post_transform=post)
    if base:
        attrs["base_values"] = base
    node = helper.make_node("TreeEnsembleRegressor", ["x"], ["y"], domain=ML, **attrs)
    _check(_model(node, F, [None, 4], F, 3), {"x": _integral_features()}, rtol=1e-5, atol=1e-5)


# ---- errors ---------------------------------------------------------------------------------

def _import_error(node, match):
    model = _model(node, F, [4, 4], F, 5)
    with pytest.raises(tvm.error.OpAttributeInvalid, match=match):
        relay.frontend.from_onnx(model)


@pytest.mark.parametrize("change,match", [
    ({"nodes_modes": _tensor("m", [9, 0, 0], "uint8")}, "'t'.*nodes_modes.*got 9"),
    ({"nodes_featureids": [0, 1]}, "'t'.*nodes_featureids has 2 entries"),
    ({"nodes_truenodeids": [1, 0, 5]}, "'t'.*nodes_truenodeids entry 2 refers to leaf 5"),
    ({"tree_roots": [3]}, "'t'.*tree_roots refers to node 3"),
    ({"leaf_targetids": [0, 0, 1, 0]}, "'t'.*leaf_targetids must lie in"),
    ({"aggregate_function": 7}, "'t'.*aggregate_function"),
    ({"post_transform": 9}, "'t'.*post_transform"),
])
def test_tree_ensemble_bad_attributes(change, match):
    """Each bad table names the node and the attribute at import."""
    attrs = _random_forest(1, 2, 4, 1, [0])
    attrs.update(change)
    _import_error(helper.make_node("TreeEnsemble", ["x"], ["y"], domain=ML, name="t", **attrs),
                  match)


def test_tree_ensemble_regressor_bad_attributes():
    attrs = _regressor_attrs(_random_forest(1, 2, 4, 1, [0]), 1)
    attrs["nodes_modes"] = ["BRANCH_SOMETIMES"] + attrs["nodes_modes"][1:]
    node = helper.make_node("TreeEnsembleRegressor", ["x"], ["y"], domain=ML, name="r", **attrs)
    _import_error(node, "'r'.*nodes_modes.*BRANCH_SOMETIMES")


def test_label_encoder_bad_attributes():
    node = helper.make_node("LabelEncoder", ["x"], ["y"], domain=ML, name="le",
                            keys_floats=[1.0, 2.0], values_int64s=[1])
    _import_error(node, "'le'.*values_int64s has 1 entries")


def test_tree_kernel_rejects_bad_tables():
    """The kernel checks the tables again: a cycle or a target out of range is a ValueError."""
    import json  # pylint: disable=import-outside-toplevel

    base = dict(feature=[0], mode=[0], split=[0.5], true=[0], false=[-1], missing_true=[0],
                roots=[0], leaf_offsets=[0, 1], leaf_targets=[0], leaf_weights=[1.0],
                base_values=[], aggregate="SUM", post_transform="NONE", member_nodes=[],
                member_sets=[])
    x = relay.var("x", shape=(2, 1), dtype="float32")
    for model, match in ((base, "cycle"), (dict(base, true=[-1], leaf_targets=[4]), "target"),
                         (dict(base, true=[-7]), "refer to node -7")):
        mod = tvm.IRModule.from_expr(relay.Function(
            [x], relay.ml.tree_ensemble(x, 1, "float32", json.dumps(model))))
        vm = tvm.runtime.vm.VirtualMachine(relay.vm.compile(mod, "llvm"), tvm.cpu())
        with pytest.raises(ValueError, match=match):
            vm.run(np.zeros((2, 1), "float32"))


def test_unknown_ml_operator_is_named():
    node = helper.make_node("SVMRegressor", ["x"], ["y"], domain=ML)
    with pytest.raises(tvm.error.OpNotImplemented, match="ai.onnx.ml.SVMRegressor"):
        relay.frontend.from_onnx(_model(node, F, [4, 4], F, 1))
