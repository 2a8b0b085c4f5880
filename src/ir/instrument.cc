/*!
 * \file instrument.cc
 * \brief Pass instruments: the function-backed instrument Python subclasses use, and the
 *  pass timing instrument with its table.
 */
#include <tvm/ir/instrument.h>
#include <tvm/ir/transform.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace tvm {
namespace instrument {

// ---- BasePassInstrument ----------------------------------------------------------------------

BasePassInstrument::BasePassInstrument(String name, PackedFunc enter_pass_ctx,
                                       PackedFunc exit_pass_ctx, PackedFunc should_run,
                                       PackedFunc run_before_pass, PackedFunc run_after_pass) {
  auto n = make_object<BasePassInstrumentNode>();
  n->name = std::move(name);
  n->enter_pass_ctx_callback = std::move(enter_pass_ctx);
  n->exit_pass_ctx_callback = std::move(exit_pass_ctx);
  n->should_run_callback = std::move(should_run);
  n->run_before_pass_callback = std::move(run_before_pass);
  n->run_after_pass_callback = std::move(run_after_pass);
  data_ = std::move(n);
}

void BasePassInstrumentNode::EnterPassContext() const {
  if (enter_pass_ctx_callback.defined()) enter_pass_ctx_callback();
}

void BasePassInstrumentNode::ExitPassContext() const {
  if (exit_pass_ctx_callback.defined()) exit_pass_ctx_callback();
}

bool BasePassInstrumentNode::ShouldRun(const IRModule& mod, const transform::PassInfo& info) const {
  if (!should_run_callback.defined()) return true;
  TVMRetValue rv = should_run_callback(mod, info);
  if (rv.type_code() != kDLInt) {
    TVM_THROW(TypeError) << "should_run of pass instrument '" << name
                         << "' must return a bool, but returned "
                         << runtime::detail::DescribeValue(rv.value(), rv.type_code());
  }
  return static_cast<int64_t>(rv) != 0;
}

void BasePassInstrumentNode::RunBeforePass(const IRModule& mod,
                                           const transform::PassInfo& info) const {
  if (run_before_pass_callback.defined()) run_before_pass_callback(mod, info);
}

void BasePassInstrumentNode::RunAfterPass(const IRModule& mod,
                                          const transform::PassInfo& info) const {
  if (run_after_pass_callback.defined()) run_after_pass_callback(mod, info);
}

TVM_REGISTER_OBJECT_TYPE(PassInstrumentNode);
TVM_REGISTER_NODE_TYPE(BasePassInstrumentNode);

// ---- PassTimingInstrument --------------------------------------------------------------------

namespace {
double NowUs() {
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double, std::micro>(Clock::now().time_since_epoch()).count();
}

/*! \brief "812.4 us", "12.345 ms", "1.234 s". */
std::string FormatDuration(double us) {
  char buf[64];
  if (us < 1e3) {
    std::snprintf(buf, sizeof(buf), "%.1f us", us);
  } else if (us < 1e6) {
    std::snprintf(buf, sizeof(buf), "%.3f ms", us / 1e3);
  } else {
    std::snprintf(buf, sizeof(buf), "%.3f s", us / 1e6);
  }
  return buf;
}

struct TimingRow {
  std::string pass;  // indented name
  std::string time;
  std::string self;
  std::string share;
};

void CollectRows(const PassProfile& p, int depth, double total_us, std::vector<TimingRow>* rows) {
  double nested = 0;
  for (const auto& c : p.children) nested += c->duration_us();
  char share[32];
  std::snprintf(share, sizeof(share), "%.1f%%",
                total_us > 0 ? 100.0 * p.duration_us() / total_us : 0.0);
  rows->push_back({std::string(2 * depth, ' ') + p.name, FormatDuration(p.duration_us()),
                   FormatDuration(std::max(0.0, p.duration_us() - nested)), share});
  for (const auto& c : p.children) CollectRows(*c, depth + 1, total_us, rows);
}
}  // namespace

PassTimingInstrument PassTimingInstrument::Create() {
  auto n = make_object<PassTimingInstrumentNode>();
  n->name = "PassTimingInstrument";
  return PassTimingInstrument(ObjectPtr<Object>(std::move(n)));
}

void PassTimingInstrumentNode::EnterPassContext() const {
  roots_.clear();
  open_.clear();
}

void PassTimingInstrumentNode::ExitPassContext() const {
  double now = NowUs();
  for (PassProfile* p : open_) p->end_us = now;
  open_.clear();
}

void PassTimingInstrumentNode::RunBeforePass(const IRModule& mod,
                                             const transform::PassInfo& info) const {
  auto p = std::make_unique<PassProfile>();
  p->name = info->name;
  p->start_us = p->end_us = NowUs();
  PassProfile* raw = p.get();
  (open_.empty() ? roots_ : open_.back()->children).push_back(std::move(p));
  open_.push_back(raw);
}

void PassTimingInstrumentNode::RunAfterPass(const IRModule& mod,
                                            const transform::PassInfo& info) const {
  double now = NowUs();
  // Close the innermost open run of this pass, and the runs nested in it that never finished.
  for (size_t i = open_.size(); i-- > 0;) {
    if (open_[i]->name != info->name.str()) continue;
    while (open_.size() > i) {
      open_.back()->end_us = now;
      open_.pop_back();
    }
    return;
  }
}

std::string PassTimingInstrumentNode::Render() const {
  if (roots_.empty()) return "";
  double total_us = 0;
  for (const auto& p : roots_) total_us += p->duration_us();
  std::vector<TimingRow> rows;
  for (const auto& p : roots_) CollectRows(*p, 0, total_us, &rows);
  TimingRow header{"Pass", "Time", "Self", "% of total"};
  TimingRow footer{"Total", FormatDuration(total_us), "", "100.0%"};
  size_t w[4] = {0, 0, 0, 0};
  auto widen = [&w](const TimingRow& r) {
    w[0] = std::max(w[0], r.pass.size());
    w[1] = std::max(w[1], r.time.size());
    w[2] = std::max(w[2], r.self.size());
    w[3] = std::max(w[3], r.share.size());
  };
  widen(header);
  widen(footer);
  for (const auto& r : rows) widen(r);

  std::ostringstream os;
  auto cell = [&os](const std::string& s, size_t width, bool left) {
    std::string pad(width - s.size(), ' ');
    os << (left ? s + pad : pad + s);
  };
  auto line = [&](const TimingRow& r) {
    cell(r.pass, w[0], true);
    os << "  ";
    cell(r.time, w[1], false);
    os << "  ";
    cell(r.self, w[2], false);
    os << "  ";
    cell(r.share, w[3], false);
    os << '\n';
  };
  auto rule = [&]() {
    os << std::string(w[0], '-') << "  " << std::string(w[1], '-') << "  " << std::string(w[2], '-')
       << "  " << std::string(w[3], '-') << '\n';
  };
  line(header);
  rule();
  for (const auto& r : rows) line(r);
  rule();
  line(footer);
  return os.str();
}

TVM_REGISTER_NODE_TYPE(PassTimingInstrumentNode);

// ---- FFI ---------------------------------------------------------------------------------------

TVM_REGISTER_GLOBAL("instrument.PassInstrument")
    .set_body_typed([](String name, PackedFunc enter_pass_ctx, PackedFunc exit_pass_ctx,
                       PackedFunc should_run, PackedFunc run_before_pass,
                       PackedFunc run_after_pass) {
      return BasePassInstrument(name, enter_pass_ctx, exit_pass_ctx, should_run, run_before_pass,
                                run_after_pass);
    });

TVM_REGISTER_GLOBAL("instrument.MakePassTimingInstrument").set_body_typed([]() {
  return PassTimingInstrument::Create();
});

TVM_REGISTER_GLOBAL("instrument.RenderTimePassProfiles")
    .set_body_typed([](PassTimingInstrument inst) {
      if (!inst.defined()) TVM_THROW(ValueError) << "RenderTimePassProfiles: no instrument given";
      return inst.Render();
    });

}  // namespace instrument
}  // namespace tvm
