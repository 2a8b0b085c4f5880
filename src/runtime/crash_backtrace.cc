/*!
 * \file crash_backtrace.cc
 * \brief With TVM_BACKTRACE_ON_CRASH=1 in the environment, a fatal signal (SIGSEGV, SIGBUS,
 *  SIGILL, SIGFPE, SIGABRT) prints the native call stack to stderr before the process dies:
 *  a debugging aid for crashes inside generated code or device drivers, where Python's
 *  faulthandler shows only the Python frames.
 */
#include <execinfo.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace tvm {
namespace runtime {
namespace {

void PrintBacktrace(int sig) {
  const char* head = "\n[tvm] fatal signal, native backtrace:\n";
  ssize_t ignored = write(STDERR_FILENO, head, std::strlen(head));
  (void)ignored;
  void* frames[64];
  int n = backtrace(frames, 64);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  signal(sig, SIG_DFL);
  raise(sig);
}

struct InstallOnLoad {
  InstallOnLoad() {
    const char* env = std::getenv("TVM_BACKTRACE_ON_CRASH");
    if (env == nullptr || std::strcmp(env, "1") != 0) return;
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) signal(sig, PrintBacktrace);
  }
};
const InstallOnLoad install_on_load;

}  // namespace
}  // namespace runtime
}  // namespace tvm
