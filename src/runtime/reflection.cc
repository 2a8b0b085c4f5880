/*!
 * \file reflection.cc
 * \brief The reflection table and the generic field access built on it: attribute lookup by
 *  name (Python's obj.field), field listing (dir(obj)) and a default printer.
 */
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/reflection.h>
#include <tvm/runtime/registry.h>

#include <mutex>
#include <sstream>
#include <vector>

namespace tvm {
namespace runtime {

namespace {
struct ReflectionEntry {
  ReflectionTable::FVisitAttrs fvisit{nullptr};
  ReflectionTable::FCreate fcreate{nullptr};
  SEqualKind sequal_kind{SEqualKind::kTreeNode};
  std::vector<std::string> sequal_ignored;
};

std::vector<ReflectionEntry>* Entries() {
  static auto* entries = new std::vector<ReflectionEntry>();
  return entries;
}
std::mutex* EntriesMutex() {
  static auto* m = new std::mutex();
  return m;
}

ReflectionEntry Lookup(uint32_t tindex) {
  std::lock_guard<std::mutex> lock(*EntriesMutex());
  auto* e = Entries();
  return tindex < e->size() ? (*e)[tindex] : ReflectionEntry();
}

/*! \brief Finds one field by name and copies it into a return value. */
class AttrGetter : public AttrVisitor {
 public:
  AttrGetter(const std::string& key, TVMRetValue* ret) : key_(key), ret_(ret) {}
  bool found{false};
  void Visit(const char* key, double* v) final { Get(key, *v); }
  void Visit(const char* key, int64_t* v) final { Get(key, *v); }
  void Visit(const char* key, uint64_t* v) final { Get(key, *v); }
  void Visit(const char* key, int* v) final { Get(key, *v); }
  void Visit(const char* key, bool* v) final { Get(key, *v); }
  void Visit(const char* key, std::string* v) final { Get(key, *v); }
  void Visit(const char* key, DataType* v) final { Get(key, *v); }
  void Visit(const char* key, ObjectRef* v) final { Get(key, *v); }

 private:
  template <typename T>
  void Get(const char* key, const T& v) {
    if (!found && key_ == key) {
      *ret_ = v;
      found = true;
    }
  }
  const std::string& key_;
  TVMRetValue* ret_;
};

class AttrLister : public AttrVisitor {
 public:
  std::vector<std::string> names;
  void Visit(const char* key, double*) final { names.push_back(key); }
  void Visit(const char* key, int64_t*) final { names.push_back(key); }
  void Visit(const char* key, uint64_t*) final { names.push_back(key); }
  void Visit(const char* key, int*) final { names.push_back(key); }
  void Visit(const char* key, bool*) final { names.push_back(key); }
  void Visit(const char* key, std::string*) final { names.push_back(key); }
  void Visit(const char* key, DataType*) final { names.push_back(key); }
  void Visit(const char* key, ObjectRef*) final { names.push_back(key); }
};

void PrintObject(const ObjectRef& ref, std::ostream& os, int depth);

/*! \brief Prints "key=value" for each field. */
class FieldPrinter : public AttrVisitor {
 public:
  FieldPrinter(std::ostream& os, int depth) : os_(os), depth_(depth) {}
  void Visit(const char* key, double* v) final { Sep(key) << *v; }
  void Visit(const char* key, int64_t* v) final { Sep(key) << *v; }
  void Visit(const char* key, uint64_t* v) final { Sep(key) << *v; }
  void Visit(const char* key, int* v) final { Sep(key) << *v; }
  void Visit(const char* key, bool* v) final { Sep(key) << (*v ? "True" : "False"); }
  void Visit(const char* key, std::string* v) final { Sep(key) << '"' << *v << '"'; }
  void Visit(const char* key, DataType* v) final { Sep(key) << *v; }
  void Visit(const char* key, ObjectRef* v) final {
    Sep(key);
    PrintObject(*v, os_, depth_ + 1);
  }

 private:
  std::ostream& Sep(const char* key) {
    if (count_++ != 0) os_ << ", ";
    return os_ << key << '=';
  }
  std::ostream& os_;
  int depth_;
  int count_{0};
};

void PrintObject(const ObjectRef& ref, std::ostream& os, int depth) {
  if (!ref.defined()) {
    os << "None";
    return;
  }
  if (depth > 16) {
    os << "...";
    return;
  }
  if (const auto* s = ref.as<StringObj>()) {
    os << '"' << s->data << '"';
  } else if (const auto* i = ref.as<IntObj>()) {
    os << i->value;
  } else if (const auto* f = ref.as<FloatObj>()) {
    os << f->value;
  } else if (const auto* a = ref.as<ArrayNode>()) {
    os << '[';
    for (size_t k = 0; k < a->data.size(); ++k) {
      if (k) os << ", ";
      PrintObject(a->data[k], os, depth + 1);
    }
    os << ']';
  } else if (const auto* m = ref.as<MapNode>()) {
    os << '{';
    bool first = true;
    for (const auto& kv : m->data) {
      if (!first) os << ", ";
      first = false;
      PrintObject(kv.first, os, depth + 1);
      os << ": ";
      PrintObject(kv.second, os, depth + 1);
    }
    os << '}';
  } else if (const auto* t = ref.as<ShapeTupleObj>()) {
    os << '(';
    for (size_t k = 0; k < t->data.size(); ++k) os << (k ? ", " : "") << t->data[k];
    os << (t->data.size() == 1 ? ",)" : ")");
  } else if (ref->IsInstance<NDArray::Container>()) {
    NDArray arr = Downcast<NDArray>(ref);
    os << "NDArray(shape=(";
    for (int k = 0; k < arr->ndim; ++k) os << (k ? ", " : "") << arr->shape[k];
    if (arr->ndim == 1) os << ',';
    os << "), dtype=" << arr.DataType() << ", device=" << arr->device << ')';
  } else {
    os << ref->GetTypeKey() << '(';
    FieldPrinter p(os, depth);
    ReflectionTable::VisitAttrs(const_cast<Object*>(ref.get()), &p);
    os << ')';
  }
}
}  // namespace

int ReflectionTable::Register(uint32_t tindex, FVisitAttrs fvisit, FCreate fcreate,
                              SEqualKind kind) {
  std::lock_guard<std::mutex> lock(*EntriesMutex());
  auto* e = Entries();
  if (e->size() <= tindex) e->resize(tindex + 1);
  (*e)[tindex].fvisit = fvisit;
  (*e)[tindex].fcreate = fcreate;
  (*e)[tindex].sequal_kind = kind;
  return 0;
}

SEqualKind ReflectionTable::GetSEqualKind(uint32_t tindex) { return Lookup(tindex).sequal_kind; }

bool ReflectionTable::IsSEqualIgnoredField(uint32_t tindex, const char* key) {
  std::lock_guard<std::mutex> lock(*EntriesMutex());
  auto* e = Entries();
  if (tindex >= e->size()) return false;
  for (const std::string& f : (*e)[tindex].sequal_ignored) {
    if (f == key) return true;
  }
  return false;
}

void ReflectionTable::SetSEqualIgnoredFields(uint32_t tindex, const std::string& comma_separated) {
  std::lock_guard<std::mutex> lock(*EntriesMutex());
  auto* e = Entries();
  if (e->size() <= tindex) e->resize(tindex + 1);
  std::vector<std::string>& out = (*e)[tindex].sequal_ignored;
  out.clear();
  std::string cur;
  for (char c : comma_separated + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
}

void ReflectionTable::VisitAttrs(Object* obj, AttrVisitor* v) {
  ReflectionEntry e = Lookup(obj->type_index());
  if (e.fvisit != nullptr) e.fvisit(obj, v);
}

bool ReflectionTable::HasVisitAttrs(uint32_t tindex) { return Lookup(tindex).fvisit != nullptr; }

ObjectPtr<Object> ReflectionTable::CreateInitObject(const std::string& type_key) {
  uint32_t tindex = Object::TypeKey2Index(type_key);
  ReflectionEntry e = Lookup(tindex);
  if (e.fcreate == nullptr) {
    TVM_THROW(ValueError) << "objects of type " << type_key
                          << " cannot be created by reflection (no default constructor "
                             "registered with TVM_REGISTER_NODE_TYPE)";
  }
  return e.fcreate();
}

std::vector<std::string> ReflectionTable::ListAttrNames(Object* obj) {
  AttrLister lister;
  VisitAttrs(obj, &lister);
  return lister.names;
}

std::string ObjectRepr(const ObjectRef& ref) {
  std::ostringstream os;
  PrintObject(ref, os, 0);
  return os.str();
}

namespace {
/*! \brief Sets each visited field from the matching name/value argument pair. */
class Setter : public AttrVisitor {
 public:
  Setter(TVMArgs args, const std::string& key) : args_(args), type_key_(key) {}
  void Visit(const char* key, double* v) final { Set(key, v); }
  void Visit(const char* key, int64_t* v) final { Set(key, v); }
  void Visit(const char* key, uint64_t* v) final { Set(key, v); }
  void Visit(const char* key, int* v) final { Set(key, v); }
  void Visit(const char* key, bool* v) final { Set(key, v); }
  void Visit(const char* key, std::string* v) final { Set(key, v); }
  void Visit(const char* key, DataType* v) final { Set(key, v); }
  void Visit(const char* key, ObjectRef* v) final { Set(key, v); }
  int used{0};

 private:
  template <typename T>
  void Set(const char* key, T* field) {
    for (int i = 1; i + 1 < args_.size(); i += 2) {
      std::string name = args_[i];
      if (name != key) continue;
      try {
        *field = detail::ValueConverter<T>::Apply(args_[i + 1]);
      } catch (const Error& e) {
        throw Error(e.kind(), type_key_ + "." + key + ": " + e.what());
      }
      ++used;
    }
  }
  TVMArgs args_;
  const std::string& type_key_;
};
}  // namespace

TVM_REGISTER_GLOBAL("runtime.ObjectGetAttr").set_body([](TVMArgs args, TVMRetValue* rv) {
  ObjectRef obj = args[0];
  std::string key = args[1];
  if (!obj.defined()) TVM_THROW(AttributeError) << "None has no attribute '" << key << "'";
  AttrGetter getter(key, rv);
  ReflectionTable::VisitAttrs(const_cast<Object*>(obj.get()), &getter);
  if (!getter.found) {
    TVM_THROW(AttributeError) << obj->GetTypeKey() << " has no attribute '" << key << "'";
  }
});

TVM_REGISTER_GLOBAL("runtime.ObjectListAttrNames").set_body_typed([](ObjectRef obj) {
  Array<String> names;
  for (const auto& n : ReflectionTable::ListAttrNames(const_cast<Object*>(obj.get()))) {
    names.push_back(String(n));
  }
  return names;
});

TVM_REGISTER_GLOBAL("runtime.ObjectRepr").set_body_typed([](ObjectRef obj) {
  return ObjectRepr(obj);
});

TVM_REGISTER_GLOBAL("runtime.ObjectTypeKey2Index").set_body_typed([](std::string key) {
  return static_cast<int64_t>(Object::TypeKey2Index(key));
});

TVM_REGISTER_GLOBAL("runtime.ObjectTypeIndex2Key").set_body_typed([](int64_t index) {
  return Object::TypeIndex2Key(static_cast<uint32_t>(index));
});

/*!
 * \brief Construct a registered node from keyword fields:
 *  runtime.MakeNode(type_key, "field1", value1, ...). Used by tests and the Python API.
 */
TVM_REGISTER_GLOBAL("runtime.MakeNode").set_body([](TVMArgs args, TVMRetValue* rv) {
  std::string type_key = args[0];
  ObjectPtr<Object> node = ReflectionTable::CreateInitObject(type_key);
  if (args.size() % 2 != 1) {
    TVM_THROW(TypeError) << "runtime.MakeNode expects a type key followed by name/value pairs";
  }
  Setter setter(args, type_key);
  ReflectionTable::VisitAttrs(node.get(), &setter);
  if (setter.used != args.size() / 2) {
    std::vector<std::string> names = ReflectionTable::ListAttrNames(node.get());
    std::ostringstream os;
    for (size_t i = 0; i < names.size(); ++i) os << (i ? ", " : "") << names[i];
    TVM_THROW(AttributeError) << type_key << " has fields (" << os.str()
                              << "); some given field names do not exist";
  }
  *rv = ObjectRef(node);
});

}  // namespace runtime
}  // namespace tvm
