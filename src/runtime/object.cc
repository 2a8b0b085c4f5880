/*!
 * \file object.cc
 * \brief The type registry, error helpers and the runtime's own object types.
 */
#include <tvm/runtime/container.h>
#include <tvm/runtime/logging.h>
#include <tvm/runtime/object.h>
#include <tvm/runtime/reflection.h>

#include <cctype>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace runtime {

namespace {
struct TypeInfo {
  std::string key;
  uint32_t parent;
  bool is_final;
};

/*!
 * The registry only grows. Entries live in a deque-like chunked store so that readers
 * (IsInstance walks parents) never see a reallocation; writers take the mutex.
 */
class TypeRegistry {
 public:
  static TypeRegistry* Global() {
    static TypeRegistry* inst = new TypeRegistry();
    return inst;
  }
  uint32_t GetOrAlloc(const char* key, uint32_t parent, bool is_final) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = key2index_.find(key);
    if (it != key2index_.end()) return it->second;
    ICHECK_LT(count_, kMaxTypes) << "too many object types";
    ICHECK_LT(parent, count_) << "parent of " << key << " is not registered";
    ICHECK(!entries_[parent].is_final) << "type " << key << " derives from final type "
                                       << entries_[parent].key;
    uint32_t index = count_;
    entries_[index] = TypeInfo{key, parent, is_final};
    key2index_[key] = index;
    count_ = index + 1;
    return index;
  }
  const TypeInfo& At(uint32_t index) const {
    ICHECK_LT(index, count_) << "unknown type index";
    return entries_[index];
  }
  bool Find(const std::string& key, uint32_t* index) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = key2index_.find(key);
    if (it == key2index_.end()) return false;
    *index = it->second;
    return true;
  }

 private:
  static constexpr uint32_t kMaxTypes = 8192;
  TypeRegistry() : entries_(kMaxTypes) {
    entries_[0] = TypeInfo{Object::_type_key, 0, false};
    key2index_[Object::_type_key] = 0;
    count_ = 1;
  }
  std::mutex mutex_;
  std::vector<TypeInfo> entries_;  // never resized after construction
  std::atomic<uint32_t> count_{0};
  std::unordered_map<std::string, uint32_t> key2index_;
};
}  // namespace

uint32_t Object::GetOrAllocRuntimeTypeIndex(const char* key, uint32_t parent_index,
                                            bool is_final) {
  return TypeRegistry::Global()->GetOrAlloc(key, parent_index, is_final);
}

std::string Object::TypeIndex2Key(uint32_t tindex) {
  return TypeRegistry::Global()->At(tindex).key;
}

uint32_t Object::TypeKey2Index(const std::string& key) {
  uint32_t index;
  if (!TypeRegistry::Global()->Find(key, &index)) {
    TVM_THROW(ValueError) << "unknown object type key '" << key << "'";
  }
  return index;
}

bool Object::TypeKeyExists(const std::string& key) {
  uint32_t index;
  return TypeRegistry::Global()->Find(key, &index);
}

uint32_t Object::ParentTypeIndex(uint32_t tindex) {
  return TypeRegistry::Global()->At(tindex).parent;
}

bool Object::DerivedFrom(uint32_t child, uint32_t parent) {
  const TypeRegistry* reg = TypeRegistry::Global();
  while (child != 0) {
    if (child == parent) return true;
    child = reg->At(child).parent;
  }
  return parent == 0;
}

namespace detail {
void ThrowDowncastError(const Object* from, const char* to_key) {
  TVM_THROW(TypeError) << "expected an object of type " << to_key << " but got "
                       << (from ? from->GetTypeKey() : std::string("None"));
}

ErrorBuilder::~ErrorBuilder() noexcept(false) {
  std::string msg = stream_.str();
  if (std::string(kind_) == "InternalError") {
    msg = msg + "\n  [internal check at " + file_ + ":" + std::to_string(line_) + "]";
  }
  throw Error(kind_, msg);
}
}  // namespace detail

Error Error::FromFullMessage(const std::string& full) {
  // "Kind: message" where Kind is an identifier; anything else is a plain TVMError.
  size_t colon = full.find(": ");
  if (colon != std::string::npos && colon > 0) {
    bool ident = true;
    for (size_t i = 0; i < colon; ++i) {
      char c = full[i];
      if (!(isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) ident = false;
    }
    if (ident) return Error(full.substr(0, colon), full.substr(colon + 2));
  }
  return Error("TVMError", full);
}

// Strings and boxed numbers are keys by value (as in a Python dict), other objects by identity.
size_t MapKeyHash::operator()(const ObjectRef& a) const {
  if (const auto* s = a.as<StringObj>()) return std::hash<std::string>()(s->data);
  if (const auto* i = a.as<IntObj>()) return std::hash<int64_t>()(i->value);
  if (const auto* f = a.as<FloatObj>()) return std::hash<double>()(f->value);
  return std::hash<const Object*>()(a.get());
}

bool MapKeyEqual::operator()(const ObjectRef& a, const ObjectRef& b) const {
  if (a.same_as(b)) return true;
  if (const auto* sa = a.as<StringObj>()) {
    const auto* sb = b.as<StringObj>();
    return sb != nullptr && sa->data == sb->data;
  }
  if (const auto* ia = a.as<IntObj>()) {
    const auto* ib = b.as<IntObj>();
    return ib != nullptr && ia->value == ib->value;
  }
  if (const auto* fa = a.as<FloatObj>()) {
    const auto* fb = b.as<FloatObj>();
    return fb != nullptr && fa->value == fb->value;
  }
  return false;
}

// Reflection of the runtime's own value types, so Python can read them.
namespace {
struct RuntimeTypesReflection {
  RuntimeTypesReflection() {
    ReflectionTable::Register(
        IntObj::RuntimeTypeIndex(),
        [](Object* self, AttrVisitor* v) { v->Visit("value", &static_cast<IntObj*>(self)->value); },
        []() { return ObjectPtr<Object>(make_object<IntObj>()); });
    ReflectionTable::Register(
        FloatObj::RuntimeTypeIndex(),
        [](Object* self, AttrVisitor* v) {
          v->Visit("value", &static_cast<FloatObj*>(self)->value);
        },
        []() { return ObjectPtr<Object>(make_object<FloatObj>()); });
    ReflectionTable::Register(
        StringObj::RuntimeTypeIndex(), nullptr,
        []() { return ObjectPtr<Object>(make_object<StringObj>()); });
    ReflectionTable::Register(
        ArrayNode::RuntimeTypeIndex(), nullptr,
        []() { return ObjectPtr<Object>(make_object<ArrayNode>()); });
    ReflectionTable::Register(
        MapNode::RuntimeTypeIndex(), nullptr,
        []() { return ObjectPtr<Object>(make_object<MapNode>()); });
    ReflectionTable::Register(
        ShapeTupleObj::RuntimeTypeIndex(), nullptr,
        []() { return ObjectPtr<Object>(make_object<ShapeTupleObj>()); });
  }
};
RuntimeTypesReflection runtime_types_reflection;
}  // namespace

}  // namespace runtime
}  // namespace tvm
