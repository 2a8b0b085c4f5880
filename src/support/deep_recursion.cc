/*!
 * \file deep_recursion.cc
 * \brief Running a function on a thread with a large stack (std::thread cannot size its stack).
 */
#include "deep_recursion.h"

#include <pthread.h>

namespace tvm {
namespace support {

void RunOnNewStack(size_t stack_bytes, const std::function<void()>& f) {
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0;
  if (started) {
    auto trampoline = [](void* arg) -> void* {
      (*static_cast<const std::function<void()>*>(arg))();
      return nullptr;
    };
    started =
        pthread_attr_setstacksize(&attr, stack_bytes) == 0 &&
        pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&f)) == 0;
    pthread_attr_destroy(&attr);
  }
  if (started) {
    pthread_join(thread, nullptr);
  } else {
    f();
  }
}

}  // namespace support
}  // namespace tvm
