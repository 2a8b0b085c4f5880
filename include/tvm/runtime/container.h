/*!
 * \file tvm/runtime/container.h
 * \brief Object containers shared by the runtime, the IR and the FFI: String, Array, Map,
 *  Optional, ShapeTuple, and boxed scalars (Int, Float) for values stored inside containers.
 *
 * Array and Map are copy-on-write: copying a handle shares the node, and a mutation through a
 * handle whose node is shared copies it first, so an IR node stored elsewhere never changes
 * under its other users.
 */
#ifndef TVM_RUNTIME_CONTAINER_H_
#define TVM_RUNTIME_CONTAINER_H_

#include <tvm/runtime/object.h>

#include <cstring>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tvm {
namespace runtime {

/*! \brief Immutable string object. */
class StringObj : public Object {
 public:
  std::string data;
  static constexpr const char* _type_key = "runtime.String";
  TVM_DECLARE_FINAL_OBJECT_INFO(StringObj, Object);
};

/*! \brief Non-null reference to an immutable string. */
class String : public ObjectRef {
 public:
  String() : String(std::string()) {}
  String(std::string s) {  // NOLINT(*)
    auto n = make_object<StringObj>();
    n->data = std::move(s);
    data_ = std::move(n);
  }
  String(const char* s) : String(std::string(s)) {}  // NOLINT(*)
  const std::string& str() const { return get()->data; }
  const char* c_str() const { return str().c_str(); }
  size_t size() const { return str().size(); }
  bool empty() const { return str().empty(); }
  operator std::string() const { return str(); }  // NOLINT(*)
  bool operator==(const String& o) const { return str() == o.str(); }
  bool operator!=(const String& o) const { return str() != o.str(); }
  bool operator==(const std::string& o) const { return str() == o; }
  bool operator==(const char* o) const { return str() == o; }
  bool operator<(const String& o) const { return str() < o.str(); }
  TVM_DEFINE_NOTNULLABLE_OBJECT_REF_METHODS(String, ObjectRef, StringObj);
};
inline std::ostream& operator<<(std::ostream& os, const String& s) { return os << s.str(); }
inline std::string operator+(const String& a, const std::string& b) { return a.str() + b; }
inline std::string operator+(const std::string& a, const String& b) { return a + b.str(); }
inline std::string operator+(const String& a, const char* b) { return a.str() + b; }
inline std::string operator+(const char* a, const String& b) { return a + b.str(); }
inline std::string operator+(const String& a, const String& b) { return a.str() + b.str(); }

/*! \brief Boxed integer, for integers stored in containers ("runtime.BoxInt"). */
class IntObj : public Object {
 public:
  int64_t value{0};
  static constexpr const char* _type_key = "runtime.BoxInt";
  TVM_DECLARE_FINAL_OBJECT_INFO(IntObj, Object);
};
class Int : public ObjectRef {
 public:
  Int(int64_t v) {  // NOLINT(*)
    auto n = make_object<IntObj>();
    n->value = v;
    data_ = std::move(n);
  }
  int64_t value() const { return get()->value; }
  TVM_DEFINE_NOTNULLABLE_OBJECT_REF_METHODS(Int, ObjectRef, IntObj);
};

/*! \brief Boxed double ("runtime.BoxFloat"). */
class FloatObj : public Object {
 public:
  double value{0};
  static constexpr const char* _type_key = "runtime.BoxFloat";
  TVM_DECLARE_FINAL_OBJECT_INFO(FloatObj, Object);
};
class Float : public ObjectRef {
 public:
  Float(double v) {  // NOLINT(*)
    auto n = make_object<FloatObj>();
    n->value = v;
    data_ = std::move(n);
  }
  double value() const { return get()->value; }
  TVM_DEFINE_NOTNULLABLE_OBJECT_REF_METHODS(Float, ObjectRef, FloatObj);
};

/*! \brief Immutable tuple of int64 (tensor shapes). */
class ShapeTupleObj : public Object {
 public:
  std::vector<int64_t> data;
  static constexpr const char* _type_key = "runtime.ShapeTuple";
  TVM_DECLARE_FINAL_OBJECT_INFO(ShapeTupleObj, Object);
};
class ShapeTuple : public ObjectRef {
 public:
  ShapeTuple() : ShapeTuple(std::vector<int64_t>()) {}
  ShapeTuple(std::vector<int64_t> shape) {  // NOLINT(*)
    auto n = make_object<ShapeTupleObj>();
    n->data = std::move(shape);
    data_ = std::move(n);
  }
  ShapeTuple(std::initializer_list<int64_t> shape)
      : ShapeTuple(std::vector<int64_t>(shape)) {}
  const std::vector<int64_t>& vec() const { return get()->data; }
  size_t size() const { return vec().size(); }
  int64_t operator[](size_t i) const { return vec()[i]; }
  const int64_t* data() const { return vec().data(); }
  std::vector<int64_t>::const_iterator begin() const { return vec().begin(); }
  std::vector<int64_t>::const_iterator end() const { return vec().end(); }
  int64_t Product() const {
    int64_t p = 1;
    for (int64_t d : vec()) p *= d;
    return p;
  }
  operator std::vector<int64_t>() const { return vec(); }  // NOLINT(*)
  TVM_DEFINE_NOTNULLABLE_OBJECT_REF_METHODS(ShapeTuple, ObjectRef, ShapeTupleObj);
};

/*! \brief The node of Array: a vector of references. */
class ArrayNode : public Object {
 public:
  std::vector<ObjectRef> data;
  static constexpr const char* _type_key = "runtime.Array";
  TVM_DECLARE_FINAL_OBJECT_INFO(ArrayNode, Object);
};

/*!
 * \brief Copy-on-write array of T (an ObjectRef type). Element access performs no type check:
 *  the container is only ever filled through typed handles or checked FFI conversion.
 */
template <typename T>
class Array : public ObjectRef {
 public:
  Array() { data_ = make_object<ArrayNode>(); }
  explicit Array(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  Array(std::initializer_list<T> init) : Array(std::vector<T>(init)) {}
  Array(const std::vector<T>& init) {  // NOLINT(*)
    auto n = make_object<ArrayNode>();
    n->data.assign(init.begin(), init.end());
    data_ = std::move(n);
  }
  template <typename It>
  Array(It first, It last) {
    auto n = make_object<ArrayNode>();
    for (; first != last; ++first) n->data.push_back(*first);
    data_ = std::move(n);
  }
  template <typename U, typename = std::enable_if_t<std::is_base_of<T, U>::value &&
                                                    !std::is_same<T, U>::value>>
  Array(const Array<U>& other) : ObjectRef(ObjectRefAccess::GetPtr(other)) {}  // NOLINT(*)

  size_t size() const { return node()->data.size(); }
  bool empty() const { return size() == 0; }
  T operator[](size_t i) const {
    ICHECK_LT(i, size()) << "Array index out of range";
    return Cast(node()->data[i]);
  }
  T back() const { return (*this)[size() - 1]; }
  void push_back(const T& v) { CopyOnWrite()->data.push_back(v); }
  void Set(size_t i, const T& v) {
    ICHECK_LT(i, size()) << "Array index out of range";
    CopyOnWrite()->data[i] = v;
  }
  void insert_all(const Array<T>& other) {
    auto* n = CopyOnWrite();
    for (const T& v : other) n->data.push_back(v);
  }
  void pop_back() { CopyOnWrite()->data.pop_back(); }
  void clear() { CopyOnWrite()->data.clear(); }

  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = T;
    explicit iterator(std::vector<ObjectRef>::const_iterator it) : it_(it) {}
    T operator*() const { return Cast(*it_); }
    iterator& operator++() {
      ++it_;
      return *this;
    }
    iterator operator+(difference_type n) const { return iterator(it_ + n); }
    difference_type operator-(const iterator& o) const { return it_ - o.it_; }
    bool operator==(const iterator& o) const { return it_ == o.it_; }
    bool operator!=(const iterator& o) const { return it_ != o.it_; }

   private:
    std::vector<ObjectRef>::const_iterator it_;
  };
  iterator begin() const { return iterator(node()->data.begin()); }
  iterator end() const { return iterator(node()->data.end()); }

  const ArrayNode* operator->() const { return node(); }
  ArrayNode* CopyOnWrite() {
    if (data_.use_count() > 1) {
      auto n = make_object<ArrayNode>();
      n->data = node()->data;
      data_ = std::move(n);
    }
    return static_cast<ArrayNode*>(data_.get());
  }
  using ContainerType = ArrayNode;

 private:
  const ArrayNode* node() const { return static_cast<const ArrayNode*>(data_.get()); }
  static T Cast(const ObjectRef& v) { return T(ObjectRefAccess::GetPtr(v)); }
};

template <typename T>
class Optional;

/*! \brief Hash/equality for Map keys: strings by content, everything else by identity. */
struct MapKeyHash {
  size_t operator()(const ObjectRef& a) const;
};
struct MapKeyEqual {
  bool operator()(const ObjectRef& a, const ObjectRef& b) const;
};

/*! \brief The node of Map. */
class MapNode : public Object {
 public:
  using ContainerType = std::unordered_map<ObjectRef, ObjectRef, MapKeyHash, MapKeyEqual>;
  ContainerType data;
  static constexpr const char* _type_key = "runtime.Map";
  TVM_DECLARE_FINAL_OBJECT_INFO(MapNode, Object);
};

/*! \brief Copy-on-write map from K to V (both ObjectRef types). */
template <typename K, typename V>
class Map : public ObjectRef {
 public:
  Map() { data_ = make_object<MapNode>(); }
  explicit Map(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  Map(std::initializer_list<std::pair<K, V>> init) : Map() {
    for (const auto& kv : init) Set(kv.first, kv.second);
  }
  size_t size() const { return node()->data.size(); }
  bool empty() const { return size() == 0; }
  size_t count(const K& key) const { return node()->data.count(key); }
  V at(const K& key) const {
    auto it = node()->data.find(key);
    ICHECK(it != node()->data.end()) << "Map has no such key";
    return V(ObjectRefAccess::GetPtr(it->second));
  }
  V operator[](const K& key) const { return at(key); }
  /*! \brief The value for key, or nothing when absent. */
  Optional<V> Get(const K& key) const;
  void Set(const K& key, const V& value) { CopyOnWrite()->data[key] = value; }
  void erase(const K& key) { CopyOnWrite()->data.erase(key); }

  class iterator {
   public:
    explicit iterator(MapNode::ContainerType::const_iterator it) : it_(it) {}
    std::pair<K, V> operator*() const {
      return {K(ObjectRefAccess::GetPtr(it_->first)), V(ObjectRefAccess::GetPtr(it_->second))};
    }
    iterator& operator++() {
      ++it_;
      return *this;
    }
    bool operator==(const iterator& o) const { return it_ == o.it_; }
    bool operator!=(const iterator& o) const { return it_ != o.it_; }

   private:
    MapNode::ContainerType::const_iterator it_;
  };
  iterator begin() const { return iterator(node()->data.begin()); }
  iterator end() const { return iterator(node()->data.end()); }

  const MapNode* operator->() const { return node(); }
  MapNode* CopyOnWrite() {
    if (data_.use_count() > 1) {
      auto n = make_object<MapNode>();
      n->data = node()->data;
      data_ = std::move(n);
    }
    return static_cast<MapNode*>(data_.get());
  }
  using ContainerType = MapNode;

 private:
  const MapNode* node() const { return static_cast<const MapNode*>(data_.get()); }
};

/*! \brief A nullable wrapper that documents "may be absent" for non-nullable types. */
template <typename T>
class Optional : public ObjectRef {
 public:
  Optional() = default;
  Optional(std::nullptr_t) {}  // NOLINT(*)
  Optional(const T& v) : ObjectRef(ObjectRefAccess::GetPtr(v)) {}  // NOLINT(*)
  explicit Optional(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  T value() const {
    ICHECK(defined()) << "Optional has no value";
    return T(data_);
  }
  T value_or(const T& other) const { return defined() ? T(data_) : other; }
  explicit operator bool() const { return defined(); }
  using ContainerType = typename T::ContainerType;
  static constexpr bool _type_is_nullable = true;
};

template <typename K, typename V>
Optional<V> Map<K, V>::Get(const K& key) const {
  auto it = node()->data.find(key);
  if (it == node()->data.end()) return Optional<V>();
  return Optional<V>(ObjectRefAccess::GetPtr(it->second));
}

}  // namespace runtime
using runtime::Array;
using runtime::Map;
using runtime::Optional;
using runtime::String;
}  // namespace tvm

#endif  // TVM_RUNTIME_CONTAINER_H_
