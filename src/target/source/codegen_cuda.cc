/*!
 * \file codegen_cuda.cc
 * \brief The CUDA C dialect of CodeGenGPU and target.build.cuda.
 *
 *  Kernels are `extern "C" __global__ void __launch_bounds__(threads)`, shared
 * memory
 * `__shared__`, the barrier `__syncthreads()`, fp16 `half` from cuda_fp16.h.
 * The source is compiled to PTX at build time: by the Python hook
 * `tvm_callback_cuda_compile` when one is registered (tvm.contrib.nvcc), else
 * by NVRTC, loaded with dlopen (libnvrtc), so that libtvm needs no CUDA library
 * to link or to load.
 */
#include <dlfcn.h>
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <map>
#include <mutex>
#include <unordered_map>

#include "codegen_gpu.h"

namespace tvm {
namespace codegen {

using namespace tir;  // NOLINT(*)

class CodeGenCUDA final : public CodeGenGPU {
 protected:
  std::string KernelPrefix(const PrimFunc& f) final {
    std::map<std::string, int64_t> threads;
    PostOrderVisit(f->body, [&](const ObjectRef& n) {
      const auto* a = n.as<AttrStmtNode>();
      if (a == nullptr || a->attr_key != tir::attr::thread_extent) return;
      const auto* iv = a->node.as<IterVarNode>();
      const auto* ext = a->value.as<IntImmNode>();
      if (iv && ext && iv->thread_tag.operator std::string().rfind("threadIdx.", 0) == 0) {
        threads[iv->thread_tag] = ext->value;
      }
    });
    int64_t total = 1;
    for (const auto& kv : threads) total *= kv.second;
    return "extern \"C\" __global__ void __launch_bounds__(" + std::to_string(total) + ")";
  }
  std::string GlobalPointer(const std::string& elem) final { return elem + "* __restrict__"; }
  std::string SharedQualifier() final { return "__shared__ __align__(16)"; }
  /*! CUDA's device intrinsics (`__shfl_down_sync`, `__ldg`, ...) are declared by NVRTC/nvcc. */
  bool NeedsExternPrototype(const std::string& name) final { return name.rfind("__", 0) != 0; }

  /*!
   * A store of 2 or 4 consecutive 32-bit lanes (2 for 64-bit) at an offset that
   * is a multiple of the lane count, into a kernel parameter or shared array,
   * whose value is built from such loads, broadcasts, arithmetic and min/max,
   * uses CUDA vector types for the memory accesses: `float4 v = *(const
   * float4*)(A + i); ... *(float4*)(C + i) = make_float4(...)`. The arithmetic
   * stays per component. Other vector code is scalarized by CodeGenC.
   */
  void VisitStmt_(const BufferStoreNode* op) final {
    DataType t = op->value.dtype();
    PrimExpr base;
    if (t.lanes() > 1 && VectorAccess(op->buffer, op->indices, t.lanes(), &base) &&
        Vectorizable(op->value)) {
      std::unordered_map<const Object*, std::string> temps;
      PostOrderVisit(op->value, [&](const ObjectRef& n) {
        if (temps.count(n.get())) return;
        if (const auto* load = n.as<BufferLoadNode>()) {
          if (load->dtype.lanes() == 1) return;
          PrimExpr b;
          VectorAccess(load->buffer, load->indices, load->dtype.lanes(), &b);
          std::string name = FreshName("vec");
          std::string vt = VectorType(load->dtype);
          Line() << vt << " " << name << " = *(const " << vt << "*)(" << Print(load->buffer->data)
                 << " + " << Print(b) << ");\n";
          temps[n.get()] = name;
        } else if (const auto* bc = n.as<BroadcastNode>()) {
          std::string name = FreshName("scalar");
          Line() << TypeName(bc->value.dtype()) << " " << name << " = " << Print(bc->value)
                 << ";\n";
          temps[n.get()] = name;
        }
      });
      std::string vt = VectorType(t);
      std::string parts;
      for (int i = 0; i < t.lanes(); ++i) {
        parts += (i ? ", " : "") + Lane(op->value, i, temps);
      }
      Line() << "*(" << vt << "*)(" << Print(op->buffer->data) << " + " << Print(base)
             << ") = make_" << vt << "(" << parts << ");\n";
      return;
    }
    CodeGenGPU::VisitStmt_(op);
  }

  std::string VectorType(DataType t) {
    std::string elem =
        t.is_float() ? (t.bits() == 64 ? "double" : "float") : (t.is_uint() ? "uint" : "int");
    return elem + std::to_string(t.lanes());
  }

  bool VectorAccess(const Buffer& buf, const Array<PrimExpr>& indices, int lanes, PrimExpr* base) {
    DataType t = buf->dtype;
    bool type_ok = t.lanes() == 1 && !t.is_bool() &&
                   ((t.bits() == 32 && (lanes == 2 || lanes == 4) &&
                     (t.is_float() || t.is_int() || t.is_uint())) ||
                    (t.bits() == 64 && t.is_float() && lanes == 2));
    const RampNode* ramp = indices.size() == 1 ? indices[0].as<RampNode>() : nullptr;
    if (!type_ok || ramp == nullptr || !is_one(ramp->stride) ||
        !aligned_ptrs_.count(buf->data.get()) ||
        (buf->elem_offset.defined() && !is_zero(buf->elem_offset))) {
      return false;
    }
    arith::ModularSet m = analyzer_.modular_set(ramp->base);
    if (m->coeff % lanes != 0 || m->base % lanes != 0) return false;
    *base = ramp->base;
    return true;
  }

  bool Vectorizable(const PrimExpr& e) {
    if (const auto* load = e.as<BufferLoadNode>()) {
      PrimExpr b;
      return load->dtype.lanes() == 1 ||
             VectorAccess(load->buffer, load->indices, load->dtype.lanes(), &b);
    }
    if (e.dtype().lanes() == 1) return false;
    if (e.as<BroadcastNode>()) return true;
    auto both = [&](const PrimExpr& a, const PrimExpr& b) {
      return Vectorizable(a) && Vectorizable(b);
    };
    if (const auto* n = e.as<AddNode>()) return both(n->a, n->b);
    if (const auto* n = e.as<SubNode>()) return both(n->a, n->b);
    if (const auto* n = e.as<MulNode>()) return both(n->a, n->b);
    if (const auto* n = e.as<DivNode>()) return e.dtype().is_float() && both(n->a, n->b);
    if (const auto* n = e.as<MinNode>()) return both(n->a, n->b);
    if (const auto* n = e.as<MaxNode>()) return both(n->a, n->b);
    return false;
  }

  /*! \brief Component `i` of the vector expression `e` (loads and broadcasts
   * hoisted). */
  std::string Lane(const PrimExpr& e, int i,
                   const std::unordered_map<const Object*, std::string>& temps) {
    auto it = temps.find(e.get());
    if (it != temps.end()) {
      if (e.as<BroadcastNode>()) return it->second;
      return it->second + "." + std::string(1, "xyzw"[i]);
    }
    auto bin = [&](const PrimExpr& a, const PrimExpr& b, const char* op) {
      return "(" + Lane(a, i, temps) + " " + op + " " + Lane(b, i, temps) + ")";
    };
    auto minmax = [&](const PrimExpr& a, const PrimExpr& b, const char* which) {
      std::string ty = TypeName(e.dtype().element_of());
      min_max_types_.insert(ty);
      return std::string("tvmc_") + which + "_" + ty + "(" + Lane(a, i, temps) + ", " +
             Lane(b, i, temps) + ")";
    };
    if (const auto* n = e.as<AddNode>()) return bin(n->a, n->b, "+");
    if (const auto* n = e.as<SubNode>()) return bin(n->a, n->b, "-");
    if (const auto* n = e.as<MulNode>()) return bin(n->a, n->b, "*");
    if (const auto* n = e.as<DivNode>()) return bin(n->a, n->b, "/");
    if (const auto* n = e.as<MinNode>()) return minmax(n->a, n->b, "min");
    if (const auto* n = e.as<MaxNode>()) return minmax(n->a, n->b, "max");
    TVM_THROW(InternalError) << "CUDA vector lane of " << e->GetTypeKey();
  }

  arith::Analyzer analyzer_;
  std::string Barrier() final { return "__syncthreads()"; }
  std::string ThreadIndex(const std::string& tag) final {
    if (tag.rfind("blockIdx.", 0) == 0 || tag.rfind("threadIdx.", 0) == 0) return tag;
    TVM_THROW(ValueError) << "kernel " << symbol_ << ": unknown thread tag " << tag;
  }
  std::string MathCall(DataType t, const std::string& name,
                       const std::vector<std::string>& args) final {
    std::string joined;
    for (size_t i = 0; i < args.size(); ++i) {
      joined += (i ? ", " : "") + (t.bits() == 16 ? "(float)" + args[i] : args[i]);
    }
    if (t.bits() == 64) return name + "(" + joined + ")";
    std::string call = name + "f(" + joined + ")";
    return t.bits() == 16 ? "((half)" + call + ")" : call;
  }
  void PrintPrelude(std::ostream& os) final {
    os << "// Generated by the TVM CUDA source backend.\n";
    if (uses_half_) os << "#include <cuda_fp16.h>\n";
    os << "#if defined(__CUDACC_RTC__)\n"
          "typedef signed char int8_t;\ntypedef short int16_t;\ntypedef int "
          "int32_t;\n"
          "typedef long long int64_t;\ntypedef unsigned char uint8_t;\n"
          "typedef unsigned short uint16_t;\ntypedef unsigned int uint32_t;\n"
          "typedef unsigned long long uint64_t;\n"
          "#else\n#include <stdint.h>\n#endif\n"
          "#ifndef INFINITY\n#define INFINITY "
          "__int_as_float(0x7f800000)\n#endif\n"
          "#ifndef NAN\n#define NAN __int_as_float(0x7fffffff)\n#endif\n";
    PrintHelpers(os, "static __device__ __forceinline__");
    os << "\n";
  }
};

namespace {

// The NVRTC entry points we use (nvrtc.h), resolved from libnvrtc with dlopen.
using nvrtcProgram = void*;
struct NVRTC {
  const char* (*GetErrorString)(int);
  int (*CreateProgram)(nvrtcProgram*, const char*, const char*, int, const char* const*,
                       const char* const*);
  int (*CompileProgram)(nvrtcProgram, int, const char* const*);
  int (*GetProgramLogSize)(nvrtcProgram, size_t*);
  int (*GetProgramLog)(nvrtcProgram, char*);
  int (*GetPTXSize)(nvrtcProgram, size_t*);
  int (*GetPTX)(nvrtcProgram, char*);
  int (*DestroyProgram)(nvrtcProgram*);
};

const NVRTC* LoadNVRTC(std::string* tried) {
  static std::mutex mu;
  static NVRTC api;
  static bool loaded = false;
  std::lock_guard<std::mutex> lock(mu);
  if (loaded) return &api;
  std::vector<std::string> names = {"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12",
                                    "libnvrtc.so.11.2"};
  for (const char* dir : {"/usr/local/cuda/lib64/", "/usr/local/cuda/lib/"}) {
    for (const char* n : {"libnvrtc.so"}) names.push_back(std::string(dir) + n);
  }
  void* lib = nullptr;
  for (const std::string& n : names) {
    *tried += (tried->empty() ? "" : ", ") + n;
    lib = dlopen(n.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib != nullptr) break;
  }
  if (lib == nullptr) return nullptr;
  auto sym = [&](const char* name) {
    void* p = dlsym(lib, name);
    if (p == nullptr) TVM_THROW(ValueError) << "libnvrtc lacks the symbol " << name;
    return p;
  };
  api.GetErrorString = reinterpret_cast<decltype(api.GetErrorString)>(sym("nvrtcGetErrorString"));
  api.CreateProgram = reinterpret_cast<decltype(api.CreateProgram)>(sym("nvrtcCreateProgram"));
  api.CompileProgram = reinterpret_cast<decltype(api.CompileProgram)>(sym("nvrtcCompileProgram"));
  api.GetProgramLogSize =
      reinterpret_cast<decltype(api.GetProgramLogSize)>(sym("nvrtcGetProgramLogSize"));
  api.GetProgramLog = reinterpret_cast<decltype(api.GetProgramLog)>(sym("nvrtcGetProgramLog"));
  api.GetPTXSize = reinterpret_cast<decltype(api.GetPTXSize)>(sym("nvrtcGetPTXSize"));
  api.GetPTX = reinterpret_cast<decltype(api.GetPTX)>(sym("nvrtcGetPTX"));
  api.DestroyProgram = reinterpret_cast<decltype(api.DestroyProgram)>(sym("nvrtcDestroyProgram"));
  loaded = true;
  return &api;
}

/*! \brief "sm_80" from the target's -arch (default sm_80), as NVRTC's
 * compute_80. */
std::string ComputeArch(const Target& target) {
  std::string arch = target->GetStr("arch", "sm_80");
  if (arch.rfind("sm_", 0) == 0) return "compute_" + arch.substr(3);
  return arch;
}

std::string CompileWithNVRTC(const std::string& code, const Target& target) {
  std::string tried;
  const NVRTC* api = LoadNVRTC(&tried);
  if (api == nullptr) {
    TVM_THROW(ValueError) << "target cuda: cannot compile the generated CUDA source: NVRTC "
                          << "(libnvrtc) was not found (tried " << tried << "); install the CUDA "
                          << "toolkit or register tvm_callback_cuda_compile (tvm.contrib.nvcc)";
  }
  nvrtcProgram prog = nullptr;
  if (int rc = api->CreateProgram(&prog, code.c_str(), "tvm_kernels.cu", 0, nullptr, nullptr)) {
    TVM_THROW(InternalError) << "nvrtcCreateProgram failed: " << api->GetErrorString(rc);
  }
  std::vector<std::string> opts = {"--gpu-architecture=" + ComputeArch(target), "-default-device"};
  for (const char* inc : {"/usr/local/cuda/include"}) opts.push_back(std::string("-I") + inc);
  std::vector<const char*> copts;
  for (const auto& o : opts) copts.push_back(o.c_str());
  int rc = api->CompileProgram(prog, static_cast<int>(copts.size()), copts.data());
  size_t log_size = 0;
  api->GetProgramLogSize(prog, &log_size);
  std::string log(log_size, '\0');
  if (log_size > 0) api->GetProgramLog(prog, &log[0]);
  if (rc != 0) {
    api->DestroyProgram(&prog);
    TVM_THROW(ValueError) << "NVRTC failed to compile the generated CUDA source ("
                          << api->GetErrorString(rc) << "):\n"
                          << log << "\nsource:\n"
                          << code;
  }
  size_t ptx_size = 0;
  api->GetPTXSize(prog, &ptx_size);
  std::string ptx(ptx_size, '\0');
  api->GetPTX(prog, &ptx[0]);
  api->DestroyProgram(&prog);
  while (!ptx.empty() && ptx.back() == '\0') ptx.pop_back();
  return ptx;
}

runtime::Module BuildCUDA(IRModule mod, Target target) {
  CodeGenCUDA cg;
  for (const GlobalVar& gv : mod->GetGlobalVars()) {
    const auto* f = mod->Lookup(gv).as<PrimFuncNode>();
    if (f == nullptr) continue;
    ICHECK_EQ(f->GetAttr<Integer>("calling_conv").value_or(Integer(0))->value, 2)
        << "target.build.cuda expects device kernels (run SplitHostDevice "
           "first): "
        << gv->name_hint;
    cg.AddKernel(GetRef<PrimFunc>(f));
  }
  std::string code = cg.Finish();
  std::string ptx;
  if (const auto* hook = runtime::Registry::Get("tvm_callback_cuda_compile")) {
    ptx = (*hook)(code, target).operator std::string();
  } else {
    ptx = CompileWithNVRTC(code, target);
  }
  const runtime::PackedFunc* create = runtime::Registry::Get("runtime.module.create_cuda");
  if (create == nullptr) {
    TVM_THROW(ValueError) << "target cuda: this build has no CUDA runtime (USE_CUDA=OFF)";
  }
  return (*create)(ptx, std::string("ptx"), cg.KernelInfo(), code);
}

}  // namespace

TVM_REGISTER_GLOBAL("target.build.cuda").set_body_typed(BuildCUDA);
TVM_REGISTER_GLOBAL("target.cuda.source").set_body_typed([](IRModule mod) {
  CodeGenCUDA cg;
  for (const GlobalVar& gv : mod->GetGlobalVars()) {
    if (const auto* f = mod->Lookup(gv).as<PrimFuncNode>()) cg.AddKernel(GetRef<PrimFunc>(f));
  }
  return cg.Finish();
});

}  // namespace codegen
}  // namespace tvm
