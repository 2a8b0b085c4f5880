/*!
 * \file thread_pool_test.cc
 * \brief The thread pool behind generated parallel loops: TVMBackendParallelLaunch, its
 *  barrier, error propagation, nesting, pool sizing, and workspace memory.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/threading_backend.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

using threading::MaxConcurrency;
using threading::SetMaxConcurrency;
using testing::ThrowsError;

constexpr int kMaxTasks = 1024;

/*! \brief Sizes the pool for one test and restores the default afterwards. */
class PoolSize {
 public:
  explicit PoolSize(int n) { SetMaxConcurrency(n); }
  ~PoolSize() { SetMaxConcurrency(0); }
};

/*! \brief Shared state of a parallel sum: each task sums one contiguous chunk. */
struct SumJob {
  const std::vector<int64_t>* data;
  int64_t partial[kMaxTasks];
  std::atomic<int> runs[kMaxTasks];
  std::atomic<int> seen_num_task{-1};
  SumJob() {
    for (int i = 0; i < kMaxTasks; ++i) {
      partial[i] = 0;
      runs[i] = 0;
    }
  }
};

int SumChunk(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  auto* job = static_cast<SumJob*>(cdata);
  job->seen_num_task = penv->num_task;
  int64_t n = static_cast<int64_t>(job->data->size());
  int64_t chunk = (n + penv->num_task - 1) / penv->num_task;
  int64_t begin = std::min(n, task_id * chunk);
  int64_t end = std::min(n, begin + chunk);
  int64_t s = 0;
  for (int64_t i = begin; i < end; ++i) s += (*job->data)[i];
  job->partial[task_id] = s;
  job->runs[task_id].fetch_add(1);
  return 0;
}

std::vector<int64_t> TestData(size_t n) {
  std::vector<int64_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<int64_t>((i * 7919) % 1001) - 500;
  return v;
}

int64_t SerialSum(const std::vector<int64_t>& v) {
  int64_t s = 0;
  for (int64_t x : v) s += x;
  return s;
}

/*! \brief Run a parallel sum with num_task requested; checks each task ran exactly once. */
int64_t ParallelSum(const std::vector<int64_t>& data, int num_task, int* used_tasks) {
  SumJob job;
  job.data = &data;
  EXPECT_EQ(TVMBackendParallelLaunch(SumChunk, &job, num_task), 0);
  int n = job.seen_num_task;
  *used_tasks = n;
  int64_t total = 0;
  for (int t = 0; t < kMaxTasks; ++t) {
    EXPECT_EQ(job.runs[t].load(), t < n ? 1 : 0) << "task " << t;
    total += job.partial[t];
  }
  return total;
}

// Disjoint chunks summed in parallel add up to the serial sum, for any task count.
TEST(ThreadPool, ParallelSumMatchesSerial) {
  PoolSize size(4);
  ASSERT_EQ(MaxConcurrency(), 4);
  std::vector<int64_t> data = TestData(1000003);
  int64_t expected = SerialSum(data);
  for (int num_task : {0, 1, 2, 3, 4, 100}) {
    SCOPED_TRACE("num_task " + std::to_string(num_task));
    int used = 0;
    EXPECT_EQ(ParallelSum(data, num_task, &used), expected);
    // 0 means one task per thread; larger requests are capped at the pool size.
    int want = num_task == 0 || num_task > 4 ? 4 : num_task;
    EXPECT_EQ(used, want);
  }
  // Many short launches back to back, the pattern generated code produces.
  std::vector<int64_t> small = TestData(37);
  for (int i = 0; i < 1000; ++i) {
    int used = 0;
    ASSERT_EQ(ParallelSum(small, 0, &used), SerialSum(small));
  }
}

// Tasks are claimed rather than assigned: with more pool threads than cores (so some are
// often not scheduled) every task of every launch still runs exactly once.
TEST(ThreadPool, OversubscribedPoolRunsEachTaskOnce) {
  PoolSize size(8);
  std::vector<int64_t> data = TestData(4096);
  int64_t expected = SerialSum(data);
  for (int i = 0; i < 2000; ++i) {
    int used = 0;
    ASSERT_EQ(ParallelSum(data, 0, &used), expected) << "launch " << i;
    ASSERT_EQ(used, 8);
  }
}

// With the default pool size, num_task 0 runs one task per pool thread.
TEST(ThreadPool, NumTaskZeroUsesAllThreads) {
  std::vector<int64_t> data = TestData(4096);
  int used = 0;
  EXPECT_EQ(ParallelSum(data, 0, &used), SerialSum(data));
  EXPECT_EQ(used, MaxConcurrency());
  EXPECT_GE(MaxConcurrency(), 1);
}

struct NestedJob {
  std::atomic<int> inner_runs[kMaxTasks];
  std::atomic<int> inner_num_task[kMaxTasks];
  std::atomic<int> inner_ret[kMaxTasks];
  NestedJob() {
    for (int i = 0; i < kMaxTasks; ++i) {
      inner_runs[i] = 0;
      inner_num_task[i] = -1;
      inner_ret[i] = -1;
    }
  }
};
struct InnerArg {
  NestedJob* job;
  int outer_task;
};

int InnerTask(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  auto* arg = static_cast<InnerArg*>(cdata);
  arg->job->inner_runs[arg->outer_task].fetch_add(1);
  arg->job->inner_num_task[arg->outer_task] = penv->num_task;
  return 0;
}

int OuterTask(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  InnerArg arg{static_cast<NestedJob*>(cdata), task_id};
  arg.job->inner_ret[task_id] = TVMBackendParallelLaunch(InnerTask, &arg, 4);
  return 0;
}

// A launch from inside a task runs serially as one task and completes.
TEST(ThreadPool, NestedLaunchRunsSerially) {
  PoolSize size(3);
  NestedJob job;
  ASSERT_EQ(TVMBackendParallelLaunch(OuterTask, &job, 0), 0);
  for (int t = 0; t < 3; ++t) {
    SCOPED_TRACE("outer task " + std::to_string(t));
    EXPECT_EQ(job.inner_ret[t].load(), 0);
    EXPECT_EQ(job.inner_runs[t].load(), 1);
    EXPECT_EQ(job.inner_num_task[t].load(), 1);
  }
  EXPECT_EQ(job.inner_runs[3].load(), 0);
}

struct BarrierJob {
  static constexpr int kRounds = 50;
  std::vector<int64_t> slot;
  std::vector<int64_t> seen;
  std::atomic<int> errors{0};
};

int BarrierTask(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  auto* job = static_cast<BarrierJob*>(cdata);
  int n = penv->num_task;
  for (int round = 0; round < BarrierJob::kRounds; ++round) {
    // Phase 1: publish a value only this task knows.
    job->slot[task_id] = int64_t{1000} * round + task_id;
    TVMBackendParallelBarrier(task_id, penv);
    // Phase 2: read what every other task published in phase 1.
    int64_t sum = 0;
    for (int t = 0; t < n; ++t) {
      int64_t want = int64_t{1000} * round + t;
      if (job->slot[t] != want) job->errors.fetch_add(1);
      sum += job->slot[t];
    }
    job->seen[task_id * BarrierJob::kRounds + round] = sum;
    // Nobody overwrites a slot before everyone has read it.
    TVMBackendParallelBarrier(task_id, penv);
  }
  return 0;
}

// The barrier separates phases: after it, every task sees what all tasks wrote before it.
TEST(ThreadPool, BarrierSeparatesPhases) {
  PoolSize size(4);
  // num_task 1 takes the serial path, where the barrier has nobody to wait for.
  for (int num_task : {0, 1, 2, 3}) {
    SCOPED_TRACE("num_task " + std::to_string(num_task));
    int n = num_task == 0 ? 4 : num_task;
    BarrierJob job;
    job.slot.assign(n, -1);
    job.seen.assign(static_cast<size_t>(n) * BarrierJob::kRounds, -1);
    ASSERT_EQ(TVMBackendParallelLaunch(BarrierTask, &job, num_task), 0);
    EXPECT_EQ(job.errors.load(), 0);
    for (int t = 0; t < n; ++t) {
      for (int r = 0; r < BarrierJob::kRounds; ++r) {
        int64_t expected = int64_t{1000} * r * n + int64_t{n} * (n - 1) / 2;
        EXPECT_EQ(job.seen[t * BarrierJob::kRounds + r], expected) << "task " << t << " round "
                                                                   << r;
      }
    }
  }
}

struct FailJob {
  int failing_task;
  std::atomic<int> runs{0};
};

int FailingTask(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  auto* job = static_cast<FailJob*>(cdata);
  job->runs.fetch_add(1);
  if (task_id == job->failing_task) {
    std::string msg = "ValueError: task " + std::to_string(task_id) + " failed";
    TVMAPISetLastError(msg.c_str());
    return -1;
  }
  return 0;
}

// A failing task makes the launch return -1 with that task's message as the last error.
TEST(ThreadPool, TaskErrorPropagates) {
  PoolSize size(4);
  for (int failing : {0, 1, 3}) {
    SCOPED_TRACE("failing task " + std::to_string(failing));
    TVMAPISetLastError("");
    FailJob job{failing};
    EXPECT_EQ(TVMBackendParallelLaunch(FailingTask, &job, 0), -1);
    EXPECT_STREQ(TVMGetLastError(),
                 ("ValueError: task " + std::to_string(failing) + " failed").c_str());
    EXPECT_EQ(job.runs.load(), 4);
    // The next launch starts clean.
    FailJob ok{-1};
    EXPECT_EQ(TVMBackendParallelLaunch(FailingTask, &ok, 0), 0);
  }
}

// A failing task also propagates when the pool has a single thread (the serial path).
TEST(ThreadPool, TaskErrorPropagatesSerially) {
  PoolSize size(1);
  TVMAPISetLastError("");
  FailJob job{0};
  EXPECT_EQ(TVMBackendParallelLaunch(FailingTask, &job, 0), -1);
  EXPECT_STREQ(TVMGetLastError(), "ValueError: task 0 failed");
}

// Two threads launching at once both get complete, correct results.
TEST(ThreadPool, ConcurrentLaunchesFromTwoThreads) {
  PoolSize size(2);
  std::vector<int64_t> data = TestData(100000);
  int64_t expected = SerialSum(data);
  std::atomic<int> wrong{0};
  auto worker = [&] {
    for (int i = 0; i < 200; ++i) {
      SumJob job;
      job.data = &data;
      if (TVMBackendParallelLaunch(SumChunk, &job, 0) != 0) wrong.fetch_add(1);
      int64_t total = 0;
      for (int t = 0; t < job.seen_num_task; ++t) total += job.partial[t];
      if (total != expected) wrong.fetch_add(1);
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(wrong.load(), 0);
}

// SetMaxConcurrency(1) makes launches serial; 0 restores the default size.
TEST(ThreadPool, SetMaxConcurrencyAndRestore) {
  int default_size = MaxConcurrency();
  const char* env = std::getenv("TVM_NUM_THREADS");
  int expected_default = env != nullptr ? std::atoi(env) : threading::PhysicalCoreCount();
  EXPECT_EQ(default_size, expected_default);

  SetMaxConcurrency(1);
  EXPECT_EQ(MaxConcurrency(), 1);
  std::vector<int64_t> data = TestData(999);
  int used = 0;
  EXPECT_EQ(ParallelSum(data, 0, &used), SerialSum(data));
  EXPECT_EQ(used, 1);
  EXPECT_EQ(ParallelSum(data, 8, &used), SerialSum(data));
  EXPECT_EQ(used, 1);

  SetMaxConcurrency(0);
  EXPECT_EQ(MaxConcurrency(), default_size);
  SetMaxConcurrency(-5);
  EXPECT_EQ(MaxConcurrency(), default_size);
  EXPECT_TRUE(ThrowsError([] { SetMaxConcurrency(5000); }, "ValueError", {"5000"}));
  EXPECT_EQ(MaxConcurrency(), default_size);
}

// TVM_NUM_THREADS sets the default size; a malformed value is ignored.
TEST(ThreadPool, NumThreadsEnvironmentVariable) {
  const char* old = std::getenv("TVM_NUM_THREADS");
  std::string saved = old ? old : "";
  setenv("TVM_NUM_THREADS", "3", 1);
  SetMaxConcurrency(0);
  EXPECT_EQ(MaxConcurrency(), 3);
  setenv("TVM_NUM_THREADS", "three", 1);
  SetMaxConcurrency(0);
  EXPECT_EQ(MaxConcurrency(), threading::PhysicalCoreCount());
  if (old) {
    setenv("TVM_NUM_THREADS", saved.c_str(), 1);
  } else {
    unsetenv("TVM_NUM_THREADS");
  }
  SetMaxConcurrency(0);
}

struct ResizeJob {
  std::atomic<int> runtime_errors{0};
};

int ResizeFromTask(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  auto* job = static_cast<ResizeJob*>(cdata);
  try {
    SetMaxConcurrency(1);
  } catch (const Error& e) {
    if (e.kind() == "RuntimeError") job->runtime_errors.fetch_add(1);
  }
  return 0;
}

// Resizing the pool from inside a task is refused with an Error instead of deadlocking.
TEST(ThreadPool, ResizeFromTaskIsRefused) {
  PoolSize size(2);
  ResizeJob job;
  EXPECT_EQ(TVMBackendParallelLaunch(ResizeFromTask, &job, 0), 0);
  EXPECT_EQ(job.runtime_errors.load(), 2);
  EXPECT_EQ(MaxConcurrency(), 2);
}

bool Aligned64(const void* p) { return reinterpret_cast<uintptr_t>(p) % 64 == 0; }

// Workspace memory is 64-byte aligned, writable in full, and recycled after it is freed.
TEST(Workspace, AlignedAndReusable) {
  std::vector<void*> blocks;
  for (uint64_t size : {uint64_t{1}, uint64_t{63}, uint64_t{64}, uint64_t{1000},
                        uint64_t{1} << 20}) {
    void* p = TVMBackendAllocWorkspace(kDLCPU, 0, size, kDLFloat, 32);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(Aligned64(p)) << size;
    std::memset(p, 0xAB, size);
    blocks.push_back(p);
  }
  // Generated code frees in reverse order of allocation.
  for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
    EXPECT_EQ(TVMBackendFreeWorkspace(kDLCPU, 0, *it), 0);
  }
  // On a thread with no cached blocks yet, a freed block is handed out again for a request of
  // the same size, and blocks live at the same time never overlap.
  std::thread fresh([] {
    void* a = TVMBackendAllocWorkspace(kDLCPU, 0, 1000, kDLFloat, 32);
    EXPECT_TRUE(Aligned64(a));
    EXPECT_EQ(TVMBackendFreeWorkspace(kDLCPU, 0, a), 0);
    void* b = TVMBackendAllocWorkspace(kDLCPU, 0, 1000, kDLFloat, 32);
    EXPECT_EQ(a, b);
    void* c = TVMBackendAllocWorkspace(kDLCPU, 0, 1000, kDLFloat, 32);
    EXPECT_NE(b, c);
    auto lo = reinterpret_cast<uintptr_t>(std::min(b, c));
    auto hi = reinterpret_cast<uintptr_t>(std::max(b, c));
    EXPECT_GE(hi - lo, 1000u);
    EXPECT_EQ(TVMBackendFreeWorkspace(kDLCPU, 0, c), 0);
    EXPECT_EQ(TVMBackendFreeWorkspace(kDLCPU, 0, b), 0);
  });
  fresh.join();
}

int WorkspaceTask(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  auto* bad = static_cast<std::atomic<int>*>(cdata);
  for (int i = 0; i < 100; ++i) {
    auto* p = static_cast<int32_t*>(TVMBackendAllocWorkspace(kDLCPU, 0, 4096, kDLInt, 32));
    if (p == nullptr || !Aligned64(p)) {
      bad->fetch_add(1);
      continue;
    }
    for (int k = 0; k < 1024; ++k) p[k] = task_id * 100000 + k;
    for (int k = 0; k < 1024; ++k) {
      if (p[k] != task_id * 100000 + k) bad->fetch_add(1);
    }
    TVMBackendFreeWorkspace(kDLCPU, 0, p);
  }
  return 0;
}

// Tasks on different threads allocate workspace independently.
TEST(Workspace, PerThreadInParallelTasks) {
  PoolSize size(4);
  std::atomic<int> bad{0};
  EXPECT_EQ(TVMBackendParallelLaunch(WorkspaceTask, &bad, 0), 0);
  EXPECT_EQ(bad.load(), 0);
}

// Workspace on a device this runtime lacks returns null with a ValueError as last error.
TEST(Workspace, MissingDeviceSetsLastError) {
  EXPECT_EQ(TVMBackendAllocWorkspace(kDLVulkan, 0, 64, kDLFloat, 32), nullptr);
  EXPECT_EQ(std::string(TVMGetLastError()).rfind("ValueError: ", 0), 0u) << TVMGetLastError();
  EXPECT_NE(std::string(TVMGetLastError()).find("vulkan"), std::string::npos);
}

}  // namespace
}  // namespace runtime
}  // namespace tvm
