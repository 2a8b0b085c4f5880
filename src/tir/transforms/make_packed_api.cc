/*!
 * \file make_packed_api.cc
 * \brief MakePackedAPI: give a PrimFunc the packed calling convention of the runtime.
 *
 * A PrimFunc as written takes Vars, some of them bound to Buffers. Generated code is called
 * through `TVMBackendPackedCFunc` instead: (args, arg_type_ids, num_args, out_ret_value,
 * out_ret_tcode, resource_handle), where a tensor arrives as a DLTensor*. This pass rewrites
 * the signature and prepends the code that unpacks every argument and checks it against what
 * the function was compiled for: argument count, type codes, ndim, dtype, constant shapes,
 * symbolic shapes (the first occurrence of a Var binds it, later ones are compared with it),
 * strides, byte_offset, device type and the alignment of the data pointer (the buffer's
 * data_alignment, 64 bytes by default: what NDArray allocates). Every check is an AssertStmt
 * whose message starts with the error kind ("ValueError: ...", "TypeError: ...") and names
 * the argument, the expected and the actual value; the actual values are formatted at run
 * time (tir.tvm_format_message), so a wrong call raises a precise Python exception instead of
 * reading out of bounds.
 */
#include "make_packed_api.h"

#include <tvm/ir/transform.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <sstream>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace tir {

// Record an error message formatted at run time as the last error (TVMAPISetLastError):
// args[0] is a printf format (StringImm), the rest are int64 values printed with %lld. Used
// for checks whose message reports an actual value; AssertStmt carries constant messages only.
TVM_REGISTER_OP("tir.tvm_set_error_message")
    .set_attr<Integer>("TCallEffectKind", Integer(static_cast<int>(CallEffectKind::kOpaque)));

namespace {

constexpr int kCPackedFunc = 1;

/*! \brief The prologue being built: lets and asserts in order, wrapped around the body. */
class Prologue {
 public:
  explicit Prologue(std::string func_name) : fname_(std::move(func_name)) {}

  void Let(Var var, PrimExpr value) { entries_.push_back({true, var, value, PrimExpr(), {}}); }

  /*! \brief Assert `cond`; fmt is printf-like, values are printed as %lld. */
  void Assert(PrimExpr cond, const std::string& kind, const std::string& fmt,
              std::vector<PrimExpr> values = {}) {
    std::string text = kind + ": " + fname_ + ": " + fmt;
    Array<PrimExpr> args{StringImm(text)};
    for (auto& v : values) args.push_back(cast(DataType::Int(64), v));
    entries_.push_back({false, Var(), PrimExpr(), cond, args});
  }

  Stmt Wrap(Stmt body) const {
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (it->is_let) {
        body = LetStmt(it->var, it->value, body);
      } else {
        if (it->msg.size() == 1) {
          body = AssertStmt(it->cond, it->msg[0], body);
        } else {
          // if (!cond) { set the formatted message; return -1 } body
          Stmt fail = SeqStmt({Evaluate(Call(DataType::Int(32),
                                             Op::Get("tir.tvm_set_error_message"), it->msg)),
                               Evaluate(Call(DataType::Int(32), builtin::tvm_throw_last_error(),
                                             {}))});
          body = SeqStmt({IfThenElse(Not(it->cond), fail), body});
        }
      }
    }
    return body;
  }

 private:
  struct Entry {
    bool is_let;
    Var var;
    PrimExpr value;
    PrimExpr cond;
    Array<PrimExpr> msg;
  };
  std::string fname_;
  std::vector<Entry> entries_;
};

PrimExpr StructGet(DataType t, PrimExpr handle, int index, int kind) {
  return Call(t, builtin::tvm_struct_get(), {handle, IntImm(DataType::Int(32), index),
                                             IntImm(DataType::Int(32), kind)});
}

/*! \brief A 1-D view of `ptr` with elements of `dtype`, for loading fields of arrays. */
Buffer ArrayView(Var ptr, DataType dtype, PrimExpr extent, const std::string& name) {
  return Buffer(ptr, dtype, {extent}, {}, make_const(DataType::Int(32), 0), name,
                dtype.bytes(), 1, kDefault);
}

Var HandleVar(const std::string& name, DataType elem) {
  return Var(name, PointerType(PrimType(elem)));
}

std::string Str(const PrimExpr& e) { return AsTIRScript(e); }

/*! \brief Checks and binds the DLTensor argument of one buffer. */
void BindBuffer(Prologue* pro, const Buffer& buf, const Var& handle, int device_type,
                std::unordered_map<const VarNode*, std::string>* bound_at) {
  const std::string name = buf->name;
  const int ndim = static_cast<int>(buf->shape.size());
  const DataType i32 = DataType::Int(32), i64 = DataType::Int(64);

  PrimExpr ndim_v = StructGet(i32, handle, 0, kArrNDim);
  pro->Assert(ndim_v == make_const(i32, ndim), "ValueError",
              "argument " + name + ".ndim has an unexpected value: expected " +
                  std::to_string(ndim) + ", got %lld",
              {ndim_v});

  DataType dt = buf->dtype;
  PrimExpr code = StructGet(i32, handle, 0, kArrTypeCode);
  PrimExpr bits = StructGet(i32, handle, 0, kArrTypeBits);
  PrimExpr lanes = StructGet(i32, handle, 0, kArrTypeLanes);
  PrimExpr dt_ok = code == make_const(i32, dt.code()) && bits == make_const(i32, dt.bits()) &&
                   lanes == make_const(i32, dt.lanes());
  if (dt.is_bool()) {
    // numpy bool arrays arrive as uint8 or as 1-bit booleans.
    dt_ok = (code == make_const(i32, kDLUInt) || code == make_const(i32, 6)) &&
            (bits == make_const(i32, 1) || bits == make_const(i32, 8)) &&
            lanes == make_const(i32, 1);
  }
  std::ostringstream dts;
  dts << dt;
  pro->Assert(dt_ok, "ValueError",
              "argument " + name + ".dtype has an unexpected value: expected " + dts.str() +
                  " (type code " + std::to_string(dt.code()) + ", bits " +
                  std::to_string(dt.bits()) + ", lanes " + std::to_string(dt.lanes()) +
                  "), got type code %lld, bits %lld, lanes %lld",
              {code, bits, lanes});

  Var shape_ptr = HandleVar(name + "_shape", i64);
  pro->Let(shape_ptr, StructGet(DataType::Handle(), handle, 0, kArrShape));
  Buffer shape = ArrayView(shape_ptr, i64, make_const(i32, ndim), name + "_shape");
  for (int j = 0; j < ndim; ++j) {
    PrimExpr dim = buf->shape[j];
    PrimExpr actual = BufferLoad(shape, {make_const(i32, j)});
    std::string field = name + ".shape[" + std::to_string(j) + "]";
    if (const auto* v = dim.as<VarNode>()) {
      auto it = bound_at->find(v);
      if (it == bound_at->end()) {
        pro->Let(GetRef<Var>(v), cast(dim.dtype(), actual));
        (*bound_at)[v] = field;
        continue;
      }
      pro->Assert(cast(i64, dim) == actual, "ValueError",
                  "argument " + field + " has an unexpected value: expected %lld (" +
                      std::string(v->name_hint) + ", bound by " + it->second + "), got %lld",
                  {dim, actual});
    } else if (dim.as<IntImmNode>()) {
      pro->Assert(cast(i64, dim) == actual, "ValueError",
                  "argument " + field + " has an unexpected value: expected " + Str(dim) +
                      ", got %lld",
                  {actual});
    } else {
      pro->Assert(cast(i64, dim) == actual, "ValueError",
                  "argument " + field + " has an unexpected value: expected %lld (" + Str(dim) +
                      "), got %lld",
                  {dim, actual});
    }
  }

  Var strides_ptr = HandleVar(name + "_strides", i64);
  pro->Let(strides_ptr, StructGet(DataType::Handle(), handle, 0, kArrStrides));
  Buffer strides = ArrayView(strides_ptr, i64, make_const(i32, ndim), name + "_strides");
  PrimExpr is_null = Call(DataType::Bool(), builtin::isnullptr(), {strides_ptr});
  // The compact stride of each dimension, from the (now bound) shape.
  std::vector<PrimExpr> compact(ndim);
  PrimExpr acc = make_const(i64, 1);
  for (int j = ndim - 1; j >= 0; --j) {
    compact[j] = acc;
    acc = acc * cast(i64, buf->shape[j]);
  }
  if (buf->strides.empty()) {
    if (ndim > 0) {
      PrimExpr all;
      for (int j = 0; j < ndim; ++j) {
        PrimExpr ok = BufferLoad(strides, {make_const(i32, j)}) == compact[j];
        // A dimension of extent 1 may carry any stride.
        ok = ok || cast(i64, buf->shape[j]) == make_const(i64, 1);
        all = j == 0 ? ok : (all && ok);
      }
      PrimExpr cond = if_then_else(is_null, make_const(DataType::Bool(), 1), all);
      pro->Assert(cond, "ValueError",
                  "argument " + name + ".strides has an unexpected value: expected a compact "
                  "row-major array (no strides, or strides equal to the suffix products of the "
                  "shape)");
    }
  } else {
    for (int j = 0; j < ndim; ++j) {
      PrimExpr actual = if_then_else(is_null, compact[j],
                                     BufferLoad(strides, {make_const(i32, j)}));
      PrimExpr s = buf->strides[j];
      std::string field = name + ".strides[" + std::to_string(j) + "]";
      if (const auto* v = s.as<VarNode>()) {
        if (!bound_at->count(v)) {
          pro->Let(GetRef<Var>(v), cast(s.dtype(), actual));
          (*bound_at)[v] = field;
          continue;
        }
      }
      pro->Assert(cast(i64, s) == actual, "ValueError",
                  "argument " + field + " has an unexpected value: expected %lld, got %lld",
                  {s, actual});
    }
  }

  PrimExpr byte_offset = StructGet(i64, handle, 0, kArrByteOffset);
  PrimExpr elem_offset = buf->elem_offset;
  const auto* ev = elem_offset.defined() ? elem_offset.as<VarNode>() : nullptr;
  if (ev != nullptr && !bound_at->count(ev)) {
    int elem_bytes = dt.bytes() * dt.lanes();
    pro->Assert(truncmod(byte_offset, make_const(i64, elem_bytes)) == make_const(i64, 0),
                "ValueError",
                "argument " + name + ".byte_offset has an unexpected value: expected a multiple "
                "of the element size " + std::to_string(elem_bytes) + ", got %lld",
                {byte_offset});
    pro->Let(GetRef<Var>(ev),
             cast(elem_offset.dtype(), truncdiv(byte_offset, make_const(i64, elem_bytes))));
    (*bound_at)[ev] = name + ".elem_offset";
    if (buf->offset_factor > 1) {
      pro->Assert(truncmod(elem_offset, make_const(elem_offset.dtype(), buf->offset_factor)) ==
                      make_const(elem_offset.dtype(), 0),
                  "ValueError",
                  "argument " + name + ".elem_offset has an unexpected value: expected a "
                  "multiple of " + std::to_string(buf->offset_factor) + ", got %lld",
                  {elem_offset});
    }
  } else {
    PrimExpr expected = elem_offset.defined() ? cast(i64, elem_offset) * dt.bytes()
                                              : make_const(i64, 0);
    pro->Assert(byte_offset == expected, "ValueError",
                "argument " + name + ".byte_offset has an unexpected value: expected %lld, got "
                "%lld",
                {expected, byte_offset});
  }

  PrimExpr dev_type = StructGet(i32, handle, 0, kArrDeviceType);
  pro->Assert(dev_type == make_const(i32, device_type), "ValueError",
              "argument " + name + ".device_type has an unexpected value: expected " +
                  std::to_string(device_type) + ", got %lld",
              {dev_type});

  pro->Let(buf->data, StructGet(DataType::Handle(), handle, 0, kArrData));
  if (buf->data_alignment > 1 && device_type == kDLCPU) {
    // Generated code may assume the declared alignment (vector loads, the buffer's contract).
    // A device array's data is a handle (an OpenCL cl_mem, ...), not an address to check.
    PrimExpr misalignment =
        truncmod(reinterpret(i64, buf->data), make_const(i64, buf->data_alignment));
    pro->Assert(misalignment == make_const(i64, 0), "ValueError",
                "argument " + name + ".data is misaligned: expected an address aligned to " +
                    std::to_string(buf->data_alignment) +
                    " bytes, got one %lld bytes past an aligned address",
                {misalignment});
  }
}

}  // namespace

PrimFunc MakePackedAPI(PrimFunc func) {
  if (func->GetAttr<Integer>("calling_conv").value_or(Integer(0)).IntValue() == kCPackedFunc) {
    return func;
  }
  std::string fname =
      func->GetAttr<String>(tvm::attr::kGlobalSymbol).value_or(String("default_function"));
  // SplitHostDevice marks the host side of a GPU function: its arrays live on that device.
  int device_type = static_cast<int>(
      func->GetAttr<Integer>("tir.device_type").value_or(Integer(kDLCPU))->value);
  const DataType i32 = DataType::Int(32), i64 = DataType::Int(64);

  Var args = HandleVar("args", i64);
  Var arg_type_ids = HandleVar("arg_type_ids", i32);
  Var num_args("num_args", i32);
  Var out_ret_value = HandleVar("out_ret_value", i64);
  Var out_ret_tcode = HandleVar("out_ret_tcode", i32);
  Var resource_handle("resource_handle", DataType::Handle());

  const int n = static_cast<int>(func->params.size());
  Prologue pro(fname);
  pro.Assert(num_args == make_const(i32, n), "TypeError",
             "expected " + std::to_string(n) + " arguments, got %lld", {num_args});
  Buffer tcodes = ArrayView(arg_type_ids, i32, num_args, "arg_type_ids");

  std::vector<std::pair<Buffer, Var>> buffers;
  for (int i = 0; i < n; ++i) {
    Var param = func->params[i];
    std::string pname = param->name_hint;
    Var tcode(pname + "_type_code", i32);
    pro.Let(tcode, BufferLoad(tcodes, {make_const(i32, i)}));
    std::string arg = "argument " + std::to_string(i) + " (" + pname + ") ";
    Optional<Buffer> buf = func->buffer_map.Get(param);
    DataType t = param.dtype();
    if (buf) {
      pro.Assert(tcode == make_const(i32, kTVMNDArrayHandle) ||
                     tcode == make_const(i32, kTVMDLTensorHandle),
                 "TypeError",
                 arg + "expected an NDArray or DLTensor, got type code %lld", {tcode});
      Var handle(pname + "_handle", DataType::Handle());
      pro.Let(handle, StructGet(DataType::Handle(), args, i, kTVMValueContent));
      buffers.push_back({buf.value(), handle});
    } else if (t.is_handle()) {
      pro.Assert(tcode == make_const(i32, kTVMOpaqueHandle) ||
                     tcode == make_const(i32, kTVMNullptr) ||
                     tcode == make_const(i32, kTVMNDArrayHandle) ||
                     tcode == make_const(i32, kTVMDLTensorHandle),
                 "TypeError", arg + "expected a handle, got type code %lld", {tcode});
      pro.Let(param, StructGet(DataType::Handle(), args, i, kTVMValueContent));
    } else if (t.is_float()) {
      pro.Assert(tcode == make_const(i32, kDLFloat), "TypeError",
                 arg + "expected a float, got type code %lld", {tcode});
      pro.Let(param, cast(t, StructGet(DataType::Float(64), args, i, kTVMValueContent)));
    } else {
      pro.Assert(tcode == make_const(i32, kDLInt), "TypeError",
                 arg + "expected an int, got type code %lld", {tcode});
      pro.Let(param, cast(t, StructGet(i64, args, i, kTVMValueContent)));
    }
  }
  std::unordered_map<const VarNode*, std::string> bound_at;
  for (const auto& b : buffers) BindBuffer(&pro, b.first, b.second, device_type, &bound_at);

  Stmt body = func->body;
  if (device_type != kDLCPU && !buffers.empty()) {
    // Kernels launch on the device of the arrays: make it current for this thread first.
    PrimExpr dev_id = StructGet(i32, buffers[0].second, 0, kArrDeviceId);
    Stmt set_device = Evaluate(Call(i32, builtin::tvm_call_packed(),
                                    {StringImm("__tvm_set_device"),
                                     make_const(i32, device_type), dev_id}));
    // Global buffers the host part allocates (intermediates between kernels) live on that
    // device too: the code generator allocates them from the device's workspace.
    body = AttrStmt(make_const(i32, device_type), "device_alloc_scope", dev_id, body);
    body = SeqStmt({set_device, body});
  }
  auto node = make_object<PrimFuncNode>(*func.get());
  node->params = {args, arg_type_ids, num_args, out_ret_value, out_ret_tcode, resource_handle};
  node->body = pro.Wrap(body);
  node->buffer_map = Map<Var, Buffer>();
  node->ret_type = PrimType(i32);
  PrimFunc result(node);
  result = WithAttr(result, "calling_conv", Integer(kCPackedFunc));
  return WithAttr(result, tvm::attr::kGlobalSymbol, String(fname));
}

namespace transform {

tvm::transform::Pass MakePackedAPI() {
  auto fpass = [](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out = IRModule::Empty();
    for (const GlobalVar& gv : mod->GetGlobalVars()) {
      BaseFunc f = mod->Lookup(gv);
      if (const auto* pf = f.as<PrimFuncNode>()) {
        PrimFunc func = GetRef<PrimFunc>(pf);
        if (!func->GetAttr<String>(tvm::attr::kGlobalSymbol)) {
          func = WithAttr(func, tvm::attr::kGlobalSymbol, String(gv->name_hint));
        }
        f = tir::MakePackedAPI(func);
      }
      out->Add(gv, f);
    }
    return out;
  };
  return tvm::transform::CreateModulePass(fpass, 0, "tir.MakePackedAPI", {});
}

TVM_REGISTER_GLOBAL("tir.transform.MakePackedAPI").set_body_typed(MakePackedAPI);

}  // namespace transform

TVM_REGISTER_GLOBAL("tir.transform.MakePackedAPIFunc").set_body_typed([](PrimFunc f) {
  return MakePackedAPI(f);
});

}  // namespace tir
}  // namespace tvm
