/*!
 * \file pass_util.h
 * \brief What the graph-rewriting passes (FoldScaleAxis, CanonicalizeOps, the Combine passes,
 *  ConvertLayout) share: static shapes from checked types, the number of users of each node,
 *  small constants built on the host, and calls of ops with the attributes Python would give.
 */
#ifndef TVM_RELAY_TRANSFORMS_PASS_UTIL_H_
#define TVM_RELAY_TRANSFORMS_PASS_UTIL_H_

#include <tvm/relay/attrs/transform.h>
#include <tvm/relay/expr.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/op.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/ndarray.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace relay {
namespace pass_util {

using Shape = std::vector<int64_t>;

/*! \brief The shape of a tensor type whose extents are all constants. */
inline std::optional<Shape> StaticShape(const Type& t) {
  const auto* tt = t.as<TensorTypeNode>();
  if (tt == nullptr) return std::nullopt;
  Shape s;
  for (const PrimExpr& d : tt->shape) {
    const auto* imm = d.as<IntImmNode>();
    if (imm == nullptr) return std::nullopt;
    s.push_back(imm->value);
  }
  return s;
}

inline DataType DTypeOf(const Type& t) {
  const auto* tt = t.as<TensorTypeNode>();
  return tt ? tt->dtype : DataType::Void();
}

inline int64_t NumElements(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

/*! \brief An Array<Integer> as Python makes it (int64 immediates). */
inline Array<Integer> Ints(const std::vector<int64_t>& v) {
  Array<Integer> out;
  for (int64_t x : v) out.push_back(Integer(IntImm(DataType::Int(64), x)));
  return out;
}

inline Expr OpCall(const char* name, Array<Expr> args, Attrs attrs = Attrs()) {
  return Call(Op::Get(name), std::move(args), std::move(attrs));
}

inline bool IsOp(const Expr& e, const char* name) {
  const auto* c = e.as<CallNode>();
  return c != nullptr && c->op.same_as(Op::Get(name));
}

inline Expr Reshape(Expr x, const Shape& shape) {
  auto a = make_object<ReshapeAttrs>();
  a->newshape = Ints(shape);
  return OpCall("reshape", {std::move(x)}, Attrs(a));
}

inline Expr ExpandDims(Expr x, int axis, int num) {
  auto a = make_object<ExpandDimsAttrs>();
  a->axis = axis;
  a->num_newaxis = num;
  return OpCall("expand_dims", {std::move(x)}, Attrs(a));
}

inline Expr Concatenate(Array<Expr> xs, int axis) {
  auto a = make_object<ConcatenateAttrs>();
  a->axis = axis;
  return OpCall("concatenate", {Tuple(xs)}, Attrs(a));
}

/*! \brief x[begin:end] along `axis` (strided_slice with axes=[axis]). */
inline Expr SliceAxis(Expr x, int64_t begin, int64_t end, int64_t axis) {
  auto a = make_object<StridedSliceAttrs>();
  a->begin = Ints({begin});
  a->end = Ints({end});
  a->strides = Ints({1});
  a->axes = Ints({axis});
  return OpCall("strided_slice", {std::move(x)}, Attrs(a));
}

/*!
 * \brief How many times each node is referenced in `body` (as a call argument, tuple field,
 *  projected tuple, let value or body, branch, function body), the root counting once: a node
 *  with one use can be rewritten together with its user.
 */
inline std::unordered_map<const Object*, int> CountUses(const Expr& body) {
  std::unordered_map<const Object*, int> uses;
  PostOrderVisit(body, [&uses](const Expr& e) {
    if (const auto* c = e.as<CallNode>()) {
      for (const Expr& a : c->args) uses[a.get()]++;
      if (!c->op.as<OpNode>()) uses[c->op.get()]++;
    } else if (const auto* t = e.as<TupleNode>()) {
      for (const Expr& f : t->fields) uses[f.get()]++;
    } else if (const auto* g = e.as<TupleGetItemNode>()) {
      uses[g->tuple.get()]++;
    } else if (const auto* l = e.as<LetNode>()) {
      uses[l->value.get()]++;
      uses[l->body.get()]++;
    } else if (const auto* i = e.as<IfNode>()) {
      uses[i->cond.get()]++;
      uses[i->true_branch.get()]++;
      uses[i->false_branch.get()]++;
    } else if (const auto* f = e.as<FunctionNode>()) {
      uses[f->body.get()]++;
    }
  });
  uses[body.get()]++;
  return uses;
}

/*! \brief The values of a float32/float64 constant, or nullopt for other dtypes. */
inline std::optional<std::vector<double>> ConstValues(const Expr& e) {
  const auto* c = e.as<ConstantNode>();
  if (c == nullptr) return std::nullopt;
  runtime::NDArray a = c->data;
  if (a->device.device_type != kDLCPU) return std::nullopt;
  DataType t(a->dtype);
  int64_t n = 1;
  for (int i = 0; i < a->ndim; ++i) n *= a->shape[i];
  std::vector<double> v(n);
  const char* base = static_cast<const char*>(a->data) + a->byte_offset;
  if (t == DataType::Float(32)) {
    for (int64_t i = 0; i < n; ++i) v[i] = reinterpret_cast<const float*>(base)[i];
  } else if (t == DataType::Float(64)) {
    for (int64_t i = 0; i < n; ++i) v[i] = reinterpret_cast<const double*>(base)[i];
  } else {
    return std::nullopt;
  }
  return v;
}

/*! \brief A float32/float64 constant of `shape` holding `v` (rounded to the dtype). */
inline Expr MakeConst(const std::vector<double>& v, const Shape& shape, DataType t) {
  runtime::NDArray a = runtime::NDArray::Empty(runtime::ShapeTuple(shape), t, Device{kDLCPU, 0});
  if (t == DataType::Float(32)) {
    for (size_t i = 0; i < v.size(); ++i)
      static_cast<float*>(a->data)[i] = static_cast<float>(v[i]);
  } else {
    for (size_t i = 0; i < v.size(); ++i) static_cast<double*>(a->data)[i] = v[i];
  }
  return Constant(a);
}

/*!
 * \brief Whether a tensor of `shape` broadcast against a rank-`rank` tensor varies at most
 *  along `axis`, where that tensor has extent `channels`: right-aligned, every extent is 1
 *  except the one at `axis`, which is `channels` or 1. A scalar qualifies.
 */
inline bool IsPerChannel(const Shape& shape, size_t rank, int axis, int64_t channels) {
  if (shape.size() > rank) return false;
  size_t offset = rank - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t d = shape[i];
    if (static_cast<int>(i + offset) == axis) {
      if (d != channels && d != 1) return false;
    } else if (d != 1) {
      return false;
    }
  }
  return true;
}

/*! \brief A rank-`rank` shape of ones with `extent` at `axis`. */
inline Shape AxisShape(size_t rank, int axis, int64_t extent) {
  Shape s(rank, 1);
  s[axis] = extent;
  return s;
}

/*! \brief The position of `letter` in a plain layout string, -1 when absent. */
inline int AxisOf(const std::string& layout, char letter) {
  size_t p = layout.find(letter);
  return p == std::string::npos ? -1 : static_cast<int>(p);
}

/*! \brief Whether `layout` is a permutation of the letters of `letters` (no blocked axes). */
inline bool IsPermutation(const std::string& layout, const std::string& letters) {
  if (layout.size() != letters.size()) return false;
  for (char c : letters) {
    if (layout.find(c) == std::string::npos) return false;
  }
  return true;
}

/*! \brief Run `rewrite` over the body of every Relay function of `mod` that is not primitive,
 *  after type inference when the function is not typed yet. */
template <typename F>
IRModule RewriteFunctions(IRModule mod, F rewrite) {
  bool typed = true;
  for (const auto& kv : mod->functions) {
    if (const auto* fn = kv.second.as<FunctionNode>()) {
      if (!fn->body->checked_type_.defined()) typed = false;
    }
  }
  if (!typed) mod = transform::InferType()(mod);
  IRModule out(mod->functions, mod->attrs);
  for (const GlobalVar& gv : out->GetGlobalVars()) {
    if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
      if (fn->GetAttr<Integer>(attr::kPrimitive).defined()) continue;
      Expr body = rewrite(fn->body);
      if (!body.same_as(fn->body)) {
        out->Update(gv, Function(fn->params, body, Type(), fn->attrs, fn->span));
      }
    }
  }
  return out;
}

}  // namespace pass_util
}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_TRANSFORMS_PASS_UTIL_H_
