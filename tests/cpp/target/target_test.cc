// Target parsing: kinds, typed options, keys, errors and the scope stack.
#include <gtest/gtest.h>
#include <tvm/runtime/logging.h>
#include <tvm/target/target.h>

#include <string>

namespace {

using tvm::Target;

TEST(Target, ParsesLLVMOptions) {
  Target t("llvm -mcpu=skylake-avx512 -mattr=+avx512f,+fma -num-cores=8");
  EXPECT_EQ(std::string(t->kind), "llvm");
  EXPECT_EQ(t->GetStr("mcpu"), "skylake-avx512");
  EXPECT_EQ(t->GetMAttr(), "+avx512f,+fma");
  EXPECT_EQ(t->GetStr("mtriple", "none"), "none");
  EXPECT_EQ(t->device_type(), kDLCPU);
  ASSERT_EQ(t->keys.size(), 1U);
  EXPECT_EQ(std::string(t->keys[0]), "cpu");
  EXPECT_EQ(std::string(t->str_repr), "llvm -mcpu=skylake-avx512 -mattr=+avx512f,+fma -num-cores=8");
}

TEST(Target, GPUKinds) {
  Target cuda("cuda -arch=sm_80");
  EXPECT_EQ(cuda->device_type(), kDLCUDA);
  EXPECT_EQ(std::string(cuda->keys[1]), "gpu");
  EXPECT_EQ(Target("opencl")->device_type(), kDLOpenCL);
}

TEST(Target, UnknownKindNamesValidOnes) {
  try {
    Target("vulkanx");
    FAIL() << "expected an error";
  } catch (const tvm::runtime::Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("vulkanx"), std::string::npos) << msg;
    EXPECT_NE(msg.find("llvm"), std::string::npos) << msg;
  }
}

TEST(Target, UnknownOptionNamesValidOnes) {
  try {
    Target("llvm -mcpux=a");
    FAIL() << "expected an error";
  } catch (const tvm::runtime::Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("-mcpux"), std::string::npos) << msg;
    EXPECT_NE(msg.find("-mattr"), std::string::npos) << msg;
  }
}

TEST(Target, ScopeStack) {
  EXPECT_FALSE(Target::Current().defined());
  Target t("llvm");
  t.EnterWithScope();
  EXPECT_TRUE(Target::Current().same_as(t));
  t.ExitWithScope();
  EXPECT_FALSE(Target::Current().defined());
  EXPECT_GE(Target::ListKinds().size(), 4U);
}

}  // namespace
