/*!
 * \file llvm_module.cc
 * \brief The "llvm" runtime Module: generated code kept as an LLVM module and an object file.
 *  Functions are served by JIT-linking the object file (ORC LLJIT), after wiring its
 *  `__tvm_module_ctx` and `__TVM*` pointers exactly as the shared-library loader does, so the
 *  same object code runs JIT-ed and, after export_library, as a .so.
 */
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <tvm/runtime/registry.h>

#include <fstream>
#include <mutex>

#include "../../runtime/library_module.h"
#include "codegen_llvm.h"

namespace tvm {
namespace codegen {

namespace {

std::string EmitToString(llvm::Module* m, llvm::TargetMachine* tm, llvm::CodeGenFileType kind) {
  llvm::SmallVector<char, 0> buf;
  llvm::raw_svector_ostream os(buf);
  llvm::legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, os, nullptr, kind)) {
    TVM_THROW(InternalError) << "LLVM cannot emit this file type for " << tm->getTargetTriple().str();
  }
  pm.run(*m);
  return std::string(buf.begin(), buf.end());
}

std::string Extension(const std::string& file) {
  auto dot = file.rfind('.');
  return dot == std::string::npos ? "" : file.substr(dot + 1);
}

}  // namespace

class LLVMModuleNode final : public runtime::ModuleNode {
 public:
  LLVMModuleNode(Target target, std::unique_ptr<llvm::LLVMContext> ctx,
                 std::unique_ptr<llvm::TargetMachine> tm, std::unique_ptr<llvm::Module> module,
                 std::string entry)
      : target_(target), ctx_(std::move(ctx)), tm_(std::move(tm)), module_(std::move(module)),
        entry_(std::move(entry)) {
    object_ = EmitToString(module_.get(), tm_.get(), llvm::CGFT_ObjectFile);
  }
  ~LLVMModuleNode() override {
    jit_.reset();
    module_.reset();
    tm_.reset();
    ctx_.reset();
  }

  const char* type_key() const final { return "llvm"; }
  bool IsDSOExportable() const final { return true; }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) final {
    if (name == runtime::symbol::tvm_module_main) {
      if (entry_.empty()) return PackedFunc();
      return GetFunction(entry_, sptr_to_self);
    }
    if (name == "get_entry_name") {
      std::string entry = entry_;
      return PackedFunc([entry](runtime::TVMArgs, runtime::TVMRetValue* rv) { *rv = entry; });
    }
    if (module_->getFunction(name) == nullptr ||
        module_->getFunction(name)->isDeclaration()) {
      return PackedFunc();
    }
    void* addr = Lookup(name);
    if (addr == nullptr) return PackedFunc();
    return runtime::WrapPackedCFunc(reinterpret_cast<TVMBackendPackedCFunc>(addr), sptr_to_self);
  }

  std::string GetSource(const std::string& format) final {
    if (format == "asm" || format == "s") {
      return EmitToString(module_.get(), tm_.get(), llvm::CGFT_AssemblyFile);
    }
    if (format == "" || format == "ll" || format == "llvm") {
      std::string s;
      llvm::raw_string_ostream os(s);
      module_->print(os, nullptr);
      return os.str();
    }
    TVM_THROW(ValueError) << "llvm module: unknown source format '" << format
                          << "' (expected \"ll\" or \"asm\")";
  }

  void SaveToFile(const std::string& file_name, const std::string& format) final {
    std::string fmt = format.empty() ? Extension(file_name) : format;
    std::string data;
    if (fmt == "o" || fmt == "obj") {
      data = object_;
    } else if (fmt == "ll") {
      data = GetSource("ll");
    } else if (fmt == "s" || fmt == "asm") {
      data = GetSource("asm");
    } else {
      TVM_THROW(ValueError) << "llvm module: cannot save '" << file_name << "' as format '" << fmt
                            << "' (expected o, ll or s)";
    }
    std::ofstream out(file_name, std::ios::binary);
    if (!out) TVM_THROW(ValueError) << "cannot open '" << file_name << "' for writing";
    out.write(data.data(), data.size());
  }

 private:
  void* Lookup(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    EnsureJIT();
    return LookupLocked(name);
  }
  void* LookupLocked(const std::string& name) {
    auto sym = jit_->lookup(name);
    if (!sym) {
      llvm::consumeError(sym.takeError());
      return nullptr;
    }
    return reinterpret_cast<void*>(static_cast<uintptr_t>(sym->getAddress()));
  }

  void EnsureJIT() {
    if (jit_) return;
    auto jtmb = llvm::orc::JITTargetMachineBuilder(tm_->getTargetTriple());
    jtmb.setCPU(tm_->getTargetCPU().str());
    jtmb.addFeatures(std::vector<std::string>{tm_->getTargetFeatureString().str()});
    jtmb.setRelocationModel(llvm::Reloc::PIC_);
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(jtmb)).create();
    if (!jit) {
      TVM_THROW(InternalError) << "cannot create the LLVM JIT: " << llvm::toString(jit.takeError());
    }
    jit_ = std::move(*jit);
    // Resolve libc/libm symbols (snprintf, expf, ...) from this process.
    auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
        jit_->getDataLayout().getGlobalPrefix());
    if (!gen) TVM_THROW(InternalError) << llvm::toString(gen.takeError());
    jit_->getMainJITDylib().addGenerator(std::move(*gen));
    auto buffer = llvm::MemoryBuffer::getMemBufferCopy(object_, "tvm_llvm_module.o");
    if (auto err = jit_->addObjectFile(std::move(buffer))) {
      TVM_THROW(InternalError) << "cannot JIT the generated object: " << llvm::toString(std::move(err));
    }
    runtime::InitLibraryContext([this](const char* name) { return LookupLocked(name); }, this);
  }

  Target target_;
  std::unique_ptr<llvm::LLVMContext> ctx_;
  std::unique_ptr<llvm::TargetMachine> tm_;
  std::unique_ptr<llvm::Module> module_;
  std::string entry_;
  std::string object_;
  std::mutex mutex_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

runtime::Module BuildLLVM(IRModule mod, Target target) {
  auto ctx = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::TargetMachine> tm = CreateTargetMachine(target);
  std::string entry;
  std::unique_ptr<llvm::Module> m = GenerateLLVMModule(mod, tm.get(), ctx.get(), &entry);
  auto n = make_object<LLVMModuleNode>(target, std::move(ctx), std::move(tm), std::move(m), entry);
  return runtime::Module(n);
}

TVM_REGISTER_GLOBAL("target.build.llvm").set_body_typed(BuildLLVM);
TVM_REGISTER_GLOBAL("target.llvm_host_cpu").set_body_typed([]() { return String(HostCPUName()); });
TVM_REGISTER_GLOBAL("target.llvm_host_cpu_features").set_body_typed([]() {
  return String(HostCPUFeatures());
});
TVM_REGISTER_GLOBAL("target.llvm_version_major").set_body_typed([]() {
  return static_cast<int64_t>(TVM_LLVM_VERSION);
});

}  // namespace codegen
}  // namespace tvm
