/*!
 * \file tvm/ir/instrument.h
 * \brief Pass instruments: observers attached to a PassContext that see every pass run
 *  inside it (timing, IR dumps, bisecting, skipping passes).
 *
 * Hooks, in the order they are called:
 *  - EnterPassContext / ExitPassContext: when the PassContext holding the instrument is
 *    entered or exited (`with ctx:`), in the order of PassContext::instruments;
 *  - ShouldRun(mod, info): before each pass; if any instrument answers false the pass is
 *    skipped (every instrument is asked; a pass in the context's required_pass is never
 *    asked about and always runs);
 *  - RunBeforePass(mod, info) / RunAfterPass(result, info): around each pass that runs.
 *    A pass that throws gets no RunAfterPass.
 *
 * Passes nest (a Sequential is a pass whose body runs passes), so the hooks of the inner
 * passes come between the Before and After hooks of the outer one.
 */
#ifndef TVM_IR_INSTRUMENT_H_
#define TVM_IR_INSTRUMENT_H_

#include <tvm/ir/module.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/packed_func.h>

#include <memory>
#include <string>
#include <vector>

namespace tvm {
namespace transform {
class PassInfo;
}  // namespace transform

namespace instrument {

/*! \brief The interface every pass instrument implements. */
class PassInstrumentNode : public Object {
 public:
  /*! \brief A name for messages ("PassTimingInstrument", the Python class name, ...). */
  String name;

  virtual ~PassInstrumentNode() = default;
  virtual void EnterPassContext() const = 0;
  virtual void ExitPassContext() const = 0;
  /*! \return false to skip the pass. */
  virtual bool ShouldRun(const IRModule& mod, const transform::PassInfo& info) const = 0;
  virtual void RunBeforePass(const IRModule& mod, const transform::PassInfo& info) const = 0;
  virtual void RunAfterPass(const IRModule& mod, const transform::PassInfo& info) const = 0;

  void VisitAttrs(AttrVisitor* v) { v->Visit("name", &name); }
  static constexpr const char* _type_key = "instrument.PassInstrument";
  TVM_DECLARE_BASE_OBJECT_INFO(PassInstrumentNode, Object);
};

class PassInstrument : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(PassInstrument, ObjectRef, PassInstrumentNode);
};

/*!
 * \brief An instrument whose hooks are functions (how Python subclasses of
 *  tvm.instrument.PassInstrument are implemented). A null hook does nothing; a null
 *  should_run answers true.
 *  Signatures: enter/exit `void()`, should_run `bool(IRModule, PassInfo)`,
 *  run_before/run_after `void(IRModule, PassInfo)`.
 */
class BasePassInstrumentNode : public PassInstrumentNode {
 public:
  PackedFunc enter_pass_ctx_callback;
  PackedFunc exit_pass_ctx_callback;
  PackedFunc should_run_callback;
  PackedFunc run_before_pass_callback;
  PackedFunc run_after_pass_callback;

  void EnterPassContext() const final;
  void ExitPassContext() const final;
  bool ShouldRun(const IRModule& mod, const transform::PassInfo& info) const final;
  void RunBeforePass(const IRModule& mod, const transform::PassInfo& info) const final;
  void RunAfterPass(const IRModule& mod, const transform::PassInfo& info) const final;

  static constexpr const char* _type_key = "instrument.BasePassInstrument";
  TVM_DECLARE_FINAL_OBJECT_INFO(BasePassInstrumentNode, PassInstrumentNode);
};

class BasePassInstrument : public PassInstrument {
 public:
  BasePassInstrument(String name, PackedFunc enter_pass_ctx, PackedFunc exit_pass_ctx,
                     PackedFunc should_run, PackedFunc run_before_pass, PackedFunc run_after_pass);
  TVM_DEFINE_OBJECT_REF_METHODS(BasePassInstrument, PassInstrument, BasePassInstrumentNode);
};

/*! \brief The wall-clock time of one run of a pass, and of the passes it ran. */
struct PassProfile {
  std::string name;
  double start_us{0};
  double end_us{0};
  std::vector<std::unique_ptr<PassProfile>> children;
  double duration_us() const { return end_us - start_us; }
};

/*!
 * \brief Times every pass that runs in its context. Entering the context starts a fresh
 *  profile; the profile stays readable after the context exits. Passes still open at exit
 *  (one threw) are closed at the exit time.
 */
class PassTimingInstrumentNode : public PassInstrumentNode {
 public:
  void EnterPassContext() const final;
  void ExitPassContext() const final;
  bool ShouldRun(const IRModule& mod, const transform::PassInfo& info) const final { return true; }
  void RunBeforePass(const IRModule& mod, const transform::PassInfo& info) const final;
  void RunAfterPass(const IRModule& mod, const transform::PassInfo& info) const final;

  /*! \brief The passes run at top level, in order; each holds the passes it ran. */
  const std::vector<std::unique_ptr<PassProfile>>& profiles() const { return roots_; }
  /*!
   * \brief The profile as a table: one row per pass run, nested passes indented under the
   *  pass that ran them, with total time, self time (total minus nested passes) and share of
   *  the total of the top-level passes. Empty when no pass ran.
   */
  std::string Render() const;

  static constexpr const char* _type_key = "instrument.PassTimingInstrument";
  TVM_DECLARE_FINAL_OBJECT_INFO(PassTimingInstrumentNode, PassInstrumentNode);

 private:
  mutable std::vector<std::unique_ptr<PassProfile>> roots_;
  /*! \brief The passes currently running, outermost first. */
  mutable std::vector<PassProfile*> open_;
};

class PassTimingInstrument : public PassInstrument {
 public:
  /*! \brief A new timing instrument named "PassTimingInstrument". */
  static PassTimingInstrument Create();
  std::string Render() const { return get()->Render(); }
  TVM_DEFINE_OBJECT_REF_METHODS(PassTimingInstrument, PassInstrument, PassTimingInstrumentNode);
};

}  // namespace instrument
}  // namespace tvm

#endif  // TVM_IR_INSTRUMENT_H_
