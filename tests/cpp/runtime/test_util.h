/*!
 * \file test_util.h
 * \brief Helpers shared by the runtime unit tests: checking the kind and message of an Error,
 *  and unique temporary paths (ctest runs test processes in parallel).
 */
#ifndef TVM_TESTS_CPP_RUNTIME_TEST_UTIL_H_
#define TVM_TESTS_CPP_RUNTIME_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <tvm/runtime/logging.h>
#include <unistd.h>

#include <exception>
#include <initializer_list>
#include <string>

namespace tvm {
namespace runtime {
namespace testing {

/*!
 * \brief Whether `f` throws tvm::runtime::Error of `kind` whose message contains every string
 *  of `parts`. Use as EXPECT_TRUE(ThrowsError([&] { ... }, "ValueError", {"float33"})).
 */
template <typename F>
::testing::AssertionResult ThrowsError(F&& f, const std::string& kind,
                                       std::initializer_list<std::string> parts = {}) {
  try {
    f();
  } catch (const Error& e) {
    std::string msg = e.what();
    if (e.kind() != kind) {
      return ::testing::AssertionFailure()
             << "expected an Error of kind " << kind << ", got " << e.FullMessage();
    }
    for (const std::string& p : parts) {
      if (msg.find(p) == std::string::npos) {
        return ::testing::AssertionFailure()
               << "the message \"" << msg << "\" does not contain \"" << p << "\"";
      }
    }
    return ::testing::AssertionSuccess();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "expected tvm::runtime::Error, got another exception: "
                                         << e.what();
  }
  return ::testing::AssertionFailure() << "expected an Error of kind " << kind
                                       << ", but nothing was thrown";
}

/*! \brief A path under /tmp unique to this process and the running test. */
inline std::string UniqueTempPath(const std::string& suffix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "_" + info->name() : "none";
  return "/tmp/tvm_cpptest_" + std::to_string(getpid()) + "_" + name + suffix;
}

}  // namespace testing
}  // namespace runtime
}  // namespace tvm

#endif  // TVM_TESTS_CPP_RUNTIME_TEST_UTIL_H_
