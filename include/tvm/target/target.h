/*!
 * \file tvm/target/target.h
 * \brief Target: what code is generated for. Parsed from a string such as
 *  "llvm -mcpu=skylake-avx512 -mattr=+avx512f,+fma": a kind ("llvm", "c", "cuda", "opencl"),
 *  the keys that pick schedules ("cpu", "gpu", ...), and typed attributes (-mcpu, -mattr, ...).
 *  An unknown kind or option is a ValueError naming it and listing the valid ones.
 */
#ifndef TVM_TARGET_TARGET_H_
#define TVM_TARGET_TARGET_H_

#include <tvm/ir/expr.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/object.h>

#include <string>

namespace tvm {

class TargetNode : public Object {
 public:
  /*! \brief The kind: "llvm", "c", "cuda", "opencl". */
  String kind;
  /*! \brief Keys used to pick schedules, most specific first ("cpu", "cuda" + "gpu", ...). */
  Array<String> keys;
  /*! \brief Options given (without their leading '-'): String, Array<String> or Integer. */
  Map<String, ObjectRef> attrs;
  /*! \brief The target string as given, normalized. */
  String str_repr;

  void VisitAttrs(AttrVisitor* v) {
    v->Visit("kind", &kind);
    v->Visit("keys", &keys);
    v->Visit("attrs", &attrs);
  }
  /*! \brief The string attribute `key`, or `default_value` when unset. */
  std::string GetStr(const std::string& key, const std::string& default_value = "") const;
  /*! \brief -mattr as one comma-separated string ("" when unset). */
  std::string GetMAttr() const;
  /*! \brief The device type (kDLCPU, kDLCUDA, kDLOpenCL) code of this target runs on. */
  int device_type() const;

  static constexpr const char* _type_key = "Target";
  TVM_DECLARE_FINAL_OBJECT_INFO(TargetNode, Object);
};

class Target : public ObjectRef {
 public:
  /*! \brief Parse a target string; ValueError on an unknown kind or option. */
  explicit Target(const String& target_str);
  /*! \brief The innermost target of the `with target:` scopes, or null. */
  static Target Current(bool allow_not_defined = true);
  /*! \brief The kinds that can be parsed. */
  static Array<String> ListKinds();
  void EnterWithScope();
  void ExitWithScope();
  TVM_DEFINE_OBJECT_REF_METHODS(Target, ObjectRef, TargetNode);
};

}  // namespace tvm

#endif  // TVM_TARGET_TARGET_H_
