/*!
 * \file dso_library.cc
 * \brief Loading a compiled shared library ("x.so") as a Module.
 */
#include <dlfcn.h>
#include <elf.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <cstring>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "file_utils.h"
#include "graph_executor/graph_executor_factory.h"
#include "library_module.h"

namespace tvm {
namespace runtime {

namespace {

/*!
 * \brief Refuse an ELF file whose loadable segments extend past its end.
 *
 * dlopen maps segments without comparing them with the file size, so a truncated library
 * loads "successfully" and the first touch of a page beyond the end kills the process with
 * SIGBUS. Files that are not native ELF are left to dlopen, which rejects them cleanly.
 */
template <typename Ehdr, typename Phdr>
void CheckSegmentsInFile(std::ifstream& in, const std::string& path, uint64_t file_size) {
  Ehdr eh;
  if (!in.seekg(0).read(reinterpret_cast<char*>(&eh), sizeof(eh))) return;
  if (eh.e_phentsize != sizeof(Phdr)) return;
  auto truncated = [&](uint64_t needed) {
    TVM_THROW(ValueError) << "cannot load module '" << path << "' as a shared library: the file is "
                          << "truncated (it has " << file_size << " bytes, its ELF headers say "
                          << needed << ")";
  };
  uint64_t ph_end = static_cast<uint64_t>(eh.e_phoff) + uint64_t{eh.e_phnum} * sizeof(Phdr);
  if (ph_end > file_size) truncated(ph_end);
  for (int i = 0; i < eh.e_phnum; ++i) {
    Phdr ph;
    if (!in.seekg(eh.e_phoff + i * sizeof(Phdr)).read(reinterpret_cast<char*>(&ph), sizeof(ph))) {
      truncated(ph_end);
    }
    uint64_t seg_end = static_cast<uint64_t>(ph.p_offset) + ph.p_filesz;
    if (ph.p_type == PT_LOAD && seg_end > file_size) truncated(seg_end);
  }
}

void CheckElfSegments(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return;
  uint64_t file_size = static_cast<uint64_t>(in.tellg());
  unsigned char ident[EI_NIDENT];
  if (!in.seekg(0).read(reinterpret_cast<char*>(ident), EI_NIDENT)) return;
  constexpr unsigned char kNative =
      __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;
  if (std::memcmp(ident, ELFMAG, SELFMAG) != 0 || ident[EI_DATA] != kNative) return;
  if (ident[EI_CLASS] == ELFCLASS64) {
    CheckSegmentsInFile<Elf64_Ehdr, Elf64_Phdr>(in, path, file_size);
  } else if (ident[EI_CLASS] == ELFCLASS32) {
    CheckSegmentsInFile<Elf32_Ehdr, Elf32_Phdr>(in, path, file_size);
  }
}

const char* ElfMachineName(int machine) {
  switch (machine) {
    case EM_386:
      return "x86 (32-bit)";
    case EM_X86_64:
      return "x86-64";
    case EM_ARM:
      return "ARM (32-bit)";
    case EM_AARCH64:
      return "AArch64";
    case EM_RISCV:
      return "RISC-V";
    case EM_PPC64:
      return "PowerPC64";
    case EM_MIPS:
      return "MIPS";
    case EM_S390:
      return "S/390";
    default:
      return nullptr;
  }
}

#if defined(__x86_64__)
constexpr int kHostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr int kHostMachine = EM_AARCH64;
#elif defined(__i386__)
constexpr int kHostMachine = EM_386;
#elif defined(__arm__)
constexpr int kHostMachine = EM_ARM;
#elif defined(__riscv)
constexpr int kHostMachine = EM_RISCV;
#elif defined(__powerpc64__)
constexpr int kHostMachine = EM_PPC64;
#else
constexpr int kHostMachine = -1;  // unknown: left to dlopen
#endif

/*!
 * \brief Refuse an ELF library built for another machine (a model.so cross-compiled for an
 *  AArch64 board, a 32-bit build, ...), naming what the file is for and what this host runs:
 *  dlopen only says "cannot open shared object file" for a foreign machine.
 */
void CheckElfMachine(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char head[20];
  if (!in || !in.read(reinterpret_cast<char*>(head), sizeof(head))) return;
  if (std::memcmp(head, ELFMAG, SELFMAG) != 0) return;
  if ((head[EI_CLASS] != ELFCLASS32 && head[EI_CLASS] != ELFCLASS64) ||
      (head[EI_DATA] != ELFDATA2LSB && head[EI_DATA] != ELFDATA2MSB)) {
    return;  // not a well-formed ELF identification: dlopen refuses it
  }
  constexpr unsigned char kNativeData =
      __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;
  constexpr unsigned char kNativeClass = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;
  auto host = [] {
    const char* name = ElfMachineName(kHostMachine);
    return std::string(name ? name : "this machine");
  };
  if (head[EI_DATA] != kNativeData || head[EI_CLASS] != kNativeClass) {
    TVM_THROW(ValueError) << "cannot load module '" << path << "': it is a "
                          << (head[EI_CLASS] == ELFCLASS32 ? "32" : "64") << "-bit "
                          << (head[EI_DATA] == ELFDATA2MSB ? "big" : "little")
                          << "-endian library, this host (" << host() << ") loads "
                          << (kNativeClass == ELFCLASS32 ? "32" : "64") << "-bit "
                          << (kNativeData == ELFDATA2MSB ? "big" : "little")
                          << "-endian ones; build it for this host's target";
  }
  int machine = head[18] | (head[19] << 8);
  if (kNativeData == ELFDATA2MSB) machine = (head[18] << 8) | head[19];
  if (kHostMachine >= 0 && machine != kHostMachine) {
    const char* found = ElfMachineName(machine);
    TVM_THROW(ValueError) << "cannot load module '" << path << "': it was built for "
                          << (found ? std::string(found)
                                    : "ELF machine " + std::to_string(machine))
                          << ", but this host is " << host()
                          << "; build it with a target for this host (e.g. \"llvm\")";
  }
}

class DSOModuleNode;

/*!
 * \brief The module that owns each loaded library image. dlopen of a path already loaded
 *  returns the same image, which has a single `__tvm_module_ctx`; a second module pointing it
 *  at itself would leave the first one's generated code resolving through the wrong imports,
 *  and through a dangling pointer once the second module is freed. So an image belongs to
 *  one module, and loading it again returns that module.
 */
std::mutex g_images_mutex;
std::unordered_map<void*, DSOModuleNode*> g_images;

class DSOModuleNode final : public ModuleNode {
 public:
  ~DSOModuleNode() override {
    if (handle_ == nullptr) return;
    {
      std::lock_guard<std::mutex> lock(g_images_mutex);
      auto it = g_images.find(handle_);
      if (it != g_images.end() && it->second == this) g_images.erase(it);
    }
    dlclose(handle_);
  }
  const char* type_key() const final { return "library"; }

  /*! \brief Load path; the result is this module, or the live module that owns the image. */
  static Module Create(const std::string& path) {
    auto n = make_object<DSOModuleNode>();
    n->Open(path);
    std::lock_guard<std::mutex> lock(g_images_mutex);
    auto it = g_images.find(n->handle_);
    // A module whose count already reached zero is being destroyed: this one replaces it.
    if (it != g_images.end() && it->second->TryIncRef()) {
      return Module(ObjectPtr<Object>::Adopt(it->second));
    }
    g_images[n->handle_] = n.get();
    InitLibraryContext([&n](const char* name) { return n->Symbol(name); }, n.get());
    ImportPackedModules([&n](const char* name) { return n->Symbol(name); }, n.get());
    return Module(ObjectPtr<Object>(std::move(n)));
  }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& self) final {
    std::string symbol = name;
    if (name == symbol::tvm_module_main) {
      if (entry_name_.empty()) return PackedFunc();
      symbol = entry_name_;
    }
    auto faddr = reinterpret_cast<TVMBackendPackedCFunc>(Symbol(symbol.c_str()));
    if (faddr == nullptr) return PackedFunc();
    return WrapPackedCFunc(faddr, self);
  }

  std::string GetSource(const std::string&) final { return ""; }

 public:
  void* Symbol(const char* name) { return dlsym(handle_, name); }

 private:
  /*! \brief Take a reference unless the count already dropped to zero. */
  bool TryIncRef() {
    int32_t count = ref_counter_.load(std::memory_order_relaxed);
    while (count > 0) {
      if (ref_counter_.compare_exchange_weak(count, count + 1, std::memory_order_relaxed)) {
        return true;
      }
    }
    return false;
  }

  void Open(const std::string& path) {
    if (!FileExists(path)) {
      TVM_THROW(ValueError) << "cannot load module '" << path << "': the file does not exist";
    }
    CheckElfMachine(path);
    CheckElfSegments(path);
    handle_ = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (handle_ == nullptr) {
      const char* err = dlerror();
      TVM_THROW(ValueError) << "cannot load module '" << path
                            << "' as a shared library: " << (err ? err : "unknown error");
    }
    path_ = path;
    entry_name_ = LibraryEntryName([this](const char* name) { return Symbol(name); });
  }

  void* handle_{nullptr};
  std::string path_;
  std::string entry_name_;
};

}  // namespace

TVM_REGISTER_GLOBAL("runtime.module.loadfile_so").set_body_typed([](std::string path,
                                                                    std::string format) {
  (void)format;
  Module lib = DSOModuleNode::Create(path);
  // An exported model (relay.build + export_library) loads as its graph executor factory.
  auto* dso = static_cast<DSOModuleNode*>(lib.operator->());
  return WrapGraphExecutorFactory(lib, [dso](const char* name) { return dso->Symbol(name); });
});

}  // namespace runtime
}  // namespace tvm
