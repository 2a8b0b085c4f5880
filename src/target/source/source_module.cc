/*!
 * \file source_module.cc
 * \brief The "c" runtime Module: generated C source, compiled with the system C
 * compiler.
 *
 *  The module keeps the source text (get_source()). It is compiled on first
 * use: the first GetFunction runs `cc -O2 -shared -fPIC` into a temporary
 * shared library and loads it through the ordinary DSO loader, so generated
 * code runs exactly as it will after export_library. SaveToFile writes the
 * source (".c") or an object file (".o", what export_library links). The
 * compiler is $CC, else `cc`.
 */
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "codegen_c.h"

namespace tvm {
namespace codegen {

namespace {

std::string Extension(const std::string& file) {
  auto dot = file.rfind('.');
  return dot == std::string::npos ? "" : file.substr(dot + 1);
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  if (!out) TVM_THROW(ValueError) << "cannot open '" << path << "' for writing";
  out.write(data.data(), data.size());
}

/*! \brief Compile `source` with the system C compiler: `mode` is "-c" or
 * "-shared". */
void CompileC(const std::string& source, const std::string& output, const std::string& mode) {
  char dir_template[] = "/tmp/tvm_c_XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) TVM_THROW(InternalError) << "cannot create a temporary directory";
  std::string src = std::string(dir) + "/module.c";
  WriteFile(src, source);
  const char* cc_env = std::getenv("CC");
  std::string cc = cc_env && *cc_env ? cc_env : "cc";
  std::string cmd = cc + " -O2 -fPIC -std=gnu99 " + mode + " -o " + ShellQuote(output) + " " +
                    ShellQuote(src) + (mode == "-shared" ? " -lm" : "") + " 2>&1";
  std::string log;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) TVM_THROW(InternalError) << "cannot run the C compiler: " << cmd;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) log.append(buf, n);
  int rc = pclose(pipe);
  std::remove(src.c_str());
  rmdir(dir);
  if (rc != 0) {
    TVM_THROW(InternalError) << "compiling the generated C source failed:\n" << cmd << "\n" << log;
  }
}

}  // namespace

class CSourceModuleNode final : public runtime::ModuleNode {
 public:
  CSourceModuleNode(std::string code, std::string entry, std::vector<std::string> functions)
      : code_(std::move(code)), entry_(std::move(entry)), functions_(std::move(functions)) {}

  const char* type_key() const final { return "c"; }
  bool IsDSOExportable() const final { return true; }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) final {
    if (name == "get_entry_name") {
      std::string entry = entry_;
      return PackedFunc([entry](runtime::TVMArgs, runtime::TVMRetValue* rv) { *rv = entry; });
    }
    std::string fname = name == runtime::symbol::tvm_module_main ? entry_ : name;
    if (fname.empty() ||
        std::find(functions_.begin(), functions_.end(), fname) == functions_.end()) {
      return PackedFunc();
    }
    runtime::Module lib = Compiled();
    PackedFunc f = lib.GetFunction(fname);
    if (f == nullptr) return f;
    // The library stays alive with the function; keep this module alive with it
    // too.
    return PackedFunc([f, sptr_to_self](runtime::TVMArgs args, runtime::TVMRetValue* rv) {
      f.CallPacked(args, rv);
    });
  }

  std::string GetSource(const std::string& format) final {
    if (format.empty() || format == "c") return code_;
    TVM_THROW(ValueError) << "c module: unknown source format '" << format << "' (expected \"c\")";
  }

  void SaveToFile(const std::string& file_name, const std::string& format) final {
    std::string fmt = format.empty() ? Extension(file_name) : format;
    if (fmt == "c" || fmt == "cc") {
      WriteFile(file_name, code_);
    } else if (fmt == "o" || fmt == "obj") {
      CompileC(code_, file_name, "-c");
    } else if (fmt == "so") {
      CompileC(code_, file_name, "-shared");
    } else {
      TVM_THROW(ValueError) << "c module: cannot save '" << file_name << "' as format '" << fmt
                            << "' (expected c, o or so)";
    }
  }

 private:
  /*! \brief The source compiled to a temporary shared library and loaded
   * (once). */
  runtime::Module Compiled() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (lib_.defined()) return lib_;
    char path_template[] = "/tmp/tvm_c_module_XXXXXX.so";
    int fd = mkstemps(path_template, 3);
    if (fd < 0) TVM_THROW(InternalError) << "cannot create a temporary file";
    close(fd);
    std::string path = path_template;
    try {
      CompileC(code_, path, "-shared");
      lib_ = runtime::Module::LoadFromFile(path);
      // Generated code looks up packed functions (device kernels) in the library's imports.
      for (const runtime::Module& m : imports()) lib_->Import(m);
    } catch (...) {
      std::remove(path.c_str());
      throw;
    }
    std::remove(path.c_str());  // dlopen keeps the mapping
    return lib_;
  }

  std::string code_;
  std::string entry_;
  std::vector<std::string> functions_;
  std::mutex mutex_;
  runtime::Module lib_;
};

runtime::Module BuildC(IRModule mod, Target target) {
  std::string entry;
  std::vector<std::string> functions;
  std::string code = GenerateCSource(mod, &entry, &functions);
  return runtime::Module(make_object<CSourceModuleNode>(code, entry, functions));
}

TVM_REGISTER_GLOBAL("target.build.c").set_body_typed(BuildC);

}  // namespace codegen
}  // namespace tvm
