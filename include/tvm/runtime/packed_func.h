/*!
 * \file tvm/runtime/packed_func.h
 * \brief PackedFunc: the one calling convention that crosses every boundary of the stack
 *  (C++ to C++, C++ to Python and back, host code to generated kernels).
 *
 * A PackedFunc takes a type-erased argument list (`TVMArgs`, the C ABI's parallel value and
 * type-code arrays) and writes one `TVMRetValue`. Converting an argument to the wrong C++ type
 * raises a TypeError that says what was expected and what was passed; `TypedPackedFunc` adds
 * the argument count and position to that message.
 */
#ifndef TVM_RUNTIME_PACKED_FUNC_H_
#define TVM_RUNTIME_PACKED_FUNC_H_

#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/object.h>

#include <functional>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace runtime {

class TVMArgs;
class TVMArgValue;
class TVMRetValue;
template <typename FType>
class TypedPackedFunc;

/*! \brief The object behind a PackedFunc. */
class PackedFuncObj : public Object {
 public:
  using FType = std::function<void(TVMArgs args, TVMRetValue* rv)>;
  explicit PackedFuncObj(FType body) : body_(std::move(body)) {}
  void CallPacked(TVMArgs args, TVMRetValue* rv) const;

  static constexpr const char* _type_key = "runtime.PackedFunc";
  TVM_DECLARE_FINAL_OBJECT_INFO(PackedFuncObj, Object);

 private:
  FType body_;
};

/*! \brief Reference to a type-erased function. */
class PackedFunc : public ObjectRef {
 public:
  using FType = PackedFuncObj::FType;
  PackedFunc() = default;
  PackedFunc(std::nullptr_t) {}  // NOLINT(*)
  explicit PackedFunc(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  template <typename F, typename = std::enable_if_t<
                            std::is_convertible<F, FType>::value &&
                            !std::is_base_of<ObjectRef, std::decay_t<F>>::value>>
  explicit PackedFunc(F body) : ObjectRef(make_object<PackedFuncObj>(FType(std::move(body)))) {}

  /*! \brief Call with C++ values; each is packed with its natural type code. */
  template <typename... Args>
  inline TVMRetValue operator()(Args&&... args) const;
  inline void CallPacked(TVMArgs args, TVMRetValue* rv) const;
  bool operator==(std::nullptr_t) const { return !defined(); }
  bool operator!=(std::nullptr_t) const { return defined(); }
  const PackedFuncObj* operator->() const { return static_cast<const PackedFuncObj*>(get()); }
  using ContainerType = PackedFuncObj;
};

/*! \brief Type index of NDArray / Module objects (defined where those classes live). */
uint32_t NDArrayTypeIndex();
uint32_t ModuleTypeIndex();
/*! \brief The NDArray object owning a DLTensor handle passed as kTVMNDArrayHandle, and back. */
Object* NDArrayObjectFromHandle(void* dltensor);
void* NDArrayHandleFromObject(Object* ndarray);

/*! \brief Name of a type code, for messages ("int", "str", "NDArray", ...). */
const char* ArgTypeCode2Str(int type_code);

namespace detail {
/*! \brief "a value of type X" for the value held in (value, type_code). */
std::string DescribeValue(const TVMValue& value, int type_code);
[[noreturn]] void ThrowConversionError(const TVMValue& value, int type_code,
                                       const char* expected);
/*! \brief A ShapeTuple from a ShapeTuple object or an Array of integers. */
ShapeTuple ShapeTupleFromValue(const TVMValue& value, int type_code);
/*! \brief The type code an object is passed with: by its runtime type. */
inline int ObjectTypeCode(const Object* obj) {
  if (obj == nullptr) return kTVMNullptr;
  uint32_t t = obj->type_index();
  if (t == NDArrayTypeIndex()) return kTVMNDArrayHandle;
  if (t == ModuleTypeIndex()) return kTVMModuleHandle;
  if (t == PackedFuncObj::RuntimeTypeIndex()) return kTVMPackedFuncHandle;
  return kTVMObjectHandle;
}
}  // namespace detail

/*! \brief Conversions shared by arguments and return values. */
class TVMPODValue_ {
 public:
  int type_code() const { return type_code_; }
  const TVMValue& value() const { return value_; }

  operator double() const {
    if (type_code_ == kDLInt) return static_cast<double>(value_.v_int64);
    Expect(kDLFloat, "float");
    return value_.v_float64;
  }
  operator int64_t() const {
    Expect(kDLInt, "int");
    return value_.v_int64;
  }
  operator uint64_t() const {
    Expect(kDLInt, "int");
    return static_cast<uint64_t>(value_.v_int64);
  }
  operator int() const {
    Expect(kDLInt, "int");
    return static_cast<int>(value_.v_int64);
  }
  operator bool() const {
    Expect(kDLInt, "bool");
    return value_.v_int64 != 0;
  }
  operator void*() const {
    if (type_code_ == kTVMNullptr) return nullptr;
    if (type_code_ == kTVMOpaqueHandle || type_code_ == kTVMDLTensorHandle ||
        type_code_ == kTVMNDArrayHandle) {
      return value_.v_handle;
    }
    detail::ThrowConversionError(value_, type_code_, "handle");
  }
  operator DLTensor*() const {
    if (type_code_ == kTVMNullptr) return nullptr;
    if (type_code_ == kTVMDLTensorHandle || type_code_ == kTVMNDArrayHandle) {
      return static_cast<DLTensor*>(value_.v_handle);
    }
    detail::ThrowConversionError(value_, type_code_, "DLTensor*");
  }
  operator Device() const {
    Expect(kDLDevice, "Device");
    return value_.v_device;
  }
  /*! \brief Convert to an ObjectRef type, checking the runtime type. */
  template <typename TObjectRef>
  TObjectRef AsObjectRef() const;

 protected:
  TVMPODValue_() : type_code_(kTVMNullptr) { value_.v_handle = nullptr; }
  TVMPODValue_(TVMValue value, int type_code) : value_(value), type_code_(type_code) {}
  void Expect(int code, const char* expected) const {
    if (type_code_ != code) detail::ThrowConversionError(value_, type_code_, expected);
  }
  /*! \brief The Object* behind an object-like value, or nullptr when not one. */
  Object* ObjectPtrOrNull() const {
    switch (type_code_) {
      case kTVMObjectHandle:
      case kTVMModuleHandle:
      case kTVMPackedFuncHandle:
        return static_cast<Object*>(value_.v_handle);
      case kTVMObjectRValueRefArg:
        return *static_cast<Object**>(value_.v_handle);
      case kTVMNDArrayHandle:
        return NDArrayObjectFromHandle(value_.v_handle);
      default:
        return nullptr;
    }
  }

  TVMValue value_;
  int type_code_;
};

template <typename TObjectRef>
TObjectRef TVMPODValue_::AsObjectRef() const {
  static_assert(std::is_base_of<ObjectRef, TObjectRef>::value, "needs an ObjectRef type");
  using Container = typename TObjectRef::ContainerType;
  if (type_code_ == kTVMNullptr) {
    if (TObjectRef::_type_is_nullable) return TObjectRef(ObjectPtr<Object>());
    detail::ThrowConversionError(value_, type_code_, Container::_type_key);
  }
  Object* obj = ObjectPtrOrNull();
  if (obj == nullptr || !obj->IsInstance<Container>()) {
    detail::ThrowConversionError(value_, type_code_, Container::_type_key);
  }
  return TObjectRef(ObjectPtr<Object>(obj));
}

/*! \brief One argument of a packed call; borrows the caller's storage. */
class TVMArgValue : public TVMPODValue_ {
 public:
  TVMArgValue() = default;
  TVMArgValue(TVMValue value, int type_code) : TVMPODValue_(value, type_code) {}
  using TVMPODValue_::operator double;
  using TVMPODValue_::operator int64_t;
  using TVMPODValue_::operator uint64_t;
  using TVMPODValue_::operator int;
  using TVMPODValue_::operator bool;
  using TVMPODValue_::operator void*;
  using TVMPODValue_::operator DLTensor*;
  using TVMPODValue_::operator Device;

  /*! \brief Accepts str, bytes and String objects. */
  operator std::string() const;
  /*! \brief Accepts a DataType or a dtype string such as "float32". */
  operator DataType() const;
  operator DLDataType() const { return operator DataType(); }
  template <typename T,
            typename = std::enable_if_t<std::is_base_of<ObjectRef, T>::value>>
  operator T() const {
    return ConvertToObjectRef<T>();
  }

 private:
  template <typename T>
  T ConvertToObjectRef() const {
    // A str argument converts to String; a list of ints to ShapeTuple.
    if constexpr (std::is_same<T, String>::value || std::is_same<T, Optional<String>>::value) {
      if (type_code_ == kTVMStr || type_code_ == kTVMBytes) {
        return T(ObjectRefAccess::GetPtr(String(operator std::string())));
      }
    }
    if constexpr (std::is_same<T, ShapeTuple>::value) {
      if (type_code_ == kTVMObjectHandle) return detail::ShapeTupleFromValue(value_, type_code_);
    }
    if constexpr (std::is_same<T, ObjectRef>::value) {
      // Plain values passed where any object is accepted are boxed.
      if (type_code_ == kTVMStr || type_code_ == kTVMBytes) return String(operator std::string());
      if (type_code_ == kDLInt) return Int(value_.v_int64);
      if (type_code_ == kDLFloat) return Float(value_.v_float64);
    }
    return AsObjectRef<T>();
  }
};

/*! \brief The arguments of one packed call. */
class TVMArgs {
 public:
  const TVMValue* values;
  const int* type_codes;
  int num_args;
  TVMArgs(const TVMValue* values, const int* type_codes, int num_args)
      : values(values), type_codes(type_codes), num_args(num_args) {}
  int size() const { return num_args; }
  inline TVMArgValue operator[](int i) const;
};

/*! \brief A return value: owns strings and holds a reference to objects. */
class TVMRetValue : public TVMPODValue_ {
 public:
  TVMRetValue() = default;
  TVMRetValue(const TVMRetValue& other) : TVMPODValue_() { Assign(other); }
  TVMRetValue(TVMRetValue&& other) noexcept : TVMPODValue_(other.value_, other.type_code_) {
    other.type_code_ = kTVMNullptr;
    other.value_.v_handle = nullptr;
  }
  ~TVMRetValue() { Clear(); }

  using TVMPODValue_::operator double;
  using TVMPODValue_::operator int64_t;
  using TVMPODValue_::operator uint64_t;
  using TVMPODValue_::operator int;
  using TVMPODValue_::operator bool;
  using TVMPODValue_::operator void*;
  using TVMPODValue_::operator DLTensor*;
  using TVMPODValue_::operator Device;
  operator std::string() const;
  operator DataType() const;
  operator DLDataType() const { return operator DataType(); }
  template <typename T,
            typename = std::enable_if_t<std::is_base_of<ObjectRef, T>::value>>
  operator T() const {
    if (std::is_same<T, String>::value && (type_code_ == kTVMStr || type_code_ == kTVMBytes)) {
      return T(ObjectRefAccess::GetPtr(String(operator std::string())));
    }
    return AsObjectRef<T>();
  }

  TVMRetValue& operator=(const TVMRetValue& other) {
    if (this != &other) {
      TVMRetValue tmp(other);
      Swap(tmp);
    }
    return *this;
  }
  TVMRetValue& operator=(TVMRetValue&& other) noexcept {
    Swap(other);
    return *this;
  }
  TVMRetValue& operator=(double v) { return SetPOD(kDLFloat, [&](TVMValue& x) { x.v_float64 = v; }); }
  TVMRetValue& operator=(int64_t v) { return SetPOD(kDLInt, [&](TVMValue& x) { x.v_int64 = v; }); }
  TVMRetValue& operator=(int v) { return operator=(static_cast<int64_t>(v)); }
  TVMRetValue& operator=(uint64_t v) { return operator=(static_cast<int64_t>(v)); }
  TVMRetValue& operator=(bool v) { return operator=(static_cast<int64_t>(v)); }
  TVMRetValue& operator=(std::nullptr_t) { return SetPOD(kTVMNullptr, [](TVMValue& x) { x.v_handle = nullptr; }); }
  TVMRetValue& operator=(void* v) { return SetPOD(kTVMOpaqueHandle, [&](TVMValue& x) { x.v_handle = v; }); }
  TVMRetValue& operator=(Device v) { return SetPOD(kDLDevice, [&](TVMValue& x) { x.v_device = v; }); }
  TVMRetValue& operator=(DLDataType v) { return SetPOD(kTVMDataType, [&](TVMValue& x) { x.v_type = v; }); }
  TVMRetValue& operator=(DataType v) { return operator=(static_cast<DLDataType>(v)); }
  TVMRetValue& operator=(std::string v) { return SetString(kTVMStr, std::move(v)); }
  TVMRetValue& operator=(const char* v) { return SetString(kTVMStr, std::string(v)); }
  TVMRetValue& operator=(const TVMByteArray& v) { return SetString(kTVMBytes, std::string(v.data, v.size)); }
  TVMRetValue& operator=(const TVMArgValue& v);
  template <typename T,
            typename = std::enable_if_t<std::is_base_of<ObjectRef, T>::value>>
  TVMRetValue& operator=(const T& ref) {
    return SetObject(ObjectRefAccess::GetPtr(ref));
  }
  template <typename FType>
  TVMRetValue& operator=(const TypedPackedFunc<FType>& f) {
    return operator=(f.packed());
  }
  /*! \brief Make a return value from C ABI storage, taking over its reference (if any). */
  static TVMRetValue MoveFromCHost(TVMValue value, int type_code);
  /*! \brief Hand the value to C ABI storage; strings move into thread-local storage. */
  void MoveToCHost(TVMValue* ret_value, int* ret_type_code);
  /*! \brief The held string (kTVMStr or kTVMBytes). */
  const std::string& string_value() const { return *static_cast<std::string*>(value_.v_handle); }

 private:
  template <typename F>
  TVMRetValue& SetPOD(int code, F set) {
    Clear();
    type_code_ = code;
    set(value_);
    return *this;
  }
  TVMRetValue& SetString(int code, std::string v) {
    Clear();
    value_.v_handle = new std::string(std::move(v));
    type_code_ = code;
    return *this;
  }
  TVMRetValue& SetObject(ObjectPtr<Object> ptr) {
    Clear();
    if (ptr == nullptr) {
      type_code_ = kTVMNullptr;
      value_.v_handle = nullptr;
      return *this;
    }
    type_code_ = detail::ObjectTypeCode(ptr.get());
    Object* raw = ptr.release();
    value_.v_handle = type_code_ == kTVMNDArrayHandle ? NDArrayHandleFromObject(raw) : raw;
    return *this;
  }
  void Assign(const TVMRetValue& other);
  void Swap(TVMRetValue& other) {
    std::swap(value_, other.value_);
    std::swap(type_code_, other.type_code_);
  }
  void Clear();
};

inline TVMArgValue TVMArgs::operator[](int i) const {
  ICHECK(i >= 0 && i < num_args) << "argument index " << i << " out of range for " << num_args
                                 << " arguments";
  return TVMArgValue(values[i], type_codes[i]);
}

inline void PackedFuncObj::CallPacked(TVMArgs args, TVMRetValue* rv) const { body_(args, rv); }
inline void PackedFunc::CallPacked(TVMArgs args, TVMRetValue* rv) const {
  if (!defined()) TVM_THROW(ValueError) << "calling a null PackedFunc";
  (*this)->CallPacked(args, rv);
}

namespace detail {

/*! \brief Writes C++ values into packed-call argument slots. */
class TVMArgsSetter {
 public:
  TVMArgsSetter(TVMValue* values, int* type_codes) : values_(values), codes_(type_codes) {}
  template <typename T, typename = std::enable_if_t<std::is_integral<T>::value>>
  void operator()(int i, T v) const {
    values_[i].v_int64 = static_cast<int64_t>(v);
    codes_[i] = kDLInt;
  }
  void operator()(int i, double v) const {
    values_[i].v_float64 = v;
    codes_[i] = kDLFloat;
  }
  void operator()(int i, float v) const { operator()(i, static_cast<double>(v)); }
  void operator()(int i, std::nullptr_t) const {
    values_[i].v_handle = nullptr;
    codes_[i] = kTVMNullptr;
  }
  void operator()(int i, void* v) const {
    values_[i].v_handle = v;
    codes_[i] = v == nullptr ? kTVMNullptr : kTVMOpaqueHandle;
  }
  void operator()(int i, DLTensor* v) const {
    values_[i].v_handle = v;
    codes_[i] = v == nullptr ? kTVMNullptr : kTVMDLTensorHandle;
  }
  void operator()(int i, Device v) const {
    values_[i].v_device = v;
    codes_[i] = kDLDevice;
  }
  void operator()(int i, DLDataType v) const {
    values_[i].v_type = v;
    codes_[i] = kTVMDataType;
  }
  void operator()(int i, DataType v) const { operator()(i, static_cast<DLDataType>(v)); }
  void operator()(int i, const char* v) const {
    values_[i].v_str = v;
    codes_[i] = kTVMStr;
  }
  void operator()(int i, const std::string& v) const { operator()(i, v.c_str()); }
  void operator()(int i, const TVMByteArray& v) const {
    values_[i].v_handle = const_cast<TVMByteArray*>(&v);
    codes_[i] = kTVMBytes;
  }
  void operator()(int i, const TVMArgValue& v) const {
    values_[i] = v.value();
    codes_[i] = v.type_code();
  }
  void operator()(int i, const TVMRetValue& v) const {
    if (v.type_code() == kTVMStr) {
      operator()(i, v.string_value().c_str());
    } else {
      ICHECK_NE(v.type_code(), kTVMBytes) << "bytes return values cannot be forwarded";
      values_[i] = v.value();
      codes_[i] = v.type_code();
    }
  }
  template <typename T, typename = std::enable_if_t<std::is_base_of<ObjectRef, T>::value>,
            typename = void>
  void operator()(int i, const T& ref) const {
    // Typed references return a const pointer to their own node type from get().
    Object* obj = ObjectRefAccess::GetPtr(ref).get();
    codes_[i] = ObjectTypeCode(obj);
    values_[i].v_handle = codes_[i] == kTVMNDArrayHandle ? NDArrayHandleFromObject(obj) : obj;
  }

 private:
  TVMValue* values_;
  int* codes_;
};

/*! \brief Converts an argument or return value to the C++ parameter type T. */
template <typename T>
struct ValueConverter {
  template <typename V>
  static T Apply(const V& v) {
    return v.operator T();
  }
};
/*!
 * \brief Converts an object stored in a container to the element type T. Specialised where
 *  boxed Python values convert (an int in a list becomes an IntImm for PrimExpr elements).
 */
template <typename T, typename = void>
struct ObjectConverter {
  static T FromObject(const ObjectRef& obj) {
    using Container = typename T::ContainerType;
    if (!obj.defined()) {
      if (T::_type_is_nullable) return T(ObjectPtr<Object>());
      TVM_THROW(TypeError) << "expected " << Container::_type_key << " but got None";
    }
    if (!obj->IsInstance<Container>()) {
      TVM_THROW(TypeError) << "expected " << Container::_type_key << " but got "
                           << obj->GetTypeKey();
    }
    return T(ObjectRefAccess::GetPtr(obj));
  }
};
template <typename T>
struct ObjectConverter<Array<T>> {
  static Array<T> FromObject(const ObjectRef& obj) {
    const auto* arr = obj.as<ArrayNode>();
    if (arr == nullptr) {
      TVM_THROW(TypeError) << "expected an Array but got "
                           << (obj.defined() ? obj->GetTypeKey() : std::string("None"));
    }
    std::vector<T> out;
    out.reserve(arr->data.size());
    bool changed = false;
    for (size_t i = 0; i < arr->data.size(); ++i) {
      try {
        out.push_back(ObjectConverter<T>::FromObject(arr->data[i]));
      } catch (const Error& e) {
        throw Error(e.kind(), "element " + std::to_string(i) + ": " + e.what());
      }
      changed = changed || !out.back().same_as(arr->data[i]);
    }
    return changed ? Array<T>(out) : Array<T>(ObjectRefAccess::GetPtr(obj));
  }
};
template <typename K, typename V>
struct ObjectConverter<Map<K, V>> {
  static Map<K, V> FromObject(const ObjectRef& obj) {
    const auto* m = obj.as<MapNode>();
    if (m == nullptr) {
      TVM_THROW(TypeError) << "expected a Map but got "
                           << (obj.defined() ? obj->GetTypeKey() : std::string("None"));
    }
    Map<K, V> out;
    for (const auto& kv : m->data) {
      out.Set(ObjectConverter<K>::FromObject(kv.first), ObjectConverter<V>::FromObject(kv.second));
    }
    return out;
  }
};

template <typename T>
struct ValueConverter<Array<T>> {
  template <typename V>
  static Array<T> Apply(const V& v) {
    return ObjectConverter<Array<T>>::FromObject(v.template AsObjectRef<ObjectRef>());
  }
};
template <typename K, typename VT>
struct ValueConverter<Map<K, VT>> {
  template <typename V>
  static Map<K, VT> Apply(const V& v) {
    return ObjectConverter<Map<K, VT>>::FromObject(v.template AsObjectRef<ObjectRef>());
  }
};
template <typename T>
struct ValueConverter<Optional<T>> {
  template <typename V>
  static Optional<T> Apply(const V& v) {
    if (v.type_code() == kTVMNullptr) return Optional<T>();
    return Optional<T>(ValueConverter<T>::Apply(v));
  }
};

template <typename FType>
struct ValueConverter<TypedPackedFunc<FType>> {
  template <typename V>
  static TypedPackedFunc<FType> Apply(const V& v) {
    return TypedPackedFunc<FType>(v.operator PackedFunc());
  }
};
template <>
struct ValueConverter<float> {
  template <typename V>
  static float Apply(const V& v) {
    return static_cast<float>(v.operator double());
  }
};
template <>
struct ValueConverter<TVMArgValue> {
  static TVMArgValue Apply(const TVMArgValue& v) { return v; }
};

[[noreturn]] void ThrowArgumentError(const std::string* fname, int index, const Error& e);
[[noreturn]] void ThrowArgCountError(const std::string* fname, int expected, int given);

template <typename T>
inline std::decay_t<T> ConvertArg(const TVMArgs& args, int i, const std::string* fname) {
  try {
    return ValueConverter<std::decay_t<T>>::Apply(args[i]);
  } catch (const Error& e) {
    ThrowArgumentError(fname, i, e);
  }
}

template <typename R, typename... Args, typename F, size_t... I>
inline void UnpackCall(const std::string* fname, const F& f, const TVMArgs& args,
                       TVMRetValue* rv, std::index_sequence<I...>) {
  if (args.size() != static_cast<int>(sizeof...(Args))) {
    ThrowArgCountError(fname, static_cast<int>(sizeof...(Args)), args.size());
  }
  if constexpr (std::is_void<R>::value) {
    f(ConvertArg<Args>(args, static_cast<int>(I), fname)...);
  } else {
    *rv = R(f(ConvertArg<Args>(args, static_cast<int>(I), fname)...));
  }
}

template <typename F>
struct function_signature : function_signature<decltype(&F::operator())> {};
template <typename R, typename... Args>
struct function_signature<R(Args...)> {
  using FType = R(Args...);
};
template <typename R, typename... Args>
struct function_signature<R (*)(Args...)> : function_signature<R(Args...)> {};
template <typename C, typename R, typename... Args>
struct function_signature<R (C::*)(Args...) const> : function_signature<R(Args...)> {};
template <typename C, typename R, typename... Args>
struct function_signature<R (C::*)(Args...)> : function_signature<R(Args...)> {};

}  // namespace detail

template <typename... Args>
inline TVMRetValue PackedFunc::operator()(Args&&... args) const {
  constexpr int kNumArgs = sizeof...(Args);
  constexpr int kArraySize = kNumArgs > 0 ? kNumArgs : 1;
  TVMValue values[kArraySize];
  int type_codes[kArraySize];
  detail::TVMArgsSetter setter(values, type_codes);
  int i = 0;
  (setter(i++, std::forward<Args>(args)), ...);
  (void)setter;
  (void)i;
  TVMRetValue rv;
  CallPacked(TVMArgs(values, type_codes, kNumArgs), &rv);
  return rv;
}

template <typename FType>
class TypedPackedFunc;

/*!
 * \brief A PackedFunc with a C++ signature: calls convert and check each argument, and a
 *  mismatch names the function, the argument's position, the expected and the given type.
 */
template <typename R, typename... Args>
class TypedPackedFunc<R(Args...)> {
 public:
  TypedPackedFunc() = default;
  TypedPackedFunc(std::nullptr_t) {}  // NOLINT(*)
  TypedPackedFunc(PackedFunc packed) : packed_(std::move(packed)) {}  // NOLINT(*)
  template <typename F, typename = std::enable_if_t<
                            std::is_convertible<F, std::function<R(Args...)>>::value &&
                            !std::is_base_of<ObjectRef, std::decay_t<F>>::value>>
  TypedPackedFunc(F f, std::string name = "") {  // NOLINT(*)
    packed_ = PackedFunc([f = std::move(f), name = std::move(name)](TVMArgs args,
                                                                     TVMRetValue* rv) {
      detail::UnpackCall<R, Args...>(name.empty() ? nullptr : &name, f, args, rv,
                                     std::index_sequence_for<Args...>());
    });
  }
  R operator()(Args... args) const {
    if constexpr (std::is_void<R>::value) {
      packed_(std::forward<Args>(args)...);
    } else {
      TVMRetValue rv = packed_(std::forward<Args>(args)...);
      return detail::ValueConverter<R>::Apply(rv);
    }
  }
  const PackedFunc& packed() const { return packed_; }
  operator PackedFunc() const { return packed_; }  // NOLINT(*)
  bool defined() const { return packed_.defined(); }

 private:
  PackedFunc packed_;
};

}  // namespace runtime
using runtime::PackedFunc;
using runtime::TVMArgs;
using runtime::TVMRetValue;
using runtime::TypedPackedFunc;
}  // namespace tvm

#endif  // TVM_RUNTIME_PACKED_FUNC_H_
