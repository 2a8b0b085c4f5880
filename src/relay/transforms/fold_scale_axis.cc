/*!
 * \file fold_scale_axis.cc
 * \brief FoldScaleAxis: per-channel constant scales folded into the weights of nn.conv2d and
 *  nn.dense (the multiply SimplifyInference leaves for batch_norm, a standardization, ...).
 *
 * Backward (the scale on the output side):
 *     multiply(conv2d(x, W) [+ b] [-> relu], s)  ->  conv2d(x, W * s_o) [+ b * s] [-> relu]
 *   s a constant that varies along the output channel axis only (a scalar qualifies), s_o the
 *   same values along the kernel's O axis; b a per-channel constant (add) or a bias_add on the
 *   channel axis; the relu only when every scale is positive (relu(y) * s = relu(y * s) needs
 *   s > 0). Same for dense(x, W) with s along the last axis (W's rows).
 * Forward (the scale on the input side):
 *     conv2d([relu](multiply(x, s)), W)  ->  conv2d([relu](x), W * s_i)
 *   s along the data's channel axis, s_i along the kernel's I axis, groups 1 (zero padding
 *   stays zero when scaled, so this is exact); dense(x * s, W) -> dense(x, W * s) with s
 *   along the last axis.
 *
 * A rewrite happens only when every intermediate value has this single use (else the
 * unscaled value would still be needed), the layouts are plain (NCHW, NHWC, OIHW, HWIO, ...),
 * and the dtypes are float32/float64. A constant weight is scaled on the host (exact: the
 * product of two float32 is rounded once, as in the multiply it replaces); a weight that is
 * not a constant gets a multiply op. FoldScaleAxis is BackwardFoldScaleAxis then
 * ForwardFoldScaleAxis, each after InferType.
 */
#include <tvm/relay/attrs/nn.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "pass_util.h"

namespace tvm {
namespace relay {

namespace {

using pass_util::Shape;
using Uses = std::unordered_map<const Object*, int>;

/*! \brief The weight's layout and the axes that matter, for a conv2d or dense call. */
struct Linear {
  bool ok{false};
  int data_channel{-1};  // the channel axis of the data (dense: the last)
  int out_channel{-1};   // the channel axis of the output
  int kernel_in{-1};     // the weight's input-channel axis
  int kernel_out{-1};    // the weight's output-channel axis
  size_t data_rank{0}, out_rank{0}, kernel_rank{0};
  int64_t in_channels{0}, out_channels{0};
  int groups{1};
};

bool IsFloat(DataType t) { return t == DataType::Float(32) || t == DataType::Float(64); }

/*! \brief conv2d / dense with static shapes, plain layouts and a float dtype throughout. */
Linear Describe(const CallNode* call) {
  Linear d;
  if (!call->op.same_as(Op::Get("nn.conv2d")) && !call->op.same_as(Op::Get("nn.dense"))) {
    return d;
  }
  std::optional<Shape> x = pass_util::StaticShape(call->args[0]->checked_type_);
  std::optional<Shape> w = pass_util::StaticShape(call->args[1]->checked_type_);
  std::optional<Shape> y = pass_util::StaticShape(call->checked_type_);
  if (!x || !w || !y) return d;
  DataType t = pass_util::DTypeOf(call->checked_type_);
  if (!IsFloat(t) || pass_util::DTypeOf(call->args[0]->checked_type_) != t ||
      pass_util::DTypeOf(call->args[1]->checked_type_) != t) {
    return d;
  }
  d.data_rank = x->size();
  d.out_rank = y->size();
  d.kernel_rank = w->size();
  if (call->op.same_as(Op::Get("nn.conv2d"))) {
    const auto* a = call->attrs.as<Conv2DAttrs>();
    std::string data = a->data_layout, kernel = a->kernel_layout;
    std::string out = a->out_layout.empty() ? data : std::string(a->out_layout);
    if (!pass_util::IsPermutation(data, "NCHW") || !pass_util::IsPermutation(out, "NCHW") ||
        !pass_util::IsPermutation(kernel, "OIHW")) {
      return d;
    }
    d.data_channel = pass_util::AxisOf(data, 'C');
    d.out_channel = pass_util::AxisOf(out, 'C');
    d.kernel_in = pass_util::AxisOf(kernel, 'I');
    d.kernel_out = pass_util::AxisOf(kernel, 'O');
    d.groups = a->groups;
  } else if (call->op.same_as(Op::Get("nn.dense"))) {
    if (w->size() != 2 || x->empty()) return d;
    d.data_channel = static_cast<int>(x->size()) - 1;
    d.out_channel = static_cast<int>(y->size()) - 1;
    d.kernel_in = 1;
    d.kernel_out = 0;
  } else {
    return d;
  }
  d.in_channels = (*x)[d.data_channel];
  d.out_channels = (*y)[d.out_channel];
  d.ok = true;
  return d;
}

/*! \brief W scaled by s (C or 1 values) along `axis`: on the host when W is a constant. */
Expr ScaleWeight(const Expr& w, const Type& wtype, const std::vector<double>& s, int axis) {
  Shape ws = *pass_util::StaticShape(wtype);
  DataType t = pass_util::DTypeOf(wtype);
  if (const auto* c = w.as<ConstantNode>();
      c && c->data->device.device_type == kDLCPU &&
      (t == DataType::Float(32) || t == DataType::Float(64))) {
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; ++i) outer *= ws[i];
    for (size_t i = axis + 1; i < ws.size(); ++i) inner *= ws[i];
    int64_t extent = ws[axis];
    runtime::NDArray out = runtime::NDArray::Empty(runtime::ShapeTuple(ws), t, Device{kDLCPU, 0});
    const char* src = static_cast<const char*>(c->data->data) + c->data->byte_offset;
    // Each product is rounded once to the dtype, as the multiply it replaces would round it.
    auto scale = [&](auto* dst, const auto* in) {
      using T = std::remove_pointer_t<decltype(dst)>;
      for (int64_t o = 0, i = 0; o < outer; ++o) {
        for (int64_t k = 0; k < extent; ++k) {
          T f = static_cast<T>(s.size() == 1 ? s[0] : s[k]);
          for (int64_t j = 0; j < inner; ++j, ++i) dst[i] = in[i] * f;
        }
      }
    };
    if (t == DataType::Float(32)) {
      scale(static_cast<float*>(out->data), reinterpret_cast<const float*>(src));
    } else {
      scale(static_cast<double*>(out->data), reinterpret_cast<const double*>(src));
    }
    return Constant(out);
  }
  Shape ss = pass_util::AxisShape(ws.size(), axis, static_cast<int64_t>(s.size()));
  return pass_util::OpCall("multiply", {w, pass_util::MakeConst(s, ss, t)});
}

/*! \brief A constant per-channel operand: its values (C or 1 of them), else nullopt. */
std::optional<std::vector<double>> ChannelValues(const Expr& e, size_t rank, int axis,
                                                 int64_t channels) {
  std::optional<Shape> s = pass_util::StaticShape(e->checked_type_);
  if (!s || !pass_util::IsPerChannel(*s, rank, axis, channels)) return std::nullopt;
  std::optional<std::vector<double>> v = pass_util::ConstValues(e);
  // inf or nan would not commute with the convolution's sums (0 * inf vs. inf - inf).
  if (v && !std::all_of(v->begin(), v->end(), [](double x) { return std::isfinite(x); })) {
    return std::nullopt;
  }
  return v;
}

bool AllPositive(const std::vector<double>& s) {
  for (double v : s) {
    if (!(v > 0)) return false;
  }
  return true;
}

bool SameType(const Expr& a, const Expr& b) {
  std::optional<Shape> x = pass_util::StaticShape(a->checked_type_);
  std::optional<Shape> y = pass_util::StaticShape(b->checked_type_);
  return x && y && *x == *y &&
         pass_util::DTypeOf(a->checked_type_) == pass_util::DTypeOf(b->checked_type_);
}

int UseCount(const Uses& uses, const Expr& e) {
  auto it = uses.find(e.get());
  return it == uses.end() ? 0 : it->second;
}

class BackwardFolder : public ExprMutator {
 public:
  explicit BackwardFolder(const Expr& body) : uses_(pass_util::CountUses(body)) {}

  Expr VisitExpr_(const CallNode* op) final {
    if (op->op.same_as(Op::Get("multiply"))) {
      for (int side = 0; side < 2; ++side) {
        if (std::optional<Expr> r = Fold(op, op->args[side], op->args[1 - side])) return *r;
      }
    }
    return ExprMutator::VisitExpr_(op);
  }

 private:
  std::optional<Expr> Fold(const CallNode* mul, const Expr& value, const Expr& scale) {
    if (!scale.as<ConstantNode>() || !SameType(value, GetRef<Expr>(mul))) return std::nullopt;
    Expr cur = value;
    const CallNode* relu = nullptr;
    const CallNode* add = nullptr;
    int bias_side = -1;
    if (IsOp(cur, "nn.relu") && UseCount(uses_, cur) == 1) {
      relu = cur.as<CallNode>();
      cur = relu->args[0];
    }
    if ((IsOp(cur, "add") || IsOp(cur, "nn.bias_add")) && UseCount(uses_, cur) == 1) {
      add = cur.as<CallNode>();
      if (add->op.same_as(Op::Get("nn.bias_add"))) {
        bias_side = 1;
      } else {
        bias_side = add->args[1].as<ConstantNode>() ? 1 : 0;
      }
      cur = add->args[1 - bias_side];
      if (!SameType(cur, GetRef<Expr>(add))) return std::nullopt;
    }
    const auto* lin = cur.as<CallNode>();
    if (!lin || UseCount(uses_, cur) != 1) return std::nullopt;
    Linear d = Describe(lin);
    if (!d.ok) return std::nullopt;
    std::optional<std::vector<double>> s =
        ChannelValues(scale, d.out_rank, d.out_channel, d.out_channels);
    if (!s || (relu && !AllPositive(*s))) return std::nullopt;
    Expr bias;
    DataType t = pass_util::DTypeOf(lin->checked_type_);
    if (add) {
      const Expr& b = add->args[bias_side];
      std::optional<std::vector<double>> bv;
      std::optional<Shape> bshape = pass_util::StaticShape(b->checked_type_);
      if (add->op.same_as(Op::Get("nn.bias_add"))) {
        const auto* a = add->attrs.as<BiasAddAttrs>();
        int axis = a->axis < 0 ? a->axis + static_cast<int>(d.out_rank) : a->axis;
        if (axis != d.out_channel) return std::nullopt;
        bv = pass_util::ConstValues(b);
      } else {
        bv = ChannelValues(b, d.out_rank, d.out_channel, d.out_channels);
      }
      if (!bv || !bshape) return std::nullopt;
      // b * s: per-channel values, in the longer of the two shapes (both right-aligned on the
      // channel axis, so that is the shape their product broadcasts to).
      Shape sshape = *pass_util::StaticShape(scale->checked_type_);
      size_t n = std::max(bv->size(), s->size());
      std::vector<double> prod(n);
      for (size_t i = 0; i < n; ++i) {
        double p = (*bv)[bv->size() == 1 ? 0 : i] * (*s)[s->size() == 1 ? 0 : i];
        prod[i] = t == DataType::Float(32) ? static_cast<double>(static_cast<float>(p)) : p;
      }
      Shape pshape;
      if (add->op.same_as(Op::Get("nn.bias_add"))) {
        pshape = *bshape;
        if (n != static_cast<size_t>(pass_util::NumElements(pshape))) return std::nullopt;
      } else {
        pshape = bshape->size() >= sshape.size() ? *bshape : sshape;
        if (pass_util::NumElements(pshape) != static_cast<int64_t>(n)) {
          pshape = pass_util::AxisShape(d.out_rank, d.out_channel, static_cast<int64_t>(n));
        }
      }
      bias = pass_util::MakeConst(prod, pshape, t);
    }
    Expr w = ScaleWeight(VisitExpr(lin->args[1]), lin->args[1]->checked_type_, *s, d.kernel_out);
    Expr out = Call(lin->op, {VisitExpr(lin->args[0]), w}, lin->attrs, lin->type_args, lin->span);
    if (add) {
      Array<Expr> args = bias_side == 1 ? Array<Expr>{out, bias} : Array<Expr>{bias, out};
      out = Call(add->op, args, add->attrs, add->type_args, add->span);
    }
    if (relu) out = Call(relu->op, {out}, relu->attrs, relu->type_args, relu->span);
    return out;
  }

  static bool IsOp(const Expr& e, const char* name) { return pass_util::IsOp(e, name); }

  Uses uses_;
};

class ForwardFolder : public ExprMutator {
 public:
  explicit ForwardFolder(const Expr& body) : uses_(pass_util::CountUses(body)) {}

  Expr VisitExpr_(const CallNode* op) final {
    if (op->op.same_as(Op::Get("nn.conv2d")) || op->op.same_as(Op::Get("nn.dense"))) {
      if (std::optional<Expr> r = Fold(op)) return *r;
    }
    return ExprMutator::VisitExpr_(op);
  }

 private:
  std::optional<Expr> Fold(const CallNode* lin) {
    Linear d = Describe(lin);
    if (!d.ok || d.groups != 1) return std::nullopt;
    Expr cur = lin->args[0];
    const CallNode* relu = nullptr;
    if (pass_util::IsOp(cur, "nn.relu") && UseCount(uses_, cur) == 1) {
      relu = cur.as<CallNode>();
      cur = relu->args[0];
    }
    const auto* mul = cur.as<CallNode>();
    if (!pass_util::IsOp(cur, "multiply") || UseCount(uses_, cur) != 1) return std::nullopt;
    for (int side = 0; side < 2; ++side) {
      const Expr& x = mul->args[side];
      const Expr& scale = mul->args[1 - side];
      if (!scale.as<ConstantNode>() || !SameType(x, cur)) continue;
      std::optional<std::vector<double>> s =
          ChannelValues(scale, d.data_rank, d.data_channel, d.in_channels);
      if (!s || (relu && !AllPositive(*s))) continue;
      Expr data = VisitExpr(x);
      if (relu) data = Call(relu->op, {data}, relu->attrs, relu->type_args, relu->span);
      Expr w = ScaleWeight(VisitExpr(lin->args[1]), lin->args[1]->checked_type_, *s, d.kernel_in);
      return Call(lin->op, {data, w}, lin->attrs, lin->type_args, lin->span);
    }
    return std::nullopt;
  }

  Uses uses_;
};

}  // namespace

namespace transform {
tvm::transform::Pass BackwardFoldScaleAxis(int opt_level = 3) {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    return pass_util::RewriteFunctions(mod,
                                       [](const Expr& body) { return BackwardFolder(body)(body); });
  };
  return tvm::transform::CreateModulePass(pass_func, opt_level, "BackwardFoldScaleAxis",
                                          {"InferType"});
}

tvm::transform::Pass ForwardFoldScaleAxis(int opt_level = 3) {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    return pass_util::RewriteFunctions(mod,
                                       [](const Expr& body) { return ForwardFolder(body)(body); });
  };
  return tvm::transform::CreateModulePass(pass_func, opt_level, "ForwardFoldScaleAxis",
                                          {"InferType"});
}

tvm::transform::Pass FoldScaleAxis() {
  // The steps run whenever the whole does (relay.build skips FoldScaleAxis below opt_level 3).
  return tvm::transform::Sequential({BackwardFoldScaleAxis(0), ForwardFoldScaleAxis(0)},
                                    tvm::transform::PassInfo(3, "FoldScaleAxis", {}, false));
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.BackwardFoldScaleAxis").set_body_typed([]() {
  return transform::BackwardFoldScaleAxis();
});
TVM_REGISTER_GLOBAL("relay._transform.ForwardFoldScaleAxis").set_body_typed([]() {
  return transform::ForwardFoldScaleAxis();
});
TVM_REGISTER_GLOBAL("relay._transform.FoldScaleAxis").set_body_typed([]() {
  return transform::FoldScaleAxis();
});

}  // namespace relay
}  // namespace tvm
