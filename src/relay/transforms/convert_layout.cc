/*!
 * \file convert_layout.cc
 * \brief ConvertLayout: nn.conv2d to the data/kernel layout the user asks for (NCHW <-> NHWC),
 *  the pooling and elementwise operators between convolutions following, so layout_transform
 *  remains only at the boundaries of the converted region.
 *
 * A conv2d (groups 1, a plain data layout D other than the desired one, out_layout D) becomes
 *     layout_transform(conv2d(to_L(x), layout_transform(W, K, NK), layouts L / NK), L, D)
 * NK being the kernel layout asked for, or for "default" the one the desired data layout goes
 * with (NCHW: OIHW, NHWC: HWIO). Then, bottom-up:
 *   - layout_transform(layout_transform(z, A, B), B, A) cancels to z;
 *   - a pooling op (max/avg, global, adaptive) on layout_transform(z, L, D) with layout D runs
 *     on z with layout L;
 *   - nn.bias_add on the channel axis of D moves to the channel axis of L;
 *   - an elementwise or broadcasting op without layout-dependent attributes, with an operand
 *     that is such a transform (full shape) and the others transforms from the same L to D,
 *     constants varying only along the channel (reshaped on the
 *     host to L), or scalars, runs in L; another full-shape operand (the input of a residual
 *     add) is transformed to L, once per value.
 * Anything else sees the original layout through the transform back. Weight transforms are
 * left for FoldConstant (relay.build runs it).
 */
#include <tvm/ir/structural_equal.h>
#include <tvm/relay/attrs/nn.h>
#include <tvm/relay/attrs/nn_extra.h>
#include <tvm/runtime/registry.h>

#include <map>
#include <string>
#include <utility>

#include "pass_util.h"

namespace tvm {
namespace relay {

namespace {

using pass_util::Shape;

Expr LayoutTransform(Expr x, const std::string& src, const std::string& dst) {
  auto attrs = make_object<LayoutTransformAttrs>();
  attrs->src_layout = src;
  attrs->dst_layout = dst;
  return Call(Op::Get("layout_transform"), {std::move(x)}, Attrs(attrs));
}

bool IsPlain4D(const std::string& layout) { return pass_util::IsPermutation(layout, "NCHW"); }

/*! \brief If `x` is layout_transform(z, L, D) between plain 4-D layouts: z, L and D. */
bool FromConverted(const Expr& x, Expr* z, std::string* from, std::string* to) {
  const auto* call = x.as<CallNode>();
  if (!call || !call->op.same_as(Op::Get("layout_transform"))) return false;
  const auto* a = call->attrs.as<LayoutTransformAttrs>();
  if (!IsPlain4D(a->src_layout) || !IsPlain4D(a->dst_layout)) return false;
  *z = call->args[0];
  *from = a->src_layout;
  *to = a->dst_layout;
  return true;
}

class LayoutConverter : public ExprMutator {
 public:
  LayoutConverter(std::string data_layout, std::string kernel_layout)
      : data_layout_(std::move(data_layout)), kernel_layout_(std::move(kernel_layout)) {}

  Expr VisitExpr_(const CallNode* op) final {
    Expr e = ExprMutator::VisitExpr_(op);
    const auto* call = e.as<CallNode>();
    if (call == nullptr || !call->op.as<OpNode>()) return e;
    static auto fpattern = Op::GetAttrMap<TOpPattern>("TOpPattern");
    if (call->op.same_as(Op::Get("nn.conv2d"))) return Conv(call, e);
    if (call->op.same_as(Op::Get("layout_transform"))) return Cancel(call, e);
    if (call->op.same_as(Op::Get("nn.bias_add"))) return BiasAdd(op, call, e);
    if (call->attrs.as<Pool2DAttrs>() || call->attrs.as<GlobalPool2DAttrs>() ||
        call->attrs.as<AdaptivePool2DAttrs>()) {
      return Pool(call, e);
    }
    if (fpattern.get(Downcast<Op>(call->op), kOpaque) <= kBroadcast)
      return Elementwise(op, call, e);
    return e;
  }

 private:
  /*! \brief x (in layout src) in layout dst; one transform per value and layout pair. */
  Expr ToLayout(const Expr& x, const std::string& src, const std::string& dst) {
    Expr z;
    std::string from, to;
    if (FromConverted(x, &z, &from, &to) && from == dst && to == src) return z;
    auto key = std::make_pair(x.get(), src + ">" + dst);
    auto it = to_layout_.find(key);
    if (it != to_layout_.end()) return it->second;
    return to_layout_[key] = LayoutTransform(x, src, dst);
  }

  Expr Conv(const CallNode* call, const Expr& e) {
    const auto* a = call->attrs.as<Conv2DAttrs>();
    std::string d = a->data_layout, k = a->kernel_layout;
    if (d == data_layout_ || a->groups != 1 || !IsPlain4D(d) ||
        !pass_util::IsPermutation(k, "OIHW") || !(a->out_layout.empty() || a->out_layout == d)) {
      return e;
    }
    auto attrs = make_object<Conv2DAttrs>(*a);
    attrs->data_layout = data_layout_;
    attrs->kernel_layout = kernel_layout_;
    attrs->out_layout = "";
    Expr w =
        k == kernel_layout_ ? call->args[1] : LayoutTransform(call->args[1], k, kernel_layout_);
    Expr y = Call(call->op, {ToLayout(call->args[0], d, data_layout_), w}, Attrs(attrs),
                  call->type_args, call->span);
    return LayoutTransform(y, data_layout_, d);
  }

  static Expr Cancel(const CallNode* call, const Expr& e) {
    const auto* outer = call->attrs.as<LayoutTransformAttrs>();
    const auto* inner = call->args[0].as<CallNode>();
    if (!inner || !inner->op.same_as(call->op)) return e;
    const auto* ia = inner->attrs.as<LayoutTransformAttrs>();
    if (ia->src_layout == outer->dst_layout && ia->dst_layout == outer->src_layout) {
      return inner->args[0];
    }
    return e;
  }

  static Expr Pool(const CallNode* call, const Expr& e) {
    Expr z;
    std::string from, to;
    if (!FromConverted(call->args[0], &z, &from, &to)) return e;
    ObjectPtr<BaseAttrsNode> attrs;
    if (const auto* a = call->attrs.as<Pool2DAttrs>()) {
      if (a->layout != to || !(a->out_layout.empty() || a->out_layout == to)) return e;
      auto n = make_object<Pool2DAttrs>(*a);
      n->layout = from;
      n->out_layout = "";
      attrs = n;
    } else if (const auto* a = call->attrs.as<GlobalPool2DAttrs>()) {
      if (a->layout != to || !(a->out_layout.empty() || a->out_layout == to)) return e;
      auto n = make_object<GlobalPool2DAttrs>(*a);
      n->layout = from;
      n->out_layout = "";
      attrs = n;
    } else if (const auto* a = call->attrs.as<AdaptivePool2DAttrs>()) {
      if (a->layout != to || !(a->out_layout.empty() || a->out_layout == to)) return e;
      auto n = make_object<AdaptivePool2DAttrs>(*a);
      n->layout = from;
      n->out_layout = "";
      attrs = n;
    } else {
      return e;
    }
    Expr y = Call(call->op, {z}, Attrs(attrs), call->type_args, call->span);
    return LayoutTransform(y, from, to);
  }

  static Expr BiasAdd(const CallNode* orig, const CallNode* call, const Expr& e) {
    const auto* a = call->attrs.as<BiasAddAttrs>();
    Expr z;
    std::string from, to;
    if (!FromConverted(call->args[0], &z, &from, &to)) return e;
    int axis = a->axis < 0 ? a->axis + 4 : a->axis;
    if (axis != pass_util::AxisOf(to, 'C')) return e;
    auto attrs = make_object<BiasAddAttrs>(*a);
    attrs->axis = pass_util::AxisOf(from, 'C');
    Expr y = Call(call->op, {z, call->args[1]}, Attrs(attrs), call->type_args, call->span);
    return LayoutTransform(y, from, to);
  }

  /*! \brief A constant operand varying only along the channel of `to`, in layout `from`. */
  static std::optional<Expr> ConvertConstant(const Expr& x, const Type& t, const std::string& from,
                                             const std::string& to, int64_t channels) {
    std::optional<Shape> s = pass_util::StaticShape(t);
    if (!s) return std::nullopt;
    if (pass_util::NumElements(*s) == 1 && s->size() <= 4) return x;  // broadcasts anywhere
    const auto* c = x.as<ConstantNode>();
    if (!c || !pass_util::IsPerChannel(*s, 4, pass_util::AxisOf(to, 'C'), channels)) {
      return std::nullopt;
    }
    Shape ns = pass_util::AxisShape(4, pass_util::AxisOf(from, 'C'), channels);
    return Constant(c->data.CreateView(runtime::ShapeTuple(ns), DataType(c->data->dtype)));
  }

  /*! \brief Elementwise ops whose attributes do not name axes or shapes (prelu, repeat, tile,
   *  broadcast_to, ... do, and stay in the original layout). */
  static bool LayoutFree(const CallNode* call) {
    return !call->attrs.defined() || call->attrs.as<CastAttrs>() || call->attrs.as<ClipAttrs>() ||
           call->attrs.as<LeakyReluAttrs>();
  }

  Expr Elementwise(const CallNode* orig, const CallNode* call, const Expr& e) {
    if (!LayoutFree(call)) return e;
    std::optional<Shape> out = pass_util::StaticShape(orig->checked_type_);
    if (!out || out->size() != 4 || call->args.empty() || call->args.size() > 2) return e;
    std::string from, to;
    for (const Expr& arg : call->args) {
      Expr z;
      std::string f, t;
      if (FromConverted(arg, &z, &f, &t)) {
        if (!from.empty() && (f != from || t != to)) return e;
        from = f;
        to = t;
      }
    }
    if (from.empty()) return e;
    int64_t channels = (*out)[pass_util::AxisOf(to, 'C')];
    Array<Expr> args;
    for (size_t i = 0; i < call->args.size(); ++i) {
      Expr z;
      std::string f, t;
      if (FromConverted(call->args[i], &z, &f, &t)) {
        std::optional<Shape> at = pass_util::StaticShape(orig->args[i]->checked_type_);
        if (!at || *at != *out) return e;  // only a full-shape operand keeps the layout
        args.push_back(z);
      } else if (std::optional<Expr> k = ConvertConstant(
                     call->args[i], orig->args[i]->checked_type_, from, to, channels)) {
        args.push_back(*k);
      } else if (std::optional<Shape> at = pass_util::StaticShape(orig->args[i]->checked_type_);
                 at && *at == *out) {
        args.push_back(ToLayout(call->args[i], to, from));  // e.g. the input of a residual add
      } else {
        return e;
      }
    }
    Expr y = Call(call->op, args, call->attrs, call->type_args, call->span);
    return LayoutTransform(y, from, to);
  }

  std::string data_layout_, kernel_layout_;
  std::map<std::pair<const Object*, std::string>, Expr> to_layout_;
};

/*! \brief The (data, kernel) layouts asked for nn.conv2d, checked. */
std::pair<std::string, std::string> DesiredConv2D(const Map<String, Array<String>>& desired) {
  for (const auto& kv : desired) {
    if (kv.first != "nn.conv2d") {
      TVM_THROW(ValueError) << "ConvertLayout: no layout can be asked for op '" << kv.first
                            << "' (expected nn.conv2d; pooling and elementwise ops follow "
                               "their input's layout)";
    }
  }
  if (!desired.count("nn.conv2d")) {
    TVM_THROW(ValueError) << "ConvertLayout: desired_layouts names no nn.conv2d layout";
  }
  Array<String> v = desired.at("nn.conv2d");
  if (v.empty() || v.size() > 2) {
    TVM_THROW(ValueError) << "ConvertLayout: nn.conv2d expects [data_layout] or [data_layout, "
                          << "kernel_layout], got " << v.size() << " layouts";
  }
  std::string data = v[0];
  if (data != "NCHW" && data != "NHWC") {
    TVM_THROW(ValueError) << "ConvertLayout: nn.conv2d data layout must be NCHW or NHWC, got \""
                          << data << "\"";
  }
  std::string natural = data == "NCHW" ? "OIHW" : "HWIO";
  std::string kernel = v.size() == 2 ? std::string(v[1]) : "default";
  if (kernel == "default") kernel = natural;
  if (kernel != natural) {
    TVM_THROW(ValueError) << "ConvertLayout: nn.conv2d in " << data << " runs with kernel layout "
                          << natural << " (or \"default\"), got \"" << kernel << "\"";
  }
  return {data, kernel};
}

}  // namespace

namespace transform {
tvm::transform::Pass ConvertLayout(Map<String, Array<String>> desired_layouts) {
  std::pair<std::string, std::string> layouts = DesiredConv2D(desired_layouts);
  auto pass_func = [=](IRModule mod, tvm::transform::PassContext ctx) {
    return pass_util::RewriteFunctions(mod, [&](const Expr& body) {
      return LayoutConverter(layouts.first, layouts.second)(body);
    });
  };
  return tvm::transform::CreateModulePass(pass_func, 3, "ConvertLayout", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.ConvertLayout")
    .set_body_typed([](Map<String, Array<String>> desired_layouts) {
      return transform::ConvertLayout(desired_layouts);
    });

}  // namespace relay
}  // namespace tvm
