/*!
 * \file module_test.cc
 * \brief Module loading (a C shared library compiled at test time), entry points, the
 *  library context symbols, imports and load errors.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_map>
#include <utility>

#include "test_util.h"

#ifndef TVM_SOURCE_DIR
#error "TVM_SOURCE_DIR must name the repository root (set by CMakeLists.txt)"
#endif

namespace tvm {
namespace runtime {
namespace {

namespace fs = std::filesystem;
using testing::ThrowsError;
using testing::UniqueTempPath;

/*!
 * \brief A library written the way generated code is: packed C functions, the runtime reached
 *  only through `__TVM*` function pointers that the loader fills in, and `__tvm_main__`.
 */
const char* kLibrarySource = R"(
#include <tvm/runtime/c_runtime_api.h>

void* __tvm_module_ctx = 0;
void (*__TVMAPISetLastError)(const char*) = 0;
int (*__TVMBackendGetFuncFromEnv)(void*, const char*, TVMFunctionHandle*) = 0;
int (*__TVMFuncCall)(TVMFunctionHandle, TVMValue*, int*, int, TVMValue*, int*) = 0;
const char __tvm_main__[] = "add_one";

int add_one(TVMValue* args, int* codes, int n, TVMValue* ret, int* ret_code, void* h) {
  if (n != 1 || codes[0] != kTVMArgInt) {
    __TVMAPISetLastError("ValueError: add_one expects an int");
    return -1;
  }
  ret->v_int64 = args[0].v_int64 + 1;
  *ret_code = kTVMArgInt;
  return 0;
}

/* Returns the module context the loader stored. */
int get_ctx(TVMValue* args, int* codes, int n, TVMValue* ret, int* ret_code, void* h) {
  ret->v_handle = __tvm_module_ctx;
  *ret_code = kTVMOpaqueHandle;
  return 0;
}

/* call_env(name, args...): look `name` up like generated code does, and call it. */
int call_env(TVMValue* args, int* codes, int n, TVMValue* ret, int* ret_code, void* h) {
  TVMFunctionHandle f = 0;
  if (__TVMBackendGetFuncFromEnv(__tvm_module_ctx, args[0].v_str, &f) != 0) return -1;
  return __TVMFuncCall(f, args + 1, codes + 1, n - 1, ret, ret_code);
}
)";

/*! \brief A directory of its own for each test, removed at the end. */
class ModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = UniqueTempPath(".dir");
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  /*! \brief Compile kLibrarySource into dir/name and return its path. */
  std::string CompileLibrary(const std::string& name) {
    std::string src = dir_ + "/lib.c";
    std::ofstream(src) << kLibrarySource;
    std::string lib = dir_ + "/" + name;
    std::string cmd = "cc -shared -fPIC -I" TVM_SOURCE_DIR "/include -o " + lib + " " + src;
    int rc = std::system(cmd.c_str());
    EXPECT_EQ(rc, 0) << "compiling the test library failed: " << cmd;
    return lib;
  }
  std::string dir_;
};

// A compiled packed C function loads, runs, and computes its result.
TEST_F(ModuleTest, LoadAndCallCompiledFunction) {
  Module mod = Module::LoadFromFile(CompileLibrary("x.so"));
  ASSERT_TRUE(mod.defined());
  EXPECT_STREQ(mod->type_key(), "library");
  PackedFunc add_one = mod.GetFunction("add_one");
  ASSERT_TRUE(add_one.defined());
  for (int64_t x : {int64_t{-7}, int64_t{0}, int64_t{41}, int64_t{1} << 40}) {
    TVMRetValue rv = add_one(x);
    EXPECT_EQ(rv.type_code(), kDLInt);
    EXPECT_EQ(rv.operator int64_t(), x + 1);
  }
  TypedPackedFunc<int64_t(int64_t)> typed = add_one;
  EXPECT_EQ(typed(9), 10);
  EXPECT_FALSE(mod.GetFunction("no_such_function").defined());
}

// An error the C function records through __TVMAPISetLastError comes back with its kind.
TEST_F(ModuleTest, CompiledFunctionErrorKeepsKind) {
  Module mod = Module::LoadFromFile(CompileLibrary("x.so"));
  PackedFunc add_one = mod.GetFunction("add_one");
  ASSERT_TRUE(add_one.defined());
  try {
    add_one("not an int");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), "ValueError");
    EXPECT_STREQ(e.what(), "add_one expects an int");
  }
  EXPECT_TRUE(ThrowsError([&] { add_one(1, 2); }, "ValueError", {"add_one expects an int"}));
}

// __tvm_main__ names the entry function; the loader sets __tvm_module_ctx to the module.
TEST_F(ModuleTest, EntryFunctionAndModuleContext) {
  Module mod = Module::LoadFromFile(CompileLibrary("entry.so"));
  PackedFunc main = mod.GetFunction(symbol::tvm_module_main);
  ASSERT_TRUE(main.defined());
  EXPECT_EQ(main(1).operator int64_t(), 2);
  PackedFunc get_ctx = mod.GetFunction("get_ctx");
  ASSERT_TRUE(get_ctx.defined());
  EXPECT_EQ(get_ctx().operator void*(), static_cast<void*>(mod.operator->()));
}

// A function keeps its library loaded after the last Module handle is gone.
TEST_F(ModuleTest, FunctionKeepsLibraryAlive) {
  PackedFunc add_one;
  {
    Module mod = Module::LoadFromFile(CompileLibrary("alive.so"));
    add_one = mod.GetFunction("add_one");
  }
  EXPECT_EQ(add_one(5).operator int64_t(), 6);
}

/*! \brief A module serving functions from a table. */
class TableModuleNode final : public ModuleNode {
 public:
  explicit TableModuleNode(std::unordered_map<std::string, PackedFunc> table)
      : table_(std::move(table)) {}
  const char* type_key() const final { return "test_table"; }
  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>&) final {
    auto it = table_.find(name);
    return it == table_.end() ? PackedFunc() : it->second;
  }

 private:
  std::unordered_map<std::string, PackedFunc> table_;
};

Module TableModule(std::unordered_map<std::string, PackedFunc> table = {}) {
  return Module(make_object<TableModuleNode>(std::move(table)));
}

PackedFunc Constant(int64_t v) {
  return PackedFunc([v](TVMArgs, TVMRetValue* rv) { *rv = v; });
}

// Generated code finds functions in its module's imports first, then in the registry.
TEST_F(ModuleTest, GeneratedCodeLooksUpImportsThenGlobals) {
  const std::string global = "test.module.triple";
  Registry::Register(global, true).set_body_typed([](int64_t x) { return 3 * x; });
  Module mod = Module::LoadFromFile(CompileLibrary("env.so"));
  mod.Import(TableModule({{"test.module.from_import", Constant(77)},
                          {global, Constant(-1)}}));
  PackedFunc call_env = mod.GetFunction("call_env");
  ASSERT_TRUE(call_env.defined());
  EXPECT_EQ(call_env("test.module.from_import").operator int64_t(), 77);
  // The import shadows the global of the same name.
  EXPECT_EQ(call_env(global, 5).operator int64_t(), -1);
  Registry::Register("test.module.only_global", true).set_body_typed([](int64_t x) {
    return x * x;
  });
  EXPECT_EQ(call_env("test.module.only_global", 12).operator int64_t(), 144);
  EXPECT_TRUE(ThrowsError([&] { call_env("test.module.nowhere"); }, "AttributeError",
                          {"test.module.nowhere"}));
  // An error raised by the callee crosses both C boundaries with its kind.
  EXPECT_TRUE(ThrowsError([&] { call_env("test.module.only_global", "x"); }, "TypeError",
                          {"argument 0", "expected int"}));
  Registry::Remove(global);
  Registry::Remove("test.module.only_global");
}

// Loading a library that is already loaded must not take its context away from the module
// that holds it: generated code keeps resolving through a live module and its imports.
TEST_F(ModuleTest, LoadingTheSameLibraryTwiceKeepsContextValid) {
  std::string lib = CompileLibrary("twice.so");
  Module first = Module::LoadFromFile(lib);
  first.Import(TableModule({{"test.module.in_first", Constant(5)}}));
  {
    Module second = Module::LoadFromFile(lib);
    EXPECT_EQ(second.GetFunction("add_one")(1).operator int64_t(), 2);
    EXPECT_EQ(first.GetFunction("call_env")("test.module.in_first").operator int64_t(), 5);
  }
  // With the second handle gone, the library's context still names a live module: this one.
  EXPECT_EQ(first.GetFunction("get_ctx")().operator void*(),
            static_cast<void*>(first.operator->()));
  EXPECT_EQ(first.GetFunction("call_env")("test.module.in_first").operator int64_t(), 5);
  // Once every handle is gone, a new load starts afresh with its own context.
  first = Module();
  Module again = Module::LoadFromFile(lib);
  EXPECT_EQ(again.GetFunction("get_ctx")().operator void*(),
            static_cast<void*>(again.operator->()));
  EXPECT_TRUE(ThrowsError([&] { again.GetFunction("call_env")("test.module.in_first"); },
                          "AttributeError", {"test.module.in_first"}));
}

// GetFunction searches imports depth first only when asked to.
TEST_F(ModuleTest, ImportsAreSearchedWhenAsked) {
  Module a = TableModule({{"f", Constant(1)}});
  Module b = TableModule({{"g", Constant(2)}});
  Module c = TableModule({{"h", Constant(3)}, {"g", Constant(30)}});
  b.Import(c);
  a.Import(b);
  EXPECT_EQ(a->imports().size(), 1u);
  EXPECT_FALSE(a.GetFunction("g").defined());
  EXPECT_EQ(a.GetFunction("g", true)().operator int(), 2);
  EXPECT_EQ(a.GetFunction("h", true)().operator int(), 3);
  EXPECT_FALSE(a.GetFunction("missing", true).defined());
}

// An import that would close a cycle is a ValueError and leaves the imports unchanged.
TEST_F(ModuleTest, ImportCycleIsRejected) {
  Module a = TableModule();
  Module b = TableModule();
  Module c = TableModule();
  EXPECT_TRUE(ThrowsError([&] { a.Import(a); }, "ValueError", {"cycle"}));
  a.Import(b);
  b.Import(c);
  EXPECT_TRUE(ThrowsError([&] { b.Import(a); }, "ValueError", {"cycle"}));
  EXPECT_TRUE(ThrowsError([&] { c.Import(a); }, "ValueError", {"cycle"}));
  EXPECT_EQ(b->imports().size(), 1u);
  EXPECT_EQ(c->imports().size(), 0u);
  EXPECT_TRUE(ThrowsError([&] { a.Import(Module()); }, "ValueError", {"null"}));
  // Sharing an import (a diamond) is not a cycle.
  Module d = TableModule();
  d.Import(c);
  a.Import(d);
  EXPECT_EQ(a->imports().size(), 2u);
}

// Loading a .so that does not exist is a ValueError naming the file.
TEST_F(ModuleTest, LoadMissingLibrary) {
  std::string path = dir_ + "/missing.so";
  EXPECT_TRUE(ThrowsError([&] { Module::LoadFromFile(path); }, "ValueError",
                          {path, "does not exist"}));
}

// A file of garbage bytes named x.so is a ValueError naming the file, not a crash.
TEST_F(ModuleTest, LoadGarbageLibrary) {
  std::string path = dir_ + "/x.so";
  {
    std::ofstream f(path, std::ios::binary);
    for (int i = 0; i < 4096; ++i) f.put(static_cast<char>((i * 131 + 7) & 0xFF));
  }
  EXPECT_TRUE(ThrowsError([&] { Module::LoadFromFile(path); }, "ValueError",
                          {path, "shared library"}));
  // An ELF magic followed by garbage is rejected the same way.
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << "\x7f" "ELF" << std::string(200, '\x01');
  }
  EXPECT_TRUE(ThrowsError([&] { Module::LoadFromFile(path); }, "ValueError", {path}));
}

// An unknown extension or none at all is a ValueError naming the file and the format.
TEST_F(ModuleTest, LoadUnknownFormat) {
  std::string path = dir_ + "/model.xyz";
  std::ofstream(path) << "data";
  EXPECT_TRUE(ThrowsError([&] { Module::LoadFromFile(path); }, "ValueError",
                          {path, "'xyz'", "so"}));
  std::string bare = dir_ + "/model";
  EXPECT_TRUE(ThrowsError([&] { Module::LoadFromFile(bare); }, "ValueError", {bare}));
  // An explicit format wins over the extension.
  std::string lib = CompileLibrary("lib.bin");
  Module mod = Module::LoadFromFile(lib, "so");
  EXPECT_EQ(mod.GetFunction("add_one")(1).operator int64_t(), 2);
}

}  // namespace
}  // namespace runtime
}  // namespace tvm
