/*!
 * \file serialization.cc
 * \brief JSON save/load of any object graph through reflection (format in the header).
 *
 * Saving numbers the nodes breadth first from the root, so deep IR does not recurse deeply.
 * Loading reads the whole document into a small JSON tree first, then builds the graph in
 * phases, each validating what it reads before anything could misuse it:
 *   1. create every node (default-constructed by ReflectionTable::CreateInitObject; leaves
 *      such as strings, shapes and NDArrays complete);
 *   2. read every field, setting plain values and collecting the references;
 *   3. reject reference cycles (an immutable IR has none, and a cycle would leak memory and
 *      send every recursive walk into a loop);
 *   4. fill the containers, then set the reference fields, checking each against the field's
 *      static type so a bad document cannot plant, say, a String where a PrimExpr belongs.
 */
#include <dmlc/memory_io.h>
#include <tvm/ir/op.h>
#include <tvm/ir/serialization.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/reflection.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../support/base64.h"
#include "../support/json.h"
#include "node_fields.h"

namespace tvm {
namespace {

using detail::NodeField;
using runtime::ArrayNode;
using runtime::MapNode;
using runtime::ReflectionTable;
using runtime::ShapeTupleObj;
using runtime::StringObj;
using support::Base64Decode;
using support::Base64Encode;
using support::JSONValue;
using support::WriteJSONString;

constexpr const char* kArrayKey = "runtime.Array";
constexpr const char* kMapKey = "runtime.Map";
constexpr const char* kStringKey = "runtime.String";
constexpr const char* kShapeTupleKey = "runtime.ShapeTuple";
constexpr const char* kNDArrayKey = "runtime.NDArray";

/*! \brief Whether `s` is UTF-8 that Python can decode (else a String is saved as base64). */
bool IsValidUTF8(const std::string& s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<uint8_t>(s[i]);
    size_t len = c < 0x80                   ? 1
                 : (c >= 0xC2 && c <= 0xDF) ? 2
                 : (c >> 4) == 0xE          ? 3
                 : (c >= 0xF0 && c <= 0xF4) ? 4
                                            : 0;
    if (len == 0 || i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<uint8_t>(s[i + k]) >> 6) != 2) return false;
    }
    if (len > 2) {
      auto c1 = static_cast<uint8_t>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
          (c == 0xF4 && c1 >= 0x90)) {
        return false;  // overlong, a surrogate, or beyond U+10FFFF
      }
    }
    i += len;
  }
  return true;
}

// ---- saving -----------------------------------------------------------------------------------
class GraphWriter {
 public:
  std::string Write(const ObjectRef& root) {
    nodes_.push_back(ObjectRef());  // node 0 is null
    index_[nullptr] = 0;
    int64_t root_index = IndexOf(root);
    std::ostringstream os;
    os << "{\n  \"root\": " << root_index << ",\n  \"nodes\": [\n";
    // The table grows while it is written: children are numbered when their parent is.
    for (size_t i = 0; i < nodes_.size(); ++i) {
      os << "    ";
      WriteNode(os, ObjectRef(nodes_[i]));
      os << (i + 1 < nodes_.size() ? ",\n" : "\n");
    }
    os << "  ],\n  \"b64ndarrays\": [";
    for (size_t i = 0; i < ndarrays_.size(); ++i) {
      os << (i ? ",\n    " : "\n    ") << '"' << ndarrays_[i] << '"';
    }
    os << (ndarrays_.empty() ? "" : "\n  ") << "],\n  \"attrs\": {\"tvm_version\": \""
       << kJSONFormatVersion << "\"}\n}";
    return os.str();
  }

 private:
  int64_t IndexOf(const ObjectRef& ref) {
    auto it = index_.find(ref.get());
    if (it != index_.end()) return it->second;
    int64_t index = static_cast<int64_t>(nodes_.size());
    index_[ref.get()] = index;
    nodes_.push_back(ref);
    return index;
  }

  void WriteIndexList(std::ostream& os, const char* name, const std::vector<ObjectRef>& refs) {
    os << ", \"" << name << "\": [";
    for (size_t i = 0; i < refs.size(); ++i) os << (i ? ", " : "") << IndexOf(refs[i]);
    os << ']';
  }

  void WriteNode(std::ostream& os, const ObjectRef& node) {
    os << "{\"type_key\": ";
    if (!node.defined()) {
      os << "\"\"}";
      return;
    }
    std::string type_key = node->GetTypeKey();
    WriteJSONString(os, type_key);
    if (const auto* s = node.as<StringObj>()) {
      if (IsValidUTF8(s->data)) {
        os << ", \"repr_str\": ";
        WriteJSONString(os, s->data);
      } else {
        os << ", \"repr_b64\": \"" << Base64Encode(s->data) << '"';
      }
    } else if (const auto* a = node.as<ArrayNode>()) {
      WriteIndexList(os, "data", a->data);
    } else if (const auto* m = node.as<MapNode>()) {
      std::vector<std::pair<ObjectRef, ObjectRef>> entries(m->data.begin(), m->data.end());
      // String keys in sorted order, so that equal maps save to equal text.
      bool string_keys = std::all_of(entries.begin(), entries.end(), [](const auto& kv) {
        return kv.first.template as<StringObj>();
      });
      if (string_keys) {
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
          return Downcast<String>(a.first).str() < Downcast<String>(b.first).str();
        });
      }
      std::vector<ObjectRef> keys, values;
      for (const auto& kv : entries) {
        keys.push_back(kv.first);
        values.push_back(kv.second);
      }
      WriteIndexList(os, "keys", keys);
      WriteIndexList(os, "data", values);
    } else if (const auto* t = node.as<ShapeTupleObj>()) {
      os << ", \"shape\": [";
      for (size_t i = 0; i < t->data.size(); ++i) os << (i ? ", " : "") << t->data[i];
      os << ']';
    } else if (node.as<NDArray::Container>()) {
      std::string bytes;
      dmlc::MemoryStringStream strm(&bytes);
      Downcast<NDArray>(node).Save(&strm);
      os << ", \"ndarray\": " << ndarrays_.size();
      ndarrays_.push_back(Base64Encode(bytes));
    } else if (const auto* op = node.as<OpNode>()) {
      os << ", \"global_key\": ";
      WriteJSONString(os, op->name);
    } else if (ReflectionTable::HasVisitAttrs(node->type_index())) {
      os << ", \"attrs\": {";
      bool first = true;
      for (const NodeField& f : detail::ListNodeFields(node.get())) {
        os << (first ? "" : ", ");
        first = false;
        WriteJSONString(os, f.key);
        os << ": ";
        WriteJSONString(os, FieldText(f));
      }
      os << '}';
    } else {
      TVM_THROW(ValueError) << "save_json: cannot serialize an object of type " << type_key
                            << ": it has no reflection (its class lists no fields with "
                               "VisitAttrs and TVM_REGISTER_NODE_TYPE)";
    }
    os << '}';
  }

  std::string FieldText(const NodeField& f) {
    switch (f.kind) {
      case NodeField::kDouble:
        return detail::FormatDouble(f.f64());
      case NodeField::kInt64:
        return std::to_string(f.i64());
      case NodeField::kUInt64:
        return std::to_string(f.u64());
      case NodeField::kInt:
        return std::to_string(f.i32());
      case NodeField::kBool:
        return f.boolean() ? "1" : "0";
      case NodeField::kString:
        return f.str();
      case NodeField::kDataType:
        return runtime::DLDataType2String(f.dtype());
      case NodeField::kObjectRef:
        return f.ref().defined() ? std::to_string(IndexOf(f.ref())) : "null";
    }
    return "";
  }

  std::unordered_map<const Object*, int64_t> index_;
  std::vector<ObjectRef> nodes_;
  std::vector<std::string> ndarrays_;
};

// ---- loading ----------------------------------------------------------------------------------
class GraphReader {
 public:
  ObjectRef Read(const std::string& text) {
    JSONValue doc = support::ParseJSON(text, "load_json");
    if (doc.kind != JSONValue::kObject) {
      Bad("the document must be a JSON object, found " + doc.KindName());
    }
    CheckVersion(doc);
    const JSONValue& nodes = Member(doc, "nodes", JSONValue::kArray, "the document");
    const JSONValue& root = Member(doc, "root", JSONValue::kNumber, "the document");
    if (const JSONValue* arrays = doc.Find("b64ndarrays")) {
      if (arrays->kind != JSONValue::kArray) {
        Bad("\"b64ndarrays\" must be an array, found " + arrays->KindName());
      }
      b64ndarrays_ = &arrays->items;
    }
    json_nodes_ = &nodes.items;
    size_t n = json_nodes_->size();
    int64_t root_index = NodeIndex(root.text, "\"root\"");
    objects_.resize(n);
    refs_.resize(n);
    for (size_t i = 0; i < n; ++i) Create(i);
    for (size_t i = 0; i < n; ++i) ReadFields(i);
    CheckAcyclic();
    for (size_t i = 0; i < n; ++i) FillContainer(i);
    for (size_t i = 0; i < n; ++i) SetReferences(i);
    return ObjectRef(objects_[root_index]);
  }

 private:
  /*! \brief A reference field read in phase 2 and set in phase 4. */
  struct PendingRef {
    NodeField field;
    int64_t target;  // -1: null
  };

  [[noreturn]] static void Bad(const std::string& what) {
    TVM_THROW(ValueError) << "load_json: " << what;
  }
  [[noreturn]] void BadNode(size_t i, const std::string& what) {
    std::string type_key;
    if (i < json_nodes_->size()) {
      const JSONValue* key = (*json_nodes_)[i].Find("type_key");
      if (key != nullptr && key->kind == JSONValue::kString) type_key = " (" + key->text + ")";
    }
    Bad("node " + std::to_string(i) + type_key + ": " + what);
  }

  static const char* KindName(JSONValue::Kind kind) {
    switch (kind) {
      case JSONValue::kNull:
        return "null";
      case JSONValue::kBool:
        return "a boolean";
      case JSONValue::kNumber:
        return "a number";
      case JSONValue::kString:
        return "a string";
      case JSONValue::kArray:
        return "an array";
      case JSONValue::kObject:
        return "an object";
    }
    return "?";
  }

  static const JSONValue& Member(const JSONValue& obj, const char* key, JSONValue::Kind kind,
                                 const std::string& where) {
    const JSONValue* v = obj.Find(key);
    if (v == nullptr) Bad(where + " has no \"" + key + "\" (expected " + KindName(kind) + ")");
    if (v->kind != kind) {
      Bad(where + ": \"" + key + "\" must be " + KindName(kind) + ", found " + v->KindName());
    }
    return *v;
  }

  static void CheckVersion(const JSONValue& doc) {
    const JSONValue& attrs = Member(doc, "attrs", JSONValue::kObject, "the document");
    const JSONValue& version = Member(attrs, "tvm_version", JSONValue::kString, "\"attrs\"");
    auto major_minor = [](const std::string& v) {
      return v.substr(0, v.find('.', v.find('.') + 1));
    };
    if (major_minor(version.text) != major_minor(kJSONFormatVersion)) {
      Bad("format version \"" + version.text + "\" is not supported (expected " +
          major_minor(kJSONFormatVersion) + ".x)");
    }
  }

  /*! \brief A node index in decimal text, checked against the table. */
  int64_t NodeIndex(const std::string& text, const std::string& what) {
    int64_t v = 0;
    if (!ParseInt(text, &v)) Bad(what + ": expected a node index, found \"" + text + "\"");
    if (v < 0 || v >= static_cast<int64_t>(json_nodes_->size())) {
      Bad(what + ": node index " + text + " is out of range (the document has " +
          std::to_string(json_nodes_->size()) + " nodes)");
    }
    return v;
  }

  static bool ParseInt(const std::string& text, int64_t* out) {
    if (text.empty() || text.size() > 20) return false;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);  // NOLINT(runtime/int)
    if (errno != 0 || *end != '\0' ||
        !(text[0] == '-' || std::isdigit(static_cast<unsigned char>(text[0])))) {
      return false;
    }
    *out = v;
    return true;
  }
  static bool ParseUInt(const std::string& text, uint64_t* out) {
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str(), &end, 10);  // NOLINT(runtime/int)
    if (errno != 0 || *end != '\0') return false;
    *out = v;
    return true;
  }

  /*! \brief The indices of a list of references ("data", "keys"). */
  std::vector<int64_t> IndexList(size_t i, const char* key) {
    const JSONValue* list = (*json_nodes_)[i].Find(key);
    if (list == nullptr)
      BadNode(i, std::string("missing \"") + key + "\" (expected an array of node indices)");
    if (list->kind != JSONValue::kArray) {
      BadNode(i, std::string("\"") + key + "\" must be an array of node indices, found " +
                     list->KindName());
    }
    std::vector<int64_t> out;
    for (size_t k = 0; k < list->items.size(); ++k) {
      const JSONValue& item = list->items[k];
      std::string what =
          "node " + std::to_string(i) + " \"" + key + "\"[" + std::to_string(k) + "]";
      if (item.kind != JSONValue::kNumber)
        Bad(what + ": expected a node index, found " + item.KindName());
      out.push_back(NodeIndex(item.text, what));
    }
    return out;
  }

  /*! \brief Phase 1: the object of node i, with no references set yet. */
  void Create(size_t i) {
    const JSONValue& node = (*json_nodes_)[i];
    if (node.kind != JSONValue::kObject) BadNode(i, "expected an object, found " + node.KindName());
    const JSONValue* key = node.Find("type_key");
    if (key == nullptr || key->kind != JSONValue::kString) {
      BadNode(i, "expected a string \"type_key\", found " + (key ? key->KindName() : "none"));
    }
    const std::string& type_key = key->text;
    if (type_key.empty()) return;  // null
    auto text_member = [&](const char* name) -> const std::string& {
      const JSONValue* v = node.Find(name);
      if (v == nullptr || v->kind != JSONValue::kString) {
        BadNode(i, std::string("expected a string \"") + name + "\", found " +
                       (v ? v->KindName() : "none"));
      }
      return v->text;
    };
    if (type_key == kStringKey) {
      auto s = make_object<StringObj>();
      if (node.Find("repr_b64") != nullptr) {
        if (!Base64Decode(text_member("repr_b64"), &s->data))
          BadNode(i, "\"repr_b64\" is not base64");
      } else {
        s->data = text_member("repr_str");
      }
      objects_[i] = s;
    } else if (type_key == kArrayKey) {
      objects_[i] = make_object<ArrayNode>();
    } else if (type_key == kMapKey) {
      objects_[i] = make_object<MapNode>();
    } else if (type_key == kShapeTupleKey) {
      const JSONValue* shape = node.Find("shape");
      if (shape == nullptr || shape->kind != JSONValue::kArray) {
        BadNode(i, "expected an array \"shape\", found " + (shape ? shape->KindName() : "none"));
      }
      auto t = make_object<ShapeTupleObj>();
      for (const JSONValue& d : shape->items) {
        int64_t v = 0;
        if (d.kind != JSONValue::kNumber || !ParseInt(d.text, &v)) {
          BadNode(i, "\"shape\" must hold integers, found " + d.KindName());
        }
        t->data.push_back(v);
      }
      objects_[i] = t;
    } else if (type_key == kNDArrayKey) {
      objects_[i] = PtrOf(LoadNDArray(i));
    } else if (type_key == OpNode::_type_key) {
      const std::string& name = text_member("global_key");
      if (!Op::Exists(name)) BadNode(i, "no operator named \"" + name + "\" is registered");
      objects_[i] = PtrOf(Op::Get(name));
    } else {
      if (!Object::TypeKeyExists(type_key)) {
        BadNode(i, "unknown type key \"" + type_key + "\" (no such object type is registered)");
      }
      uint32_t tindex = Object::TypeKey2Index(type_key);
      if (!ReflectionTable::HasVisitAttrs(tindex)) {
        BadNode(i, "objects of type " + type_key + " cannot be loaded: the type has no reflection");
      }
      try {
        objects_[i] = ReflectionTable::CreateInitObject(type_key);
      } catch (const runtime::Error& e) {
        BadNode(i, e.what());
      }
    }
  }

  NDArray LoadNDArray(size_t i) {
    const JSONValue* index = (*json_nodes_)[i].Find("ndarray");
    int64_t k = -1;
    if (index == nullptr || index->kind != JSONValue::kNumber || !ParseInt(index->text, &k)) {
      BadNode(i, "expected an integer \"ndarray\" (an index into \"b64ndarrays\"), found " +
                     (index ? index->KindName() : "none"));
    }
    size_t count = b64ndarrays_ ? b64ndarrays_->size() : 0;
    if (k < 0 || k >= static_cast<int64_t>(count)) {
      BadNode(i, "\"ndarray\" " + std::to_string(k) + " is out of range (the document has " +
                     std::to_string(count) + " arrays in \"b64ndarrays\")");
    }
    const JSONValue& b64 = (*b64ndarrays_)[k];
    std::string bytes;
    if (b64.kind != JSONValue::kString || !Base64Decode(b64.text, &bytes)) {
      BadNode(i, "\"b64ndarrays\"[" + std::to_string(k) + "] must be a base64 string, found " +
                     (b64.kind == JSONValue::kString ? "other text" : b64.KindName()));
    }
    try {
      dmlc::MemoryStringStream strm(&bytes);
      return NDArray::Load(&strm);
    } catch (const std::exception& e) {
      BadNode(i, std::string("bad NDArray data: ") + e.what());
    }
  }

  static ObjectPtr<Object> PtrOf(const ObjectRef& ref) {
    return runtime::ObjectRefAccess::GetPtr(ref);
  }

  /*! \brief Phase 2: set node i's plain fields and collect its references. */
  void ReadFields(size_t i) {
    const Object* obj = objects_[i].get();
    if (obj == nullptr) return;
    const JSONValue& node = (*json_nodes_)[i];
    if (obj->IsInstance<ArrayNode>()) {
      for (int64_t t : IndexList(i, "data")) refs_[i].push_back(PendingRef{{}, t});
      return;
    }
    if (obj->IsInstance<MapNode>()) {
      std::vector<int64_t> keys = IndexList(i, "keys"), values = IndexList(i, "data");
      if (keys.size() != values.size()) {
        BadNode(i, "\"keys\" has " + std::to_string(keys.size()) + " entries but \"data\" has " +
                       std::to_string(values.size()));
      }
      for (size_t k = 0; k < keys.size(); ++k) {
        refs_[i].push_back(PendingRef{{}, keys[k]});
        refs_[i].push_back(PendingRef{{}, values[k]});
      }
      return;
    }
    if (obj->IsInstance<StringObj>() || obj->IsInstance<ShapeTupleObj>() ||
        obj->IsInstance<NDArray::Container>() || obj->IsInstance<OpNode>()) {
      return;  // leaves, complete since phase 1
    }
    const JSONValue* attrs = node.Find("attrs");
    if (attrs == nullptr || attrs->kind != JSONValue::kObject) {
      BadNode(i, "expected an object \"attrs\" holding the fields, found " +
                     (attrs ? attrs->KindName() : "none"));
    }
    for (const NodeField& f : detail::ListNodeFields(obj)) {
      const JSONValue* v = attrs->Find(f.key);
      if (v == nullptr) BadNode(i, std::string("missing field \"") + f.key + "\"");
      ReadField(i, f, *v);
    }
  }

  void ReadField(size_t i, const NodeField& f, const JSONValue& v) {
    auto bad = [&](const std::string& expected) {
      BadNode(i, std::string("field \"") + f.key + "\": expected " + expected + ", found " +
                     v.KindName());
    };
    // Values are strings as written by save_json; plain JSON numbers are accepted as well.
    bool text_ok = v.kind == JSONValue::kString || v.kind == JSONValue::kNumber;
    const std::string& text = v.text;
    switch (f.kind) {
      case NodeField::kDouble: {
        char* end = nullptr;
        double d = text_ok && !text.empty() ? std::strtod(text.c_str(), &end) : 0;
        if (!text_ok || text.empty() || *end != '\0' ||
            std::isspace(static_cast<unsigned char>(text[0]))) {
          bad("a number");
        }
        f.f64() = d;
        return;
      }
      case NodeField::kInt64:
        if (!text_ok || !ParseInt(text, &f.i64())) bad("an integer");
        return;
      case NodeField::kUInt64:
        if (!text_ok || !ParseUInt(text, &f.u64())) bad("a non-negative integer");
        return;
      case NodeField::kInt: {
        int64_t x = 0;
        if (!text_ok || !ParseInt(text, &x) || x < INT32_MIN || x > INT32_MAX)
          bad("a 32-bit integer");
        f.i32() = static_cast<int>(x);
        return;
      }
      case NodeField::kBool:
        if (v.kind == JSONValue::kBool) {
          f.boolean() = v.boolean;
        } else if (text_ok && (text == "0" || text == "1")) {
          f.boolean() = text == "1";
        } else {
          bad("a boolean (\"0\" or \"1\")");
        }
        return;
      case NodeField::kString:
        if (v.kind != JSONValue::kString) bad("a string");
        f.str() = text;
        return;
      case NodeField::kDataType:
        if (v.kind != JSONValue::kString) bad("a dtype string such as \"float32\"");
        try {
          f.dtype() = runtime::DataType(text);
        } catch (const runtime::Error& e) {
          BadNode(i, std::string("field \"") + f.key + "\": " + e.what());
        }
        return;
      case NodeField::kObjectRef: {
        int64_t target = -1;
        if (v.kind == JSONValue::kNull || (v.kind == JSONValue::kString && text == "null")) {
          target = -1;
        } else if (text_ok) {
          target = NodeIndex(text, "node " + std::to_string(i) + " field \"" + f.key + "\"");
        } else {
          bad("a node index or \"null\"");
        }
        refs_[i].push_back(PendingRef{f, target});
        return;
      }
    }
  }

  /*! \brief Phase 3: references must form a DAG. */
  void CheckAcyclic() {
    enum Color : uint8_t { kWhite, kGrey, kBlack };
    std::vector<uint8_t> color(refs_.size(), kWhite);
    std::vector<std::pair<size_t, size_t>> stack;  // (node, next reference to follow)
    for (size_t start = 0; start < refs_.size(); ++start) {
      if (color[start] != kWhite) continue;
      stack.emplace_back(start, 0);
      color[start] = kGrey;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next == refs_[node].size()) {
          color[node] = kBlack;
          stack.pop_back();
          continue;
        }
        int64_t target = refs_[node][next++].target;
        if (target < 0) continue;
        if (color[target] == kGrey) {
          BadNode(node, "the reference to node " + std::to_string(target) +
                            " closes a cycle (an IR graph has none)");
        }
        if (color[target] == kWhite) {
          color[target] = kGrey;
          stack.emplace_back(static_cast<size_t>(target), 0);
        }
      }
    }
  }

  ObjectRef Target(int64_t t) const { return t < 0 ? ObjectRef() : ObjectRef(objects_[t]); }

  /*! \brief Phase 4a: the elements of arrays and maps. */
  void FillContainer(size_t i) {
    Object* obj = objects_[i].get();
    if (obj == nullptr) return;
    if (obj->IsInstance<ArrayNode>()) {
      auto* a = static_cast<ArrayNode*>(obj);
      for (const PendingRef& r : refs_[i]) a->data.push_back(Target(r.target));
    } else if (obj->IsInstance<MapNode>()) {
      auto* m = static_cast<MapNode*>(obj);
      for (size_t k = 0; k < refs_[i].size(); k += 2) {
        ObjectRef key = Target(refs_[i][k].target);
        if (!m->data.emplace(key, Target(refs_[i][k + 1].target)).second) {
          BadNode(i, "the key " + runtime::ObjectRepr(key) + " appears twice");
        }
      }
    }
  }

  /*! \brief Phase 4b: the reference fields of reflected nodes, checked against their types. */
  void SetReferences(size_t i) {
    Object* obj = objects_[i].get();
    if (obj == nullptr || obj->IsInstance<ArrayNode>() || obj->IsInstance<MapNode>()) return;
    for (const PendingRef& r : refs_[i]) {
      ObjectRef value = Target(r.target);
      std::string why;
      if (r.field.check != nullptr && !r.field.check(value, &why)) {
        BadNode(i, std::string("field \"") + r.field.key + "\": " + why);
      }
      r.field.ref() = value;
    }
  }

  const std::vector<JSONValue>* json_nodes_{nullptr};
  const std::vector<JSONValue>* b64ndarrays_{nullptr};
  std::vector<ObjectPtr<Object>> objects_;
  std::vector<std::vector<PendingRef>> refs_;
};

}  // namespace

std::string SaveJSON(const ObjectRef& node) { return GraphWriter().Write(node); }

ObjectRef LoadJSON(const std::string& json) { return GraphReader().Read(json); }

TVM_REGISTER_GLOBAL("ir.SaveJSON").set_body_typed([](ObjectRef node) { return SaveJSON(node); });
TVM_REGISTER_GLOBAL("ir.LoadJSON").set_body_typed([](std::string json) { return LoadJSON(json); });

}  // namespace tvm
