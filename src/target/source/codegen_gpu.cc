/*!
 * \file codegen_gpu.cc
 * \brief CodeGenGPU (see codegen_gpu.h).
 */
#include "codegen_gpu.h"

#include <tvm/tir/builtin.h>
#include <tvm/tir/op.h>

#include <cmath>
#include <cstdio>

namespace tvm {
namespace codegen {

using namespace tir;  // NOLINT(*)

void CodeGenGPU::AddKernel(const PrimFunc& f) {
  std::string name = f->GetAttr<String>(tvm::attr::kGlobalSymbol).value();
  symbol_ = name;
  var_name_.clear();
  lane_array_.clear();
  name_count_.clear();
  elem_type_.clear();
  aligned_ptrs_.clear();
  PostOrderVisit(f->body, [&](const ObjectRef& n) {
    const BufferNode* b = nullptr;
    if (const auto* l = n.as<BufferLoadNode>()) b = l->buffer.get();
    if (const auto* s = n.as<BufferStoreNode>()) b = s->buffer.get();
    if (b != nullptr) elem_type_.emplace(b->data.get(), b->dtype);
  });
  std::ostringstream header, shared, body;
  header << KernelPrefix(f) << " " << name << "(";
  std::string arg_types;
  for (size_t i = 0; i < f->params.size(); ++i) {
    const Var& p = f->params[i];
    std::string pname = BindVar(p);
    header << (i ? ", " : "");
    std::ostringstream dt;
    dt << p.dtype();
    arg_types += (i ? "," : "") + dt.str();
    if (p.dtype().is_handle()) {
      auto it = elem_type_.find(p.get());
      if (it == elem_type_.end()) {
        DataType elem = DataType::Float(32);
        if (const auto* ptr = p->type_annotation.as<PointerTypeNode>()) {
          if (const auto* prim = ptr->element_type.as<PrimTypeNode>()) elem = prim->dtype;
        }
        it = elem_type_.emplace(p.get(), elem).first;
      }
      header << GlobalPointer(TypeName(it->second)) << " " << pname;
      aligned_ptrs_.insert(p.get());
    } else {
      header << TypeName(p.dtype()) << " " << pname;
    }
  }
  header << ") {\n";
  std::string tags;
  if (auto launch = f->GetAttr<Array<String>>("tir.kernel_launch_params")) {
    for (size_t i = 0; i < launch.value().size(); ++i) {
      tags += (i ? "," : "") + std::string(launch.value()[i]);
    }
  }
  kernel_info_ << name << ";" << arg_types << ";" << tags << "\n";

  stream_ = &body;
  shared_decls_ = &shared;
  indent_ = 1;
  VisitStmt(f->body);
  stream_ = nullptr;
  shared_decls_ = nullptr;
  body_ << header.str() << shared.str() << body.str() << "}\n\n";
}

std::string CodeGenGPU::Finish() {
  std::ostringstream os;
  PrintPrelude(os);
  os << decls_.str() << "\n" << body_.str();
  return os.str();
}

std::string CodeGenGPU::TypeName(DataType t) {
  if (t.is_float() && t.bits() == 16) {
    uses_half_ = true;
    return "half";
  }
  if (t.is_float() && t.bits() == 64) uses_double_ = true;
  if (t.is_handle()) {
    TVM_THROW(ValueError) << "a GPU kernel cannot hold an untyped pointer value (in " << symbol_
                          << ")";
  }
  return CodeGenC::TypeName(t);
}

void CodeGenGPU::VisitThreadExtent(const AttrStmtNode* op) {
  const auto* iv = op->node.as<IterVarNode>();
  ICHECK(iv) << "thread_extent must annotate an IterVar";
  if (op->attr_key == tir::attr::virtual_thread) {
    TVM_THROW(ValueError) << "kernel " << symbol_ << " uses virtual thread " << iv->thread_tag
                          << ", which this code generator does not support yet";
  }
  DataType t = iv->var.dtype();
  std::string index = ThreadIndex(iv->thread_tag);
  std::string name = BindVar(iv->var);
  Line() << TypeName(t) << " " << name << " = (" << TypeName(t) << ")" << index << ";\n";
  VisitStmt(op->body);
}

bool CodeGenGPU::PrintIntrinsic(const CallNode* op, const std::string& name, std::string* out) {
  if (name == "tvm_storage_sync") {
    const auto* scope = op->args.empty() ? nullptr : op->args[0].as<StringImmNode>();
    if (scope != nullptr && scope->value != "shared") {
      TVM_THROW(ValueError) << "kernel " << symbol_ << ": no barrier for storage scope '"
                            << scope->value << "' (only \"shared\")";
    }
    *out = Barrier();
    return true;
  }
  if (name == "tvm_call_packed" || name == "tvm_stack_make_array" ||
      name == "tvm_stack_make_shape" || name == "tvm_struct_get") {
    TVM_THROW(ValueError) << "kernel " << symbol_ << " calls " << name
                          << ", which only host code can do";
  }
  return CodeGenC::PrintIntrinsic(op, name, out);
}

std::string CodeGenGPU::ElemRef(const Buffer& buf, const Array<PrimExpr>& indices) {
  if (buf->dtype.lanes() != 1) {
    TVM_THROW(ValueError) << "GPU code generation does not support buffers of vector dtype "
                          << buf->dtype << " (" << buf->name << " in " << symbol_ << ")";
  }
  auto it = elem_type_.find(buf->data.get());
  if (it != elem_type_.end() && it->second != buf->dtype) {
    TVM_THROW(ValueError) << "kernel " << symbol_ << " accesses memory of buffer " << buf->name
                          << " both as " << it->second << " and as " << buf->dtype
                          << ", which GPU code generation does not support";
  }
  return Print(buf->data) + "[" + Print(FlatIndex(buf, indices)) + "]";
}

std::string CodeGenGPU::VisitExpr_(const FloatImmNode* op) {
  DataType t = op->dtype;
  double v = op->value;
  std::string s;
  if (std::isnan(v)) {
    s = "NAN";
  } else if (std::isinf(v)) {
    s = v > 0 ? "INFINITY" : "(-INFINITY)";
  } else {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%a", v);
    s = buf;
    // An unsuffixed literal is a double, which needs fp64 support on the
    // device.
    if (t.bits() != 64) s += "f";
  }
  return "((" + TypeName(t) + ")" + s + ")";
}

std::string CodeGenGPU::VisitExpr_(const MinNode* op) {
  if (!op->dtype.is_bool() && !(op->dtype.is_float() && op->dtype.bits() == 16)) {
    min_max_types_.insert(TypeName(op->dtype));
  }
  return CodeGenC::VisitExpr_(op);
}
std::string CodeGenGPU::VisitExpr_(const MaxNode* op) {
  if (!op->dtype.is_bool() && !(op->dtype.is_float() && op->dtype.bits() == 16)) {
    min_max_types_.insert(TypeName(op->dtype));
  }
  return CodeGenC::VisitExpr_(op);
}
// 32-bit index arithmetic stays 32-bit: a 64-bit division is a long software sequence on GPUs,
// and with a constant divisor the compiler turns the inlined 32-bit helper into a multiply.
std::string CodeGenGPU::VisitExpr_(const FloorDivNode* op) {
  uses_floor_div_ = true;
  if (op->dtype.is_int() && op->dtype.bits() == 32 && op->dtype.lanes() == 1) {
    return "tvmc_floordiv_i32(" + Print(op->a) + ", " + Print(op->b) + ")";
  }
  return CodeGenC::VisitExpr_(op);
}
std::string CodeGenGPU::VisitExpr_(const FloorModNode* op) {
  uses_floor_div_ = true;
  if (op->dtype.is_int() && op->dtype.bits() == 32 && op->dtype.lanes() == 1) {
    return "tvmc_floormod_i32(" + Print(op->a) + ", " + Print(op->b) + ")";
  }
  return CodeGenC::VisitExpr_(op);
}

void CodeGenGPU::PrintHelpers(std::ostream& os, const std::string& q) {
  if (uses_floor_div_) {
    os << q << " int64_t tvmc_floordiv(int64_t a, int64_t b) {\n"
       << "  int64_t q = a / b;\n  return (a % b != 0 && ((a < 0) != (b < 0))) "
          "? q - 1 : q;\n}\n"
       << q << " int64_t tvmc_floormod(int64_t a, int64_t b) {\n"
       << "  int64_t r = a % b;\n  return (r != 0 && ((r < 0) != (b < 0))) ? r "
          "+ b : r;\n}\n"
       << q << " int tvmc_floordiv_i32(int a, int b) {\n"
       << "  int q = a / b;\n  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;\n}\n"
       << q << " int tvmc_floormod_i32(int a, int b) {\n"
       << "  int r = a % b;\n  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;\n}\n";
  }
  for (const std::string& t : min_max_types_) {
    os << q << " " << t << " tvmc_min_" << t << "(" << t << " a, " << t
       << " b) { return a < b ? a : b; }\n";
    os << q << " " << t << " tvmc_max_" << t << "(" << t << " a, " << t
       << " b) { return a > b ? a : b; }\n";
  }
}

void CodeGenGPU::VisitStmt_(const AllocateNode* op) {
  std::string scope;
  if (const auto* ptr = op->buffer_var->type_annotation.as<PointerTypeNode>()) {
    scope = ptr->storage_scope;
  }
  int64_t count = op->ConstantAllocationSize();
  if (count <= 0) {
    TVM_THROW(ValueError) << "kernel " << symbol_ << " allocates " << op->buffer_var->name_hint
                          << " with a size that is not a positive constant, which a GPU kernel "
                          << "cannot do";
  }
  std::string elem = TypeName(op->dtype);
  std::string name = BindVar(op->buffer_var);
  elem_type_[op->buffer_var.get()] = op->dtype.element_of();
  std::string decl = elem + " " + name + "[" + std::to_string(count * op->dtype.lanes()) + "];\n";
  if (scope == "shared") {
    *shared_decls_ << "  " << SharedQualifier() << " " << decl;
    aligned_ptrs_.insert(op->buffer_var.get());
  } else if (scope.empty() || scope == "local" || scope == "global") {
    Line() << decl;
  } else {
    TVM_THROW(ValueError) << "kernel " << symbol_ << ": storage scope '" << scope << "' of "
                          << op->buffer_var->name_hint
                          << " is not supported (expected shared or local)";
  }
  VisitStmt(op->body);
}

void CodeGenGPU::VisitStmt_(const ForNode* op) {
  if (op->kind == ForKind::kParallel) {
    TVM_THROW(ValueError) << "kernel " << symbol_ << " has parallel loop "
                          << op->loop_var->name_hint
                          << ": inside a GPU kernel, bind the loop to a thread axis instead";
  }
  CodeGenC::VisitStmt_(op);
}

void CodeGenGPU::VisitStmt_(const EvaluateNode* op) {
  const auto* call = op->value.as<CallNode>();
  if (call != nullptr && call->op.same_as(builtin::tvm_storage_sync())) {
    std::string barrier;
    PrintIntrinsic(call, "tvm_storage_sync", &barrier);
    Line() << barrier << ";\n";
    return;
  }
  CodeGenC::VisitStmt_(op);
}

void CodeGenGPU::VisitStmt_(const AssertStmtNode* op) {
  // A kernel cannot report errors; the host checked the arguments before the
  // launch.
  VisitStmt(op->body);
}

}  // namespace codegen
}  // namespace tvm
