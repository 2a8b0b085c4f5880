/*!
 * \file ndarray.cc
 * \brief NDArray allocation, copies, views, DLPack exchange and the binary format.
 */
#include <dmlc/io.h>
#include <dmlc/memory_io.h>
#include <tvm/runtime/device_api.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/registry.h>
#include <tvm/runtime/string_tensor.h>

#include <cstddef>
#include <cstring>
#include <limits>

#include "file_utils.h"

namespace tvm {
namespace runtime {

TVM_REGISTER_OBJECT_TYPE(NDArray::Container);

namespace {
/*! \brief The strings of a string tensor: element i of its data points to strings[i]. */
class StringPoolObj : public Object {
 public:
  explicit StringPoolObj(size_t n) : strings(n), pointers(n) {
    for (size_t i = 0; i < n; ++i) pointers[i] = &strings[i];
  }
  std::vector<std::string> strings;
  std::vector<std::string*> pointers;
  static constexpr const char* _type_key = "runtime.StringPool";
  TVM_DECLARE_FINAL_OBJECT_INFO(StringPoolObj, Object);
};
}  // namespace
TVM_REGISTER_OBJECT_TYPE(StringPoolObj);

namespace {
constexpr int kMaxNDim = 64;

std::string ShapeToString(const int64_t* shape, int ndim) {
  std::ostringstream os;
  os << '(';
  for (int i = 0; i < ndim; ++i) os << (i ? ", " : "") << shape[i];
  if (ndim == 1) os << ',';
  os << ')';
  return os.str();
}

void CheckStorable(DLDataType dtype, const char* what) {
  if (!IsStorableDataType(dtype) || dtype.lanes == 0) {
    TVM_THROW(ValueError) << what << ": unsupported dtype " << DLDataType2String(dtype)
                          << " (an NDArray holds bool, int/uint 8-64, float16/32/64 or "
                             "bfloat16 elements)";
  }
}

/*! \brief Whether strides (may be null) describe a compact row-major layout. */
bool IsCompact(const DLTensor& t) {
  if (t.strides == nullptr) return true;
  // Without elements any strides describe the same empty data (torch: (2, 0), strides (1, 1)).
  for (int i = 0; i < t.ndim; ++i) {
    if (t.shape[i] == 0) return true;
  }
  int64_t expected = 1;
  for (int i = t.ndim - 1; i >= 0; --i) {
    if (t.shape[i] != 1 && t.strides[i] != expected) return false;
    expected *= t.shape[i];
  }
  return true;
}

/*! \brief Element count of a shape with overflow and sign checks. */
int64_t CheckedNumElements(const int64_t* shape, int ndim, const char* what) {
  int64_t n = 1;
  for (int i = 0; i < ndim; ++i) {
    if (shape[i] < 0) {
      TVM_THROW(ValueError) << what << ": shape " << ShapeToString(shape, ndim)
                            << " has a negative dimension";
    }
    if (shape[i] != 0 && n > std::numeric_limits<int64_t>::max() / shape[i]) {
      TVM_THROW(ValueError) << what << ": shape " << ShapeToString(shape, ndim)
                            << " has more elements than fit in int64";
    }
    n *= shape[i];
  }
  return n;
}

size_t ElementBytes(DLDataType t) { return (static_cast<size_t>(t.bits) * t.lanes + 7) / 8; }

/*! \brief Byte size of a compact tensor; a shape whose size overflows int64 is a ValueError. */
int64_t CheckedNumBytes(const int64_t* shape, int ndim, DLDataType dtype, const char* what) {
  int64_t count = CheckedNumElements(shape, ndim, what);
  auto elem = static_cast<int64_t>(ElementBytes(dtype));
  if (elem != 0 && count > std::numeric_limits<int64_t>::max() / elem) {
    TVM_THROW(ValueError) << what << ": shape " << ShapeToString(shape, ndim) << " of "
                          << DLDataType2String(dtype) << " has more bytes than fit in int64";
  }
  return count * elem;
}

// DLPack 0.8 added a bool type code, which numpy uses; our dlpack.h may predate it. Our bool
// (uint1) is stored one byte per element, exactly the layout of DLPack's 8-bit bool.
constexpr uint8_t kDLPackBoolCode = 6;
bool IsDLPackBool(DLDataType t) { return t.code == kDLPackBoolCode && t.bits == 8; }
}  // namespace

NDArray::Container::Container() {
  std::memset(&dl_tensor, 0, sizeof(dl_tensor));
}

NDArray::Container::~Container() {
  if (dlpack_source_ != nullptr) {
    if (dlpack_source_->deleter != nullptr) dlpack_source_->deleter(dlpack_source_);
  } else if (!base_.defined() && !borrowed_ && dl_tensor.data != nullptr) {
    DeviceAPI::Get(dl_tensor.device)->FreeDataSpace(dl_tensor.device, dl_tensor.data);
  }
}

uint32_t NDArrayTypeIndex() { return NDArray::Container::RuntimeTypeIndex(); }

Object* NDArrayObjectFromHandle(void* dltensor) {
  if (dltensor == nullptr) return nullptr;
  // The DLTensor handle of an NDArray points into its container.
  static const ptrdiff_t offset = [] {
    alignas(NDArray::Container) static char probe[sizeof(NDArray::Container)];
    auto* c = reinterpret_cast<NDArray::Container*>(probe);
    return reinterpret_cast<char*>(&c->dl_tensor) - reinterpret_cast<char*>(c);
  }();
  return reinterpret_cast<NDArray::Container*>(static_cast<char*>(dltensor) - offset);
}

void* NDArrayHandleFromObject(Object* obj) {
  return &static_cast<NDArray::Container*>(obj)->dl_tensor;
}

size_t GetDataSize(const DLTensor& t) {
  size_t n = 1;
  for (int i = 0; i < t.ndim; ++i) n *= static_cast<size_t>(t.shape[i]);
  return n * ElementBytes(t.dtype);
}

ShapeTuple NDArray::Shape() const {
  const DLTensor* t = operator->();
  return ShapeTuple(std::vector<int64_t>(t->shape, t->shape + t->ndim));
}

runtime::DataType NDArray::DataType() const { return runtime::DataType(operator->()->dtype); }

int64_t NDArray::NumElements() const {
  int64_t n = 1;
  for (int i = 0; i < operator->()->ndim; ++i) n *= operator->()->shape[i];
  return n;
}

size_t NDArray::NBytes() const { return GetDataSize(*operator->()); }

bool NDArray::IsContiguous() const { return IsCompact(*operator->()); }

NDArray NDArray::Empty(ShapeTuple shape, DLDataType dtype, Device dev) {
  CheckStorable(dtype, "NDArray.empty");
  int ndim = static_cast<int>(shape.size());
  if (ndim > kMaxNDim) TVM_THROW(ValueError) << "NDArray.empty: " << ndim << " dimensions, at most " << kMaxNDim << " supported";
  CheckedNumBytes(shape.data(), ndim, dtype, "NDArray.empty");
  auto n = make_object<Container>();
  n->shape_ = shape.vec();
  n->dl_tensor.ndim = ndim;
  n->dl_tensor.shape = n->shape_.data();
  n->dl_tensor.dtype = dtype;
  n->dl_tensor.device = dev;
  if (IsStringDType(dtype)) {
    if (dev.device_type != kDLCPU) {
      TVM_THROW(ValueError) << "NDArray.empty: string tensors live on the cpu, not on "
                            << DeviceToString(dev);
    }
    auto pool = make_object<StringPoolObj>(static_cast<size_t>(CheckedNumElements(
        shape.data(), ndim, "NDArray.empty")));
    n->dl_tensor.data = pool->pointers.data();
    n->base_ = ObjectRef(std::move(pool));
    return NDArray(ObjectPtr<Object>(std::move(n)));
  }
  DeviceAPI* api = DeviceAPI::Get(dev);
  size_t nbytes = GetDataSize(n->dl_tensor);
  // A zero-size array still gets a valid, aligned pointer.
  n->dl_tensor.data = api->AllocDataSpace(dev, nbytes == 0 ? kAllocAlignment : nbytes,
                                          kAllocAlignment, dtype);
  return NDArray(ObjectPtr<Object>(std::move(n)));
}

NDArray NDArray::FromDLPack(DLManagedTensor* tensor) {
  if (tensor == nullptr) TVM_THROW(ValueError) << "from_dlpack: null DLManagedTensor";
  auto n = make_object<Container>();
  // From here on the container owns the tensor: an error below releases it through n.
  n->dlpack_source_ = tensor;
  const DLTensor& src = tensor->dl_tensor;
  if (src.ndim < 0 || src.ndim > kMaxNDim) {
    TVM_THROW(ValueError) << "from_dlpack: tensor has " << src.ndim << " dimensions";
  }
  DLDataType dtype = src.dtype;
  if (IsDLPackBool(dtype)) dtype = DLDataType{kDLUInt, 1, dtype.lanes};
  CheckStorable(dtype, "from_dlpack");
  if (IsStringDType(dtype)) {
    TVM_THROW(TypeError) << "from_dlpack: DLPack cannot carry string tensors";
  }
  if (DeviceAPI::Get(src.device, /*allow_missing=*/true) == nullptr) {
    TVM_THROW(ValueError) << "from_dlpack: tensor is on " << DeviceToString(src.device)
                          << ", for which this runtime has no device API";
  }
  if (!IsCompact(src)) {
    std::ostringstream strides;
    for (int i = 0; i < src.ndim; ++i) strides << (i ? ", " : "") << src.strides[i];
    TVM_THROW(ValueError) << "from_dlpack: expected a compact row-major tensor, but shape "
                          << ShapeToString(src.shape, src.ndim) << " has strides ("
                          << strides.str() << "); make it contiguous first";
  }
  n->shape_.assign(src.shape, src.shape + src.ndim);
  n->dl_tensor = src;
  n->dl_tensor.dtype = dtype;
  n->dl_tensor.shape = n->shape_.data();
  n->dl_tensor.strides = nullptr;
  return NDArray(ObjectPtr<Object>(std::move(n)));
}

NDArray NDArray::BorrowDLTensor(const DLTensor& tensor) {
  if (!IsCompact(tensor)) TVM_THROW(ValueError) << "cannot wrap a non-compact DLTensor";
  auto n = make_object<Container>();
  n->borrowed_ = true;
  n->shape_.assign(tensor.shape, tensor.shape + tensor.ndim);
  n->dl_tensor = tensor;
  n->dl_tensor.shape = n->shape_.data();
  n->dl_tensor.strides = nullptr;
  return NDArray(ObjectPtr<Object>(std::move(n)));
}

DLManagedTensor* NDArray::ToDLPack() const {
  ICHECK(defined()) << "ToDLPack on a null NDArray";
  if (IsStringDType(operator->()->dtype)) {
    TVM_THROW(TypeError) << "to_dlpack: a string tensor cannot be exported through DLPack "
                         << "(its elements are C++ strings); use numpy()";
  }
  auto* ret = new DLManagedTensor();
  ret->dl_tensor = *operator->();
  if (runtime::DataType(ret->dl_tensor.dtype).is_bool()) {
    ret->dl_tensor.dtype = DLDataType{kDLPackBoolCode, 8, ret->dl_tensor.dtype.lanes};
  }
  Object* owner = const_cast<Object*>(get());
  owner->IncRef();
  ret->manager_ctx = owner;
  ret->deleter = [](DLManagedTensor* self) {
    static_cast<Object*>(self->manager_ctx)->DecRef();
    delete self;
  };
  return ret;
}

void NDArray::CopyFromTo(const DLTensor* from, DLTensor* to, TVMStreamHandle stream) {
  size_t from_size = GetDataSize(*from);
  size_t to_size = GetDataSize(*to);
  if (from_size != to_size || from->ndim != to->ndim) {
    TVM_THROW(ValueError) << "copy: source has shape " << ShapeToString(from->shape, from->ndim)
                          << " and dtype " << DLDataType2String(from->dtype)
                          << ", destination has shape " << ShapeToString(to->shape, to->ndim)
                          << " and dtype " << DLDataType2String(to->dtype);
  }
  for (int i = 0; i < from->ndim; ++i) {
    if (from->shape[i] != to->shape[i]) {
      TVM_THROW(ValueError) << "copy: shape mismatch, source "
                            << ShapeToString(from->shape, from->ndim) << " vs destination "
                            << ShapeToString(to->shape, to->ndim);
    }
  }
  if (!IsCompact(*from) || !IsCompact(*to)) {
    TVM_THROW(ValueError) << "copy: both tensors must be compact row-major";
  }
  if (IsStringDType(from->dtype) || IsStringDType(to->dtype)) {
    CheckStringTensor(from, "copy", "source");
    CheckStringTensor(to, "copy", "destination");
    int64_t n = CheckedNumElements(from->shape, from->ndim, "copy");
    for (int64_t i = 0; i < n; ++i) StringAt(to, i) = StringAt(from, i);
    return;
  }
  Device dev = from->device.device_type != kDLCPU ? from->device : to->device;
  DeviceAPI::Get(dev)->CopyDataFromTo(from, to, stream);
}

void NDArray::CopyFrom(const DLTensor* other) {
  ICHECK(defined()) << "CopyFrom into a null NDArray";
  CopyFromTo(other, const_cast<DLTensor*>(operator->()));
}

void NDArray::CopyFromBytes(const void* data, size_t nbytes) {
  if (IsStringDType(operator->()->dtype)) {
    TVM_THROW(TypeError) << "copy from bytes: a string tensor is not filled from raw bytes";
  }
  if (nbytes != NBytes()) {
    TVM_THROW(ValueError) << "copy from bytes: the array holds " << NBytes()
                          << " bytes but " << nbytes << " were given";
  }
  DLTensor src = *operator->();
  src.data = const_cast<void*>(data);
  src.byte_offset = 0;
  src.device = Device{kDLCPU, 0};
  CopyFromTo(&src, const_cast<DLTensor*>(operator->()));
}

void NDArray::CopyToBytes(void* data, size_t nbytes) const {
  if (IsStringDType(operator->()->dtype)) {
    TVM_THROW(TypeError) << "copy to bytes: a string tensor has no raw-byte form; read its "
                         << "elements (numpy() gives an object array)";
  }
  if (nbytes != NBytes()) {
    TVM_THROW(ValueError) << "copy to bytes: the array holds " << NBytes() << " bytes but the "
                          << "destination has " << nbytes;
  }
  DLTensor dst = *operator->();
  dst.data = data;
  dst.byte_offset = 0;
  dst.device = Device{kDLCPU, 0};
  CopyFromTo(operator->(), &dst);
}

NDArray NDArray::CopyTo(const Device& dev) const {
  NDArray ret = Empty(Shape(), operator->()->dtype, dev);
  ret.CopyFrom(*this);
  return ret;
}

NDArray NDArray::CreateView(ShapeTuple shape, runtime::DataType dtype) const {
  ICHECK(defined()) << "CreateView of a null NDArray";
  if (!IsContiguous()) TVM_THROW(ValueError) << "CreateView needs a compact array";
  CheckStorable(dtype, "CreateView");
  if (IsStringDType(dtype) != IsStringDType(operator->()->dtype)) {
    TVM_THROW(TypeError) << "CreateView: a " << DLDataType2String(operator->()->dtype)
                         << " array cannot be viewed as " << dtype
                         << " (string tensors only as string tensors)";
  }
  int ndim = static_cast<int>(shape.size());
  auto need = static_cast<size_t>(CheckedNumBytes(shape.data(), ndim, dtype, "CreateView"));
  if (need > NBytes()) {
    TVM_THROW(ValueError) << "CreateView: a view of shape " << ShapeToString(shape.data(), ndim)
                          << " and dtype " << dtype << " needs " << need
                          << " bytes but the array holds " << NBytes();
  }
  auto n = make_object<Container>();
  n->shape_ = shape.vec();
  n->dl_tensor = *operator->();
  n->dl_tensor.ndim = ndim;
  n->dl_tensor.shape = n->shape_.data();
  n->dl_tensor.dtype = dtype;
  n->base_ = *this;
  return NDArray(ObjectPtr<Object>(std::move(n)));
}

void NDArray::Save(dmlc::Stream* strm) const {
  NDArray host = device().device_type == kDLCPU ? *this : CopyTo(Device{kDLCPU, 0});
  const DLTensor& t = *host.operator->();
  if (!IsCompact(t)) TVM_THROW(ValueError) << "NDArray.save needs a compact array";
  strm->Write(kTVMNDArrayMagic);
  strm->Write(kTVMNDArrayFormatVersion);
  strm->Write(static_cast<int32_t>(device().device_type));
  strm->Write(static_cast<int32_t>(device().device_id));
  strm->Write(static_cast<int32_t>(t.ndim));
  strm->Write(t.dtype.code);
  strm->Write(t.dtype.bits);
  strm->Write(t.dtype.lanes);
  for (int i = 0; i < t.ndim; ++i) strm->Write(static_cast<int64_t>(t.shape[i]));
  if (IsStringDType(t.dtype)) {
    // Strings: the data is (u64 length, bytes) per element; nbytes counts all of it.
    int64_t n = NumElements(), nbytes = 0;
    for (int64_t i = 0; i < n; ++i) nbytes += 8 + static_cast<int64_t>(StringAt(&t, i).size());
    strm->Write(nbytes);
    for (int64_t i = 0; i < n; ++i) {
      const std::string& v = StringAt(&t, i);
      strm->Write(static_cast<uint64_t>(v.size()));
      strm->Write(v.data(), v.size());
    }
    return;
  }
  int64_t nbytes = static_cast<int64_t>(GetDataSize(t));
  strm->Write(nbytes);
  strm->Write(static_cast<const char*>(t.data) + t.byte_offset, static_cast<size_t>(nbytes));
}

NDArray NDArray::Load(dmlc::Stream* strm) {
  auto read = [strm](void* ptr, size_t size, const char* what) {
    size_t got = strm->Read(ptr, size);
    if (got != size) {
      TVM_THROW(ValueError) << "NDArray load: truncated data while reading " << what
                            << " (expected " << size << " bytes, found " << got << ")";
    }
  };
  uint64_t magic = 0, version = 0;
  read(&magic, sizeof(magic), "the magic number");
  if (magic != kTVMNDArrayMagic) {
    std::ostringstream os;
    os << std::hex << "0x" << magic << ", expected 0x" << kTVMNDArrayMagic;
    TVM_THROW(ValueError) << "NDArray load: not an NDArray (magic number " << os.str() << ")";
  }
  read(&version, sizeof(version), "the format version");
  // Version 0 is the same layout with the field reserved, as Apache TVM writes it: files
  // (e.g. parameters) saved by TVM load too.
  if (version != kTVMNDArrayFormatVersion && version != 0) {
    TVM_THROW(ValueError) << "NDArray load: format version " << version
                          << " is not supported (this runtime reads versions 0 and "
                          << kTVMNDArrayFormatVersion << ")";
  }
  int32_t dev_type = 0, dev_id = 0, ndim = 0;
  read(&dev_type, sizeof(dev_type), "the device");
  read(&dev_id, sizeof(dev_id), "the device");
  read(&ndim, sizeof(ndim), "the number of dimensions");
  if (ndim < 0 || ndim > kMaxNDim) {
    TVM_THROW(ValueError) << "NDArray load: corrupt header, " << ndim
                          << " dimensions (expected 0 to " << kMaxNDim << ")";
  }
  DLDataType dtype;
  read(&dtype.code, sizeof(dtype.code), "the dtype");
  read(&dtype.bits, sizeof(dtype.bits), "the dtype");
  read(&dtype.lanes, sizeof(dtype.lanes), "the dtype");
  CheckStorable(dtype, "NDArray load");
  std::vector<int64_t> shape(ndim);
  if (ndim > 0) read(shape.data(), sizeof(int64_t) * ndim, "the shape");
  if (IsStringDType(dtype)) {
    int64_t count = CheckedNumElements(shape.data(), ndim, "NDArray load");
    int64_t nbytes = 0;
    read(&nbytes, sizeof(nbytes), "the data size");
    if (nbytes < 0 || count > nbytes / 8) {
      TVM_THROW(ValueError) << "NDArray load: corrupt header, " << nbytes << " bytes cannot "
                            << "hold " << count << " strings";
    }
    NDArray ret = Empty(ShapeTuple(shape), dtype, Device{kDLCPU, 0});
    int64_t left = nbytes - 8 * count;
    for (int64_t i = 0; i < count; ++i) {
      uint64_t size = 0;
      read(&size, sizeof(size), "a string length");
      if (size > static_cast<uint64_t>(left)) {
        TVM_THROW(ValueError) << "NDArray load: corrupt data, string " << i << " claims "
                              << size << " bytes but " << left << " remain";
      }
      left -= static_cast<int64_t>(size);
      std::string& v = StringAt(ret.operator->(), i);
      v.resize(size);
      if (size > 0) read(&v[0], size, "a string");
    }
    if (left != 0) {
      TVM_THROW(ValueError) << "NDArray load: corrupt data, " << left << " bytes after the last "
                            << "string";
    }
    return ret;
  }
  int64_t expected = CheckedNumBytes(shape.data(), ndim, dtype, "NDArray load");
  int64_t nbytes = 0;
  read(&nbytes, sizeof(nbytes), "the data size");
  if (nbytes != expected) {
    TVM_THROW(ValueError) << "NDArray load: corrupt header, data size " << nbytes
                          << " bytes but shape " << ShapeToString(shape.data(), ndim)
                          << " of " << DLDataType2String(dtype) << " needs " << expected;
  }
  NDArray ret = Empty(ShapeTuple(shape), dtype, Device{kDLCPU, 0});
  if (nbytes > 0) read(ret->data, static_cast<size_t>(nbytes), "the data");
  return ret;
}

void NDArray::SaveToFile(const std::string& path) const {
  FileStream fs(path, "w");
  Save(&fs);
  fs.Close();
}

NDArray NDArray::LoadFromFile(const std::string& path) {
  FileStream fs(path, "r");
  try {
    return Load(&fs);
  } catch (const Error& e) {
    throw Error(e.kind(), std::string(e.what()) + " [file '" + path + "']");
  }
}

TVM_REGISTER_GLOBAL("runtime.NDArraySaveToFile").set_body_typed([](NDArray arr, std::string path) {
  arr.SaveToFile(path);
});
TVM_REGISTER_GLOBAL("runtime.NDArrayLoadFromFile").set_body_typed(NDArray::LoadFromFile);
TVM_REGISTER_GLOBAL("runtime.NDArraySaveToBytes").set_body([](TVMArgs args, TVMRetValue* rv) {
  NDArray arr = args[0];
  std::string bytes;
  dmlc::MemoryStringStream strm(&bytes);
  arr.Save(&strm);
  TVMByteArray ba{bytes.data(), bytes.size()};
  *rv = ba;
});
TVM_REGISTER_GLOBAL("runtime.NDArrayLoadFromBytes").set_body_typed([](std::string bytes) {
  dmlc::MemoryStringStream strm(&bytes);
  return NDArray::Load(&strm);
});
TVM_REGISTER_GLOBAL("runtime.NDArrayCopyTo").set_body_typed([](NDArray arr, Device dev) {
  return arr.CopyTo(dev);
});
TVM_REGISTER_GLOBAL("runtime.NDArrayCopyFromTo").set_body_typed([](NDArray from, NDArray to) {
  NDArray::CopyFromTo(from.operator->(), to.dltensor_handle());
});
TVM_REGISTER_GLOBAL("runtime.NDArrayCreateView")
    .set_body_typed([](NDArray arr, ShapeTuple shape, DataType dtype) {
      return arr.CreateView(shape, dtype);
    });
TVM_REGISTER_GLOBAL("runtime.NDArrayEmpty")
    .set_body_typed([](ShapeTuple shape, DataType dtype, Device dev) {
      return NDArray::Empty(shape, dtype, dev);
    });

}  // namespace runtime
}  // namespace tvm
