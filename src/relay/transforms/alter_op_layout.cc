/*!
 * \file alter_op_layout.cc
 * \brief AlterOpLayout (x86): NCHW convolutions become NCHW[x]c ones, and the elementwise
 *  operators between them follow, so layout transforms remain only at the boundaries.
 *
 * A conv2d (NCHW data, OIHW kernel, groups 1, float32) becomes
 *   layout_transform(contrib_conv2d_NCHWc(to_blocked(x), layout_transform(w)), NCHWoc -> NCHW)
 * with the blocks ic / oc chosen from the channel counts by ChannelBlock (a power of two up to
 * the vector width where one divides them, so 24 channels make 3 blocks of 8).
 * A depthwise conv2d (groups = channels, kernel [C, 1, KH, KW]) becomes
 * contrib_depthwise_conv2d_NCHWc likewise, with the block of its channel count and the kernel
 * in OIHW1i<c>o.
 * An elementwise or broadcast operator whose tensor arguments are all such "back to NCHW"
 * transforms of one block size (or scalars, or per-channel operands shaped (C, 1, 1) /
 * (1, C, 1, 1), constants or not) runs in the blocked layout too, those operands transformed,
 * and so does a global pooling (global_avg_pool2d / global_max_pool2d in NCHW<c>c). A transform to a
 * layout directly after the transform from it cancels. So conv -> scale -> shift -> relu ->
 * conv (and residual adds) stay blocked from one convolution to the next. Weight and constant
 * transforms are left for FoldConstant to evaluate at compile time.
 *
 * A dense with a constant weight [N, K] and at least 16 rows (those the packed schedule runs)
 * becomes contrib_dense_pack(x, layout_transform(w, "NC", "NC<bn>n")), the weight in the
 * [N/bn, K, bn] panels that schedule reads; its output keeps dense's layout.
 */
#include <tvm/ir/structural_equal.h>
#include <tvm/relay/attrs/nn.h>
#include <tvm/relay/attrs/nn_extra.h>
#include <tvm/relay/attrs/transform.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/op.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

#include <string>

namespace tvm {
namespace relay {

namespace {

Expr LayoutTransform(Expr x, const std::string& src, const std::string& dst) {
  auto attrs = make_object<LayoutTransformAttrs>();
  attrs->src_layout = src;
  attrs->dst_layout = dst;
  return Call(Op::Get("layout_transform"), {x}, Attrs(attrs));
}

int64_t LargestDivisor(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, limit); d >= 1; --d) {
    if (n % d == 0) return d;
  }
  return 1;
}

/*!
 * \brief The channel block of n channels with `lanes`-wide vectors: the largest power-of-two
 *  divisor up to `lanes` when it is at least a quarter vector, else the largest divisor up to
 *  `lanes`. A block of 12 or 10 lanes is split by the code generator into two registers (8 + 4,
 *  8 + 2) per vector, which doubles the register tile and spills it: 24 channels run as 3
 *  blocks of 8 (measured, 1x1 convolutions 144 -> 24 and 96 -> 24 at 56x56, one thread:
 *  block 8 is 15-20% faster than block 12).
 */
int64_t ChannelBlock(int64_t n, int64_t lanes) {
  int64_t pow2 = 1;
  while (pow2 * 2 <= lanes && n % (pow2 * 2) == 0) pow2 *= 2;
  if (pow2 * 4 >= lanes) return pow2;
  return LargestDivisor(n, lanes);
}

/*!
 * \brief t as a tensor of `rank` constant extents, or null. With `any_batch`, dimension 0 may
 *  be known only at run time (`?`: the VM's dynamic batch); the rewrites then never read it.
 */
const TensorTypeNode* StaticTensor(const Type& t, size_t rank, bool any_batch = false) {
  const auto* tt = t.as<TensorTypeNode>();
  if (!tt || tt->shape.size() != rank) return nullptr;
  for (size_t i = 0; i < rank; ++i) {
    if (!tt->shape[i].as<IntImmNode>() && !(any_batch && i == 0)) return nullptr;
  }
  return tt;
}

int64_t DimOf(const TensorTypeNode* t, size_t i) { return t->shape[i].as<IntImmNode>()->value; }

class LayoutAlterer : public ExprMutator {
 public:
  explicit LayoutAlterer(int lanes) : lanes_(lanes) {}

  Expr VisitExpr_(const CallNode* op) final {
    Expr e = ExprMutator::VisitExpr_(op);
    const auto* call = e.as<CallNode>();
    if (call == nullptr || !call->op.as<OpNode>()) return e;
    static const Op& conv2d = Op::Get("nn.conv2d");
    static const Op& bias_add = Op::Get("nn.bias_add");
    static const Op& transform = Op::Get("layout_transform");
    static auto fpattern = Op::GetAttrMap<TOpPattern>("TOpPattern");
    static const Op& dense = Op::Get("nn.dense");
    if (call->op.same_as(conv2d)) return Conv(op, call, e);
    if (call->op.same_as(dense)) return Dense(op, call, e);
    if (call->op.same_as(transform)) return Cancel(call, e);
    if (call->op.same_as(bias_add)) return BiasAdd(op, call, e);
    static const Op& global_avg = Op::Get("nn.global_avg_pool2d");
    static const Op& global_max = Op::Get("nn.global_max_pool2d");
    if (call->op.same_as(global_avg) || call->op.same_as(global_max)) return GlobalPool(call, e);
    int pattern = fpattern.get(Downcast<Op>(call->op), kOpaque);
    if (pattern <= kBroadcast) return Elementwise(op, call, e);
    return e;
  }

 private:
  /*! \brief If `x` is layout_transform(z, "NCHW<c>c", "NCHW"): z and c. */
  static bool FromBlocked(const Expr& x, Expr* z, int64_t* c) {
    const auto* call = x.as<CallNode>();
    if (!call || !call->op.same_as(Op::Get("layout_transform"))) return false;
    const auto* a = call->attrs.as<LayoutTransformAttrs>();
    std::string src = a->src_layout;
    if (a->dst_layout != "NCHW" || src.size() < 6 || src.rfind("NCHW", 0) != 0 ||
        src.back() != 'c') {
      return false;
    }
    *c = std::stoll(src.substr(4, src.size() - 5));
    *z = call->args[0];
    return true;
  }

  static std::string Blocked(int64_t c) { return "NCHW" + std::to_string(c) + "c"; }

  Expr ToBlocked(const Expr& x, int64_t c) {
    Expr z;
    int64_t block;
    if (FromBlocked(x, &z, &block) && block == c) return z;
    return LayoutTransform(x, "NCHW", Blocked(c));
  }

  Expr Conv(const CallNode* orig, const CallNode* call, const Expr& e) {
    const auto* a = call->attrs.as<Conv2DAttrs>();
    const TensorTypeNode* data = StaticTensor(orig->args[0]->checked_type_, 4, true);
    const TensorTypeNode* weight = StaticTensor(orig->args[1]->checked_type_, 4);
    if (!a || !data || !weight || a->data_layout != "NCHW" || a->kernel_layout != "OIHW" ||
        !(a->out_layout.empty() || a->out_layout == "NCHW") ||
        data->dtype != DataType::Float(32)) {
      return e;
    }
    int64_t channels = DimOf(data, 1);
    if (a->groups == channels && channels > 1 && DimOf(weight, 0) == channels &&
        DimOf(weight, 1) == 1) {
      return Depthwise(call, a, channels);
    }
    if (a->groups != 1) return e;
    int64_t ic = ChannelBlock(DimOf(data, 1), lanes_);
    int64_t oc = ChannelBlock(DimOf(weight, 0), lanes_);
    auto attrs = make_object<Conv2DAttrs>(*a);
    attrs->data_layout = Blocked(ic);
    attrs->kernel_layout = "OIHW" + std::to_string(ic) + "i" + std::to_string(oc) + "o";
    attrs->out_layout = Blocked(oc);
    Expr w = LayoutTransform(call->args[1], "OIHW", attrs->kernel_layout);
    Expr y = Call(Op::Get("nn.contrib_conv2d_NCHWc"), {ToBlocked(call->args[0], ic), w},
                  Attrs(attrs), {}, call->span);
    return LayoutTransform(y, Blocked(oc), "NCHW");
  }

  /*!
   * \brief A depthwise convolution (groups = channels, multiplier 1) as
   *  contrib_depthwise_conv2d_NCHWc with the block of the channel count, the same block a
   *  convolution producing or consuming these channels uses, so the chain stays blocked.
   */
  Expr Depthwise(const CallNode* call, const Conv2DAttrs* a, int64_t channels) {
    int64_t c = ChannelBlock(channels, lanes_);
    auto attrs = make_object<Conv2DAttrs>(*a);
    attrs->data_layout = Blocked(c);
    attrs->kernel_layout = "OIHW1i" + std::to_string(c) + "o";
    attrs->out_layout = Blocked(c);
    Expr w = LayoutTransform(call->args[1], "OIHW", attrs->kernel_layout);
    Expr y = Call(Op::Get("nn.contrib_depthwise_conv2d_NCHWc"), {ToBlocked(call->args[0], c), w},
                  Attrs(attrs), {}, call->span);
    return LayoutTransform(y, Blocked(c), "NCHW");
  }

  /*!
   * \brief dense(x, w) with a constant weight w [N, K] and x [M, K], M >= 16, as
   *  contrib_dense_pack(x, layout_transform(w, "NC", "NC<bn>n")): FoldConstant then packs the
   *  weight into its [N/bn, K, bn] panels once, at compile time, where the packed schedule
   *  would pack it at every run (a read and a write of the whole weight). The rows rule is
   *  _dense_strategy's: fewer rows (and batch 1) take the no-pack or GEMV schedules, which read
   *  w as it is. bn is topi.x86.dense_pack_default_bn: one vector, halved until it divides N.
   *  A weight that is not a constant stays as it is (its pack would still run every time).
   */
  Expr Dense(const CallNode* orig, const CallNode* call, const Expr& e) {
    constexpr int64_t kPackedMinRows = 16;
    const auto* a = call->attrs.as<DenseAttrs>();
    const TensorTypeNode* data = StaticTensor(orig->args[0]->checked_type_, 2);
    const TensorTypeNode* weight = StaticTensor(orig->args[1]->checked_type_, 2);
    const DataType f32 = DataType::Float(32);
    if (!a || !data || !weight || !call->args[1].as<ConstantNode>() || data->dtype != f32 ||
        weight->dtype != f32 || !(a->out_dtype.is_void() || a->out_dtype == f32) ||
        DimOf(data, 0) < kPackedMinRows) {
      return e;
    }
    int64_t n = DimOf(weight, 0);
    int64_t bn = lanes_;
    while (bn > 1 && n % bn) bn /= 2;
    auto attrs = make_object<DensePackAttrs>();
    attrs->units = a->units;
    attrs->out_dtype = a->out_dtype;
    attrs->weight_layout = "NC" + std::to_string(bn) + "n";
    Expr w = LayoutTransform(call->args[1], "NC", attrs->weight_layout);
    return Call(Op::Get("nn.contrib_dense_pack"), {call->args[0], w}, Attrs(attrs), {},
                call->span);
  }

  /*! \brief layout_transform(layout_transform(z, A, B), B, A) -> z. */
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

  /*!
   * \brief A per-channel operand of an NCHW tensor with C channels (a constant, or e.g. the
   *  expand_dims(bias) CanonicalizeOps leaves for a bias that is a parameter), made blocked.
   */
  Optional<Expr> BlockedConstant(const Expr& x, const Type& t, int64_t channels, int64_t c) {
    const auto* tt = t.as<TensorTypeNode>();
    if (!tt) return Optional<Expr>();
    if (tt->shape.empty()) return x;  // a scalar broadcasts in any layout
    if (const TensorTypeNode* r3 = StaticTensor(t, 3)) {
      if (DimOf(r3, 0) == channels && DimOf(r3, 1) == 1 && DimOf(r3, 2) == 1) {
        return LayoutTransform(x, "CHW", "CHW" + std::to_string(c) + "c");
      }
    }
    if (const TensorTypeNode* r4 = StaticTensor(t, 4)) {
      if (DimOf(r4, 0) == 1 && DimOf(r4, 1) == channels && DimOf(r4, 2) == 1 &&
          DimOf(r4, 3) == 1) {
        return LayoutTransform(x, "NCHW", Blocked(c));
      }
    }
    return Optional<Expr>();
  }

  Expr Elementwise(const CallNode* orig, const CallNode* call, const Expr& e) {
    const TensorTypeNode* out = StaticTensor(orig->checked_type_, 4, true);
    if (!out || call->args.empty() || call->args.size() > 2) return e;
    int64_t block = 0;
    for (const Expr& a : call->args) {
      Expr z;
      int64_t c;
      if (FromBlocked(a, &z, &c)) {
        if (block && c != block) return e;
        block = c;
      }
    }
    if (!block) return e;
    Array<Expr> args;
    for (size_t i = 0; i < call->args.size(); ++i) {
      Expr z;
      int64_t c;
      if (FromBlocked(call->args[i], &z, &c)) {
        // Only a full-shape operand keeps the result's shape in the blocked layout.
        const TensorTypeNode* at = StaticTensor(orig->args[i]->checked_type_, 4, true);
        if (!at || !StructuralEqual()(at->shape, out->shape)) return e;
        args.push_back(z);
      } else if (Optional<Expr> k = BlockedConstant(call->args[i], orig->args[i]->checked_type_,
                                                    DimOf(out, 1), block)) {
        args.push_back(k.value());
      } else {
        return e;
      }
    }
    Expr y = Call(call->op, args, call->attrs, call->type_args, call->span);
    return LayoutTransform(y, Blocked(block), "NCHW");
  }

  /*! \brief A global pooling of blocked data pools in the blocked layout: the transform back
   *  to NCHW then moves C values instead of the whole feature map. */
  Expr GlobalPool(const CallNode* call, const Expr& e) {
    const auto* a = call->attrs.as<GlobalPool2DAttrs>();
    Expr z;
    int64_t c;
    if (!a || a->layout != "NCHW" || !(a->out_layout.empty() || a->out_layout == "NCHW") ||
        !FromBlocked(call->args[0], &z, &c)) {
      return e;
    }
    auto attrs = make_object<GlobalPool2DAttrs>(*a);
    attrs->layout = Blocked(c);
    attrs->out_layout = "";
    return LayoutTransform(Call(call->op, {z}, Attrs(attrs), {}, call->span), Blocked(c), "NCHW");
  }

  /*! \brief bias_add(x, b, axis=1) on blocked data: an add of the blocked bias. */
  Expr BiasAdd(const CallNode* orig, const CallNode* call, const Expr& e) {
    const auto* a = call->attrs.as<BiasAddAttrs>();
    Expr z;
    int64_t c;
    const TensorTypeNode* out = StaticTensor(orig->checked_type_, 4, true);
    if (!a || !out || (a->axis != 1 && a->axis != -3) || !FromBlocked(call->args[0], &z, &c)) {
      return e;
    }
    auto attrs = make_object<ExpandDimsAttrs>();
    attrs->axis = 1;
    attrs->num_newaxis = 2;
    Expr b3 = Call(Op::Get("expand_dims"), {call->args[1]}, Attrs(attrs));
    Expr bias = LayoutTransform(b3, "CHW", "CHW" + std::to_string(c) + "c");
    return LayoutTransform(Call(Op::Get("add"), {z, bias}), Blocked(c), "NCHW");
  }

  int lanes_;
};

}  // namespace

namespace transform {
tvm::transform::Pass AlterOpLayout(int lanes) {
  auto pass_func = [=](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
        if (fn->GetAttr<Integer>(attr::kPrimitive).defined()) continue;
        Expr body = LayoutAlterer(lanes)(fn->body);
        if (!body.same_as(fn->body)) {
          out->Update(gv, Function(fn->params, body, Type(), fn->attrs, fn->span));
        }
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 3, "AlterOpLayout", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.AlterOpLayout").set_body_typed([](int lanes) {
  return transform::AlterOpLayout(lanes);
});

}  // namespace relay
}  // namespace tvm
