/*!
 * \file tvm/runtime/data_type.h
 * \brief Scalar and vector element types (DataType over DLDataType) and devices.
 */
#ifndef TVM_RUNTIME_DATA_TYPE_H_
#define TVM_RUNTIME_DATA_TYPE_H_

#include <dlpack/dlpack.h>
#include <tvm/runtime/logging.h>

#include <cstdint>
#include <ostream>
#include <string>

namespace tvm {
namespace runtime {

using Device = DLDevice;

/*!
 * \brief An element type: a type code, a bit width and a lane count ("float32x8").
 *  `bool` is uint1 stored in one byte; `handle` is an opaque 64-bit pointer.
 */
class DataType {
 public:
  enum TypeCode {
    kInt = kDLInt,
    kUInt = kDLUInt,
    kFloat = kDLFloat,
    kHandle = kDLOpaqueHandle,
    kBFloat = kDLBfloat,
  };
  DataType() { data_ = {kDLOpaqueHandle, 0, 0}; }  // void
  explicit DataType(DLDataType dtype) : data_(dtype) {}
  DataType(int code, int bits, int lanes) {
    data_.code = static_cast<uint8_t>(code);
    data_.bits = static_cast<uint8_t>(bits);
    data_.lanes = static_cast<uint16_t>(lanes);
  }
  /*! \brief Parse "float32", "int8x4", "bool", "handle"; ValueError on anything else. */
  explicit DataType(const std::string& str);

  int code() const { return data_.code; }
  int bits() const { return data_.bits; }
  int lanes() const { return data_.lanes; }
  /*! \brief Storage bytes of one element (all lanes); bool takes one byte. */
  int bytes() const { return (bits() * lanes() + 7) / 8; }
  bool is_scalar() const { return lanes() == 1; }
  bool is_bool() const { return code() == kUInt && bits() == 1; }
  bool is_float() const { return code() == kFloat; }
  bool is_float16() const { return is_float() && bits() == 16; }
  bool is_bfloat16() const { return code() == kBFloat && bits() == 16; }
  bool is_int() const { return code() == kInt; }
  bool is_uint() const { return code() == kUInt; }
  bool is_handle() const { return code() == kHandle && !is_void(); }
  bool is_void() const { return code() == kHandle && bits() == 0 && lanes() == 0; }
  bool is_vector() const { return lanes() > 1; }
  DataType with_lanes(int lanes) const { return DataType(code(), bits(), lanes); }
  DataType with_bits(int bits) const { return DataType(code(), bits, lanes()); }
  DataType element_of() const { return with_lanes(1); }

  bool operator==(const DataType& o) const {
    return data_.code == o.data_.code && data_.bits == o.data_.bits &&
           data_.lanes == o.data_.lanes;
  }
  bool operator!=(const DataType& o) const { return !operator==(o); }
  operator DLDataType() const { return data_; }  // NOLINT(*)

  static DataType Int(int bits, int lanes = 1) { return DataType(kInt, bits, lanes); }
  static DataType UInt(int bits, int lanes = 1) { return DataType(kUInt, bits, lanes); }
  static DataType Float(int bits, int lanes = 1) { return DataType(kFloat, bits, lanes); }
  static DataType BFloat(int bits, int lanes = 1) { return DataType(kBFloat, bits, lanes); }
  static DataType Bool(int lanes = 1) { return DataType::UInt(1, lanes); }
  static DataType Handle(int bits = 64, int lanes = 1) { return DataType(kHandle, bits, lanes); }
  static DataType Void() { return DataType(); }

 private:
  DLDataType data_;
};

/*! \brief "float32", "int8x4", ... */
std::string DLDataType2String(DLDataType t);
/*! \brief Parse a dtype string; ValueError naming the string and the accepted forms. */
DLDataType String2DLDataType(const std::string& s);
/*! \brief Whether an NDArray may hold this type (byte-sized or bool elements, known code). */
bool IsStorableDataType(DLDataType t);

inline std::ostream& operator<<(std::ostream& os, DataType t) {
  return os << DLDataType2String(t);
}
inline std::ostream& operator<<(std::ostream& os, DLDataType t) {
  return os << DLDataType2String(t);
}

/*! \brief "cpu", "cuda", "opencl", ... for a DLDeviceType; "device(N)" when unknown. */
std::string DeviceTypeName(int device_type);
/*! \brief The device type of a name ("cpu", "llvm", "cuda", "gpu", "cl", ...); ValueError if unknown. */
int DeviceTypeFromName(const std::string& name);
/*! \brief "cpu(0)". */
std::string DeviceToString(Device dev);

inline std::ostream& operator<<(std::ostream& os, Device dev) { return os << DeviceToString(dev); }
inline bool operator==(Device a, Device b) {
  return a.device_type == b.device_type && a.device_id == b.device_id;
}
inline bool operator!=(Device a, Device b) { return !(a == b); }

}  // namespace runtime
using runtime::DataType;
using runtime::Device;
}  // namespace tvm

#endif  // TVM_RUNTIME_DATA_TYPE_H_
