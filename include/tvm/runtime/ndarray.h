/*!
 * \file tvm/runtime/ndarray.h
 * \brief NDArray: a reference-counted, device-resident, compact row-major tensor over DLPack.
 *
 * Storage is allocated through the device's DeviceAPI with 64-byte alignment, or borrowed:
 * a view shares its base array's memory, and an array imported through DLPack keeps the
 * producer's DLManagedTensor alive and calls its deleter when the last reference goes. The
 * DLTensor inside an NDArray is what generated code receives (type code kTVMNDArrayHandle).
 */
#ifndef TVM_RUNTIME_NDARRAY_H_
#define TVM_RUNTIME_NDARRAY_H_

#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/object.h>

#include <string>
#include <vector>

namespace dmlc {
class Stream;
}  // namespace dmlc

namespace tvm {
namespace runtime {

/*! \brief Alignment of NDArray and workspace allocations, in bytes. */
constexpr int kAllocAlignment = 64;
/*! \brief Magic number and format version of the binary NDArray format. */
constexpr uint64_t kTVMNDArrayMagic = 0xDD5E40F096B4A13F;
constexpr uint64_t kTVMNDArrayFormatVersion = 1;

class NDArray : public ObjectRef {
 public:
  class Container;
  NDArray() = default;
  explicit NDArray(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}

  const DLTensor* operator->() const;
  const DLTensor* get_dltensor() const { return operator->(); }
  /*! \brief The DLTensor handle passed to generated code. */
  DLTensor* dltensor_handle() const { return const_cast<DLTensor*>(operator->()); }
  ShapeTuple Shape() const;
  runtime::DataType DataType() const;
  Device device() const { return operator->()->device; }
  int64_t NumElements() const;
  /*! \brief Bytes of the data (elements times element size). */
  size_t NBytes() const;
  bool IsContiguous() const;

  /*! \brief Copy from another tensor of the same shape and dtype (any device). */
  void CopyFrom(const DLTensor* other);
  void CopyFrom(const NDArray& other) { CopyFrom(other.operator->()); }
  /*! \brief Copy from host bytes; nbytes must equal NBytes(). */
  void CopyFromBytes(const void* data, size_t nbytes);
  /*! \brief Copy to host bytes; nbytes must equal NBytes(). */
  void CopyToBytes(void* data, size_t nbytes) const;
  NDArray CopyTo(const Device& dev) const;
  /*!
   * \brief A view of the same memory with another shape/dtype; it must not need more bytes
   *  than this array holds.
   */
  NDArray CreateView(ShapeTuple shape, runtime::DataType dtype) const;
  /*! \brief Export through DLPack; the consumer calls the deleter when done. */
  DLManagedTensor* ToDLPack() const;

  /*! \brief Write the binary NDArray format (magic, version, device, dtype, shape, data). */
  void Save(dmlc::Stream* stream) const;
  /*!
   * \brief Read the binary format. A wrong magic, an unknown version, an implausible header
   *  or missing data bytes raise a ValueError that says what was expected and found.
   */
  static NDArray Load(dmlc::Stream* stream);
  void SaveToFile(const std::string& path) const;
  static NDArray LoadFromFile(const std::string& path);

  /*! \brief An uninitialised array. */
  static NDArray Empty(ShapeTuple shape, DLDataType dtype, Device dev);
  /*!
   * \brief Take a DLPack tensor without copying. Requires a compact row-major layout and a
   *  storable dtype; otherwise ValueError (and the tensor's deleter is still called).
   */
  static NDArray FromDLPack(DLManagedTensor* tensor);
  static void CopyFromTo(const DLTensor* from, DLTensor* to, TVMStreamHandle stream = nullptr);
  /*!
   * \brief An NDArray over memory it does not own (a DLTensor* argument of a call). Valid only
   *  while the owner keeps the memory alive.
   */
  static NDArray BorrowDLTensor(const DLTensor& tensor);

  using ContainerType = Container;
};

/*! \brief The object of NDArray. Public for the FFI; use NDArray's methods. */
class NDArray::Container : public Object {
 public:
  DLTensor dl_tensor;
  /*! \brief Storage for dl_tensor.shape. */
  std::vector<int64_t> shape_;
  /*! \brief When set, the memory belongs to this object (a view's base array). */
  ObjectRef base_;
  /*! \brief When set, the memory came from DLPack; its deleter runs on destruction. */
  DLManagedTensor* dlpack_source_{nullptr};
  /*! \brief The memory belongs to someone else entirely (a borrowed DLTensor). */
  bool borrowed_{false};

  Container();
  ~Container() override;
  static constexpr const char* _type_key = "runtime.NDArray";
  TVM_DECLARE_FINAL_OBJECT_INFO(NDArray::Container, Object);
};

inline const DLTensor* NDArray::operator->() const {
  return &static_cast<const Container*>(get())->dl_tensor;
}

/*! \brief Total bytes of a compact tensor's data. */
size_t GetDataSize(const DLTensor& t);

}  // namespace runtime
using runtime::NDArray;
}  // namespace tvm

#endif  // TVM_RUNTIME_NDARRAY_H_
