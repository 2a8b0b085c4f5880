/*!
 * \file op.cc
 * \brief The operator registry and per-op attribute maps.
 */
#include <tvm/ir/op.h>
#include <tvm/runtime/registry.h>

#include <memory>
#include <mutex>
#include <unordered_map>

namespace tvm {

using runtime::TVMRetValue;

void OpNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("name", &name);
  v->Visit("description", &description);
  v->Visit("arguments", &arguments);
  v->Visit("attrs_type_key", &attrs_type_key);
  v->Visit("num_inputs", &num_inputs);
  v->Visit("support_level", &support_level);
}
TVM_REGISTER_NODE_TYPE(OpNode);

/*! \brief Ops by name, and attribute maps by attribute name. Entries are never removed. */
class OpRegistry {
 public:
  static OpRegistry* Global() {
    static auto* inst = new OpRegistry();
    return inst;
  }
  OpRegEntry& RegisterOrGet(const String& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(name);
    if (it != entries_.end()) return *it->second;
    auto entry = std::make_unique<OpRegEntry>();
    auto n = make_object<OpNode>();
    n->name = name;
    n->index_ = static_cast<uint32_t>(entries_.size());
    entry->op_ = Op(ObjectPtr<Object>(std::move(n)));
    OpRegEntry& ref = *entry;
    entries_[name] = std::move(entry);
    return ref;
  }
  const OpRegEntry* Find(const String& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : it->second.get();
  }
  OpAttrMapBase* AttrMap(const std::string& key, bool create) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = attrs_.find(key);
    if (it != attrs_.end()) return it->second.get();
    if (!create) return nullptr;
    auto m = std::make_unique<OpAttrMapBase>();
    m->attr_name_ = key;
    OpAttrMapBase* ptr = m.get();
    attrs_[key] = std::move(m);
    return ptr;
  }
  std::vector<String> ListNames() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<String> names;
    for (const auto& kv : entries_) names.push_back(kv.first);
    return names;
  }
  std::mutex& mutex() { return mutex_; }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<OpRegEntry>> entries_;
  std::unordered_map<std::string, std::unique_ptr<OpAttrMapBase>> attrs_;
};

const Op& Op::Get(const String& name) {
  const OpRegEntry* e = OpRegistry::Global()->Find(name);
  if (e == nullptr) TVM_THROW(ValueError) << "operator '" << name << "' is not registered";
  return e->op();
}

bool Op::Exists(const String& name) { return OpRegistry::Global()->Find(name) != nullptr; }

bool Op::HasAttrMap(const String& attr_name) {
  return OpRegistry::Global()->AttrMap(attr_name, false) != nullptr;
}

const OpAttrMapBase& GetOpAttrMapBase(const String& attr_name) {
  // An attribute no op has set yet is an empty map, not an error: ops may register later.
  return *OpRegistry::Global()->AttrMap(attr_name, true);
}

const TVMRetValue& OpAttrMapBase::operator[](const Op& op) const {
  if (!count(op)) {
    TVM_THROW(AttributeError) << "operator " << op->name << " has no attribute " << attr_name_;
  }
  return data_[op->index_].first;
}

OpRegEntry& OpRegEntry::RegisterOrGet(const String& name) {
  return OpRegistry::Global()->RegisterOrGet(name);
}

OpRegEntry& OpRegEntry::describe(const std::string& description) {
  get()->description = description;
  return *this;
}

OpRegEntry& OpRegEntry::add_argument(const std::string& name, const std::string& type,
                                     const std::string& description) {
  get()->arguments.push_back(String(name + " : " + type + "  " + description));
  return *this;
}

OpRegEntry& OpRegEntry::set_num_inputs(int32_t n) {
  get()->num_inputs = n;
  return *this;
}

OpRegEntry& OpRegEntry::set_attrs_type_key(const String& key) {
  get()->attrs_type_key = key;
  return *this;
}

OpRegEntry& OpRegEntry::set_support_level(int32_t level) {
  get()->support_level = level;
  return *this;
}

void OpRegEntry::UpdateAttr(const std::string& key, TVMRetValue value, int plevel) {
  ICHECK_GT(plevel, 0) << "attribute priority levels start at 1";
  OpAttrMapBase* m = OpRegistry::Global()->AttrMap(key, true);
  std::lock_guard<std::mutex> lock(OpRegistry::Global()->mutex());
  uint32_t index = op_->index_;
  if (m->data_.size() <= index) m->data_.resize(index + 1, std::make_pair(TVMRetValue(), 0));
  auto& slot = m->data_[index];
  ICHECK_NE(slot.second, plevel) << "attribute " << key << " of operator " << op_->name
                                 << " is registered twice at level " << plevel;
  if (slot.second < plevel) slot = std::make_pair(std::move(value), plevel);
}

TVM_REGISTER_GLOBAL("ir.GetOp").set_body_typed([](String name) { return Op::Get(name); });
TVM_REGISTER_GLOBAL("ir.ListOpNames").set_body_typed([]() {
  Array<String> out;
  for (const String& n : OpRegistry::Global()->ListNames()) out.push_back(n);
  return out;
});
TVM_REGISTER_GLOBAL("ir.OpGetAttr").set_body([](runtime::TVMArgs args, TVMRetValue* rv) {
  Op op = args[0];
  std::string key = args[1];
  if (!Op::HasAttrMap(key)) return;
  const TVMRetValue* v = GetOpAttrMapBase(key).Find(op);
  if (v != nullptr) *rv = *v;
});
TVM_REGISTER_GLOBAL("ir.RegisterOpAttr")
    .set_body([](runtime::TVMArgs args, TVMRetValue* rv) {
      std::string op_name = args[0];
      std::string key = args[1];
      int plevel = args[3];
      if (plevel <= 0) {
        TVM_THROW(ValueError) << "register_op_attr: level must be positive, got " << plevel;
      }
      TVMRetValue value;
      value = args[2];
      OpRegEntry::RegisterOrGet(op_name).set_attr(key, value, plevel);
    });
TVM_REGISTER_GLOBAL("ir.OpHasAttr").set_body_typed([](Op op, String key) {
  return Op::HasAttrMap(key) && GetOpAttrMapBase(key).count(op) != 0;
});

}  // namespace tvm
