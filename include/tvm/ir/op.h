/*!
 * \file tvm/ir/op.h
 * \brief Op: a primitive operator (a TIR intrinsic such as tir.exp, or a Relay operator such
 *  as nn.conv2d), registered once by name, with per-op attributes kept in typed maps
 *  ("TCallEffectKind", "FTVMCompute", "TOpPattern", ...):
 *
 *    TVM_REGISTER_OP("tir.exp")
 *        .set_num_inputs(1)
 *        .set_attr<TCallEffectKind>("TCallEffectKind", Integer(kPure));
 *
 *    static auto fpattern = Op::GetAttrMap<TOpPattern>("TOpPattern");
 *    int pattern = fpattern[op];
 */
#ifndef TVM_IR_OP_H_
#define TVM_IR_OP_H_

#include <tvm/ir/expr.h>
#include <tvm/ir/type.h>
#include <tvm/ir/type_relation.h>
#include <tvm/runtime/packed_func.h>

#include <string>
#include <vector>

namespace tvm {

class OpNode : public RelayExprNode {
 public:
  String name;
  String description;
  /*! \brief Names and descriptions of the inputs, for documentation. */
  Array<String> arguments;
  /*! \brief The type key of this op's attributes (e.g. "relay.attrs.Conv2DAttrs"). */
  String attrs_type_key;
  /*! \brief Number of inputs; -1 when variadic. */
  int32_t num_inputs{-1};
  int32_t support_level{10};
  /*! \brief Dense index of the op in the registry, used by attribute maps. */
  uint32_t index_{0};

  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "Op";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kUniqueInstance;
  TVM_DECLARE_FINAL_OBJECT_INFO(OpNode, RelayExprNode);
};

template <typename ValueType>
class OpAttrMap;

class Op : public RelayExpr {
 public:
  /*! \brief The registered op `name`; ValueError when there is none. */
  static const Op& Get(const String& op_name);
  static bool Exists(const String& op_name);
  template <typename ValueType>
  static OpAttrMap<ValueType> GetAttrMap(const String& attr_name);
  static bool HasAttrMap(const String& attr_name);
  TVM_DEFINE_OBJECT_REF_METHODS(Op, RelayExpr, OpNode);
};

/*! \brief Untyped per-op attribute storage (one slot per registered op). */
class OpAttrMapBase {
 public:
  const String& attr_name() const { return attr_name_; }
  size_t count(const Op& op) const {
    uint32_t i = op->index_;
    return i < data_.size() && data_[i].second != 0 ? 1 : 0;
  }
  const runtime::TVMRetValue& operator[](const Op& op) const;
  const runtime::TVMRetValue* Find(const Op& op) const {
    return count(op) ? &data_[op->index_].first : nullptr;
  }

 private:
  String attr_name_;
  /*! \brief (value, priority level); level 0 means unset. */
  std::vector<std::pair<runtime::TVMRetValue, int>> data_;
  friend class OpRegEntry;
  friend class OpRegistry;
};

/*! \brief A typed view of one attribute over all ops. */
template <typename ValueType>
class OpAttrMap {
 public:
  explicit OpAttrMap(const OpAttrMapBase& map) : map_(map) {}
  size_t count(const Op& op) const { return map_.count(op); }
  ValueType operator[](const Op& op) const {
    return runtime::detail::ValueConverter<ValueType>::Apply(map_[op]);
  }
  ValueType get(const Op& op, ValueType def_value) const {
    const runtime::TVMRetValue* v = map_.Find(op);
    return v ? runtime::detail::ValueConverter<ValueType>::Apply(*v) : def_value;
  }

 private:
  const OpAttrMapBase& map_;
};

/*! \brief Builder of one op's registration. */
class OpRegEntry {
 public:
  const Op& op() const { return op_; }
  OpRegEntry& describe(const std::string& description);
  OpRegEntry& add_argument(const std::string& name, const std::string& type,
                           const std::string& description);
  OpRegEntry& set_num_inputs(int32_t n);
  OpRegEntry& set_attrs_type_key(const String& key);
  template <typename AttrsType>
  OpRegEntry& set_attrs_type() {
    return set_attrs_type_key(AttrsType::_type_key);
  }
  OpRegEntry& set_support_level(int32_t level);
  /*!
   * \brief Set the type relation of a Relay op (see tvm/ir/type_relation.h), kept as the
   *  attributes "FTypeRelation" (the function) and "TTypeRelationName" (its name).
   */
  OpRegEntry& add_type_rel(const std::string& rel_name, TypeRelationFn rel) {
    set_attr<PackedFunc>("FTypeRelation", rel.packed());
    return set_attr<String>("TTypeRelationName", String(rel_name));
  }
  /*!
   * \brief Set attribute `attr_name` of this op. A later registration replaces an earlier one
   *  only with a higher `plevel`; an equal level is an InternalError (a double registration).
   */
  template <typename ValueType>
  OpRegEntry& set_attr(const std::string& attr_name, const ValueType& value, int plevel = 10) {
    runtime::TVMRetValue rv;
    rv = ToRet(value);
    UpdateAttr(attr_name, rv, plevel);
    return *this;
  }
  static OpRegEntry& RegisterOrGet(const String& name);

 private:
  template <typename T>
  static const T& ToRet(const T& v) {
    return v;
  }
  template <typename F>
  static PackedFunc ToRet(const runtime::TypedPackedFunc<F>& f) {
    return f.packed();
  }
  void UpdateAttr(const std::string& key, runtime::TVMRetValue value, int plevel);
  OpNode* get() { return const_cast<OpNode*>(op_.get()); }
  Op op_;
  friend class OpRegistry;
};

const OpAttrMapBase& GetOpAttrMapBase(const String& attr_name);

template <typename ValueType>
inline OpAttrMap<ValueType> Op::GetAttrMap(const String& attr_name) {
  return OpAttrMap<ValueType>(GetOpAttrMapBase(attr_name));
}

}  // namespace tvm

#define TVM_REGISTER_OP(OpName)                                  \
  static TVM_ATTRIBUTE_UNUSED ::tvm::OpRegEntry& TVM_STR_CONCAT( \
      __tvm_op_reg_, __COUNTER__) = ::tvm::OpRegEntry::RegisterOrGet(OpName)

#endif  // TVM_IR_OP_H_
