"""The Relay VM compiler: a Relay module (after the relay.build graph passes and operator
fusion) becomes VM functions of register instructions (src/runtime/vm/executable.h) plus
one kernel library.

Each call of a fused primitive function becomes a kernel call. Its outputs are allocated with
constant shapes when type inference knows them; otherwise the TE compiler lowers the function
with shape variables for the unknown dimensions, and the shapes of its outputs (expressions
of those variables) become a small host kernel, the function's shape function: the VM reads
the input shapes (shape_of), runs the shape function, and allocates the outputs (alloc_dyn).
Operators whose output shapes depend on input values (argwhere, unique, non-maximum
suppression; the op attribute TTruncatedOutputs) write into buffers of an upper-bound extent
plus a count, and the VM cuts those outputs to the count (truncate: a view, no copy).
A primitive function whose only run-time dimension is a leading batch that every operator in
it treats row by row (convolutions, pooling, dense, elementwise ops, ...; see _RowWise) is
compiled for batch 1 instead, with the schedules static shapes get, and the VM runs it once
per row (batch_call; CPU targets). Operators that compiled code cannot run (string operators;
the op attribute THostKernel names a runtime function) become `host` instructions: the VM calls the function with the operator's
attributes as JSON and takes the tensors it allocates.
"""
import itertools
import json

import numpy as np

import tvm
from tvm import te, tir

from .. import expr as _expr
from .. import ty as _ty
from ..function import Function
from .te_compiler import lower_primitive


def _is_static(shape):
    return all(isinstance(d, tir.IntImm) for d in shape)


def _flat_types(t):
    if isinstance(t, _ty.TupleType):
        return [x for f in t.fields for x in _flat_types(f)]
    return [t]


class _Kernels:
    """The kernels of one executable: lowered functions (deduplicated by structure), their
    shape functions and the constants the program loads."""

    def __init__(self, target):
        self.target = target
        self.host = tvm.target.Target("llvm")
        self.names = []
        self.host_kernels = []
        self.device_funcs = {}
        self.host_funcs = {}
        self.constants = []
        self._lowered = []
        self._counter = itertools.count()

    def _index(self, name):
        self.names.append(name)
        return len(self.names) - 1

    def lower(self, func):
        """(kernel index, CachedFunc, shape-function index or None) of primitive func."""
        for cand, entry in self._lowered:
            if tvm.ir.structural_equal(cand, func):
                return entry
        ops = []

        def visit(node):
            if isinstance(node, _expr.Call) and isinstance(node.op, tvm.ir.Op):
                ops.append(node.op.name.replace(".", "_"))

        tvm.relay.analysis.post_order_visit(func.body, visit)
        name = f"vm_{'_'.join(ops[:3]) or 'fn'}_{next(self._counter)}"
        cached = lower_primitive(func, self.target, name)
        for gv, f in cached.funcs.functions.items():
            self.device_funcs[gv] = f
        kernel = self._index(str(cached.func_name))
        shape_func = None
        if not all(_is_static(t.shape) for t in cached.outputs):
            shape_func = self._shape_func(cached, name + "_shape")
        entry = (kernel, cached, shape_func)
        self._lowered.append((func, entry))
        return entry

    def _shape_func(self, cached, name):
        """A host kernel computing the shapes of cached's outputs from its inputs' shapes:
        arguments (the shape of every input with a shape variable, as int64 vectors), then one
        int64 vector per output."""
        source = {}
        for i, t in enumerate(cached.inputs):
            for j, d in enumerate(t.shape):
                if isinstance(d, tir.Var) and d not in source:
                    source[d] = (i, j)
        dyn_inputs = sorted({i for i, _ in source.values()})
        shapes = {i: te.placeholder((len(cached.inputs[i].shape),), "int64", name=f"shape{i}")
                  for i in dyn_inputs}
        outs = []
        for k, t in enumerate(cached.outputs):
            dims = list(t.shape)
            for d in dims:
                found = []
                tvm.tir.post_order_visit(d, lambda n: found.append(n) if isinstance(n, tir.Var)
                                         else None)
                missing = [v for v in found if v not in source]
                if missing:
                    raise ValueError(f"VM compiler: output {k} of {cached.func_name} has the "
                                     f"extent {d}, which depends on {missing[0]}, not on the "
                                     "shapes of its inputs")
            vmap = {v: tir.Cast(v.dtype, shapes[i][j]) for v, (i, j) in source.items()}
            outs.append(te.compute((len(dims),), _select_dims(dims, vmap), name=f"out_shape{k}"))
        sch = te.create_schedule([o.op for o in outs])
        args = [shapes[i] for i in dyn_inputs] + outs
        lowered = tvm.lower(sch, args, name=name)
        for gv, f in lowered.functions.items():
            self.host_funcs[gv] = f
        return self._index(name), dyn_inputs

    def host_kernel(self, name, config):
        """The index of host kernel (name, config JSON)."""
        entry = [name, config]
        if entry not in self.host_kernels:
            self.host_kernels.append(entry)
        return self.host_kernels.index(entry)

    def constant(self, data):
        for k, c in enumerate(self.constants):
            if c.same_as(data):
                return k
        self.constants.append(data)
        return len(self.constants) - 1

    def build(self):
        """The kernel library: device kernels for the target and shape functions for the
        host, in one module."""
        device_mod = tvm.IRModule(self.device_funcs)
        host_mod = tvm.IRModule(self.host_funcs)
        if "cpu" in [str(k) for k in self.target.keys]:
            for gv, f in self.host_funcs.items():
                device_mod[gv] = f
            return tvm.build(device_mod, target=self.target)
        lib = tvm.build(device_mod, target=self.target)
        if self.host_funcs:
            lib.import_module(tvm.build(host_mod, target=self.host))
        return lib


class _FunctionCompiler:
    """The instructions of one Relay function."""

    def __init__(self, compiler, func, name):
        self.compiler = compiler
        self.kernels = compiler.kernels
        self.func = func
        self.name = name
        self.code = []
        self.num_registers = len(func.params)
        self.memo = {p: r for r, p in enumerate(func.params)}

    def reg(self):
        self.num_registers += 1
        return self.num_registers - 1

    def emit(self, *instr):
        self.code.append(list(instr))
        return len(self.code) - 1

    def compile(self):
        self.emit("ret", self.visit(self.func.body))
        params = []
        for p in self.func.params:
            t = p.checked_type
            if isinstance(t, _ty.TensorType):
                params.append({"name": p.name_hint, "dtype": t.dtype,
                               "shape": [int(d) if isinstance(d, tir.IntImm) else -1
                                         for d in t.shape]})
            else:
                params.append({"name": p.name_hint})
        return {"name": self.name, "params": params, "registers": self.num_registers,
                "code": self.code}

    def visit(self, e):
        if e in self.memo:
            return self.memo[e]
        r = self._visit(e)
        self.memo[e] = r
        return r

    def _visit(self, e):
        if isinstance(e, _expr.Var):
            raise ValueError(f"VM compiler: free variable {e.name_hint} in {self.name}")
        if isinstance(e, _expr.Constant):
            r = self.reg()
            self.emit("const", r, self.kernels.constant(e.data))
            return r
        if isinstance(e, _expr.Tuple):
            fields = [self.visit(f) for f in e.fields]
            r = self.reg()
            self.emit("tuple", r, fields)
            return r
        if isinstance(e, _expr.TupleGetItem):
            t = self.visit(e.tuple_value)
            r = self.reg()
            self.emit("field", r, t, int(e.index))
            return r
        if isinstance(e, _expr.Let):
            self.memo[e.var] = self.visit(e.value)
            return self.visit(e.body)
        if isinstance(e, _expr.If):
            return self._if(e)
        if isinstance(e, _expr.Call):
            return self._call(e)
        if isinstance(e, Function):
            raise ValueError("VM compiler: functions as values (closures) are not supported; "
                             "call functions directly or make them global")
        raise ValueError(f"VM compiler: cannot compile a {type(e).__name__}")

    def _if(self, e):
        cond = self.visit(e.cond)
        result = self.reg()
        branch = self.emit("if", cond, -1)
        saved = dict(self.memo)
        self.emit("move", result, self.visit(e.true_branch))
        self.memo = dict(saved)
        jump = self.emit("goto", -1)
        self.code[branch][2] = len(self.code)
        self.emit("move", result, self.visit(e.false_branch))
        self.memo = saved
        self.code[jump][1] = len(self.code)
        return result

    def _call(self, call):
        args = [self.visit(a) for a in call.args]
        if isinstance(call.op, tvm.ir.GlobalVar):
            r = self.reg()
            self.emit("invoke", r, self.compiler.function_index(call.op), args)
            return r
        func = call.op
        if isinstance(func, tvm.ir.Op):
            # An operator call outside a fused function: a primitive function of its own.
            params = [_expr.var(f"p{i}", a.checked_type) for i, a in enumerate(call.args)]
            func = Function(params, _expr.Call(call.op, params, call.attrs, call.type_args))
            func = func.with_attr("Primitive", 1)
            func = tvm.relay.transform.InferType()(tvm.IRModule.from_expr(func))["main"]
        if not (isinstance(func, Function) and func.attrs is not None
                and "Primitive" in func.attrs.keys()):
            raise ValueError("VM compiler: only operators, fused primitive functions and "
                             "global functions can be called")
        return self._primitive(func, call.args, args)

    def _flatten(self, reg, t):
        """The tensor registers of a value of type t held in reg (tuples taken apart)."""
        if not isinstance(t, _ty.TupleType):
            return [reg]
        out = []
        for i, f in enumerate(t.fields):
            r = self.reg()
            self.emit("field", r, reg, i)
            out.extend(self._flatten(r, f))
        return out

    def _batch_call(self, func, row_func, arg_exprs, arg_regs):
        """Per-row execution of func through its batch-1 form row_func (see _RowWise)."""
        kernel, cached, _ = self.kernels.lower(row_func)
        inputs, batched = [], []
        for e, r in zip(arg_exprs, arg_regs):
            inputs.extend(self._flatten(r, e.checked_type))
        for p in func.params:
            for t in _flat_types(p.checked_type):
                batched.append(int(bool(t.shape) and not isinstance(t.shape[0], tir.IntImm)))
        outs = [self.reg() for _ in cached.outputs]
        self.emit("batch_call", outs, kernel, inputs, batched,
                  [[int(d) for d in t.shape[1:]] for t in cached.outputs],
                  [t.dtype for t in cached.outputs])
        return self._pack(func.checked_type.ret_type, iter(outs))

    def _primitive(self, func, arg_exprs, arg_regs):
        row_func = _RowWise.batch_one(func, self.kernels.target)
        if row_func is not None:
            return self._batch_call(func, row_func, arg_exprs, arg_regs)
        host = _host_kernel(func)
        if host is not None:
            name, config, positions = host
            r = self.reg()
            self.emit("host", r, self.kernels.host_kernel(name, config),
                      [arg_regs[i] for i in positions])
            return r
        kernel, cached, shape_func = self.kernels.lower(func)
        inputs = []
        for e, r in zip(arg_exprs, arg_regs):
            inputs.extend(self._flatten(r, e.checked_type))
        outs = [self.reg() for _ in cached.outputs]
        dyn_shapes = {}
        if shape_func is not None:
            index, dyn_inputs = shape_func
            shape_args = []
            for i in dyn_inputs:
                s = self.reg()
                self.emit("shape_of", s, inputs[i])
                shape_args.append(s)
            for k, t in enumerate(cached.outputs):
                s = self.reg()
                self.emit("alloc", s, [len(t.shape)], "int64", 1)
                dyn_shapes[k] = s
            self.emit("call", index, shape_args + [dyn_shapes[k] for k in range(len(outs))])
        for k, t in enumerate(cached.outputs):
            if _is_static(t.shape):
                self.emit("alloc", outs[k], [int(d) for d in t.shape], t.dtype, 0)
            else:
                self.emit("alloc_dyn", outs[k], dyn_shapes[k], t.dtype, 0)
        self.emit("call", kernel, inputs + outs)
        truncated = _truncated_outputs(func)
        if truncated:
            count = outs[-1]
            for k in truncated:
                r = self.reg()
                self.emit("truncate", r, outs[k], count)
                outs[k] = r
        ret = func.checked_type.ret_type
        if len(_flat_types(ret)) != len(outs):
            raise ValueError(f"VM compiler: {cached.func_name} has {len(outs)} outputs, its "
                             f"type {ret} {len(_flat_types(ret))}")
        return self._pack(ret, iter(outs))

    def _pack(self, t, outs):
        if not isinstance(t, _ty.TupleType):
            return next(outs)
        fields = [self._pack(f, outs) for f in t.fields]
        r = self.reg()
        self.emit("tuple", r, fields)
        return r


def _select_dims(dims, vmap):
    """out[idx] = dims[idx] (as int64, shape variables replaced per vmap)."""

    def body(idx):
        value = tir.const(0, "int64")
        for pos in reversed(range(len(dims))):
            dim = tir.Cast("int64", tvm.tir.substitute(dims[pos], vmap))
            value = tir.Select(tir.EQ(idx, tir.const(pos, idx.dtype)), dim, value)
        return value

    return body


def _truncated_outputs(func):
    """The outputs of a primitive function calling one value-dependent operator that the
    VM cuts to the operator's count (its last output)."""
    body = func.body
    if isinstance(body, _expr.Call) and isinstance(body.op, tvm.ir.Op):
        attr = body.op.get_attr("TTruncatedOutputs")
        if attr is not None:
            return [int(i) for i in attr]
    return []


class _RowWise:
    """Whether a primitive function computes each row of a run-time batch from that row alone.

    The batch is the leading dimension of the parameters whose only `?` dimension is the
    first (weights and other parameters have static shapes); each such row of the inputs
    maps to the same row of every output. Each operator must keep the batch on axis 0 and
    never mix rows: elementwise and broadcast operators whose batched operands have the
    output's rank (a static operand of that rank must have 1 as its leading extent),
    convolutions and pooling in N-first layouts, dense and bias_add on batched data, layout
    transforms between N-first layouts, batch_flatten and reshapes keeping the batch, softmax
    and reductions off axis 0, transposes fixing axis 0. Anything else (a reduction over the
    batch, a concatenation, a value-dependent operator) keeps the symbolic kernel.
    """

    _CONV_POOL = {"nn.conv1d", "nn.conv2d", "nn.conv3d", "nn.contrib_conv2d_NCHWc",
                  "nn.contrib_depthwise_conv2d_NCHWc", "nn.max_pool1d", "nn.max_pool2d",
                  "nn.max_pool3d", "nn.avg_pool1d", "nn.avg_pool2d", "nn.avg_pool3d",
                  "nn.global_max_pool2d", "nn.global_avg_pool2d", "nn.adaptive_avg_pool2d",
                  "nn.adaptive_max_pool2d", "nn.conv2d_transpose", "nn.upsampling"}
    _REDUCE = {"sum", "mean", "max", "min", "prod", "variance", "argmax", "argmin"}

    def __init__(self):
        self.batched = {}

    @classmethod
    def batch_one(cls, func, target):
        """func with its batch fixed to 1 when it is row-wise (on a CPU target), else None."""
        if "cpu" not in [str(k) for k in target.keys] or not _RowWise()._check(func):
            return None
        new_params, binds = [], {}
        for p in func.params:
            t = p.checked_type
            if t.shape and not isinstance(t.shape[0], tir.IntImm):
                t = _ty.TensorType([1] + [int(d) for d in t.shape[1:]], t.dtype)
            q = _expr.var(p.name_hint, t)
            new_params.append(q)
            binds[p] = q
        body = tvm.relay.bind(func.body, binds)
        row = Function(new_params, body).with_attr("Primitive", 1)
        row = tvm.relay.transform.InferType()(tvm.IRModule.from_expr(row))["main"]
        outs = _flat_types(row.checked_type.ret_type)
        if not all(_is_static(t.shape) and t.shape and int(t.shape[0]) == 1 for t in outs):
            return None
        return row

    @staticmethod
    def _leading_only(t):
        """1: the only `?` is the leading dimension; 0: static; None: anything else."""
        if not isinstance(t, _ty.TensorType):
            return None
        dyn = [i for i, d in enumerate(t.shape) if not isinstance(d, tir.IntImm)]
        if not dyn:
            return 0
        return 1 if dyn == [0] else None

    def _check(self, func):
        for p in func.params:
            flag = self._leading_only(p.checked_type)
            if flag is None:
                return False
            self.batched[p] = bool(flag)
        if not any(self.batched.values()):
            return False
        ok = [True]

        def visit(e):
            if not ok[0] or e in self.batched:
                return
            if isinstance(e, _expr.Constant):
                self.batched[e] = False
            elif isinstance(e, _expr.Call) and isinstance(e.op, tvm.ir.Op):
                flag = self._call(e)
                if flag is None:
                    ok[0] = False
                else:
                    self.batched[e] = flag
            elif not isinstance(e, tvm.ir.Op):
                ok[0] = False  # tuples, projections, lets: keep the symbolic kernel

        tvm.relay.analysis.post_order_visit(func.body, visit)
        return ok[0] and self.batched.get(func.body) is True

    def _call(self, call):
        """Whether the call's result is batched (True), static (False), or None when the call
        mixes rows."""
        if any(not isinstance(a, (_expr.Var, _expr.Constant, _expr.Call)) for a in call.args):
            return None
        flags = [self.batched.get(a) for a in call.args]
        if any(f is None for f in flags):
            return None
        if not any(flags):
            return False
        out = call.checked_type
        if self._leading_only(out) != 1:
            return None
        name = call.op.name
        attrs = call.attrs
        rank = len(out.shape)
        pattern = call.op.get_attr("TOpPattern")
        if call.op.get_attr("TTruncatedOutputs") is not None or \
                call.op.get_attr("THostKernel") is not None:
            return None
        if pattern is not None and int(pattern) <= 1:  # elementwise / broadcast
            for a, f in zip(call.args, flags):
                shape = a.checked_type.shape
                if f and len(shape) != rank:
                    return None
                if not f and len(shape) == rank and int(shape[0]) != 1:
                    return None
            return True
        data_only = flags[0] and not any(flags[1:])
        if name in self._CONV_POOL:
            layout = str(getattr(attrs, "data_layout", None) or getattr(attrs, "layout", "N"))
            return True if data_only and layout.startswith("N") else None
        if name in ("nn.dense", "nn.matmul", "nn.contrib_dense_pack", "nn.batch_flatten",
                    "nn.bias_add", "nn.softmax", "nn.log_softmax", "nn.layer_norm",
                    "nn.leaky_relu", "nn.prelu", "clip", "cast", "nn.relu"):
            axis = getattr(attrs, "axis", None) if attrs is not None else None
            if name in ("nn.matmul",) and bool(getattr(attrs, "transpose_a", False)):
                return None
            if axis is not None and int(axis) % rank == 0:
                return None
            return True if data_only else None
        if name == "layout_transform":
            src, dst = str(attrs.src_layout), str(attrs.dst_layout)
            return True if src.startswith("N") and dst.startswith("N") else None
        if name == "reshape":  # rows stay rows: the extents after the batch keep their count
            tail_in = [int(d) for d in call.args[0].checked_type.shape[1:]]
            tail_out = [int(d) for d in out.shape[1:]]
            return True if int(np.prod(tail_in)) == int(np.prod(tail_out)) else None
        if name == "transpose":
            axes = attrs.axes
            return True if axes is not None and int(axes[0]) == 0 else None
        if name in self._REDUCE:
            in_rank = len(call.args[0].checked_type.shape)
            if attrs.axis is None or bool(getattr(attrs, "exclude", False)):
                return None
            axes = [int(x) % in_rank for x in attrs.axis]
            return None if 0 in axes else True
        return None


def _attr_json(value):
    """An attribute value as plain JSON data."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, tir.IntImm):
        return int(value.value)
    if isinstance(value, tir.FloatImm):
        return float(value.value)
    if isinstance(value, (list, tuple, tvm.runtime.container.Array)):
        return [_attr_json(v) for v in value]
    return str(value)


def _host_kernel(func):
    """(runtime function, attributes as JSON, the parameter position of each argument) when
    primitive func is one call, on its parameters, of an operator that runs as a host kernel
    (THostKernel); else None."""
    body = func.body
    if not (isinstance(body, _expr.Call) and isinstance(body.op, tvm.ir.Op)):
        return None
    name = body.op.get_attr("THostKernel")
    if name is None:
        return None
    params = list(func.params)
    if not all(a in params for a in body.args):
        raise ValueError(f"VM compiler: host operator {body.op.name} must be called on the "
                         "parameters of its primitive function")
    attrs = body.attrs
    config = {} if attrs is None else {k: _attr_json(getattr(attrs, k))
                                         for k in attrs.list_field_info()}
    return str(name), json.dumps(config, sort_keys=True), [params.index(a) for a in body.args]


class VMCompiler:
    """Compiles the functions of a Relay module (after optimization) for the VM."""

    def __init__(self, mod, target):
        self.mod = mod
        self.kernels = _Kernels(target)
        self.order = []
        self.functions = {}

    def function_index(self, gv):
        name = gv.name_hint
        if name not in self.order:
            self.order.append(name)
        return self.order.index(name)

    def compile(self):
        self.order.append("main")
        done = 0
        while done < len(self.order):
            name = self.order[done]
            func = self.mod[name]
            self.functions[name] = _FunctionCompiler(self, func, name).compile()
            done += 1
        program = {"functions": [self.functions[n] for n in self.order],
                   "kernels": self.kernels.names,
                   "host_kernels": self.kernels.host_kernels,
                   "num_constants": len(self.kernels.constants)}
        return program, self.kernels.constants, self.kernels.build()
