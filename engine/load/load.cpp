#include "engine/load/load.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

#include "engine/load/unmeasured_retry.hpp"
#include "io/json/connector_parser.hpp"
#include "io/json/json_writer.hpp"
#include "io/net/core/retry.hpp"
#include "io/net/run_all.hpp"

namespace sdemig::engine {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

std::string_view to_string(bench_op op) noexcept {
  switch (op) {
    case bench_op::list:
      return "list";
    case bench_op::get:
      return "get";
    case bench_op::create:
      return "create";
    case bench_op::update:
      return "update";
  }
  return "?";
}

std::optional<bench_op> parse_bench_op(std::string_view text) noexcept {
  for (bench_op op : {bench_op::list, bench_op::get, bench_op::create, bench_op::update}) {
    if (text == to_string(op)) return op;
  }
  return std::nullopt;
}

namespace {

// User and system CPU seconds this process has used so far.
std::pair<double, double> cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return {s(u.ru_utime), s(u.ru_stime)};
}

// The requests a run sends, made once: bodies and targets are reused.
struct request_book {
  std::vector<bench_op> cycle;  // the mix, expanded by weight
  std::vector<std::string> get_targets;
  std::vector<std::pair<std::string, std::string>> updates;  // target, body
  std::string list_target;
  std::string create_target;  // the collection, behind the instance's path prefix
  std::string create_prefix;
  api_generation api = api_generation::legacy;

  net::http_request make(std::uint64_t ticket, bench_op op) const {
    switch (op) {
      case bench_op::list:
        return {net::http_method::get, list_target, {}};
      case bench_op::get:
        return {net::http_method::get, get_targets[ticket % get_targets.size()], {}};
      case bench_op::update: {
        const auto& [target, body] = updates[ticket % updates.size()];
        return {net::http_method::put, target, body};
      }
      case bench_op::create: {
        connector c;
        c.name = create_prefix + std::to_string(ticket);
        c.system.id = "jira";
        c.inaccessible = false;
        c.set_param("alm_server", scalar::string("bench.example.com"));
        c.set_param("alm_user", scalar::string("bench"));
        translate_params(*c.params, api_generation::legacy, api);
        return {net::http_method::post, create_target,
                json::to_json(c, json::request_body_options())};
      }
    }
    return {};
  }
};

bool needs(const bench_settings& s, bench_op op) {
  for (auto& [o, w] : s.mix) {
    if (o == op && w > 0) return true;
  }
  return false;
}

asio::awaitable<request_book> prepare(net::http_client& client, const bench_settings& s) {
  request_book book;
  for (auto& [op, weight] : s.mix) book.cycle.insert(book.cycle.end(), weight, op);
  if (book.cycle.empty()) throw std::runtime_error("--mix gives every operation a weight of 0");
  const std::string collection =
      "/api/v2/connectors/" + std::string(path_segment(connector_kind::alm, s.api)) + "/";
  const std::string base = client.base().target(collection);
  book.api = s.api;
  book.list_target = base + "?page_size=" + std::to_string(s.list_page_size);
  book.create_target = base;
  book.create_prefix = s.create_prefix;
  if (!needs(s, bench_op::get) && !needs(s, bench_op::update)) co_return book;
  // Not measured: a throttled or unavailable answer is tried again.
  // (Arguments of an awaited call are named locals: GCC 12 destroys some
  // temporaries in a co_await expression twice.)
  auto first_page = [&]() -> asio::awaitable<net::http_result> {
    net::http_request request{net::http_method::get, base + "?page_size=1000", {}};
    co_return co_await client.async_request(std::move(request));
  };
  auto throttled =
      [](const net::http_result& r) -> std::optional<std::optional<std::chrono::milliseconds>> {
    if (!r.ok() || (r.status != 429 && r.status != 503)) return std::nullopt;
    return net::parse_retry_after(r.retry_after);
  };
  const net::http_result r =
      co_await async_retry_unmeasured<net::http_result>(first_page, throttled);
  if (!r.ok() || r.status != 200) {
    throw std::runtime_error(
        "cannot read connectors to get or update: " +
        (r.ok() ? "GET " + client.base().url(collection) + ": HTTP " + std::to_string(r.status)
                : r.message));
  }
  json::connector_parser parser;
  connector_page page;
  if (auto err = parser.parse(r.body, page))
    throw std::runtime_error("cannot read connectors: " + err->text());
  const json::write_options o = json::request_body_options();
  for (const connector& c : page.results) {
    if (!c.id) continue;
    const std::string target = base + std::to_string(*c.id) + "/";
    book.get_targets.push_back(target);
    bool has_unknown_secret = false;
    if (c.params) {
      for (const param& p : *c.params)
        has_unknown_secret |= is_secret_param(p.key) && p.value.text == masked_secret;
    }
    if (!has_unknown_secret && book.updates.size() < 100)
      book.updates.emplace_back(target, json::to_json(c, o));
  }
  if (book.get_targets.empty())
    throw std::runtime_error("the instance has no ALM connector to get or update");
  if (needs(s, bench_op::update) && book.updates.empty()) {
    throw std::runtime_error(
        "every ALM connector has a masked secret: an update would overwrite it");
  }
  co_return book;
}

}  // namespace

asio::awaitable<bench_result> async_bench(net::http_client& client, const bench_settings& s,
                                          const bool& stop) {
  const request_book book = co_await prepare(client, s);
  bench_result result;
  result.open_loop = s.rate > 0;
  result.target_rate = s.rate;
  const auto t0 = clock::now();
  const auto warmup = s.count ? clock::duration::zero() : clock::duration(s.warmup);
  const auto measure_from = t0 + warmup;
  const auto end = s.duration ? measure_from + *s.duration : clock::time_point::max();
  std::uint64_t next_ticket = 0;
  std::uint64_t measured = 0;
  auto last_done = measure_from;
  const auto interval =
      s.rate > 0
          ? std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / s.rate))
          : clock::duration::zero();

  // Counted in flat arrays on the hot path, into the result's maps after.
  std::array<op_stats*, 4> stats_of{};
  for (bench_op op : book.cycle) stats_of[static_cast<std::size_t>(op)] = &result.ops[op];
  std::array<std::uint64_t, 600> by_status{};
  per_second_series series(s.duration ? std::optional<std::chrono::nanoseconds>(*s.duration)
                                      : std::nullopt);
  std::optional<std::pair<double, double>> cpu_at_start;  // taken by the first measured request
  co_await net::run_all(s.connections, [&](std::size_t) -> asio::awaitable<void> {
    asio::steady_timer pace(co_await asio::this_coro::executor);
    for (;;) {
      if (stop || (s.count && next_ticket >= *s.count)) co_return;
      const std::uint64_t ticket = next_ticket++;
      auto intended = clock::now();
      if (s.rate > 0) {
        intended = t0 + interval * static_cast<std::int64_t>(ticket);
        if (intended >= end) co_return;
        if (intended > clock::now()) {
          pace.expires_at(intended);
          co_await pace.async_wait(asio::as_tuple(asio::use_awaitable));
        }
      } else if (intended >= end) {
        co_return;
      }
      if (!cpu_at_start && intended >= measure_from) cpu_at_start = cpu_seconds();
      const bench_op op = book.cycle[ticket % book.cycle.size()];
      net::http_request request = book.make(ticket, op);
      net::http_result r = co_await client.async_request(std::move(request));
      const auto done = clock::now();
      if (intended < measure_from) continue;  // warm-up
      ++measured;
      last_done = std::max(last_done, done);
      op_stats& stats = *stats_of[static_cast<std::size_t>(op)];
      ++stats.requests;
      stats.bytes += r.body.size();
      stats.latency.record(done - intended);
      series.record(op, done - measure_from, done - intended,
                    !r.ok() || r.status >= 400
                        ? (r.ok() && r.status == 429 ? per_second_series::outcome::throttled
                                                     : per_second_series::outcome::failed)
                        : per_second_series::outcome::ok);
      if (r.ok() && r.status < by_status.size()) {
        ++by_status[r.status];
      } else if (r.ok()) {
        ++result.status[r.status];
      } else {
        ++result.errors[std::string(net::to_string(r.error))];
      }
    }
  });
  for (std::size_t code = 0; code < by_status.size(); ++code) {
    if (by_status[code]) result.status[static_cast<unsigned>(code)] += by_status[code];
  }
  if (cpu_at_start) {
    const auto [user, system] = cpu_seconds();
    result.cpu_user_s = user - cpu_at_start->first;
    result.cpu_system_s = system - cpu_at_start->second;
  }
  result.requests = measured;
  result.series = series.finish();
  for (auto& [op, stats] : result.ops) result.bytes += stats.bytes;
  const auto measured_end = s.duration && !stop ? end : last_done;
  result.duration_s = std::chrono::duration<double>(measured_end - measure_from).count();
  result.connections_opened = client.stats().connections_opened;
  co_return result;
}

}  // namespace sdemig::engine
