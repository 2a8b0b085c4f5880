/*!
 * \file packed_func.cc
 * \brief Argument conversion errors and the ownership rules of TVMRetValue.
 */
#include <tvm/runtime/packed_func.h>

#include <string>

namespace tvm {
namespace runtime {

const char* ArgTypeCode2Str(int type_code) {
  switch (type_code) {
    case kDLInt:
      return "int";
    case kDLUInt:
      return "uint";
    case kDLFloat:
      return "float";
    case kTVMOpaqueHandle:
      return "handle";
    case kTVMNullptr:
      return "None";
    case kTVMDataType:
      return "DataType";
    case kDLDevice:
      return "Device";
    case kTVMDLTensorHandle:
      return "DLTensor*";
    case kTVMObjectHandle:
      return "Object";
    case kTVMModuleHandle:
      return "Module";
    case kTVMPackedFuncHandle:
      return "PackedFunc";
    case kTVMStr:
      return "str";
    case kTVMBytes:
      return "bytes";
    case kTVMNDArrayHandle:
      return "NDArray";
    case kTVMObjectRValueRefArg:
      return "Object";
    default:
      return "unknown";
  }
}

namespace detail {

std::string DescribeValue(const TVMValue& value, int type_code) {
  switch (type_code) {
    case kTVMObjectHandle:
    case kTVMModuleHandle:
    case kTVMPackedFuncHandle:
      if (value.v_handle != nullptr) {
        return static_cast<Object*>(value.v_handle)->GetTypeKey();
      }
      return "None";
    case kTVMObjectRValueRefArg:
      return (*static_cast<Object**>(value.v_handle))->GetTypeKey();
    default:
      return ArgTypeCode2Str(type_code);
  }
}

void ThrowConversionError(const TVMValue& value, int type_code, const char* expected) {
  TVM_THROW(TypeError) << "expected " << expected << " but got "
                       << DescribeValue(value, type_code);
}

ShapeTuple ShapeTupleFromValue(const TVMValue& value, int type_code) {
  auto* obj = static_cast<Object*>(value.v_handle);
  if (obj != nullptr && obj->IsInstance<ShapeTupleObj>()) {
    return ShapeTuple(ObjectPtr<Object>(obj));
  }
  if (obj != nullptr && obj->IsInstance<ArrayNode>()) {
    std::vector<int64_t> dims;
    for (const ObjectRef& e : static_cast<ArrayNode*>(obj)->data) {
      const auto* i = e.as<IntObj>();
      if (i == nullptr) ThrowConversionError(value, type_code, "a shape (a list of int)");
      dims.push_back(i->value);
    }
    return ShapeTuple(std::move(dims));
  }
  ThrowConversionError(value, type_code, ShapeTupleObj::_type_key);
}

void ThrowArgumentError(const std::string* fname, int index, const Error& e) {
  std::ostringstream os;
  if (fname != nullptr) os << "In function " << *fname << ": ";
  os << "argument " << index << ": " << e.what();
  throw Error(e.kind(), os.str());
}

void ThrowArgCountError(const std::string* fname, int expected, int given) {
  std::ostringstream os;
  os << "Function " << (fname ? *fname : std::string("<anonymous>")) << " expects " << expected
     << " argument" << (expected == 1 ? "" : "s") << " but " << given
     << (given == 1 ? " was" : " were") << " given";
  throw Error("TypeError", os.str());
}

}  // namespace detail

TVMArgValue::operator std::string() const {
  if (type_code_ == kTVMStr) return std::string(value_.v_str);
  if (type_code_ == kTVMBytes) {
    const auto* ba = static_cast<const TVMByteArray*>(value_.v_handle);
    return std::string(ba->data, ba->size);
  }
  if (Object* obj = ObjectPtrOrNull()) {
    if (obj->IsInstance<StringObj>()) return static_cast<StringObj*>(obj)->data;
  }
  detail::ThrowConversionError(value_, type_code_, "str");
}

TVMArgValue::operator DataType() const {
  if (type_code_ == kTVMDataType) return DataType(value_.v_type);
  if (type_code_ == kTVMStr) return DataType(String2DLDataType(value_.v_str));
  if (Object* obj = ObjectPtrOrNull()) {
    if (obj->IsInstance<StringObj>()) {
      return DataType(String2DLDataType(static_cast<StringObj*>(obj)->data));
    }
  }
  detail::ThrowConversionError(value_, type_code_, "DataType");
}

TVMRetValue::operator std::string() const {
  if (type_code_ == kTVMStr || type_code_ == kTVMBytes) return string_value();
  if (Object* obj = ObjectPtrOrNull()) {
    if (obj->IsInstance<StringObj>()) return static_cast<StringObj*>(obj)->data;
  }
  detail::ThrowConversionError(value_, type_code_, "str");
}

TVMRetValue::operator DataType() const {
  if (type_code_ == kTVMDataType) return DataType(value_.v_type);
  if (type_code_ == kTVMStr) return DataType(String2DLDataType(string_value()));
  detail::ThrowConversionError(value_, type_code_, "DataType");
}

TVMRetValue& TVMRetValue::operator=(const TVMArgValue& v) {
  switch (v.type_code()) {
    case kTVMStr:
      return operator=(v.operator std::string());
    case kTVMBytes:
      // Bytes stay bytes: they need not be valid UTF-8 text.
      return SetString(kTVMBytes, v.operator std::string());
    case kTVMObjectHandle:
    case kTVMModuleHandle:
    case kTVMPackedFuncHandle:
    case kTVMNDArrayHandle:
    case kTVMObjectRValueRefArg:
      return operator=(v.AsObjectRef<ObjectRef>());
    default:
      Clear();
      value_ = v.value();
      type_code_ = v.type_code();
      return *this;
  }
}

void TVMRetValue::Assign(const TVMRetValue& other) {
  switch (other.type_code_) {
    case kTVMStr:
    case kTVMBytes:
      SetString(other.type_code_, other.string_value());
      break;
    case kTVMObjectHandle:
    case kTVMModuleHandle:
    case kTVMPackedFuncHandle:
    case kTVMNDArrayHandle:
      SetObject(ObjectPtr<Object>(other.ObjectPtrOrNull()));
      break;
    default:
      Clear();
      value_ = other.value_;
      type_code_ = other.type_code_;
  }
}

void TVMRetValue::Clear() {
  switch (type_code_) {
    case kTVMStr:
    case kTVMBytes:
      delete static_cast<std::string*>(value_.v_handle);
      break;
    case kTVMObjectHandle:
    case kTVMModuleHandle:
    case kTVMPackedFuncHandle:
    case kTVMNDArrayHandle:
      if (Object* obj = ObjectPtrOrNull()) obj->DecRef();
      break;
    default:
      break;
  }
  type_code_ = kTVMNullptr;
  value_.v_handle = nullptr;
}

TVMRetValue TVMRetValue::MoveFromCHost(TVMValue value, int type_code) {
  TVMRetValue rv;
  switch (type_code) {
    case kTVMStr:
      rv = std::string(value.v_str);
      break;
    case kTVMBytes: {
      const auto* ba = static_cast<const TVMByteArray*>(value.v_handle);
      rv.SetString(kTVMBytes, std::string(ba->data, ba->size));
      break;
    }
    default:
      // Objects arrive holding one reference, which rv now owns.
      rv.value_ = value;
      rv.type_code_ = type_code;
  }
  return rv;
}

void TVMRetValue::MoveToCHost(TVMValue* ret_value, int* ret_type_code) {
  if (type_code_ == kTVMStr || type_code_ == kTVMBytes) {
    // The C caller gets a pointer into thread-local storage, valid until the next call.
    static thread_local std::string ret_str;
    static thread_local TVMByteArray ret_bytes;
    ret_str = string_value();
    if (type_code_ == kTVMStr) {
      ret_value->v_str = ret_str.c_str();
    } else {
      ret_bytes.data = ret_str.data();
      ret_bytes.size = ret_str.size();
      ret_value->v_handle = &ret_bytes;
    }
    *ret_type_code = type_code_;
    Clear();
    return;
  }
  *ret_value = value_;
  *ret_type_code = type_code_;
  type_code_ = kTVMNullptr;
  value_.v_handle = nullptr;
}

}  // namespace runtime
}  // namespace tvm
