/*!
 * \file codegen_opencl.cc
 * \brief The OpenCL C 1.2 dialect of CodeGenGPU and target.build.opencl.
 *
 *  Kernels are `__kernel void`, pointers `__global T* restrict`, shared memory
 * `__local`, the barrier `barrier(CLK_LOCAL_MEM_FENCE)`, thread indices
 * get_group_id/get_local_id. Math calls use OpenCL's overloaded built-ins. The
 * source is compiled by the OpenCL driver when the module is first run on a
 * device (src/runtime/opencl).
 */
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>

#include <map>

#include "codegen_gpu.h"

namespace tvm {
namespace codegen {

using namespace tir;  // NOLINT(*)

class CodeGenOpenCL final : public CodeGenGPU {
 protected:
  /*!
   * A store of N lanes (N in 2, 3, 4, 8, 16) to consecutive elements whose
   * value is built from consecutive loads, broadcasts, arithmetic, min/max and
   * casts is printed with OpenCL vector types: vstoreN(vector expression, 0,
   * ptr + base), loads as vloadN. Other vector code is scalarized by CodeGenC.
   */
  void VisitStmt_(const BufferStoreNode* op) final {
    int lanes = op->value.dtype().lanes();
    const RampNode* ramp = op->indices.size() == 1 ? op->indices[0].as<RampNode>() : nullptr;
    if (lanes > 1 && IsVectorWidth(lanes) && ramp != nullptr && is_one(ramp->stride) &&
        op->buffer->dtype.lanes() == 1 &&
        (!op->buffer->elem_offset.defined() || is_zero(op->buffer->elem_offset)) &&
        CanVectorize(op->value)) {
      std::string value = PrintVector(op->value);
      std::string base = Print(ramp->base);
      Line() << "vstore" << lanes << "(" << value << ", 0, " << Print(op->buffer->data) << " + "
             << base << ");\n";
      return;
    }
    CodeGenGPU::VisitStmt_(op);
  }
  std::string KernelPrefix(const PrimFunc&) final { return "__kernel void"; }
  std::string GlobalPointer(const std::string& elem) final {
    return "__global " + elem + "* restrict";
  }
  std::string SharedQualifier() final { return "__local"; }
  std::string Barrier() final { return "barrier(CLK_LOCAL_MEM_FENCE)"; }
  std::string ThreadIndex(const std::string& tag) final {
    std::string dim = std::to_string(tag.back() - 'x');
    if (tag.rfind("blockIdx.", 0) == 0) return "get_group_id(" + dim + ")";
    if (tag.rfind("threadIdx.", 0) == 0) return "get_local_id(" + dim + ")";
    TVM_THROW(ValueError) << "kernel " << symbol_ << ": unknown thread tag " << tag;
  }
  std::string MathCall(DataType t, const std::string& name,
                       const std::vector<std::string>& args) final {
    std::string joined;
    for (size_t i = 0; i < args.size(); ++i) joined += (i ? ", " : "") + args[i];
    return (name == "nearbyint" ? std::string("rint") : name) + "(" + joined + ")";
  }
  static bool IsVectorWidth(int n) { return n == 2 || n == 3 || n == 4 || n == 8 || n == 16; }

  /*! \brief The OpenCL vector type of `t` ("float4", "int8"). */
  std::string VectorType(DataType t) {
    static const std::map<std::pair<int, int>, std::string> names = {
        {{kDLInt, 8}, "char"},     {{kDLInt, 16}, "short"},   {{kDLInt, 32}, "int"},
        {{kDLInt, 64}, "long"},    {{kDLUInt, 8}, "uchar"},   {{kDLUInt, 16}, "ushort"},
        {{kDLUInt, 32}, "uint"},   {{kDLUInt, 64}, "ulong"},  {{kDLFloat, 16}, "half"},
        {{kDLFloat, 32}, "float"}, {{kDLFloat, 64}, "double"}};
    auto it = names.find({t.code(), t.bits()});
    ICHECK(it != names.end()) << "no OpenCL vector type for " << t;
    TypeName(t.element_of());  // records fp16/fp64 use for the prelude
    return it->second + std::to_string(t.lanes());
  }

  bool CanVectorize(const PrimExpr& e) {
    DataType t = e.dtype();
    if (!IsVectorWidth(t.lanes()) || t.is_bool() || t.is_handle()) return false;
    if (t.code() != kDLInt && t.code() != kDLUInt && t.code() != kDLFloat) return false;
    if (const auto* load = e.as<BufferLoadNode>()) {
      const RampNode* r = load->indices.size() == 1 ? load->indices[0].as<RampNode>() : nullptr;
      return r != nullptr && is_one(r->stride) && load->buffer->dtype.lanes() == 1 &&
             (!load->buffer->elem_offset.defined() || is_zero(load->buffer->elem_offset));
    }
    if (const auto* b = e.as<BroadcastNode>()) return b->value.dtype().lanes() == 1;
    if (const auto* c = e.as<CastNode>()) return CanVectorize(c->value);
    auto binary = [&](const PrimExpr& a, const PrimExpr& b) {
      return CanVectorize(a) && CanVectorize(b);
    };
    if (const auto* n = e.as<AddNode>()) return binary(n->a, n->b);
    if (const auto* n = e.as<SubNode>()) return binary(n->a, n->b);
    if (const auto* n = e.as<MulNode>()) return binary(n->a, n->b);
    if (const auto* n = e.as<DivNode>()) return t.is_float() && binary(n->a, n->b);
    if (const auto* n = e.as<MinNode>()) return binary(n->a, n->b);
    if (const auto* n = e.as<MaxNode>()) return binary(n->a, n->b);
    return false;
  }

  std::string PrintVector(const PrimExpr& e) {
    DataType t = e.dtype();
    std::string n = std::to_string(t.lanes());
    if (const auto* load = e.as<BufferLoadNode>()) {
      const auto* r = load->indices[0].as<RampNode>();
      return "vload" + n + "(0, " + Print(load->buffer->data) + " + " + Print(r->base) + ")";
    }
    if (const auto* b = e.as<BroadcastNode>()) {
      return "((" + VectorType(t) + ")(" + Print(b->value) + "))";
    }
    if (const auto* c = e.as<CastNode>()) {
      return "convert_" + VectorType(t) + "(" + PrintVector(c->value) + ")";
    }
    auto bin = [&](const PrimExpr& a, const PrimExpr& b, const char* op) {
      return "(" + PrintVector(a) + " " + op + " " + PrintVector(b) + ")";
    };
    auto call = [&](const PrimExpr& a, const PrimExpr& b, const std::string& f) {
      return f + "(" + PrintVector(a) + ", " + PrintVector(b) + ")";
    };
    if (const auto* x = e.as<AddNode>()) return bin(x->a, x->b, "+");
    if (const auto* x = e.as<SubNode>()) return bin(x->a, x->b, "-");
    if (const auto* x = e.as<MulNode>()) return bin(x->a, x->b, "*");
    if (const auto* x = e.as<DivNode>()) return bin(x->a, x->b, "/");
    if (const auto* x = e.as<MinNode>()) return call(x->a, x->b, t.is_float() ? "fmin" : "min");
    if (const auto* x = e.as<MaxNode>()) return call(x->a, x->b, t.is_float() ? "fmax" : "max");
    TVM_THROW(InternalError) << "PrintVector: unexpected " << e->GetTypeKey();
  }

  void PrintPrelude(std::ostream& os) final {
    os << "// Generated by the TVM OpenCL source backend (OpenCL C 1.2).\n";
    if (uses_half_) os << "#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n";
    if (uses_double_) os << "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
    os << "typedef char int8_t;\ntypedef short int16_t;\ntypedef int int32_t;\n"
          "typedef long int64_t;\ntypedef uchar uint8_t;\ntypedef ushort "
          "uint16_t;\n"
          "typedef uint uint32_t;\ntypedef ulong uint64_t;\n";
    PrintHelpers(os, "static inline");
    os << "\n";
  }
};

namespace {

runtime::Module BuildOpenCL(IRModule mod, Target target) {
  CodeGenOpenCL cg;
  for (const GlobalVar& gv : mod->GetGlobalVars()) {
    const auto* f = mod->Lookup(gv).as<PrimFuncNode>();
    if (f == nullptr) continue;
    ICHECK_EQ(f->GetAttr<Integer>("calling_conv").value_or(Integer(0))->value, 2)
        << "target.build.opencl expects device kernels (run SplitHostDevice "
           "first): "
        << gv->name_hint;
    cg.AddKernel(GetRef<PrimFunc>(f));
  }
  std::string code = cg.Finish();
  const runtime::PackedFunc* create = runtime::Registry::Get("runtime.module.create_opencl");
  if (create == nullptr) {
    TVM_THROW(ValueError) << "target opencl: this build has no OpenCL runtime (USE_OPENCL=OFF)";
  }
  return (*create)(code, cg.KernelInfo());
}

}  // namespace

TVM_REGISTER_GLOBAL("target.build.opencl").set_body_typed(BuildOpenCL);

}  // namespace codegen
}  // namespace tvm
