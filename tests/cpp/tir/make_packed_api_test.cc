/*!
 * \file make_packed_api_test.cc
 * \brief MakePackedAPI's argument checks on DLTensors that Python cannot produce (from_dlpack
 *  only accepts compact CPU arrays): non-compact strides, a misaligned data pointer, another
 *  device, a byte offset. Each must raise a ValueError naming the argument, the expected and
 *  the actual value; well-formed variants of the same tensor must pass.
 */
#include <gtest/gtest.h>
#include <tvm/ir/module.h>
#include <tvm/ir/transform.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/registry.h>
#include <tvm/target/target.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt.h>

#include <vector>

#include "../runtime/test_util.h"

namespace tvm {
namespace tir {
namespace {

using runtime::NDArray;
using runtime::PackedFunc;
using runtime::testing::ThrowsError;

PrimExpr I(int v) { return make_const(DataType::Int(32), v); }

/*! \brief B[i, j] = A[i, j] + 1 over 4 x 8 float32, compiled for llvm with the packed API. */
PackedFunc BuildAddOne() {
  Buffer a = decl_buffer({I(4), I(8)}, DataType::Float(32), "A");
  Buffer b = decl_buffer({I(4), I(8)}, DataType::Float(32), "B");
  Var i("i"), j("j");
  Stmt body = For(i, I(0), I(4), ForKind::kSerial,
                  For(j, I(0), I(8), ForKind::kSerial,
                      BufferStore(b, BufferLoad(a, {i, j}) + make_const(DataType::Float(32), 1.0),
                                  {i, j})));
  Var pa("A", DataType::Handle()), pb("B", DataType::Handle());
  PrimFunc f({pa, pb}, body, Type(), {{pa, a}, {pb, b}});
  f = WithAttr(f, tvm::attr::kGlobalSymbol, String("add_one"));
  IRModule mod({{GlobalVar("add_one"), f}});
  tvm::transform::Pass packed = (*runtime::Registry::Get("tir.transform.MakePackedAPI"))();
  mod = packed(mod);
  runtime::Module built = (*runtime::Registry::Get("target.build.llvm"))(mod, Target("llvm"));
  return built.GetFunction("add_one");
}

class PackedApiChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    f_ = BuildAddOne();
    // Room for a shifted view: 4 x 8 floats plus 16 more.
    storage_ = NDArray::Empty({48}, DataType::Float(32), {kDLCPU, 0});
    out_ = NDArray::Empty({4, 8}, DataType::Float(32), {kDLCPU, 0});
    in_ = *storage_.operator->();
    in_.ndim = 2;
    in_.shape = shape_;
    in_.strides = nullptr;
  }
  void Call(DLTensor* a) { f_(a, out_); }

  PackedFunc f_;
  NDArray storage_, out_;
  DLTensor in_;
  int64_t shape_[2] = {4, 8};
};

TEST_F(PackedApiChecks, CompactTensorPasses) {
  Call(&in_);
  int64_t compact[2] = {8, 1};
  in_.strides = compact;
  Call(&in_);
}

TEST_F(PackedApiChecks, NonCompactStridesAreRejected) {
  int64_t transposed[2] = {1, 4};
  in_.strides = transposed;
  EXPECT_TRUE(ThrowsError([&] { Call(&in_); }, "ValueError",
                          {"add_one: argument A.strides has an unexpected value: expected a "
                           "compact row-major array"}));
  int64_t padded[2] = {9, 1};
  in_.strides = padded;
  EXPECT_TRUE(ThrowsError([&] { Call(&in_); }, "ValueError", {"A.strides"}));
}

TEST_F(PackedApiChecks, MisalignedDataIsRejected) {
  in_.data = static_cast<char*>(in_.data) + 4;
  EXPECT_TRUE(ThrowsError([&] { Call(&in_); }, "ValueError",
                          {"add_one: argument A.data is misaligned: expected an address aligned "
                           "to 64 bytes, got one 4 bytes past an aligned address"}));
  in_.data = static_cast<char*>(in_.data) + 60;  // 64 bytes in: aligned again
  Call(&in_);
}

TEST_F(PackedApiChecks, OtherDeviceIsRejected) {
  in_.device.device_type = kDLCUDA;
  EXPECT_TRUE(ThrowsError([&] { Call(&in_); }, "ValueError",
                          {"add_one: argument A.device_type has an unexpected value: expected 1, "
                           "got 2"}));
}

TEST_F(PackedApiChecks, ByteOffsetIsRejectedForABufferWithoutOffset) {
  in_.byte_offset = 64;
  EXPECT_TRUE(ThrowsError([&] { Call(&in_); }, "ValueError",
                          {"add_one: argument A.byte_offset has an unexpected value: expected 0, "
                           "got 64"}));
}

}  // namespace
}  // namespace tir
}  // namespace tvm
