#pragma once
// Tests wait on what they can observe (server stats, files, output), never
// for a fixed time: a fixed sleep is too short on a loaded machine and
// wasted on a fast one.

#include <chrono>
#include <thread>

namespace sdemig::test {

// Checks `ready` every `step` until it holds (true) or `timeout` passed
// (false: the caller says what it waited for).
template <class Ready>
bool wait_until(Ready ready, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                std::chrono::milliseconds step = std::chrono::milliseconds(2)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!ready()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
  return true;
}

}  // namespace sdemig::test
