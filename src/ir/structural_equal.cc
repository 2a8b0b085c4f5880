/*!
 * \file structural_equal.cc
 * \brief Structural equality, walking both sides' fields through reflection (see the header
 *  for the semantics), and the report of the first place where they differ.
 */
#include <tvm/ir/structural_equal.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/reflection.h>
#include <tvm/runtime/registry.h>

#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "../support/deep_recursion.h"
#include "node_fields.h"

namespace tvm {
namespace {

using detail::IsValueKey;
using detail::NodeField;
using runtime::ArrayNode;
using runtime::MapNode;
using runtime::ReflectionTable;
using runtime::SEqualKind;
using runtime::ShapeTupleObj;
using runtime::StringObj;

/*! \brief A short text for a mismatch message: a variable's name, else the object's repr. */
std::string ShortRepr(const ObjectRef& ref) {
  constexpr size_t kMaxLen = 120;
  if (ref.defined() && ReflectionTable::GetSEqualKind(ref->type_index()) == SEqualKind::kVarNode) {
    for (const NodeField& f : detail::ListNodeFields(ref.get())) {
      if (std::strcmp(f.key, "name_hint") != 0) continue;
      if (f.kind == NodeField::kString) return f.str();
      if (const auto* s = f.kind == NodeField::kObjectRef ? f.ref().as<StringObj>() : nullptr) {
        return s->data;
      }
    }
  }
  std::string s = runtime::ObjectRepr(ref);
  return s.size() <= kMaxLen ? s : s.substr(0, kMaxLen) + "...";
}

/*! \brief One step of the path from the root to the place being compared. */
struct PathStep {
  const char* field{nullptr};  // ".field"
  int64_t index{-1};           // "[index]" of an array
  ObjectRef key;               // "[key]" of a map
};

class EqualChecker {
 public:
  explicit EqualChecker(bool map_free_vars) : map_free_vars_(map_free_vars) {}

  bool Equal(const ObjectRef& lhs, const ObjectRef& rhs) {
    return depth_.Descend([&]() { return EqualNodes(lhs, rhs); });
  }

  /*! \brief The first mismatch met ("root.a[1]: 1 vs 2"), once Equal has returned false. */
  const std::string& mismatch() const { return mismatch_; }

 private:
  bool EqualNodes(const ObjectRef& lhs, const ObjectRef& rhs) {
    if (!lhs.defined() || !rhs.defined()) {
      return (!lhs.defined() && !rhs.defined()) || Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs));
    }
    if (lhs->type_index() != rhs->type_index()) {
      return Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) + " (types " + lhs->GetTypeKey() +
                  " vs " + rhs->GetTypeKey() + ")");
    }
    if (const auto* ls = lhs.as<StringObj>()) {
      const auto* rs = static_cast<const StringObj*>(rhs.get());
      return ls->data == rs->data || Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs));
    }
    if (lhs.as<ArrayNode>()) return EqualArray(lhs, rhs);
    if (lhs.as<MapNode>()) return EqualMap(lhs, rhs);
    if (const auto* lt = lhs.as<ShapeTupleObj>()) {
      const auto* rt = static_cast<const ShapeTupleObj*>(rhs.get());
      return lt->data == rt->data || Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs));
    }
    if (lhs.as<NDArray::Container>()) {
      return EqualNDArray(Downcast<NDArray>(lhs), Downcast<NDArray>(rhs));
    }
    uint32_t tindex = lhs->type_index();
    if (!ReflectionTable::HasVisitAttrs(tindex)) {
      return lhs.same_as(rhs) || Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) +
                                      " (an object without reflection equals only itself)");
    }
    switch (ReflectionTable::GetSEqualKind(tindex)) {
      case SEqualKind::kUniqueInstance:
        return lhs.same_as(rhs) || Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) + " (" +
                                        lhs->GetTypeKey() + " equals only itself)");
      case SEqualKind::kVarNode:
        return EqualVar(lhs, rhs);
      case SEqualKind::kDAGNode:
        return EqualGraphNode(lhs, rhs);
      case SEqualKind::kTreeNode:
        return EqualFields(lhs, rhs, false);
    }
    return false;
  }

  /*! \brief Compare field by field (both are of the same type), skipping spans and, for a
   *  variable, its name. */
  bool EqualFields(const ObjectRef& lhs, const ObjectRef& rhs, bool skip_name) {
    std::vector<NodeField> lf = detail::ListNodeFields(lhs.get());
    std::vector<NodeField> rf = detail::ListNodeFields(rhs.get());
    ICHECK_EQ(lf.size(), rf.size())
        << "two " << lhs->GetTypeKey() << " nodes list different fields";
    for (size_t i = 0; i < lf.size(); ++i) {
      if (lf[i].is_span() || (skip_name && std::strcmp(lf[i].key, "name_hint") == 0) ||
          runtime::ReflectionTable::IsSEqualIgnoredField(lhs->type_index(), lf[i].key)) {
        continue;
      }
      path_.push_back(PathStep{lf[i].key});
      bool ok = EqualField(lf[i], rf[i]);
      path_.pop_back();
      if (!ok) return false;
    }
    return true;
  }

  bool EqualField(const NodeField& l, const NodeField& r) {
    switch (l.kind) {
      case NodeField::kDouble: {
        double a = l.f64(), b = r.f64();
        return a == b || (std::isnan(a) && std::isnan(b)) ||
               Fail(detail::FormatDouble(a) + " vs " + detail::FormatDouble(b));
      }
      case NodeField::kInt64:
        return Same(l.i64(), r.i64());
      case NodeField::kUInt64:
        return Same(l.u64(), r.u64());
      case NodeField::kInt:
        return Same(l.i32(), r.i32());
      case NodeField::kBool:
        return l.boolean() == r.boolean() || Fail(std::string(l.boolean() ? "true" : "false") +
                                                  " vs " + (r.boolean() ? "true" : "false"));
      case NodeField::kString:
        return l.str() == r.str() || Fail('"' + l.str() + "\" vs \"" + r.str() + '"');
      case NodeField::kDataType:
        return Same(l.dtype(), r.dtype());
      case NodeField::kObjectRef: {
        bool saved = in_def_;
        in_def_ = in_def_ || l.is_def;
        bool ok = Equal(l.ref(), r.ref());
        in_def_ = saved;
        return ok;
      }
    }
    return false;
  }

  template <typename T>
  bool Same(const T& a, const T& b) {
    if (a == b) return true;
    std::ostringstream os;
    os << a << " vs " << b;
    return Fail(os.str());
  }

  bool EqualVar(const ObjectRef& lhs, const ObjectRef& rhs) {
    auto it = lhs_to_rhs_.find(lhs.get());
    if (it != lhs_to_rhs_.end()) {
      return it->second == rhs.get() ||
             Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) + " (" + ShortRepr(lhs) +
                  " corresponds to " + ShortRepr(GetRef<ObjectRef>(it->second)) + ")");
    }
    auto rit = rhs_to_lhs_.find(rhs.get());
    if (rit != rhs_to_lhs_.end()) {
      return Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) + " (" + ShortRepr(rhs) +
                  " already corresponds to " + ShortRepr(GetRef<ObjectRef>(rit->second)) + ")");
    }
    if (!in_def_ && !map_free_vars_ && !lhs.same_as(rhs)) {
      return Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) +
                  " (different free variables; map_free_vars would map them)");
    }
    if (!lhs.same_as(rhs)) {
      // The variable's own fields (dtype, type annotation) are not definitions.
      bool saved = in_def_;
      in_def_ = false;
      bool ok = EqualFields(lhs, rhs, true);
      in_def_ = saved;
      if (!ok) return false;
    }
    Record(lhs.get(), rhs.get());
    return true;
  }

  bool EqualGraphNode(const ObjectRef& lhs, const ObjectRef& rhs) {
    auto it = lhs_to_rhs_.find(lhs.get());
    if (it != lhs_to_rhs_.end()) {
      return it->second == rhs.get() ||
             Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) +
                  " (the left node is shared and already corresponds to another node)");
    }
    if (rhs_to_lhs_.count(rhs.get())) {
      return Fail(ShortRepr(lhs) + " vs " + ShortRepr(rhs) +
                  " (the right node is shared and already corresponds to another node)");
    }
    if (!EqualFields(lhs, rhs, false)) return false;
    Record(lhs.get(), rhs.get());
    return true;
  }

  bool EqualArray(const ObjectRef& lhs, const ObjectRef& rhs) {
    const auto& l = static_cast<const ArrayNode*>(lhs.get())->data;
    const auto& r = static_cast<const ArrayNode*>(rhs.get())->data;
    if (l.size() != r.size()) {
      return Fail("array of size " + std::to_string(l.size()) + " vs " + std::to_string(r.size()));
    }
    for (size_t i = 0; i < l.size(); ++i) {
      path_.push_back(PathStep{nullptr, static_cast<int64_t>(i)});
      bool ok = Equal(l[i], r[i]);
      path_.pop_back();
      if (!ok) return false;
    }
    return true;
  }

  bool EqualMap(const ObjectRef& lhs, const ObjectRef& rhs) {
    const auto& l = static_cast<const MapNode*>(lhs.get())->data;
    const auto& r = static_cast<const MapNode*>(rhs.get())->data;
    if (l.size() != r.size()) {
      return Fail("map of size " + std::to_string(l.size()) + " vs " + std::to_string(r.size()));
    }
    std::unordered_set<const Object*> used;  // rhs keys already matched by structure
    for (const auto& kv : l) {
      path_.push_back(PathStep{nullptr, -1, kv.first});
      bool ok = EqualMapEntry(kv.first, kv.second, r, &used);
      path_.pop_back();
      if (!ok) return false;
    }
    return true;
  }

  bool EqualMapEntry(const ObjectRef& key, const ObjectRef& value, const MapNode::ContainerType& r,
                     std::unordered_set<const Object*>* used) {
    // Keys compared by value, and keys already mapped (a bound variable), are looked up.
    auto mapped = lhs_to_rhs_.find(key.get());
    if (IsValueKey(key) || mapped != lhs_to_rhs_.end()) {
      ObjectRef rkey = IsValueKey(key) ? key : GetRef<ObjectRef>(mapped->second);
      auto it = r.find(rkey);
      if (it == r.end()) {
        return Fail("key " + ShortRepr(key) + " is missing on the right" +
                    (rkey.same_as(key) ? "" : " (it corresponds to " + ShortRepr(rkey) + ")"));
      }
      return Equal(value, it->second);
    }
    // Other keys are matched by structure, trying the same object first.
    std::vector<const MapNode::ContainerType::value_type*> candidates;
    auto same = r.find(key);
    if (same != r.end()) candidates.push_back(&*same);
    for (const auto& kv : r) {
      if (!kv.first.same_as(key) && !used->count(kv.first.get())) candidates.push_back(&kv);
    }
    const MapNode::ContainerType::value_type* key_match = nullptr;
    for (const auto* cand : candidates) {
      size_t mark = undo_.size();
      ++quiet_;
      bool key_ok = Equal(key, cand->first);
      bool ok = key_ok && Equal(value, cand->second);
      --quiet_;
      if (ok) {
        used->insert(cand->first.get());
        return true;
      }
      Rollback(mark);
      if (key_ok && key_match == nullptr) key_match = cand;
    }
    if (key_match == nullptr) return Fail("key " + ShortRepr(key) + " is missing on the right");
    // Compare again, reporting, with the entry whose key matched.
    if (Equal(key, key_match->first)) Equal(value, key_match->second);
    return false;
  }

  bool EqualNDArray(const NDArray& lhs, const NDArray& rhs) {
    if (lhs.Shape().vec() != rhs.Shape().vec()) {
      return Fail("NDArray of shape " + ShortRepr(lhs.Shape()) + " vs " + ShortRepr(rhs.Shape()));
    }
    if (lhs.DataType() != rhs.DataType()) {
      return Fail("NDArray of dtype " + runtime::DLDataType2String(lhs.DataType()) + " vs " +
                  runtime::DLDataType2String(rhs.DataType()));
    }
    std::string a = HostBytes(lhs), b = HostBytes(rhs);
    if (a == b) return true;
    size_t i = 0;
    while (a[i] == b[i]) ++i;
    return Fail("NDArray data differs from byte " + std::to_string(i));
  }

  static std::string HostBytes(const NDArray& arr) {
    std::string bytes(arr.NBytes(), '\0');
    arr.CopyToBytes(&bytes[0], bytes.size());
    return bytes;
  }

  void Record(const Object* lhs, const Object* rhs) {
    lhs_to_rhs_[lhs] = rhs;
    rhs_to_lhs_[rhs] = lhs;
    undo_.push_back(lhs);
  }

  /*! \brief Forget the mappings made since the undo log had `mark` entries. */
  void Rollback(size_t mark) {
    while (undo_.size() > mark) {
      const Object* lhs = undo_.back();
      undo_.pop_back();
      rhs_to_lhs_.erase(lhs_to_rhs_.at(lhs));
      lhs_to_rhs_.erase(lhs);
    }
  }

  /*! \brief Note a mismatch at the current path (unless trying a match quietly); false. */
  bool Fail(const std::string& what) {
    if (quiet_ == 0 && mismatch_.empty()) {
      std::ostringstream os;
      os << "root";
      for (const PathStep& s : path_) {
        if (s.field != nullptr) {
          os << '.' << s.field;
        } else if (s.index >= 0) {
          os << '[' << s.index << ']';
        } else {
          os << '[' << ShortRepr(s.key) << ']';
        }
      }
      os << ": " << what;
      mismatch_ = os.str();
    }
    return false;
  }

  bool map_free_vars_;
  /*! \brief Inside a field visited with VisitDef: variables met are definitions. */
  bool in_def_{false};
  /*! \brief Variables and shared graph nodes matched so far, both ways (one-to-one). */
  std::unordered_map<const Object*, const Object*> lhs_to_rhs_;
  std::unordered_map<const Object*, const Object*> rhs_to_lhs_;
  /*! \brief The lhs side of each mapping in the order made, to undo a failed trial match. */
  std::vector<const Object*> undo_;
  std::vector<PathStep> path_;
  int quiet_{0};
  std::string mismatch_;
  support::RecursionDepth depth_;
};

}  // namespace

bool StructuralEqual::operator()(const ObjectRef& lhs, const ObjectRef& rhs,
                                 bool map_free_vars) const {
  return EqualChecker(map_free_vars).Equal(lhs, rhs);
}

Optional<String> GetFirstStructuralMismatch(const ObjectRef& lhs, const ObjectRef& rhs,
                                            bool map_free_vars) {
  EqualChecker checker(map_free_vars);
  if (checker.Equal(lhs, rhs)) return Optional<String>();
  return String(checker.mismatch());
}

TVM_REGISTER_GLOBAL("ir.StructuralEqual")
    .set_body_typed([](ObjectRef lhs, ObjectRef rhs, bool map_free_vars) {
      return StructuralEqual()(lhs, rhs, map_free_vars);
    });

TVM_REGISTER_GLOBAL("ir.GetFirstStructuralMismatch")
    .set_body_typed([](ObjectRef lhs, ObjectRef rhs, bool map_free_vars) {
      return GetFirstStructuralMismatch(lhs, rhs, map_free_vars);
    });

}  // namespace tvm
