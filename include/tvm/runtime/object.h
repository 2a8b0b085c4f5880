/*!
 * \file tvm/runtime/object.h
 * \brief The object system every IR node, container, array, module and function is built on.
 *
 * An `Object` carries an intrusive atomic reference count and a runtime type index. Each
 * object class names a unique type key ("runtime.NDArray", "tir.Add") and its parent; the
 * registry turns keys into dense indices on first use, so `IsInstance` is an integer compare
 * for final classes and a short walk up the parent chain otherwise. `ObjectRef` is the
 * nullable smart handle user code passes around; `Downcast` converts between handles with a
 * checked TypeError on mismatch.
 */
#ifndef TVM_RUNTIME_OBJECT_H_
#define TVM_RUNTIME_OBJECT_H_

#include <tvm/runtime/logging.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace runtime {

template <typename T>
class ObjectPtr;

/*! \brief Base of all reference-counted runtime objects. */
class Object {
 public:
  virtual ~Object() = default;

  uint32_t type_index() const { return type_index_; }
  /*! \brief The type key of this object's class, e.g. "runtime.NDArray". */
  std::string GetTypeKey() const { return TypeIndex2Key(type_index_); }
  /*! \return whether this object is a TargetType or derives from it. */
  template <typename TargetType>
  bool IsInstance() const;
  int use_count() const { return ref_counter_.load(std::memory_order_relaxed); }

  // Type registry.
  static std::string TypeIndex2Key(uint32_t tindex);
  /*! \brief The index of a registered key; throws ValueError for an unknown key. */
  static uint32_t TypeKey2Index(const std::string& key);
  static bool TypeKeyExists(const std::string& key);
  static uint32_t ParentTypeIndex(uint32_t tindex);
  /*! \brief Register (once) a type key under its parent and return its index. */
  static uint32_t GetOrAllocRuntimeTypeIndex(const char* key, uint32_t parent_index,
                                             bool is_final);
  static bool DerivedFrom(uint32_t child, uint32_t parent);

  static constexpr const char* _type_key = "runtime.Object";
  static constexpr bool _type_final = false;
  static uint32_t RuntimeTypeIndex() { return 0; }

  void IncRef() { ref_counter_.fetch_add(1, std::memory_order_relaxed); }
  void DecRef() {
    if (ref_counter_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 protected:
  Object() = default;
  Object(const Object&) : type_index_(0), ref_counter_(0) {}
  Object& operator=(const Object&) { return *this; }

  uint32_t type_index_{0};
  std::atomic<int32_t> ref_counter_{0};

  template <typename T, typename... Args>
  friend ObjectPtr<T> make_object(Args&&... args);
};

/*! \brief Intrusive strong pointer to an Object subclass. */
template <typename T>
class ObjectPtr {
 public:
  ObjectPtr() = default;
  ObjectPtr(std::nullptr_t) {}  // NOLINT(*)
  explicit ObjectPtr(Object* p) : data_(p) {
    if (data_) data_->IncRef();
  }
  ObjectPtr(const ObjectPtr& other) : ObjectPtr(other.data_) {}
  template <typename U, typename = std::enable_if_t<std::is_base_of<T, U>::value>>
  ObjectPtr(const ObjectPtr<U>& other) : ObjectPtr(other.data_) {}  // NOLINT(*)
  ObjectPtr(ObjectPtr&& other) noexcept : data_(other.data_) { other.data_ = nullptr; }
  template <typename U, typename = std::enable_if_t<std::is_base_of<T, U>::value>>
  ObjectPtr(ObjectPtr<U>&& other) noexcept : data_(other.data_) {  // NOLINT(*)
    other.data_ = nullptr;
  }
  ~ObjectPtr() { reset(); }

  ObjectPtr& operator=(ObjectPtr other) noexcept {
    std::swap(data_, other.data_);
    return *this;
  }
  void reset() {
    if (data_) {
      data_->DecRef();
      data_ = nullptr;
    }
  }
  T* get() const { return static_cast<T*>(data_); }
  T* operator->() const { return get(); }
  T& operator*() const { return *get(); }
  explicit operator bool() const { return data_ != nullptr; }
  bool operator==(std::nullptr_t) const { return data_ == nullptr; }
  bool operator!=(std::nullptr_t) const { return data_ != nullptr; }
  int use_count() const { return data_ ? data_->use_count() : 0; }
  /*! \brief Give up ownership without decrementing (for the C ABI). */
  Object* release() {
    Object* p = data_;
    data_ = nullptr;
    return p;
  }
  /*! \brief Adopt a pointer that already holds a reference (inverse of release). */
  static ObjectPtr Adopt(Object* p) {
    ObjectPtr r;
    r.data_ = p;
    return r;
  }

 private:
  Object* data_{nullptr};
  template <typename>
  friend class ObjectPtr;
};

/*! \brief Create an object of type T with its runtime type index set. */
template <typename T, typename... Args>
ObjectPtr<T> make_object(Args&&... args) {
  static_assert(std::is_base_of<Object, T>::value, "make_object needs an Object subclass");
  T* p = new T(std::forward<Args>(args)...);
  p->type_index_ = T::RuntimeTypeIndex();
  return ObjectPtr<T>(p);
}

/*! \brief Nullable handle to an Object: the base of every reference type. */
class ObjectRef {
 public:
  ObjectRef() = default;
  explicit ObjectRef(ObjectPtr<Object> data) : data_(std::move(data)) {}

  const Object* get() const { return data_.get(); }
  const Object* operator->() const { return get(); }
  bool defined() const { return data_ != nullptr; }
  bool same_as(const ObjectRef& other) const { return data_.get() == other.data_.get(); }
  int use_count() const { return data_.use_count(); }
  /*! \return the object as ObjectType if it is one, else nullptr. */
  template <typename ObjectType>
  const ObjectType* as() const {
    if (data_ != nullptr && data_->IsInstance<ObjectType>()) {
      return static_cast<const ObjectType*>(data_.get());
    }
    return nullptr;
  }
  bool operator==(const ObjectRef& other) const { return data_.get() == other.data_.get(); }
  bool operator!=(const ObjectRef& other) const { return data_.get() != other.data_.get(); }
  bool operator<(const ObjectRef& other) const { return data_.get() < other.data_.get(); }

  using ContainerType = Object;
  static constexpr bool _type_is_nullable = true;

 protected:
  ObjectPtr<Object> data_;
  Object* get_mutable() const { return data_.get(); }
  friend class ObjectRefAccess;
};

/*! \brief Low-level access to an ObjectRef's pointer, for the FFI and containers. */
class ObjectRefAccess {
 public:
  static const ObjectPtr<Object>& GetPtr(const ObjectRef& ref) { return ref.data_; }
  static ObjectPtr<Object>& GetPtr(ObjectRef& ref) { return ref.data_; }  // NOLINT(*)
};

/*! \brief Hash and equality by identity, for unordered containers of ObjectRef. */
struct ObjectPtrHash {
  size_t operator()(const ObjectRef& a) const { return std::hash<const Object*>()(a.get()); }
};
struct ObjectPtrEqual {
  bool operator()(const ObjectRef& a, const ObjectRef& b) const { return a.same_as(b); }
};

template <typename TargetType>
inline bool Object::IsInstance() const {
  if (std::is_same<TargetType, Object>::value) return true;
  uint32_t target = TargetType::RuntimeTypeIndex();
  if (TargetType::_type_final) return type_index_ == target;
  return type_index_ == target || DerivedFrom(type_index_, target);
}

/*! \brief Make a reference from a raw object pointer (which must be alive). */
template <typename RefType, typename ObjType>
inline RefType GetRef(const ObjType* ptr) {
  return RefType(ObjectPtr<Object>(const_cast<Object*>(static_cast<const Object*>(ptr))));
}

namespace detail {
[[noreturn]] void ThrowDowncastError(const Object* from, const char* to_key);
}  // namespace detail

/*!
 * \brief Convert a reference to a subclass reference, checking the runtime type.
 *  A null reference converts to null only when the target type is nullable.
 */
template <typename SubRef, typename BaseRef>
inline SubRef Downcast(BaseRef ref) {
  using Container = typename SubRef::ContainerType;
  if (ref.defined()) {
    if (!ref->template IsInstance<Container>()) {
      detail::ThrowDowncastError(ref.get(), Container::_type_key);
    }
  } else if (!SubRef::_type_is_nullable) {
    detail::ThrowDowncastError(nullptr, Container::_type_key);
  }
  return SubRef(ObjectRefAccess::GetPtr(ref));
}

}  // namespace runtime
using runtime::Downcast;
using runtime::GetRef;
using runtime::make_object;
using runtime::Object;
using runtime::ObjectPtr;
using runtime::ObjectRef;
}  // namespace tvm

#define TVM_STR_CONCAT_(a, b) a##b
#define TVM_STR_CONCAT(a, b) TVM_STR_CONCAT_(a, b)
#define TVM_ATTRIBUTE_UNUSED __attribute__((unused))

/*! \brief Declare a non-final object class: its index and its parent. */
#define TVM_DECLARE_BASE_OBJECT_INFO(TypeName, ParentType)                                 \
  static_assert(!ParentType::_type_final, "the parent type is declared final");           \
  static uint32_t RuntimeTypeIndex() {                                                     \
    static const uint32_t tindex = ::tvm::runtime::Object::GetOrAllocRuntimeTypeIndex(     \
        TypeName::_type_key, ParentType::RuntimeTypeIndex(), TypeName::_type_final);       \
    return tindex;                                                                         \
  }                                                                                        \
  using _parent_type = ParentType;

/*! \brief Register an object type's key at load time (no reflection). */
#define TVM_REGISTER_OBJECT_TYPE(TypeName)                                    \
  static TVM_ATTRIBUTE_UNUSED uint32_t TVM_STR_CONCAT(__tvm_type_reg_, __COUNTER__) = \
      TypeName::RuntimeTypeIndex()

/*! \brief Declare a final object class (no subclass has its own type key). */
#define TVM_DECLARE_FINAL_OBJECT_INFO(TypeName, ParentType) \
  static constexpr bool _type_final = true;                 \
  TVM_DECLARE_BASE_OBJECT_INFO(TypeName, ParentType)

/*! \brief The constructors and accessors of a nullable reference type. */
#define TVM_DEFINE_OBJECT_REF_METHODS(TypeName, ParentType, ObjectName)                     \
  TypeName() = default;                                                                    \
  explicit TypeName(::tvm::runtime::ObjectPtr<::tvm::runtime::Object> n)                   \
      : ParentType(std::move(n)) {}                                                        \
  const ObjectName* operator->() const { return static_cast<const ObjectName*>(get()); }   \
  const ObjectName* get() const {                                                          \
    return static_cast<const ObjectName*>(::tvm::runtime::ObjectRef::get());               \
  }                                                                                        \
  using ContainerType = ObjectName;

/*! \brief Like TVM_DEFINE_OBJECT_REF_METHODS, for references that are never null. */
#define TVM_DEFINE_NOTNULLABLE_OBJECT_REF_METHODS(TypeName, ParentType, ObjectName)       \
  explicit TypeName(::tvm::runtime::ObjectPtr<::tvm::runtime::Object> n)                 \
      : ParentType(std::move(n)) {}                                                      \
  const ObjectName* operator->() const { return static_cast<const ObjectName*>(get()); } \
  const ObjectName* get() const {                                                        \
    return static_cast<const ObjectName*>(::tvm::runtime::ObjectRef::get());             \
  }                                                                                      \
  static constexpr bool _type_is_nullable = false;                                       \
  using ContainerType = ObjectName;

/*! \brief A reference whose object may be mutated through it (copy-on-write containers). */
#define TVM_DEFINE_MUTABLE_OBJECT_REF_METHODS(TypeName, ParentType, ObjectName)  \
  TypeName() = default;                                                         \
  explicit TypeName(::tvm::runtime::ObjectPtr<::tvm::runtime::Object> n)        \
      : ParentType(std::move(n)) {}                                             \
  ObjectName* operator->() const { return static_cast<ObjectName*>(get_mutable()); } \
  ObjectName* get() const { return operator->(); }                              \
  using ContainerType = ObjectName;

#endif  // TVM_RUNTIME_OBJECT_H_
