/*!
 * \file combine_parallel_op.h
 * \brief The machinery of CombineParallelConv2D and CombineParallelDense: sibling calls of one
 *  op on the same input, with compatible attributes, become one call; the elementwise ops that
 *  follow every branch identically come along; each branch then reads its part of the result.
 *
 * A branch is the op call followed by a chain of followers, each the single user of the
 * previous value, the same op with equal attributes in every branch, taking the previous value
 * at the same argument position and not changing its shape: a unary elementwise op, a binary
 * broadcasting op whose other operand is a constant (per-channel constants are joined; an
 * operand equal in all branches without a channel extent is shared), or nn.bias_add on the
 * channel axis. The chains are cut at the first depth where a branch differs.
 *
 * Two ways of joining (the subclass picks): along the channel axis (the weights concatenated;
 * each branch's result is a strided_slice of that axis), or in a new batch axis (the weights
 * stacked, for dense into batch_matmul; each branch's result is a slice of the batch axis,
 * squeezed).
 */
#ifndef TVM_RELAY_TRANSFORMS_COMBINE_PARALLEL_OP_H_
#define TVM_RELAY_TRANSFORMS_COMBINE_PARALLEL_OP_H_

#include <tvm/ir/structural_equal.h>
#include <tvm/relay/attrs/nn.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pass_util.h"

namespace tvm {
namespace relay {
namespace combine {

using pass_util::Shape;

/*! \brief The branches of one group: chains[i][0] is the op call, then the followers. */
struct Group {
  Expr data;
  std::vector<std::vector<const CallNode*>> chains;
  size_t depth{1};  // the number of calls of each chain that are combined
};

class ParallelOpCombiner : public ExprMutator {
 public:
  ParallelOpCombiner(const char* op_name, size_t min_branches)
      : op_(Op::Get(op_name)), min_branches_(min_branches) {}

  Expr Combine(const Expr& body) {
    FindGroups(body);
    if (groups_.empty()) return body;
    return VisitExpr(body);
  }

  Expr VisitExpr_(const CallNode* op) override {
    auto it = tails_.find(op);
    if (it == tails_.end()) return ExprMutator::VisitExpr_(op);
    size_t g = it->second.first, i = it->second.second;
    if (!built_.count(g)) built_[g] = Build(groups_[g]);
    return BranchOutput(built_[g], groups_[g], i);
  }

 protected:
  /*! \brief Whether a call of the op can be combined at all (static shapes, plain layouts). */
  virtual bool IsSupported(const CallNode* call) = 0;
  /*! \brief Whether two supported calls on the same data can be combined. */
  virtual bool Compatible(const CallNode* a, const CallNode* b) = 0;
  /*! \brief The combined call on `data` (already rewritten) for the group's op calls. */
  virtual Expr MakeCombined(const Expr& data, const std::vector<const CallNode*>& ops) = 0;
  /*! \brief True: joined in a new leading batch axis; false: along ChannelAxis. */
  virtual bool Batched() const { return false; }
  /*! \brief The channel axis of the op's output (joined-along-channels mode). */
  virtual int ChannelAxis(const CallNode* call) = 0;

  static int64_t Extent(const Expr& e, int axis) {
    return (*pass_util::StaticShape(e->checked_type_))[axis];
  }

 private:
  using Users = std::unordered_map<const Object*, std::vector<std::pair<const CallNode*, int>>>;

  void FindGroups(const Expr& body) {
    uses_ = pass_util::CountUses(body);
    Users users;
    std::vector<Expr> order;
    PostOrderVisit(body, [&](const Expr& e) {
      order.push_back(e);
      if (const auto* c = e.as<CallNode>()) {
        for (size_t i = 0; i < c->args.size(); ++i) users[c->args[i].get()].push_back({c, i});
      }
    });
    for (const Expr& x : order) {
      auto it = users.find(x.get());
      if (it == users.end()) continue;
      std::vector<std::vector<const CallNode*>> candidates;
      for (const auto& u : it->second) {
        const CallNode* c = u.first;
        if (u.second != 0 || !c->op.same_as(op_) || !IsSupported(c)) continue;
        bool placed = false;
        for (auto& cand : candidates) {
          if (Compatible(cand[0], c)) {
            cand.push_back(c);
            placed = true;
            break;
          }
        }
        if (!placed) candidates.push_back({c});
      }
      for (auto& cand : candidates) {
        if (cand.size() < min_branches_) continue;
        Group g;
        g.data = x;
        for (const CallNode* c : cand) g.chains.push_back({c});
        Extend(&g, users);
        size_t gi = groups_.size();
        for (size_t i = 0; i < g.chains.size(); ++i) {
          tails_[g.chains[i][g.depth - 1]] = {gi, i};
        }
        groups_.push_back(std::move(g));
      }
    }
  }

  static bool IsConst(const Expr& e) { return e.as<ConstantNode>() != nullptr; }

  /*! \brief Grow the chains while every branch has the same kind of follower. */
  void Extend(Group* g, const Users& users) {
    static auto fpattern = Op::GetAttrMap<TOpPattern>("TOpPattern");
    static const Op& bias_add = Op::Get("nn.bias_add");
    while (true) {
      std::vector<const CallNode*> next;
      int position = -1;
      for (auto& chain : g->chains) {
        const CallNode* tail = chain.back();
        auto uc = uses_.find(tail);
        auto it = users.find(tail);
        if (uc == uses_.end() || uc->second != 1 || it == users.end() || it->second.size() != 1) {
          return;
        }
        const CallNode* f = it->second[0].first;
        int pos = it->second[0].second;
        if (position >= 0 && pos != position) return;
        position = pos;
        for (const CallNode* n : next) {
          if (n == f) return;  // one call using two branches
        }
        next.push_back(f);
      }
      const CallNode* f0 = next[0];
      const auto* opn = f0->op.as<OpNode>();
      if (opn == nullptr) return;
      Op op = GetRef<Op>(opn);
      bool is_bias = op.same_as(bias_add);
      int pattern = fpattern.get(op, kOpaque);
      if (!is_bias && pattern > kBroadcast) return;
      if (f0->args.size() > 2 || (is_bias && position != 0)) return;
      for (const CallNode* f : next) {
        if (!f->op.same_as(op) || !StructuralEqual()(f->attrs, f0->attrs)) return;
      }
      for (size_t i = 0; i < next.size(); ++i) {
        const CallNode* f = next[i];
        const CallNode* tail = g->chains[i].back();
        std::optional<Shape> ts = pass_util::StaticShape(tail->checked_type_);
        std::optional<Shape> fs = pass_util::StaticShape(f->checked_type_);
        if (!ts || !fs || *ts != *fs ||
            pass_util::DTypeOf(tail->checked_type_) != pass_util::DTypeOf(f->checked_type_)) {
          return;
        }
      }
      if (f0->args.size() == 2 && !OtherOperandsJoin(*g, next, 1 - position, is_bias)) return;
      for (size_t i = 0; i < next.size(); ++i) g->chains[i].push_back(next[i]);
      g->depth++;
    }
  }

  /*! \brief Whether the other operands (argument `k`) are constants that can be joined. */
  bool OtherOperandsJoin(const Group& g, const std::vector<const CallNode*>& next, int k,
                         bool is_bias) {
    const CallNode* first_op = g.chains[0][0];
    std::optional<Shape> s0 = pass_util::StaticShape(next[0]->args[k]->checked_type_);
    if (!s0) return false;
    bool shared = true;
    for (const CallNode* f : next) {
      if (!IsConst(f->args[k])) return false;
      if (!StructuralEqual()(f->args[k], next[0]->args[k])) shared = false;
    }
    size_t rank = pass_util::StaticShape(next[0]->checked_type_)->size();
    if (is_bias) {
      // bias_add on the channel axis: a (C_i,) bias per branch.
      const auto* a = next[0]->attrs.as<BiasAddAttrs>();
      int axis = a->axis < 0 ? a->axis + static_cast<int>(rank) : a->axis;
      if (Batched()) return axis == static_cast<int>(rank) - 1;
      return axis == ChannelAxis(first_op);
    }
    int axis = Batched() ? static_cast<int>(rank) - 1 : ChannelAxis(first_op);
    int aligned = axis - static_cast<int>(rank - s0->size());
    bool has_channel = aligned >= 0 && (*s0)[aligned] != 1;
    if (shared && (Batched() || !has_channel)) return true;
    if (Batched()) {
      for (const CallNode* f : next) {
        if (*pass_util::StaticShape(f->args[k]->checked_type_) != *s0) return false;
      }
      return true;
    }
    if (aligned < 0) return false;
    for (size_t i = 0; i < next.size(); ++i) {
      std::optional<Shape> s = pass_util::StaticShape(next[i]->args[k]->checked_type_);
      int64_t channels = Extent(GetRef<Expr>(g.chains[i][0]), axis);
      if (!s || s->size() != s0->size() || (*s)[aligned] != channels) return false;
    }
    return true;
  }

  /*! \brief The joined value of the followers' constant operands `k`. */
  Expr JoinOperands(const Group& g, size_t d, int k) {
    const CallNode* f0 = g.chains[0][d];
    static const Op& bias_add = Op::Get("nn.bias_add");
    bool is_bias = f0->op.same_as(bias_add);
    size_t rank = pass_util::StaticShape(f0->checked_type_)->size();
    Array<Expr> parts;
    for (const auto& chain : g.chains) parts.push_back(VisitExpr(chain[d]->args[k]));
    Shape s0 = *pass_util::StaticShape(f0->args[k]->checked_type_);
    bool shared = true;
    for (const auto& chain : g.chains) {
      if (!StructuralEqual()(chain[d]->args[k], f0->args[k])) shared = false;
    }
    if (is_bias) {
      if (!Batched()) return pass_util::Concatenate(parts, 0);
      Array<Expr> stacked;
      for (const Expr& p : parts) stacked.push_back(pass_util::ExpandDims(p, 0, 2));
      return pass_util::Concatenate(stacked, 0);
    }
    int axis = Batched() ? static_cast<int>(rank) - 1 : ChannelAxis(g.chains[0][0]);
    int aligned = axis - static_cast<int>(rank - s0.size());
    bool has_channel = aligned >= 0 && s0[aligned] != 1;
    if (shared && (Batched() || !has_channel)) return parts[0];
    if (!Batched()) return pass_util::Concatenate(parts, aligned);
    Array<Expr> stacked;
    for (const Expr& p : parts) {
      stacked.push_back(pass_util::ExpandDims(p, 0, static_cast<int>(rank + 1 - s0.size())));
    }
    return pass_util::Concatenate(stacked, 0);
  }

  Expr Build(const Group& g) {
    std::vector<const CallNode*> ops;
    for (const auto& chain : g.chains) ops.push_back(chain[0]);
    Expr y = MakeCombined(VisitExpr(g.data), ops);
    static const Op& bias_add = Op::Get("nn.bias_add");
    for (size_t d = 1; d < g.depth; ++d) {
      const CallNode* f0 = g.chains[0][d];
      if (f0->args.size() == 1) {
        y = Call(f0->op, {y}, f0->attrs, f0->type_args, f0->span);
        continue;
      }
      int position = g.chains[0][d - 1] == f0->args[0].get() ? 0 : 1;
      Expr other = JoinOperands(g, d, 1 - position);
      if (f0->op.same_as(bias_add)) {
        y = Batched() ? pass_util::OpCall("add", {y, other})
                      : Call(f0->op, {y, other}, f0->attrs, f0->type_args, f0->span);
        continue;
      }
      Array<Expr> args = position == 0 ? Array<Expr>{y, other} : Array<Expr>{other, y};
      y = Call(f0->op, args, f0->attrs, f0->type_args, f0->span);
    }
    return y;
  }

  Expr BranchOutput(const Expr& combined, const Group& g, size_t i) {
    if (Batched()) {
      auto a = make_object<SqueezeAttrs>();
      a->axis = pass_util::Ints({0});
      Expr part =
          pass_util::SliceAxis(combined, static_cast<int64_t>(i), static_cast<int64_t>(i) + 1, 0);
      return pass_util::OpCall("squeeze", {part}, Attrs(a));
    }
    int axis = ChannelAxis(g.chains[0][0]);
    int64_t begin = 0;
    for (size_t j = 0; j < i; ++j) begin += Extent(GetRef<Expr>(g.chains[j][0]), axis);
    int64_t end = begin + Extent(GetRef<Expr>(g.chains[i][0]), axis);
    return pass_util::SliceAxis(combined, begin, end, axis);
  }

  Op op_;
  size_t min_branches_;
  std::unordered_map<const Object*, int> uses_;
  std::vector<Group> groups_;
  std::unordered_map<const Object*, std::pair<size_t, size_t>> tails_;
  std::map<size_t, Expr> built_;
};

}  // namespace combine
}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_TRANSFORMS_COMBINE_PARALLEL_OP_H_
