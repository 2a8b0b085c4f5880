/*!
 * \file tvm/runtime/logging.h
 * \brief Errors. Two kinds of failure exist and they are reported differently:
 *  - something a user can cause (a wrong argument, a bad file, a schedule misuse) throws
 *    `Error` with a kind naming the Python exception class it becomes ("TypeError",
 *    "ValueError", ...) and a message that names the thing, what was expected and what was
 *    found: `TVM_THROW(ValueError) << "...";`
 *  - a broken internal invariant is an `ICHECK`, reported as "InternalError" with its location.
 * Neither aborts the process: both are C++ exceptions that the FFI turns into Python ones.
 */
#ifndef TVM_RUNTIME_LOGGING_H_
#define TVM_RUNTIME_LOGGING_H_

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace tvm {
namespace runtime {

/*! \brief The one exception type of the stack. */
class Error : public std::runtime_error {
 public:
  Error(std::string kind, const std::string& message)
      : std::runtime_error(message), kind_(std::move(kind)) {}
  explicit Error(const std::string& message) : Error("TVMError", message) {}
  /*! \brief The error class name ("TVMError", "TypeError", "InternalError", ...). */
  const std::string& kind() const { return kind_; }
  /*! \brief "Kind: message", the form carried through the C ABI's last-error string. */
  std::string FullMessage() const { return kind_ + ": " + what(); }
  /*! \brief Rebuild an Error from its FullMessage form. */
  static Error FromFullMessage(const std::string& full);

 private:
  std::string kind_;
};

namespace detail {
/*! \brief Collects a message and throws it as Error when the statement ends. */
class ErrorBuilder {
 public:
  ErrorBuilder(const char* kind, const char* file, int line, const char* check = nullptr)
      : kind_(kind), file_(file), line_(line) {
    if (check != nullptr) stream_ << check << ": ";
  }
  [[noreturn]] ~ErrorBuilder() noexcept(false);
  std::ostringstream& stream() { return stream_; }

 private:
  const char* kind_;
  const char* file_;
  int line_;
  std::ostringstream stream_;
};
}  // namespace detail
}  // namespace runtime
}  // namespace tvm

/*! \brief Throw a user-facing error of the given kind: TVM_THROW(TypeError) << "...". */
#define TVM_THROW(Kind) ::tvm::runtime::detail::ErrorBuilder(#Kind, __FILE__, __LINE__).stream()

/*! \brief Check an internal invariant; failure is an InternalError with file and line. */
#define ICHECK(cond)   \
  if (cond) {          \
  } else               \
    ::tvm::runtime::detail::ErrorBuilder("InternalError", __FILE__, __LINE__, \
                                         "Check failed: (" #cond ")")         \
        .stream()

#define ICHECK_BINARY_(a, b, op)                                                           \
  if ((a)op(b)) {                                                                          \
  } else                                                                                   \
    ::tvm::runtime::detail::ErrorBuilder("InternalError", __FILE__, __LINE__,              \
                                         "Check failed: (" #a " " #op " " #b ")").stream() \
        << "(" << (a) << " vs. " << (b) << ") "
#define ICHECK_EQ(a, b) ICHECK_BINARY_(a, b, ==)
#define ICHECK_NE(a, b) ICHECK_BINARY_(a, b, !=)
#define ICHECK_LT(a, b) ICHECK_BINARY_(a, b, <)
#define ICHECK_LE(a, b) ICHECK_BINARY_(a, b, <=)
#define ICHECK_GT(a, b) ICHECK_BINARY_(a, b, >)
#define ICHECK_GE(a, b) ICHECK_BINARY_(a, b, >=)

#endif  // TVM_RUNTIME_LOGGING_H_
