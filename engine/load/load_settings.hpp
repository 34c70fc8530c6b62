#pragma once
// What `sdemig bench` is asked to do: the operations and their mix, closed
// or open loop, how long. No Asio here: the command line includes it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/generation.hpp"
#include "model/schema.hpp"

namespace sdemig::sde {
class scrubber;
}

namespace sdemig::engine {

enum class bench_op { list, get, create, update };
std::string_view to_string(bench_op op) noexcept;
std::optional<bench_op> parse_bench_op(std::string_view text) noexcept;

struct bench_settings {
  std::vector<std::pair<bench_op, unsigned>> mix{{bench_op::get, 1}};  // weights
  std::size_t connections = 16;
  std::optional<std::chrono::milliseconds> duration{std::chrono::seconds(10)};
  std::optional<std::uint64_t> count;  // -n: stop after this many requests
  double rate = 0;                     // open loop when > 0 (requests per second, in all)
  std::chrono::milliseconds warmup{1000};
  std::size_t list_page_size = 100;
  std::string create_prefix;  // names of the connectors --op create makes: PREFIX + a number
  api_generation api =
      api_generation::legacy;  // where issue-tracker connectors are, and their params' names
  // An answer with Retry-After holds its connection back that long before
  // the next request (--capacity's steps: a sweep never tramples).
  bool honour_retry_after = false;
  // What errors are scrubbed of (the token, secret values) before any
  // excerpt of a server's answer is cut; null: nothing to hide.
  const sde::scrubber* scrub = nullptr;
  // --op update: the instance's plugin schema, when it could be read (which
  // params are secrets: secret_rule); null: names that look secret are.
  const plugin_schema* schema = nullptr;
};

}  // namespace sdemig::engine
