/*!
 * \file tvm/support/with.h
 * \brief With<Context>: the C++ form of Python's `with ctx:`. A context class (PassContext,
 *  Target, ...) provides private EnterWithScope/ExitWithScope and befriends With<itself>;
 *
 *   {
 *     With<transform::PassContext> scope(ctx);  // enter
 *     mod = pass(mod);
 *   }                                           // exit, also when `pass` throws
 */
#ifndef TVM_SUPPORT_WITH_H_
#define TVM_SUPPORT_WITH_H_

#include <exception>
#include <iostream>
#include <utility>

namespace tvm {

template <typename ContextType>
class With {
 public:
  template <typename... Args>
  explicit With(Args&&... args) : ctx_(std::forward<Args>(args)...) {
    ctx_.EnterWithScope();
    uncaught_at_entry_ = std::uncaught_exceptions();
  }
  /*!
   * \brief Exits the scope. An error while exiting propagates, except while another exception
   *  is already unwinding the stack (throwing then would terminate the process): that error
   *  is written to stderr and the first one continues.
   */
  ~With() noexcept(false) {
    if (std::uncaught_exceptions() == uncaught_at_entry_) {
      ctx_.ExitWithScope();
      return;
    }
    try {
      ctx_.ExitWithScope();
    } catch (const std::exception& e) {
      std::cerr << "error while exiting a scope during exception unwinding: " << e.what()
                << std::endl;
    }
  }
  With(const With&) = delete;
  With& operator=(const With&) = delete;

  ContextType* get() { return &ctx_; }
  ContextType* operator->() { return &ctx_; }
  ContextType& operator*() { return ctx_; }

 private:
  ContextType ctx_;
  int uncaught_at_entry_{0};
};

}  // namespace tvm

#endif  // TVM_SUPPORT_WITH_H_
