/*!
 * \file ndarray_test.cc
 * \brief NDArray allocation, copies, views, DLPack exchange and the binary file format.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/ndarray.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

namespace fs = std::filesystem;
using testing::ThrowsError;
using testing::UniqueTempPath;

const Device kCPU{kDLCPU, 0};

bool IsAligned(const void* p) { return reinterpret_cast<uintptr_t>(p) % kAllocAlignment == 0; }

std::vector<float> Iota(size_t n, float start) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = start + 0.5f * static_cast<float>(i);
  return v;
}

NDArray FloatArray(ShapeTuple shape, float start) {
  NDArray arr = NDArray::Empty(shape, DataType::Float(32), kCPU);
  std::vector<float> v = Iota(static_cast<size_t>(shape.Product()), start);
  arr.CopyFromBytes(v.data(), v.size() * sizeof(float));
  return arr;
}

std::vector<float> ReadFloats(const NDArray& arr) {
  std::vector<float> out(static_cast<size_t>(arr.NumElements()));
  arr.CopyToBytes(out.data(), out.size() * sizeof(float));
  return out;
}

/*! \brief Removes the listed files when the test ends, whatever happens. */
struct TempFiles {
  std::vector<std::string> paths;
  ~TempFiles() {
    std::error_code ec;
    for (const auto& p : paths) fs::remove_all(p, ec);
  }
  std::string Add(std::string p) {
    paths.push_back(p);
    return p;
  }
};

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

template <typename T>
void Append(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

/*!
 * \brief The binary format as documented in ndarray.h, written independently of NDArray::Save:
 *  magic, version (u64), device type, device id, ndim (i32), dtype code, bits (u8), lanes
 *  (u16), the shape (i64 each), the data size (i64), the data.
 */
std::string EncodeHeader(uint64_t magic, uint64_t version, int32_t ndim, DLDataType dtype,
                         const std::vector<int64_t>& shape, int64_t nbytes) {
  std::string s;
  Append(&s, magic);
  Append(&s, version);
  Append(&s, static_cast<int32_t>(kDLCPU));
  Append(&s, static_cast<int32_t>(0));
  Append(&s, ndim);
  Append(&s, dtype.code);
  Append(&s, dtype.bits);
  Append(&s, dtype.lanes);
  for (int64_t d : shape) Append(&s, d);
  Append(&s, nbytes);
  return s;
}

// Empty allocates the requested shape and dtype with 64-byte aligned data.
TEST(NDArray, EmptyShapesAndAlignment) {
  NDArray a = NDArray::Empty({2, 3, 4}, DataType::Float(32), kCPU);
  EXPECT_EQ(a->ndim, 3);
  EXPECT_EQ(a.Shape().vec(), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(a.DataType(), DataType::Float(32));
  EXPECT_EQ(a.NumElements(), 24);
  EXPECT_EQ(a.NBytes(), 96u);
  EXPECT_EQ(a->strides, nullptr);
  EXPECT_EQ(a->byte_offset, 0u);
  EXPECT_TRUE(a.IsContiguous());
  EXPECT_TRUE(IsAligned(a->data));
  EXPECT_EQ(a.device().device_type, kDLCPU);

  // A zero-size array still has a valid aligned pointer and no bytes.
  NDArray zero = NDArray::Empty({4, 0, 2}, DataType::Int(64), kCPU);
  EXPECT_EQ(zero.NumElements(), 0);
  EXPECT_EQ(zero.NBytes(), 0u);
  EXPECT_NE(zero->data, nullptr);
  EXPECT_TRUE(IsAligned(zero->data));

  // A 0-d array holds one element.
  NDArray scalar = NDArray::Empty({}, DataType::Float(64), kCPU);
  EXPECT_EQ(scalar->ndim, 0);
  EXPECT_EQ(scalar.NumElements(), 1);
  EXPECT_EQ(scalar.NBytes(), 8u);
  EXPECT_TRUE(IsAligned(scalar->data));

  // bool takes a byte per element; vector dtypes take all their lanes.
  EXPECT_EQ(NDArray::Empty({5}, DataType::Bool(), kCPU).NBytes(), 5u);
  EXPECT_EQ(NDArray::Empty({3}, DataType::Int(8, 4), kCPU).NBytes(), 12u);
  for (int i = 0; i < 16; ++i) {
    EXPECT_TRUE(IsAligned(NDArray::Empty({i + 1}, DataType::Int(8), kCPU)->data));
  }
}

// Empty rejects negative dimensions, unstorable dtypes, too many dimensions, missing devices.
TEST(NDArray, EmptyRejectsBadRequests) {
  EXPECT_TRUE(ThrowsError([] { NDArray::Empty({2, -1}, DataType::Float(32), kCPU); },
                          "ValueError", {"negative"}));
  EXPECT_TRUE(ThrowsError([] { NDArray::Empty({2}, DataType::Int(4), kCPU); }, "ValueError",
                          {"int4"}));
  EXPECT_TRUE(ThrowsError(
      [] { NDArray::Empty(std::vector<int64_t>(65, 1), DataType::Float(32), kCPU); },
      "ValueError", {"65"}));
  EXPECT_TRUE(ThrowsError(
      [] { NDArray::Empty({int64_t{1} << 62, 8}, DataType::Float(32), kCPU); }, "ValueError",
      {"int64"}));
  EXPECT_TRUE(ThrowsError([] { NDArray::Empty({2}, DataType::Float(32), Device{kDLVulkan, 0}); },
                          "ValueError", {"vulkan(0)"}));
}

// An element count that fits int64 but whose byte size does not is rejected, not wrapped.
TEST(NDArray, EmptyRejectsByteSizeOverflow) {
  // 2^61 float64 elements are 2^64 bytes: the size wraps to 0 in 64-bit arithmetic.
  EXPECT_TRUE(ThrowsError(
      [] { NDArray::Empty({int64_t{1} << 61}, DataType::Float(64), kCPU); }, "ValueError"));
  EXPECT_TRUE(ThrowsError(
      [] { NDArray::Empty({int64_t{1} << 60, 4}, DataType::Int(32, 4), kCPU); }, "ValueError"));
}

// Bytes copied in come back out unchanged.
TEST(NDArray, CopyBytesRoundTrip) {
  std::vector<float> src = Iota(12, -3.0f);
  NDArray arr = NDArray::Empty({3, 4}, DataType::Float(32), kCPU);
  arr.CopyFromBytes(src.data(), src.size() * sizeof(float));
  EXPECT_EQ(std::memcmp(arr->data, src.data(), src.size() * sizeof(float)), 0);
  EXPECT_EQ(ReadFloats(arr), src);

  NDArray other = NDArray::Empty({3, 4}, DataType::Float(32), kCPU);
  other.CopyFrom(arr);
  EXPECT_EQ(ReadFloats(other), src);
  EXPECT_NE(other->data, arr->data);
  NDArray copied = arr.CopyTo(kCPU);
  EXPECT_EQ(ReadFloats(copied), src);
}

// A byte count that differs from the array's size is a ValueError naming both sizes.
TEST(NDArray, CopyBytesSizeMismatch) {
  NDArray arr = NDArray::Empty({3, 4}, DataType::Float(32), kCPU);
  std::vector<float> buf(13);
  EXPECT_TRUE(ThrowsError([&] { arr.CopyFromBytes(buf.data(), 13 * sizeof(float)); },
                          "ValueError", {"48", "52"}));
  EXPECT_TRUE(ThrowsError([&] { arr.CopyToBytes(buf.data(), 11 * sizeof(float)); },
                          "ValueError", {"48", "44"}));
  NDArray other = NDArray::Empty({4, 3}, DataType::Float(32), kCPU);
  EXPECT_TRUE(ThrowsError([&] { other.CopyFrom(arr); }, "ValueError", {"(3, 4)", "(4, 3)"}));
}

// A view shares its base's memory, keeps the base alive, and may reinterpret the dtype.
TEST(NDArray, CreateViewSharesMemory) {
  NDArray base = FloatArray({2, 3}, 1.0f);
  EXPECT_EQ(base.use_count(), 1);
  NDArray flat = base.CreateView({6}, DataType::Float(32));
  EXPECT_EQ(base.use_count(), 2);
  EXPECT_EQ(flat->data, base->data);
  EXPECT_EQ(flat.Shape().vec(), (std::vector<int64_t>{6}));
  EXPECT_EQ(ReadFloats(flat), ReadFloats(base));
  static_cast<float*>(flat->data)[4] = 99.0f;
  EXPECT_EQ(ReadFloats(base)[4], 99.0f);

  // A byte view of the same memory sees the float's bit pattern.
  NDArray bytes = base.CreateView({24}, DataType::UInt(8));
  float one = 1.0f;
  EXPECT_EQ(std::memcmp(bytes->data, &one, sizeof(float)), 0);
  // A smaller view is allowed; a view of a view too.
  NDArray head = flat.CreateView({2}, DataType::Float(32));
  EXPECT_EQ(ReadFloats(head), (std::vector<float>{1.0f, 1.5f}));

  flat = NDArray();
  bytes = NDArray();
  head = NDArray();
  EXPECT_EQ(base.use_count(), 1);
}

// A view needing more bytes than the base holds is a ValueError with both sizes.
TEST(NDArray, CreateViewRejectsTooLarge) {
  NDArray base = NDArray::Empty({2, 3}, DataType::Float(32), kCPU);
  EXPECT_TRUE(ThrowsError([&] { base.CreateView({7}, DataType::Float(32)); }, "ValueError",
                          {"(7,)", "28", "24"}));
  EXPECT_TRUE(ThrowsError([&] { base.CreateView({4}, DataType::Float(64)); }, "ValueError",
                          {"32", "24"}));
  EXPECT_TRUE(ThrowsError([&] { base.CreateView({int64_t{1} << 61}, DataType::Float(64)); },
                          "ValueError"));
}

// ToDLPack then FromDLPack shares memory; the export's reference is released exactly once.
TEST(NDArray, DLPackRoundTripSharesMemory) {
  NDArray arr = FloatArray({4, 2}, 0.0f);
  DLManagedTensor* managed = arr.ToDLPack();
  EXPECT_EQ(arr.use_count(), 2);
  EXPECT_EQ(managed->dl_tensor.data, arr->data);
  EXPECT_EQ(managed->dl_tensor.ndim, 2);
  EXPECT_EQ(managed->dl_tensor.shape[0], 4);
  EXPECT_EQ(managed->dl_tensor.shape[1], 2);
  {
    NDArray back = NDArray::FromDLPack(managed);
    EXPECT_EQ(back->data, arr->data);
    EXPECT_EQ(back.DataType(), DataType::Float(32));
    static_cast<float*>(back->data)[7] = -1.0f;
    EXPECT_EQ(ReadFloats(arr)[7], -1.0f);
    NDArray copy = back;
    EXPECT_EQ(arr.use_count(), 2);
  }
  EXPECT_EQ(arr.use_count(), 1);
}

/*! \brief A DLPack producer that counts how often its deleter runs. */
struct Producer {
  static inline int deleted = 0;
  std::vector<float> data;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  DLManagedTensor managed{};

  static DLManagedTensor* Make(std::vector<int64_t> shape, std::vector<int64_t> strides,
                               DLDataType dtype = DataType::Float(32),
                               Device dev = Device{kDLCPU, 0}) {
    auto* p = new Producer();
    p->shape = std::move(shape);
    p->strides = std::move(strides);
    int64_t n = 1;
    for (int64_t d : p->shape) n *= d;
    p->data = Iota(static_cast<size_t>(n), 10.0f);
    DLTensor& t = p->managed.dl_tensor;
    t.data = p->data.data();
    t.device = dev;
    t.ndim = static_cast<int32_t>(p->shape.size());
    t.dtype = dtype;
    t.shape = p->shape.data();
    t.strides = p->strides.empty() ? nullptr : p->strides.data();
    t.byte_offset = 0;
    p->managed.manager_ctx = p;
    p->managed.deleter = [](DLManagedTensor* self) {
      ++deleted;
      delete static_cast<Producer*>(self->manager_ctx);
    };
    return &p->managed;
  }
};

// A foreign tensor is used in place and its deleter runs once, after the last reference.
TEST(NDArray, FromDLPackCallsDeleterOnce) {
  Producer::deleted = 0;
  DLManagedTensor* m = Producer::Make({2, 3}, {});
  void* data = m->dl_tensor.data;
  {
    NDArray a = NDArray::FromDLPack(m);
    EXPECT_EQ(a->data, data);
    EXPECT_EQ(a.Shape().vec(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(ReadFloats(a), Iota(6, 10.0f));
    NDArray b = a;
    NDArray view = a.CreateView({3}, DataType::Float(32));
    a = NDArray();
    b = NDArray();
    EXPECT_EQ(Producer::deleted, 0);
    EXPECT_EQ(ReadFloats(view), Iota(3, 10.0f));
  }
  EXPECT_EQ(Producer::deleted, 1);

  // Explicit compact strides, and any stride on a size-1 dimension, are accepted.
  Producer::deleted = 0;
  NDArray::FromDLPack(Producer::Make({2, 3}, {3, 1}));
  NDArray::FromDLPack(Producer::Make({2, 1, 3}, {3, 100, 1}));
  EXPECT_EQ(Producer::deleted, 2);
}

// Non-compact strides are a ValueError showing them, and the deleter still runs once.
TEST(NDArray, FromDLPackRejectsStridesAndReleases) {
  Producer::deleted = 0;
  EXPECT_TRUE(ThrowsError([] { NDArray::FromDLPack(Producer::Make({2, 3}, {1, 2})); },
                          "ValueError", {"compact", "(2, 3)", "(1, 2)"}));
  EXPECT_EQ(Producer::deleted, 1);
  EXPECT_TRUE(ThrowsError(
      [] { NDArray::FromDLPack(Producer::Make({2}, {}, DLDataType{kDLComplex, 64, 1})); },
      "ValueError", {"dtype"}));
  EXPECT_EQ(Producer::deleted, 2);
  EXPECT_TRUE(ThrowsError(
      [] {
        NDArray::FromDLPack(Producer::Make({2}, {}, DataType::Float(32), Device{kDLVulkan, 0}));
      },
      "ValueError", {"vulkan(0)"}));
  EXPECT_EQ(Producer::deleted, 3);
  EXPECT_TRUE(ThrowsError([] { NDArray::FromDLPack(nullptr); }, "ValueError"));
}

// Save then Load round trips shape, dtype and data, including 0-d and zero-size arrays.
TEST(NDArray, SaveLoadRoundTrip) {
  TempFiles tmp;
  const std::string path = tmp.Add(UniqueTempPath(".ndarray"));

  NDArray arr = FloatArray({3, 2}, 7.0f);
  arr.SaveToFile(path);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  NDArray back = NDArray::LoadFromFile(path);
  EXPECT_EQ(back.Shape().vec(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(back.DataType(), DataType::Float(32));
  EXPECT_EQ(ReadFloats(back), Iota(6, 7.0f));
  EXPECT_TRUE(IsAligned(back->data));

  // The file is exactly the documented layout.
  std::string expected = EncodeHeader(kTVMNDArrayMagic, kTVMNDArrayFormatVersion, 2,
                                      DataType::Float(32), {3, 2}, 24);
  std::vector<float> values = Iota(6, 7.0f);
  expected.append(reinterpret_cast<const char*>(values.data()), 24);
  EXPECT_EQ(ReadFile(path), expected);

  // Saving again replaces the file.
  NDArray ints = NDArray::Empty({5}, DataType::Int(16), kCPU);
  std::vector<int16_t> iv{-2, -1, 0, 1, 30000};
  ints.CopyFromBytes(iv.data(), 10);
  ints.SaveToFile(path);
  NDArray ints_back = NDArray::LoadFromFile(path);
  EXPECT_EQ(ints_back.DataType(), DataType::Int(16));
  std::vector<int16_t> iv_back(5);
  ints_back.CopyToBytes(iv_back.data(), 10);
  EXPECT_EQ(iv_back, iv);

  NDArray scalar = NDArray::Empty({}, DataType::Float(64), kCPU);
  *static_cast<double*>(scalar->data) = 3.25;
  scalar.SaveToFile(path);
  NDArray scalar_back = NDArray::LoadFromFile(path);
  EXPECT_EQ(scalar_back->ndim, 0);
  EXPECT_EQ(*static_cast<double*>(scalar_back->data), 3.25);

  NDArray empty = NDArray::Empty({0, 3}, DataType::BFloat(16), kCPU);
  empty.SaveToFile(path);
  NDArray empty_back = NDArray::LoadFromFile(path);
  EXPECT_EQ(empty_back.Shape().vec(), (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(empty_back.DataType(), DataType::BFloat(16));
}

// Loading a file that does not exist is a ValueError naming it.
TEST(NDArray, LoadMissingFile) {
  std::string path = UniqueTempPath(".missing");
  EXPECT_TRUE(ThrowsError([&] { NDArray::LoadFromFile(path); }, "ValueError",
                          {path, "does not exist"}));
}

// Every truncation of a valid file is a ValueError about truncated data, never a crash.
TEST(NDArray, LoadTruncatedFile) {
  TempFiles tmp;
  const std::string full = tmp.Add(UniqueTempPath(".full"));
  const std::string cut = tmp.Add(UniqueTempPath(".cut"));
  FloatArray({2, 3}, 0.0f).SaveToFile(full);
  uintmax_t size = fs::file_size(full);
  ASSERT_EQ(size, 32u + 2 * 8 + 8 + 24);
  for (uintmax_t len = 0; len < size; ++len) {
    SCOPED_TRACE("truncated to " + std::to_string(len) + " bytes");
    fs::copy_file(full, cut, fs::copy_options::overwrite_existing);
    fs::resize_file(cut, len);
    EXPECT_TRUE(ThrowsError([&] { NDArray::LoadFromFile(cut); }, "ValueError",
                            {"truncated", cut}));
  }
}

// A file with the wrong magic number is a ValueError saying it is not an NDArray.
TEST(NDArray, LoadWrongMagic) {
  TempFiles tmp;
  const std::string path = tmp.Add(UniqueTempPath(".magic"));
  std::string bytes = EncodeHeader(0x0123456789ABCDEFull, kTVMNDArrayFormatVersion, 1,
                                   DataType::Float(32), {1}, 4) +
                      std::string(4, '\0');
  WriteFile(path, bytes);
  EXPECT_TRUE(ThrowsError([&] { NDArray::LoadFromFile(path); }, "ValueError",
                          {"not an NDArray", "0x123456789abcdef", path}));
  WriteFile(path, "this is a text file, not a tensor\n");
  EXPECT_TRUE(ThrowsError([&] { NDArray::LoadFromFile(path); }, "ValueError",
                          {"not an NDArray"}));
}

// Implausible headers (dimension count, version, dtype, sizes) are ValueErrors, never crashes.
TEST(NDArray, LoadCorruptHeaders) {
  TempFiles tmp;
  const std::string path = tmp.Add(UniqueTempPath(".corrupt"));
  auto expect_rejected = [&](const std::string& bytes, std::initializer_list<std::string> parts) {
    WriteFile(path, bytes);
    EXPECT_TRUE(ThrowsError([&] { NDArray::LoadFromFile(path); }, "ValueError", parts));
  };
  const DLDataType f32 = DataType::Float(32);
  const uint64_t magic = kTVMNDArrayMagic;
  const uint64_t version = kTVMNDArrayFormatVersion;
  {
    SCOPED_TRACE("absurd ndim");
    expect_rejected(EncodeHeader(magic, version, 1 << 30, f32, {}, 0), {"1073741824"});
    expect_rejected(EncodeHeader(magic, version, -3, f32, {}, 0), {"-3"});
  }
  {
    SCOPED_TRACE("unknown version");
    expect_rejected(EncodeHeader(magic, 7, 1, f32, {1}, 4) + std::string(4, '\0'),
                    {"version 7"});
  }
  {
    SCOPED_TRACE("unstorable dtype");
    expect_rejected(EncodeHeader(magic, version, 1, DLDataType{kDLComplex, 64, 1}, {1}, 8) +
                        std::string(8, '\0'),
                    {"dtype"});
    expect_rejected(EncodeHeader(magic, version, 1, DLDataType{kDLFloat, 32, 0}, {1}, 0),
                    {"dtype"});
  }
  {
    SCOPED_TRACE("negative dimension");
    expect_rejected(EncodeHeader(magic, version, 1, f32, {-4}, 0), {"negative"});
  }
  {
    SCOPED_TRACE("data size disagrees with the shape");
    expect_rejected(EncodeHeader(magic, version, 1, f32, {3}, 8) + std::string(8, '\0'),
                    {"data size", "12"});
    expect_rejected(EncodeHeader(magic, version, 1, f32, {3}, -12), {"data size"});
  }
  {
    SCOPED_TRACE("element count overflows int64");
    expect_rejected(EncodeHeader(magic, version, 2, f32, {int64_t{1} << 40, int64_t{1} << 40}, 0),
                    {"int64"});
  }
  {
    SCOPED_TRACE("byte size overflows 64 bits");
    // 2^61 float64 elements are 2^64 bytes, which wraps to the claimed 0.
    expect_rejected(EncodeHeader(magic, version, 1, DataType::Float(64), {int64_t{1} << 61}, 0),
                    {});
  }
  {
    SCOPED_TRACE("header claims far more data than the file holds");
    expect_rejected(EncodeHeader(magic, version, 1, DataType::Int(8), {int64_t{1} << 36},
                                 int64_t{1} << 36) +
                        std::string(16, '\0'),
                    {});
  }
}

// Saving into a directory that does not exist throws and leaves no file behind.
TEST(NDArray, SaveToMissingDirectoryLeavesNoFile) {
  std::string dir = UniqueTempPath(".nodir");
  std::string path = dir + "/sub/array.bin";
  ASSERT_FALSE(fs::exists(dir));
  NDArray arr = FloatArray({2}, 0.0f);
  EXPECT_TRUE(ThrowsError([&] { arr.SaveToFile(path); }, "ValueError", {path}));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
}  // namespace runtime
}  // namespace tvm
