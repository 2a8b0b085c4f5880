/*!
 * \file structural_hash.cc
 * \brief Structural hashing through reflection. Every rule here mirrors one of structural
 *  equality's so that equal => same hash:
 *  - fields in VisitAttrs order, spans skipped, a variable's name skipped;
 *  - a variable gets an index when first defined (or, with map_free_vars, first met), which
 *    equality meets at the same place on both sides; an unindexed free variable hashes by
 *    address, as equality then demands the same object;
 *  - a kDAGNode met again hashes by the order of its first visit, as equality demands that
 *    shared nodes correspond;
 *  - Map entries are visited in an order that does not depend on the map's iteration order:
 *    sorted by key for String/Int/Float keys, else by a hash of the entry computed without
 *    assigning indices.
 */
#include <tvm/ir/structural_hash.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/reflection.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../support/deep_recursion.h"
#include "node_fields.h"

namespace tvm {
namespace {

using detail::NodeField;
using runtime::ArrayNode;
using runtime::MapNode;
using runtime::ReflectionTable;
using runtime::SEqualKind;
using runtime::ShapeTupleObj;
using runtime::StringObj;

uint64_t Mix(uint64_t h, uint64_t v) {
  // splitmix64's finalizer over the sum: order-sensitive and well spread.
  uint64_t z = h + 0x9e3779b97f4a7c15ULL + v;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t HashBytes(const char* data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (size_t i = 0; i < size; ++i) {
    h = (h ^ static_cast<unsigned char>(data[i])) * 0x100000001b3ULL;
  }
  return h;
}
uint64_t HashString(const std::string& s) { return HashBytes(s.data(), s.size()); }

uint64_t HashDType(DLDataType t) {
  return (static_cast<uint64_t>(t.code) << 32) | (static_cast<uint64_t>(t.bits) << 16) | t.lanes;
}

uint64_t HashDouble(double v) {
  if (std::isnan(v)) return 0x7ff8000000000000ULL;  // every NaN equals every NaN
  if (v == 0) v = 0;                                // -0.0 == 0.0
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return bits;
}

// Tags that keep values of different kinds apart.
enum Tag : uint64_t {
  kNull = 1,
  kVarByIndex,
  kVarUnindexed,
  kVarByAddress,
  kGraphBackRef,
  kByAddress,
  kArray,
  kMap,
  kShapeTuple,
  kNDArray,
};

class Hasher {
 public:
  explicit Hasher(bool map_free_vars) : map_free_vars_(map_free_vars) {}

  uint64_t Hash(const ObjectRef& ref) {
    return depth_.Descend([&]() { return HashNode(ref); });
  }

 private:
  uint64_t HashNode(const ObjectRef& ref) {
    if (!ref.defined()) return kNull;
    uint32_t tindex = ref->type_index();
    if (const auto* s = ref.as<StringObj>()) return Mix(TypeHash(tindex), HashString(s->data));
    if (ref.as<ArrayNode>()) return HashArray(static_cast<const ArrayNode*>(ref.get())->data);
    if (ref.as<MapNode>()) return HashMap(static_cast<const MapNode*>(ref.get())->data);
    if (const auto* t = ref.as<ShapeTupleObj>()) {
      uint64_t h = Mix(kShapeTuple, t->data.size());
      for (int64_t d : t->data) h = Mix(h, static_cast<uint64_t>(d));
      return h;
    }
    if (ref.as<NDArray::Container>()) return HashNDArray(Downcast<NDArray>(ref));
    if (!ReflectionTable::HasVisitAttrs(tindex)) return Mix(kByAddress, Address(ref));
    switch (ReflectionTable::GetSEqualKind(tindex)) {
      case SEqualKind::kUniqueInstance:
        return Mix(kByAddress, Address(ref));
      case SEqualKind::kVarNode:
        return HashVar(ref);
      case SEqualKind::kDAGNode:
        return HashGraphNode(ref);
      case SEqualKind::kTreeNode:
        return HashFields(ref, false);
    }
    return 0;
  }

  uint64_t TypeHash(uint32_t tindex) {
    auto it = type_hash_.find(tindex);
    if (it != type_hash_.end()) return it->second;
    return type_hash_[tindex] = HashString(Object::TypeIndex2Key(tindex));
  }

  static uint64_t Address(const ObjectRef& ref) {
    return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(ref.get()));
  }

  uint64_t HashFields(const ObjectRef& ref, bool skip_name) {
    uint64_t h = TypeHash(ref->type_index());
    for (const NodeField& f : detail::ListNodeFields(ref.get())) {
      if (f.is_span() || (skip_name && std::strcmp(f.key, "name_hint") == 0) ||
          runtime::ReflectionTable::IsSEqualIgnoredField(ref->type_index(), f.key)) {
        continue;
      }
      h = Mix(h, HashField(f));
    }
    return h;
  }

  uint64_t HashField(const NodeField& f) {
    switch (f.kind) {
      case NodeField::kDouble:
        return HashDouble(f.f64());
      case NodeField::kInt64:
        return static_cast<uint64_t>(f.i64());
      case NodeField::kUInt64:
        return f.u64();
      case NodeField::kInt:
        return static_cast<uint64_t>(static_cast<int64_t>(f.i32()));
      case NodeField::kBool:
        return f.boolean() ? 1 : 0;
      case NodeField::kString:
        return HashString(f.str());
      case NodeField::kDataType:
        return HashDType(f.dtype());
      case NodeField::kObjectRef: {
        bool saved = in_def_;
        in_def_ = in_def_ || f.is_def;
        uint64_t h = Hash(f.ref());
        in_def_ = saved;
        return h;
      }
    }
    return 0;
  }

  uint64_t HashVar(const ObjectRef& var) {
    auto it = var_index_.find(var.get());
    if (it != var_index_.end()) return Mix(kVarByIndex, it->second);
    // While frozen, a variable defined in the entry being ordered is not indexed, so its uses
    // look free: no address may be hashed then, or the order would depend on it.
    if (!in_def_ && !map_free_vars_ && !frozen_) return Mix(kVarByAddress, Address(var));
    bool saved = in_def_;
    in_def_ = false;  // the variable's own fields define nothing
    uint64_t fields = HashFields(var, true);
    in_def_ = saved;
    if (frozen_) return Mix(kVarUnindexed, fields);
    uint64_t index = next_var_index_++;
    var_index_[var.get()] = index;
    return Mix(Mix(kVarByIndex, index), fields);
  }

  uint64_t HashGraphNode(const ObjectRef& node) {
    auto it = graph_index_.find(node.get());
    if (it != graph_index_.end()) return Mix(kGraphBackRef, it->second);
    if (frozen_) {
      auto memo = frozen_memo_.find(node.get());
      if (memo != frozen_memo_.end()) return memo->second;
      return frozen_memo_[node.get()] = HashFields(node, false);
    }
    uint64_t h = HashFields(node, false);
    graph_index_[node.get()] = next_graph_index_++;
    return h;
  }

  uint64_t HashArray(const std::vector<ObjectRef>& data) {
    uint64_t h = Mix(kArray, data.size());
    for (const ObjectRef& e : data) h = Mix(h, Hash(e));
    return h;
  }

  uint64_t HashMap(const MapNode::ContainerType& data) {
    using Entry = const MapNode::ContainerType::value_type*;
    std::vector<std::pair<uint64_t, Entry>> entries;
    entries.reserve(data.size());
    bool value_keys = std::all_of(data.begin(), data.end(),
                                  [](const auto& kv) { return detail::IsValueKey(kv.first); });
    // The order of visiting: by the key's value, or by a hash of the whole entry taken
    // without assigning indices ("frozen"), which equal maps share whatever their order.
    bool saved = frozen_;
    frozen_ = true;
    for (const auto& kv : data) {
      uint64_t order = value_keys ? Hash(kv.first) : Mix(Hash(kv.first), Hash(kv.second));
      entries.emplace_back(order, &kv);
    }
    frozen_ = saved;
    if (!frozen_) frozen_memo_.clear();
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    uint64_t h = Mix(kMap, data.size());
    for (const auto& e : entries) h = Mix(Mix(h, Hash(e.second->first)), Hash(e.second->second));
    return h;
  }

  uint64_t HashNDArray(const NDArray& arr) {
    uint64_t h = kNDArray;
    for (int64_t d : arr.Shape()) h = Mix(h, static_cast<uint64_t>(d));
    h = Mix(h, HashDType(arr.DataType()));
    std::string bytes(arr.NBytes(), '\0');
    arr.CopyToBytes(&bytes[0], bytes.size());
    return Mix(h, HashString(bytes));
  }

  bool map_free_vars_;
  bool in_def_{false};
  /*! \brief Hashing without assigning indices (ordering a map's entries). */
  bool frozen_{false};
  std::unordered_map<const Object*, uint64_t> var_index_;
  uint64_t next_var_index_{0};
  std::unordered_map<const Object*, uint64_t> graph_index_;
  uint64_t next_graph_index_{0};
  /*! \brief Hashes of unvisited graph nodes while frozen (the state they depend on is fixed). */
  std::unordered_map<const Object*, uint64_t> frozen_memo_;
  std::unordered_map<uint32_t, uint64_t> type_hash_;
  support::RecursionDepth depth_;
};

}  // namespace

size_t StructuralHash::operator()(const ObjectRef& node, bool map_free_vars) const {
  return static_cast<size_t>(Hasher(map_free_vars).Hash(node));
}

TVM_REGISTER_GLOBAL("ir.StructuralHash").set_body_typed([](ObjectRef node, bool map_free_vars) {
  return static_cast<int64_t>(StructuralHash()(node, map_free_vars));
});

}  // namespace tvm
