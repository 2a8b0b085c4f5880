"""Strategies of the neural-network operators: TOPI nn computes with the x86 schedules on CPU
targets (the generic default schedule elsewhere)."""
from tvm import topi

from .generic import _is_cpu, _is_gpu, register_injective, schedule_injective
from .registry import OpStrategy, register_strategy


def _ints(v):
    return [int(x) for x in v]


def _dtype(attrs, data):
    """attrs.out_dtype, or the input's dtype when it is unset ("" or void)."""
    out = str(getattr(attrs, "out_dtype", "") or "")
    return out if out not in ("", "void") else data.dtype


def _default_schedule(attrs, outs, target):
    if _is_gpu(target):
        return topi.cuda.schedule_default(outs, target)
    return topi.generic.default_schedule(outs, auto_inline=True)


# topi.cuda's schedule for an x86 schedule name where the two differ.
_GPU_NAMES = {"schedule_dense_nopack": "schedule_dense", "schedule_dense_pack": "schedule_dense"}


def _x86(name):
    """A schedule from topi.x86 on CPU targets, topi.cuda's on GPU targets (its namesake, or
    its default schedule), the generic default elsewhere."""
    def schedule(attrs, outs, target):
        if _is_gpu(target):
            fn = getattr(topi.cuda, _GPU_NAMES.get(name, name), topi.cuda.schedule_default)
            return fn(outs, target)
        fn = getattr(topi.x86, name, None)
        if _is_cpu(target) and fn is not None:
            return fn(outs)
        return _default_schedule(attrs, outs, target)
    return schedule


def _one(compute, schedule, name):
    def fstrategy(attrs, inputs, out_type, target):
        s = OpStrategy()
        s.add_implementation(lambda a, i, t: _as_list(compute(a, list(i), t)), schedule, name)
        return s
    return fstrategy


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


# ---- convolution ----------------------------------------------------------------------------
def _conv2d_strategy(attrs, inputs, out_type, target):
    data, kernel = inputs
    layout, groups = str(attrs.data_layout), int(attrs.groups)
    strides, padding, dilation = _ints(attrs.strides), _ints(attrs.padding), _ints(attrs.dilation)
    out_dtype = _dtype(attrs, data)
    s = OpStrategy()
    if layout == "NCHW" and str(attrs.kernel_layout) == "OIHW":
        channels = int(data.shape[1])
        if groups == 1:
            s.add_implementation(
                lambda a, i, t: [topi.x86.conv2d_nchw(i[0], i[1], strides, padding, dilation,
                                                      out_dtype)],
                _x86("schedule_conv2d_nchw"), "conv2d_nchw.x86")
        elif groups == channels and int(kernel.shape[1]) == 1:
            s.add_implementation(
                lambda a, i, t: [topi.nn.depthwise_conv2d_nchw(i[0], i[1], strides, padding,
                                                               dilation, out_dtype)],
                _x86("schedule_depthwise_conv2d_nchw"), "depthwise_conv2d_nchw.x86")
        else:
            s.add_implementation(
                lambda a, i, t: [topi.nn.group_conv2d_nchw(i[0], i[1], strides, padding,
                                                           dilation, groups, out_dtype)],
                _default_schedule, "group_conv2d_nchw.generic")
    elif layout == "NHWC" and groups == 1:
        # HWIO kernels (the output channels contiguous) get the x86 register-tiled schedule.
        hwio = str(attrs.kernel_layout) in ("HWIO", "")
        s.add_implementation(
            lambda a, i, t: [topi.nn.conv2d_nhwc(i[0], i[1], strides, padding, dilation,
                                                 out_dtype)],
            _x86("schedule_conv2d_nhwc") if hwio else _default_schedule,
            "conv2d_nhwc.x86" if hwio else "conv2d_nhwc.generic")
    elif layout == "NHWC" and groups == int(data.shape[3]):
        s.add_implementation(
            lambda a, i, t: [topi.nn.depthwise_conv2d_nhwc(i[0], i[1], strides, padding,
                                                           dilation, str(attrs.kernel_layout),
                                                           out_dtype=out_dtype)],
            _default_schedule, "depthwise_conv2d_nhwc.generic")
    else:
        raise ValueError(f"nn.conv2d: layout {layout}/{attrs.kernel_layout} with groups "
                         f"{groups} has no implementation")
    return s


def _conv2d_transpose(attrs, inputs, out_type):
    return topi.nn.conv2d_transpose_nchw(inputs[0], inputs[1], _ints(attrs.strides),
                                         _ints(attrs.padding), _dtype(attrs, inputs[0]),
                                         _ints(attrs.output_padding))


# ---- dense / matmul --------------------------------------------------------------------------
def _dense_strategy(attrs, inputs, out_type, target):
    out_dtype = _dtype(attrs, inputs[0])
    s = OpStrategy()
    pack = getattr(topi.x86, "dense_pack", None)
    gemv = getattr(topi.x86, "dense_gemv", None)
    # The packed schedule packs the [N, K] weight at every run (one pass over it, like the
    # whole no-pack product at M = 1): with few rows the no-pack dot products are faster
    # (measured, N 1000 x K 1280, 2 threads: M 1 0.07 vs 0.9 ms, M 8 0.67 vs 1.2, M 16 1.2
    # vs 1.5). Batch 1 (classifier heads) takes the GEMV schedule, streaming the weight rows.
    # AlterOpLayout (alter_op_layout.cc) applies the same 16-row rule when it turns a dense
    # with a constant weight into nn.contrib_dense_pack, whose weight is packed at compile time.
    rows = inputs[0].shape[0]
    static_rows = isinstance(rows, int) or hasattr(rows, "value")
    few_rows = static_rows and int(rows) < 16
    if _is_cpu(target) and gemv is not None and static_rows and int(rows) == 1:
        s.add_implementation(lambda a, i, t: [gemv(i[0], i[1], None, out_dtype)],
                             _x86("schedule_dense_gemv"), "dense_gemv.x86", plevel=20)
    if _is_cpu(target) and pack is not None:
        s.add_implementation(lambda a, i, t: [pack(i[0], i[1], None, out_dtype)],
                             _x86("schedule_dense_pack"), "dense_pack.x86", plevel=10)
    s.add_implementation(lambda a, i, t: [topi.nn.dense(i[0], i[1], None, out_dtype)],
                         _x86("schedule_dense_nopack"), "dense_nopack.x86",
                         plevel=15 if few_rows else 5)
    return s


def _dense_pack_strategy(attrs, inputs, out_type, target):
    """nn.contrib_dense_pack (what AlterOpLayout makes of nn.dense on x86): the packed GEMM on
    the pre-packed [N/bn, K, bn] weight; on a GPU the same compute with its default schedule
    (the rewrite never makes these there)."""
    data = inputs[0]
    if len(data.shape) != 2:
        raise ValueError("nn.contrib_dense_pack: data must be 2-D [M, K], found shape "
                         f"{tuple(data.shape)} ({len(data.shape)}-D)")

    def schedule(attrs, outs, target):
        if _is_gpu(target):
            return topi.cuda.schedule_default(outs, target)
        return _x86("schedule_dense_pack")(attrs, outs, target)

    s = OpStrategy()
    s.add_implementation(
        lambda a, i, t: [topi.x86.dense_pack(i[0], i[1], None, _dtype(a, i[0]))], schedule,
        "dense_pack.x86")
    return s


def _batch_matmul_strategy(attrs, inputs, out_type, target):
    """x86: the packed-weight compute; elsewhere nn.batch_matmul."""
    fn = _batch_matmul if _is_cpu(target) else _batch_matmul_plain
    return _one(fn, _x86("schedule_batch_matmul"), "batch_matmul")(attrs, inputs, out_type,
                                                                      target)


def _batch_matmul_plain(attrs, inputs, out_type):
    return topi.nn.batch_matmul(inputs[0], inputs[1], out_dtype=_dtype(attrs, inputs[0]),
                                transpose_a=bool(attrs.transpose_a),
                                transpose_b=bool(attrs.transpose_b))


def _batch_matmul(attrs, inputs, out_type):
    fn = getattr(topi.x86, "batch_matmul", None) or topi.nn.batch_matmul
    return fn(inputs[0], inputs[1], None, _dtype(attrs, inputs[0]), bool(attrs.transpose_a),
              bool(attrs.transpose_b))


def _matmul(attrs, inputs, out_type):
    return topi.nn.matmul(inputs[0], inputs[1], None, _dtype(attrs, inputs[0]),
                          bool(attrs.transpose_a), bool(attrs.transpose_b))


# ---- pooling ---------------------------------------------------------------------------------
def _pool(pool_type):
    def compute(attrs, inputs, out_type):
        return topi.nn.pool2d(inputs[0], _ints(attrs.pool_size), _ints(attrs.strides),
                              _ints(attrs.dilation), _ints(attrs.padding), pool_type,
                              bool(attrs.ceil_mode), str(attrs.layout),
                              bool(getattr(attrs, "count_include_pad", False)))
    return compute


def _schedule_pool(attrs, outs, target):
    if _is_gpu(target):
        return topi.cuda.schedule_pool(outs, str(attrs.layout), target)
    fn = getattr(topi.x86, "schedule_pool", None)
    if _is_cpu(target) and fn is not None:
        return fn(outs, str(attrs.layout))
    return _default_schedule(attrs, outs, target)


def _schedule_global_pool(attrs, outs, target):
    if _is_cpu(target):
        return topi.x86.schedule_adaptive_pool(outs, layout=str(attrs.layout))
    return _default_schedule(attrs, outs, target)


def _register():
    register_strategy("nn.conv2d", _conv2d_strategy)
    register_strategy("nn.conv2d_transpose",
                      _one(_conv2d_transpose, _default_schedule, "conv2d_transpose.generic"))
    register_strategy("nn.dense", _dense_strategy)
    register_strategy("nn.contrib_dense_pack", _dense_pack_strategy)
    register_strategy("nn.batch_matmul", _batch_matmul_strategy)
    register_strategy("nn.matmul", _one(_matmul, _default_schedule, "matmul.generic"))
    register_strategy("nn.softmax", _one(
        lambda a, i, t: topi.nn.softmax(i[0], int(a.axis)), _x86("schedule_softmax"),
        "softmax.x86"))
    register_strategy("nn.log_softmax", _one(
        lambda a, i, t: topi.nn.log_softmax(i[0], int(a.axis)), _x86("schedule_softmax"),
        "log_softmax.x86"))
    register_strategy("nn.max_pool2d", _one(_pool("max"), _schedule_pool, "max_pool2d.x86"))
    register_strategy("nn.avg_pool2d", _one(_pool("avg"), _schedule_pool, "avg_pool2d.x86"))
    register_strategy("nn.global_max_pool2d", _one(
        lambda a, i, t: topi.nn.global_pool(i[0], "max", str(a.layout)),
        _schedule_global_pool, "global_max_pool2d.x86"))
    register_strategy("nn.global_avg_pool2d", _one(
        lambda a, i, t: topi.nn.global_pool(i[0], "avg", str(a.layout)),
        _schedule_global_pool, "global_avg_pool2d.x86"))
    register_strategy("nn.adaptive_avg_pool2d", _one(
        lambda a, i, t: topi.nn.adaptive_pool(i[0], _ints(a.output_size), "avg", str(a.layout)),
        _x86("schedule_adaptive_pool"), "adaptive_avg_pool2d.x86"))
    register_strategy("nn.adaptive_max_pool2d", _one(
        lambda a, i, t: topi.nn.adaptive_pool(i[0], _ints(a.output_size), "max", str(a.layout)),
        _x86("schedule_adaptive_pool"), "adaptive_max_pool2d.x86"))
    register_strategy("nn.layer_norm", _one(
        lambda a, i, t: topi.nn.layer_norm(i[0], i[1], i[2], [int(a.axis)], float(a.epsilon)),
        _x86("schedule_layer_norm"), "layer_norm.x86"))
    register_injective("nn.bias_add", lambda a, i, t: topi.nn.bias_add(i[0], i[1], int(a.axis)))
    register_injective("nn.leaky_relu",
                       lambda a, i, t: topi.nn.leaky_relu(i[0], float(a.alpha)))
    register_injective("nn.prelu", lambda a, i, t: topi.nn.prelu(i[0], i[1], int(a.axis)))
    register_injective("nn.pad", lambda a, i, t: topi.nn.pad(
        i[0], [int(p[0]) for p in a.pad_width], [int(p[1]) for p in a.pad_width],
        _scalar(i[1])))
    register_injective("nn.upsampling", lambda a, i, t: topi.nn.upsampling(
        i[0], float(a.scale_h), float(a.scale_w), str(a.layout), str(a.method),
        bool(a.align_corners)))
    register_strategy("nn.batch_norm", _one(
        lambda a, i, t: topi.nn.batch_norm(i[0], i[1], i[2], i[3], i[4], int(a.axis),
                                           float(a.epsilon), bool(a.center), bool(a.scale)),
        schedule_injective, "batch_norm.generic"))


def _scalar(t):
    """The value of a rank-0 tensor input as an expression for compute bodies."""
    return t() if not t.shape else t[(0,) * len(t.shape)]


_register()


# ---- more operators: conv1d/3d, sub-pixel moves, norms, resize, scatter, arange ----------------
def _norm_axes(ndim, channel_axis):
    return [d for d in range(ndim) if d not in (0, channel_axis)]


def _register_more():
    register_strategy("nn.conv1d", _one(
        lambda a, i, t: topi.nn.conv1d_ncw(i[0], i[1], _ints(a.strides), _ints(a.padding),
                                           _ints(a.dilation), _dtype(a, i[0])),
        _default_schedule, "conv1d_ncw.generic"))
    register_strategy("nn.conv3d", _one(
        lambda a, i, t: topi.nn.conv3d_ncdhw(i[0], i[1], _ints(a.strides), _ints(a.padding),
                                             _ints(a.dilation), int(a.groups), _dtype(a, i[0])),
        _default_schedule, "conv3d_ncdhw.generic"))
    register_injective("nn.depth_to_space", lambda a, i, t: topi.nn.depth_to_space(
        i[0], int(a.block_size), str(a.layout), str(a.mode)))
    register_injective("nn.space_to_depth", lambda a, i, t: topi.nn.space_to_depth(
        i[0], int(a.block_size), str(a.layout)))
    register_strategy("nn.group_norm", _one(
        lambda a, i, t: topi.nn.group_norm(
            i[0], i[1], i[2], int(a.num_groups), int(a.axis),
            _norm_axes(len(i[0].shape), int(a.axis)), float(a.epsilon)),
        _default_schedule, "group_norm.generic"))
    register_strategy("nn.instance_norm", _one(
        lambda a, i, t: topi.nn.group_norm(
            i[0], i[1], i[2], int(i[0].shape[int(a.axis)]), int(a.axis),
            _norm_axes(len(i[0].shape), int(a.axis)), float(a.epsilon)),
        _default_schedule, "instance_norm.generic"))
    register_injective("image.resize2d", lambda a, i, t: topi.image.resize2d(
        i[0], [0.0, 0.0, 0.0, 0.0], _ints(a.size), str(a.layout), str(a.method),
        str(a.coordinate_transformation_mode), str(getattr(a, "rounding_method", "") or ""),
        output_shape=[int(d) for d in t.shape]))
    register_strategy("scatter_elements", _one(_scatter_elements, _default_schedule,
                                                "scatter_elements.generic"))
    register_injective("arange", lambda a, i, t: _arange(i, t))


def _arange(inputs, out_type):
    from tvm import te  # pylint: disable=import-outside-toplevel

    start, step = inputs[0], inputs[2]
    n = int(out_type.shape[0])
    dtype = str(out_type.dtype)
    return te.compute((n,), lambda k: start().astype(dtype) + k.astype(dtype) * step()
                      .astype(dtype), name="T_arange", tag="injective")


def _scatter_elements(attrs, inputs, out_type):
    """out[p] = data[p], or the last update whose index along `axis` is p's (reduction
    "update"), or data[p] combined with every such update. An O(n * k) formulation that TE
    expresses directly: a reduction over the update positions of each output position."""
    from tvm import te, tir  # pylint: disable=import-outside-toplevel

    data, indices, updates = inputs
    ndim = len(data.shape)
    axis = int(attrs.axis) % ndim
    mode = str(attrs.reduction)
    k = te.reduce_axis((0, updates.shape[axis]), name="k")
    extent = data.shape[axis]

    def upd_index(p):
        return [k if d == axis else p[d] for d in range(ndim)]

    def hits(p):
        idx = indices(*upd_index(p)).astype("int32")
        idx = tir.Select(idx < 0, idx + extent, idx)
        inside = tir.all(*[p[d] < updates.shape[d] for d in range(ndim) if d != axis]) \
            if ndim > 1 else tir.const(True)
        return tir.all(tir.EQ(idx, p[axis]), inside)

    if mode == "update":
        last = te.compute(data.shape, lambda *p: te.max(
            tir.Select(hits(p), k.var, tir.const(-1, "int32")), axis=k), name="last_hit")
        return te.compute(data.shape, lambda *p: tir.Select(
            last(*p) >= 0, updates(*[tir.max(last(*p), 0) if d == axis else
                                     tir.min(p[d], updates.shape[d] - 1) for d in range(ndim)]),
            data(*p)), name="T_scatter_elements")
    combine = {"add": te.sum, "mul": te.prod, "min": te.min, "max": te.max}[mode]
    identity = {"add": 0, "mul": 1, "min": None, "max": None}[mode]
    if identity is None:
        identity = tir.max_value(data.dtype) if mode == "min" else tir.min_value(data.dtype)
    else:
        identity = tir.const(identity, data.dtype)
    acc = te.compute(data.shape, lambda *p: combine(
        tir.Select(hits(p), updates(*upd_index(p)), identity), axis=k), name="scatter_acc")
    op = {"add": lambda x, y: x + y, "mul": lambda x, y: x * y, "min": tir.min,
          "max": tir.max}[mode]
    return te.compute(data.shape, lambda *p: op(data(*p), acc(*p)), name="T_scatter_elements")


def _register_nchwc():
    def compute(a, i, t):
        return topi.x86.conv2d_NCHWc(i[0], i[1], _ints(a.strides), _ints(a.padding),
                                     _ints(a.dilation), str(a.data_layout), str(a.out_layout),
                                     _dtype(a, i[0]))

    register_strategy("nn.contrib_conv2d_NCHWc", _one(compute, _x86("schedule_conv2d_NCHWc"),
                                                      "conv2d_NCHWc.x86"))

    def depthwise(a, i, t):
        return topi.x86.depthwise_conv2d_NCHWc(i[0], i[1], _ints(a.strides), _ints(a.padding),
                                               _ints(a.dilation), str(a.data_layout),
                                               str(a.out_layout), _dtype(a, i[0]))

    register_strategy("nn.contrib_depthwise_conv2d_NCHWc", _one(
        depthwise, _x86("schedule_depthwise_conv2d_NCHWc"), "depthwise_conv2d_NCHWc.x86"))


_register_more()
_register_nchwc()
