/*!
 * \file deep_recursion.h
 * \brief Recursive walks over IR as deep as the IR itself. A chain of ten thousand nested lets
 *  or calls overflows the 8 MB stack of a thread when every level costs a few frames, and a
 *  stack overflow is a crash, not an error. A walk that recurses per level of the IR descends
 *  through RecursionDepth; every kLevelsPerStack levels the walk continues on a fresh thread
 *  with a large stack while the caller waits (clang's RunSafelyOnThread does the same). Each
 *  level costs one counter increment; only walks deeper than kLevelsPerStack start threads.
 */
#ifndef TVM_SUPPORT_DEEP_RECURSION_H_
#define TVM_SUPPORT_DEEP_RECURSION_H_

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace tvm {
namespace support {

/*!
 * \brief Run f on a new thread whose stack has stack_bytes, and wait for it. Runs f on the
 *  calling thread when no thread can be started. f must not throw.
 */
void RunOnNewStack(size_t stack_bytes, const std::function<void()>& f);

/*! \brief f() on a new stack; its result, or the exception it throws, passes through. */
template <typename F>
auto CallOnNewStack(size_t stack_bytes, F&& f) -> decltype(f()) {
  std::optional<decltype(f())> result;
  std::exception_ptr error;
  RunOnNewStack(stack_bytes, [&]() {
    try {
      result.emplace(f());
    } catch (...) {
      error = std::current_exception();
    }
  });
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

/*! \brief The depth of one recursive walk; see the file comment. */
class RecursionDepth {
 public:
  /*! \brief Levels run on one stack (a level of IR takes at most a few KB of frames). */
  static constexpr int kLevelsPerStack = 1000;
  /*! \brief The size of each new stack (address space; pages are committed as used). */
  static constexpr size_t kStackBytes = size_t(64) << 20;

  /*! \brief f(), one level deeper: on a new stack when this level begins one. */
  template <typename F>
  auto Descend(F&& f) -> decltype(f()) {
    struct Leave {
      int* depth;
      ~Leave() { --*depth; }
    } leave{&depth_};
    if (++depth_ % kLevelsPerStack == 0) return CallOnNewStack(kStackBytes, std::forward<F>(f));
    return f();
  }

 private:
  int depth_{0};
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_DEEP_RECURSION_H_
