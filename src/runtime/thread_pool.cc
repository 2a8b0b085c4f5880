/*!
 * \file thread_pool.cc
 * \brief The pool that runs generated parallel loops (TVMBackendParallelLaunch).
 *
 * A launch publishes (lambda, data, task count) and bumps an epoch; pool threads spin briefly
 * on the epoch before sleeping, because generated code issues many short launches back to
 * back and a sleep/wake per launch would cost more than the work.
 *
 * Tasks are claimed, not assigned: every participant (the calling thread first) takes the
 * next unclaimed task id until none is left, then the caller waits for the claimed ones to
 * finish. When another process holds a core and a pool thread is not scheduled in time, the
 * caller runs its task instead of waiting a whole time slice for it. A thread claims a new
 * task only after finishing its previous one, so a task blocked in the parallel barrier is
 * never waiting for a task queued behind it on the same thread: for the barrier to be passed
 * by a finished task, every task must already have been claimed.
 *
 * A launch from inside a task, or while another thread's launch is running, runs serially as
 * a single task instead of waiting, so nesting can never deadlock.
 */
#include <sched.h>
#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/registry.h>
#include <tvm/runtime/threading_backend.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "runtime_internal.h"

namespace tvm {
namespace runtime {
namespace threading {

namespace {

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

constexpr int kSpinCount = 20000;

/*! \brief Whether the current thread is running a task (then nested launches run serially). */
thread_local bool t_in_task = false;

class Barrier {
 public:
  void Reset(int n) {
    n_ = n;
    arrived_.store(0, std::memory_order_relaxed);
  }
  void Wait() {
    if (n_ <= 1) return;
    uint64_t phase = phase_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) == n_ - 1) {
      arrived_.store(0, std::memory_order_relaxed);
      phase_.fetch_add(1, std::memory_order_release);
      return;
    }
    int spins = 0;
    while (phase_.load(std::memory_order_acquire) == phase) {
      if (++spins < kSpinCount) {
        CpuRelax();
      } else {
        std::this_thread::yield();
      }
    }
  }

 private:
  int n_{1};
  std::atomic<int> arrived_{0};
  std::atomic<uint64_t> phase_{0};
};

class ThreadPool {
 public:
  explicit ThreadPool(int num_threads) : num_threads_(num_threads) {
    for (int i = 1; i < num_threads_; ++i) {
      workers_.emplace_back([this, i] { WorkerLoop(i); });
    }
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(sleep_mutex_);
      stop_.store(true, std::memory_order_release);
    }
    sleep_cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  int size() const { return num_threads_; }

  int Launch(FTVMParallelLambda flambda, void* cdata, int num_task) {
    std::unique_lock<std::mutex> launch_lock(launch_mutex_, std::try_to_lock);
    if (t_in_task || !launch_lock.owns_lock()) return RunSerial(flambda, cdata);
    if (num_task <= 0 || num_task > num_threads_) num_task = num_threads_;
    if (num_task == 1) return RunSerial(flambda, cdata);

    flambda_ = flambda;
    cdata_ = cdata;
    env_.num_task = num_task;
    env_.sync_handle = &barrier_;
    barrier_.Reset(num_task);
    failed_.store(false, std::memory_order_relaxed);
    remaining_.store(num_task, std::memory_order_relaxed);
    // The epoch travels with the task count and with the claim counter, so a thread still
    // looking at an earlier launch can neither claim a task of this one nor misread its size.
    ++epoch_count_;
    uint64_t job = (epoch_count_ << 16) | static_cast<uint64_t>(num_task);
    claim_.store(epoch_count_ << 16, std::memory_order_relaxed);
    job_word_.store(job, std::memory_order_release);
    {
      std::lock_guard<std::mutex> lock(sleep_mutex_);
      if (sleepers_ > 0) sleep_cv_.notify_all();
    }
    t_in_task = true;
    RunClaimedTasks(job);
    t_in_task = false;
    int spins = 0;
    while (remaining_.load(std::memory_order_acquire) != 0) {
      if (++spins < kSpinCount) {
        CpuRelax();
      } else {
        std::this_thread::yield();
      }
    }
    if (failed_.load(std::memory_order_acquire)) {
      TVMAPISetLastError(first_error_.c_str());
      return -1;
    }
    return 0;
  }

 private:
  static int RunSerial(FTVMParallelLambda flambda, void* cdata) {
    TVMParallelGroupEnv env{nullptr, 1};
    bool was_in_task = t_in_task;
    t_in_task = true;
    int ret = flambda(0, &env, cdata);
    t_in_task = was_in_task;
    return ret == 0 ? 0 : -1;
  }

  /*! \brief Claim and run tasks of launch `job` until none is left unclaimed. */
  void RunClaimedTasks(uint64_t job) {
    uint64_t epoch = job >> 16;
    uint64_t count = job & 0xFFFF;
    uint64_t cur = claim_.load(std::memory_order_acquire);
    while ((cur >> 16) == epoch && (cur & 0xFFFF) < count) {
      if (!claim_.compare_exchange_weak(cur, cur + 1, std::memory_order_acq_rel)) continue;
      RunTask(static_cast<int>(cur & 0xFFFF));
      remaining_.fetch_sub(1, std::memory_order_acq_rel);
      cur = claim_.load(std::memory_order_acquire);
    }
  }

  void RunTask(int task_id) {
    if (flambda_(task_id, &env_, cdata_) != 0) {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!failed_.load(std::memory_order_relaxed)) {
        first_error_ = TVMGetLastError();
        failed_.store(true, std::memory_order_release);
      }
    }
  }

  void WorkerLoop(int id) {
    t_in_task = true;  // pool threads only ever run tasks
    uint64_t seen = 0;
    while (true) {
      uint64_t word;
      int spins = 0;
      while ((word = job_word_.load(std::memory_order_acquire)) == seen) {
        if (stop_.load(std::memory_order_acquire)) return;
        if (++spins < kSpinCount) {
          CpuRelax();
          continue;
        }
        std::unique_lock<std::mutex> lock(sleep_mutex_);
        ++sleepers_;
        sleep_cv_.wait(lock, [&] {
          return job_word_.load(std::memory_order_acquire) != seen ||
                 stop_.load(std::memory_order_acquire);
        });
        --sleepers_;
        spins = 0;
      }
      seen = word;
      RunClaimedTasks(word);
    }
  }

  const int num_threads_;
  std::vector<std::thread> workers_;
  std::mutex launch_mutex_;
  FTVMParallelLambda flambda_{nullptr};
  void* cdata_{nullptr};
  TVMParallelGroupEnv env_{nullptr, 0};
  Barrier barrier_;
  uint64_t epoch_count_{0};
  std::atomic<uint64_t> job_word_{0};
  /*! \brief (epoch << 16) | next unclaimed task id of the current launch. */
  std::atomic<uint64_t> claim_{0};
  std::atomic<int> remaining_{0};
  std::atomic<bool> stop_{false};
  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
  int sleepers_{0};
  std::atomic<bool> failed_{false};
  std::mutex error_mutex_;
  std::string first_error_;
};

std::mutex g_pool_mutex;
ThreadPool* g_pool = nullptr;  // intentionally never destroyed at exit
int g_requested_threads = 0;   // 0: default

int DefaultThreads() {
  if (const char* env = getenv("TVM_NUM_THREADS")) {
    char* end = nullptr;
    long v = strtol(env, &end, 10);
    if (end != env && *end == '\0' && v > 0 && v <= 1024) return static_cast<int>(v);
    fprintf(stderr, "[tvm] ignoring TVM_NUM_THREADS='%s': expected a positive integer\n", env);
  }
  return PhysicalCoreCount();
}

ThreadPool* Pool() {
  std::lock_guard<std::mutex> lock(g_pool_mutex);
  if (g_pool == nullptr) {
    g_pool = new ThreadPool(g_requested_threads > 0 ? g_requested_threads : DefaultThreads());
  }
  return g_pool;
}

}  // namespace

int PhysicalCoreCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) {
    return std::max(1u, std::thread::hardware_concurrency());
  }
  std::set<std::string> cores;
  int cpus = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &set)) continue;
    ++cpus;
    std::ifstream f("/sys/devices/system/cpu/cpu" + std::to_string(cpu) +
                    "/topology/thread_siblings_list");
    std::string siblings;
    if (f && std::getline(f, siblings)) {
      cores.insert(siblings);
    } else {
      cores.insert("cpu" + std::to_string(cpu));
    }
  }
  int n = cores.empty() ? cpus : static_cast<int>(cores.size());
  return std::max(1, n);
}

int MaxConcurrency() { return Pool()->size(); }

void SetMaxConcurrency(int n) {
  std::lock_guard<std::mutex> lock(g_pool_mutex);
  if (t_in_task) TVM_THROW(RuntimeError) << "cannot resize the thread pool from inside a task";
  if (n > 1024) TVM_THROW(ValueError) << "thread pool size " << n << " is too large (at most 1024)";
  g_requested_threads = n > 0 ? n : 0;
  delete g_pool;
  g_pool = nullptr;
}

namespace {
/*! \brief Per-thread recycling of workspace blocks: generated code frees in LIFO order. */
struct WorkspaceCache {
  std::unordered_map<void*, size_t> live;
  std::vector<std::pair<size_t, void*>> free_blocks;
  ~WorkspaceCache() {
    for (auto& b : free_blocks) free(b.second);
  }
};
thread_local WorkspaceCache t_workspace;
constexpr size_t kMaxCachedBlocks = 16;
}  // namespace

void* WorkspaceAlloc(size_t nbytes) {
  if (nbytes == 0) nbytes = 1;
  auto& cache = t_workspace;
  for (size_t i = 0; i < cache.free_blocks.size(); ++i) {
    auto [size, ptr] = cache.free_blocks[i];
    if (size >= nbytes && size <= 2 * nbytes) {
      cache.free_blocks.erase(cache.free_blocks.begin() + i);
      cache.live[ptr] = size;
      return ptr;
    }
  }
  void* ptr = nullptr;
  if (posix_memalign(&ptr, 64, nbytes) != 0) return nullptr;
  cache.live[ptr] = nbytes;
  return ptr;
}

void WorkspaceFree(void* ptr) {
  auto& cache = t_workspace;
  auto it = cache.live.find(ptr);
  if (it == cache.live.end()) {
    free(ptr);  // allocated on another thread
    return;
  }
  size_t size = it->second;
  cache.live.erase(it);
  if (cache.free_blocks.size() >= kMaxCachedBlocks) {
    free(cache.free_blocks.front().second);
    cache.free_blocks.erase(cache.free_blocks.begin());
  }
  cache.free_blocks.emplace_back(size, ptr);
}

TVM_REGISTER_GLOBAL("runtime.NumThreads").set_body_typed([]() { return MaxConcurrency(); });
TVM_REGISTER_GLOBAL("runtime.PhysicalCoreCount").set_body_typed([]() {
  return PhysicalCoreCount();
});
/*! \brief (mode, nthreads): resize the pool; nthreads <= 0 restores the default. */
TVM_REGISTER_GLOBAL("runtime.config_threadpool").set_body_typed([](int mode, int nthreads) {
  (void)mode;
  SetMaxConcurrency(nthreads);
});

}  // namespace threading
}  // namespace runtime
}  // namespace tvm

extern "C" {
int TVMBackendParallelLaunch(FTVMParallelLambda flambda, void* cdata, int num_task) {
  try {
    return tvm::runtime::threading::Pool()->Launch(flambda, cdata, num_task);
  } catch (const tvm::runtime::Error& e) {
    TVMAPISetLastError(e.FullMessage().c_str());
    return -1;
  }
}

int TVMBackendParallelBarrier(int task_id, TVMParallelGroupEnv* penv) {
  (void)task_id;
  if (penv->sync_handle != nullptr) {
    static_cast<tvm::runtime::threading::Barrier*>(penv->sync_handle)->Wait();
  }
  return 0;
}
}  // extern "C"
