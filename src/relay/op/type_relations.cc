/*!
 * \file type_relations.cc
 * \brief Shared type relations and their helpers.
 */
#include "type_relations.h"

#include <tvm/ir/structural_equal.h>
#include <tvm/tir/expr.h>

namespace tvm {
namespace relay {

const TensorTypeNode* TensorArg(const Array<Type>& types, int i, const TypeReporter& reporter) {
  const Type& t = types[i];
  if (t.as<IncompleteTypeNode>()) return nullptr;
  const auto* tt = t.as<TensorTypeNode>();
  if (tt == nullptr) {
    TVM_THROW(TypeError) << reporter->ArgName(i) << " must be a tensor, but has type "
                         << TypeText(t);
  }
  return tt;
}

std::optional<int64_t> ConstDim(const PrimExpr& d) {
  if (const auto* i = d.as<IntImmNode>()) return i->value;
  return std::nullopt;
}

std::string DimString(const PrimExpr& d) {
  if (const auto* i = d.as<IntImmNode>()) return std::to_string(i->value);
  if (IsAny(d)) return "?";
  return AsTIRScript(d);
}

bool IsAny(const PrimExpr& d) { return d.as<AnyNode>() != nullptr; }

PrimExpr Dim(int64_t v) {
  bool fits = v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
  return IntImm(fits ? DataType::Int(32) : DataType::Int(64), v);
}

int NormalizeAxis(int64_t axis, int ndim, const std::string& what) {
  if (axis < -ndim || axis >= ndim) {
    TVM_THROW(TypeError) << what << " " << axis << " is out of range for a tensor of rank " << ndim
                         << " (expected " << -ndim << " <= axis < " << ndim << ")";
  }
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

bool IdentityRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter) {
  const TensorTypeNode* t = TensorArg(types, 0, reporter);
  if (t == nullptr) return false;
  reporter->Assign(types[num_inputs], types[0]);
  return true;
}

Array<PrimExpr> BroadcastShape(const TensorTypeNode* a, const TensorTypeNode* b,
                               const TypeReporter& reporter) {
  size_t na = a->shape.size(), nb = b->shape.size(), n = std::max(na, nb);
  std::vector<PrimExpr> out(n);
  for (size_t k = 0; k < n; ++k) {
    // k counts from the right: numpy aligns trailing dimensions.
    if (k >= na) {
      out[n - 1 - k] = b->shape[nb - 1 - k];
      continue;
    }
    if (k >= nb) {
      out[n - 1 - k] = a->shape[na - 1 - k];
      continue;
    }
    PrimExpr da = a->shape[na - 1 - k], db = b->shape[nb - 1 - k];
    std::optional<int64_t> ca = ConstDim(da), cb = ConstDim(db);
    PrimExpr d;
    if (ca && *ca == 1) {
      d = db;
    } else if (cb && *cb == 1) {
      d = da;
    } else if (ca && cb) {
      if (*ca == *cb) d = da;
    } else if (IsAny(da)) {
      d = db;
    } else if (IsAny(db)) {
      d = da;
    } else if (StructuralEqual()(da, db)) {
      d = da;
    }
    if (!d.defined()) {
      TVM_THROW(TypeError) << "the shapes of " << reporter->ArgName(0) << ", "
                           << TypeText(GetRef<Type>(a)) << ", and " << reporter->ArgName(1) << ", "
                           << TypeText(GetRef<Type>(b)) << ", do not broadcast: dimension "
                           << (na - 1 - k) << " of the first is " << DimString(da)
                           << " vs dimension " << (nb - 1 - k) << " of the second is "
                           << DimString(db);
    }
    out[n - 1 - k] = d;
  }
  return Array<PrimExpr>(out.begin(), out.end());
}

namespace {
bool BroadcastRelImpl(const Array<Type>& types, const TypeReporter& reporter, bool to_bool) {
  ICHECK_EQ(types.size(), 3U);
  const TensorTypeNode* a = TensorArg(types, 0, reporter);
  const TensorTypeNode* b = TensorArg(types, 1, reporter);
  if (a == nullptr || b == nullptr) return false;
  if (a->dtype != b->dtype) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " and " << reporter->ArgName(1)
                         << " must have the same dtype, but have types "
                         << TypeText(GetRef<Type>(a)) << " and " << TypeText(GetRef<Type>(b));
  }
  Array<PrimExpr> shape = BroadcastShape(a, b, reporter);
  reporter->Assign(types[2], TensorType(shape, to_bool ? DataType::Bool() : a->dtype));
  return true;
}
}  // namespace

bool BroadcastRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                  const TypeReporter& reporter) {
  return BroadcastRelImpl(types, reporter, false);
}

bool BroadcastCompRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                      const TypeReporter& reporter) {
  return BroadcastRelImpl(types, reporter, true);
}

}  // namespace relay
}  // namespace tvm
