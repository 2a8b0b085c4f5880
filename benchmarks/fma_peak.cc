// Measures this machine's float32 FMA peak: independent AVX-512 (or AVX2) FMA chains, enough
// of them to cover the FMA latency, on N threads. Prints GFLOPS.
//   fma_peak <threads> <seconds>
#include <immintrin.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {
double Run(double seconds) {
#if defined(__AVX512F__)
  using V = __m512;
  constexpr int kLanes = 16;
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define CVT(v) _mm512_reduce_add_ps(v)
#else
  using V = __m256;
  constexpr int kLanes = 8;
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define CVT(v) (v)[0]
#endif
  constexpr int kChains = 12;  // > latency (4) x ports (2)
  V acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = SET1(0.001f * i);
  V a = SET1(0.999999f), b = SET1(1e-7f);
  long iters = 0;
  auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  do {
    for (int r = 0; r < 4096; ++r) {
      // Fully unrolled so the accumulators live in registers.
#pragma GCC unroll 16
      for (int i = 0; i < kChains; ++i) acc[i] = FMA(acc[i], a, b);
    }
    iters += 4096;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < seconds);
  V sum = acc[0];
  for (int i = 1; i < kChains; ++i) sum = ADD(sum, acc[i]);
  volatile float sink = CVT(sum);
  (void)sink;
  return 2.0 * kLanes * kChains * static_cast<double>(iters) / elapsed / 1e9;
}
}  // namespace

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  double seconds = argc > 2 ? std::atof(argv[2]) : 0.5;
  std::vector<double> gflops(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back([&, t] { gflops[t] = Run(seconds); });
  for (auto& th : pool) th.join();
  double total = 0;
  for (double g : gflops) total += g;
  std::printf("%.1f\n", total);
  return 0;
}
