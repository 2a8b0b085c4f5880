/*!
 * \file data_type_test.cc
 * \brief Parsing and printing of element types, and device names.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/data_type.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

using testing::ThrowsError;

struct DTypeCase {
  const char* text;
  int code;
  int bits;
  int lanes;
};

// Every canonical form parses to its (code, bits, lanes) and prints back unchanged.
TEST(DataType, ParseAndPrintCanonicalForms) {
  const std::vector<DTypeCase> cases = {
      {"float32", kDLFloat, 32, 1},    {"float16", kDLFloat, 16, 1},
      {"float64", kDLFloat, 64, 1},    {"bfloat16", kDLBfloat, 16, 1},
      {"int8", kDLInt, 8, 1},          {"int16", kDLInt, 16, 1},
      {"int32", kDLInt, 32, 1},        {"int64", kDLInt, 64, 1},
      {"uint8", kDLUInt, 8, 1},        {"uint64", kDLUInt, 64, 1},
      {"int8x4", kDLInt, 8, 4},        {"float32x8", kDLFloat, 32, 8},
      {"uint16x2", kDLUInt, 16, 2},    {"bfloat16x4", kDLBfloat, 16, 4},
      {"bool", kDLUInt, 1, 1},         {"boolx4", kDLUInt, 1, 4},
      {"handle", kDLOpaqueHandle, 64, 1}, {"int4", kDLInt, 4, 1},
      {"int1", kDLInt, 1, 1},
  };
  for (const DTypeCase& c : cases) {
    SCOPED_TRACE(c.text);
    DataType t(c.text);
    EXPECT_EQ(t.code(), c.code);
    EXPECT_EQ(t.bits(), c.bits);
    EXPECT_EQ(t.lanes(), c.lanes);
    EXPECT_EQ(DLDataType2String(t), c.text);
    EXPECT_EQ(DataType(DLDataType2String(t)), t);
  }
}

// The predicates and storage size agree with the parsed form.
TEST(DataType, PredicatesAndBytes) {
  EXPECT_TRUE(DataType("bool").is_bool());
  EXPECT_EQ(DataType("bool").bytes(), 1);
  EXPECT_EQ(DataType("float32x8").bytes(), 32);
  EXPECT_EQ(DataType("int4").bytes(), 1);
  EXPECT_TRUE(DataType("float16").is_float16());
  EXPECT_TRUE(DataType("bfloat16").is_bfloat16());
  EXPECT_FALSE(DataType("bfloat16").is_float());
  EXPECT_TRUE(DataType("handle").is_handle());
  EXPECT_FALSE(DataType("handle").is_void());
  EXPECT_TRUE(DataType("int8x4").is_vector());
  EXPECT_EQ(DataType("int8x4").element_of(), DataType::Int(8));
  EXPECT_TRUE(DataType().is_void());
  EXPECT_EQ(DLDataType2String(DataType::Void()), "void");
  EXPECT_TRUE(DataType("void").is_void());
}

// The bare names "int", "uint" and "float" are promised aliases of their 32-bit types.
TEST(DataType, BareNamesAreThirtyTwoBitAliases) {
  EXPECT_EQ(DataType("int"), DataType::Int(32));
  EXPECT_EQ(DataType("uint"), DataType::UInt(32));
  EXPECT_EQ(DataType("float"), DataType::Float(32));
  EXPECT_EQ(DataType("floatx4"), DataType::Float(32, 4));
}

// Anything else is a ValueError that quotes the rejected string.
TEST(DataType, RejectedFormsAreValueErrors) {
  const std::vector<std::string> bad = {"float33", "complex64", "",        "floatx",
                                        "float8",  "bfloat32",  "int7",    "int8x0",
                                        "int8x",   "Float32",   "float32 ", "int8x4x4",
                                        "int-8",   "xint8",     "int8x65536", "int8x100000"};
  for (const std::string& s : bad) {
    SCOPED_TRACE("'" + s + "'");
    EXPECT_TRUE(ThrowsError([&] { DataType t(s); }, "ValueError", {"'" + s + "'"}));
  }
}

// The largest lane count a DLDataType can hold still parses exactly.
TEST(DataType, LaneCountLimit) {
  EXPECT_EQ(DataType("int8x65535").lanes(), 65535);
}

// Device names map to DLPack device types and print as "name(id)".
TEST(DataType, DeviceNames) {
  EXPECT_EQ(DeviceTypeFromName("cpu"), kDLCPU);
  EXPECT_EQ(DeviceTypeFromName("llvm"), kDLCPU);
  EXPECT_EQ(DeviceTypeFromName("cuda"), kDLCUDA);
  EXPECT_EQ(DeviceTypeFromName("gpu"), kDLCUDA);
  EXPECT_EQ(DeviceTypeFromName("cl"), kDLOpenCL);
  EXPECT_EQ(DeviceToString(Device{kDLCUDA, 2}), "cuda(2)");
  EXPECT_EQ(DeviceTypeName(99), "device(99)");
  EXPECT_TRUE(ThrowsError([] { DeviceTypeFromName("tpu"); }, "ValueError", {"'tpu'"}));
}

}  // namespace
}  // namespace runtime
}  // namespace tvm
