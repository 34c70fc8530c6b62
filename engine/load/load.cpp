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
#include "io/sde/sde_client.hpp"

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

const sde::scrubber& scrubber_of(const bench_settings& s) {
  static const sde::scrubber none;
  return s.scrub ? *s.scrub : none;
}

bool needs(const bench_settings& s, bench_op op) {
  for (auto& [o, w] : s.mix) {
    if (o == op && w > 0) return true;
  }
  return false;
}

struct prepared {
  request_book book;
  std::optional<bench_failure> failed;
};

asio::awaitable<prepared> prepare(net::http_client& client, const bench_settings& s) {
  prepared out;
  request_book& book = out.book;
  for (auto& [op, weight] : s.mix) book.cycle.insert(book.cycle.end(), weight, op);
  if (book.cycle.empty()) throw std::invalid_argument("--mix gives every operation a weight of 0");
  const std::string collection =
      "/api/v2/connectors/" + std::string(path_segment(connector_kind::alm, s.api)) + "/";
  const std::string base = client.base().target(collection);
  book.api = s.api;
  book.list_target = base + "?page_size=" + std::to_string(s.list_page_size);
  book.create_target = base;
  book.create_prefix = s.create_prefix;
  if (!needs(s, bench_op::get) && !needs(s, bench_op::update)) co_return out;
  // Not measured: a throttled or unavailable answer is tried again.
  // (Arguments of an awaited call are named locals: GCC 12 destroys some
  // temporaries in a co_await expression twice.)
  const net::http_request list{net::http_method::get, base + "?page_size=1000", {}};
  auto first_page = [&]() -> asio::awaitable<net::http_result> {
    net::http_request request = list;
    co_return co_await client.async_request(std::move(request));
  };
  auto throttled =
      [](const net::http_result& r) -> std::optional<std::optional<std::chrono::milliseconds>> {
    if (!r.ok() || (r.status != 429 && r.status != 503)) return std::nullopt;
    return net::parse_retry_after(r.retry_after);
  };
  const net::http_result r =
      co_await async_retry_unmeasured<net::http_result>(first_page, throttled);
  json::connector_parser parser;
  auto fail = [&](bench_failure::reason why, std::string detail) {
    out.failed = bench_failure{why, std::move(detail)};
    return std::move(out);
  };
  if (!r.ok() || r.status != 200)
    co_return fail(bench_failure::reason::ids_unreadable,
                   sde::error_of(client.base(), list, r, parser, scrubber_of(s)).message);
  connector_page page;
  if (auto err = parser.parse(r.body, page)) {
    co_return fail(bench_failure::reason::ids_unreadable,
                   "GET " + client.base().origin() + list.target + ": " + err->text());
  }
  const json::write_options o = json::request_body_options();
  secret_rule secrets(s.schema);  // clone's rule: the mask (or a null secret) is never PUT back
  for (connector& c : page.results) {
    if (!c.id) continue;
    const std::string target = base + std::to_string(*c.id) + "/";
    book.get_targets.push_back(target);
    secrets.mark(c);
    bool has_unknown_secret = false;
    if (c.params) {
      for (const param& p : *c.params) has_unknown_secret |= secret_unknown(p);
    }
    if (!has_unknown_secret && book.updates.size() < 100)
      book.updates.emplace_back(target, json::to_json(c, o));
  }
  if (book.get_targets.empty())
    co_return fail(bench_failure::reason::no_connector, client.base().url(collection));
  if (needs(s, bench_op::update) && book.updates.empty())
    co_return fail(bench_failure::reason::secrets_masked, client.base().url(collection));
  co_return out;
}

}  // namespace

std::string failure_text(const bench_failure& f) {
  switch (f.why) {
    case bench_failure::reason::ids_unreadable:
      return "cannot read connectors to get or update: " + f.detail;
    case bench_failure::reason::no_connector:
      return "the instance has no ALM connector to get or update (" + f.detail + ")";
    case bench_failure::reason::secrets_masked:
      return "every ALM connector has a masked secret: an update would overwrite it (" + f.detail +
             ")";
    case bench_failure::reason::token_refused:
      return "the instance refused the token before any 2xx answer: " + f.detail;
  }
  return f.detail;
}

double ok_per_second(const bench_result& r) noexcept {
  return r.duration_s > 0 ? static_cast<double>(r.answers.ok) / r.duration_s : 0;
}

asio::awaitable<bench_outcome> async_bench(net::http_client& client, const bench_settings& s,
                                           const bool& stop) {
  prepared ready = co_await prepare(client, s);
  bench_outcome outcome;
  if (ready.failed) {
    outcome.failed = std::move(ready.failed);
    co_return outcome;
  }
  const request_book& book = ready.book;
  bench_result& result = outcome.result;
  result.open_loop = s.rate > 0;
  result.target_rate = s.rate;
  const auto t0 = clock::now();
  const auto warmup = s.count ? clock::duration::zero() : clock::duration(s.warmup);
  const auto measure_from = t0 + warmup;
  const auto end = s.duration ? measure_from + *s.duration : clock::time_point::max();
  std::uint64_t next_ticket = 0;
  auto last_done = measure_from;
  bool any_ok = false;  // a 2xx in the run, the warm-up's included
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
      if (stop || outcome.failed || (s.count && next_ticket >= *s.count)) co_return;
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
      if (refuses_the_token(r, any_ok)) {
        if (!outcome.failed) {
          json::connector_parser parser;
          outcome.failed = bench_failure{
              bench_failure::reason::token_refused,
              sde::error_of(client.base(), book.make(ticket, op), r, parser, scrubber_of(s))
                  .message};
        }
        co_return;
      }
      const answer_kind kind = classify(r);
      any_ok |= kind == answer_kind::ok;
      if (done >= measure_from) {  // else answered in the warm-up
        last_done = std::max(last_done, done);
        op_stats& stats = *stats_of[static_cast<std::size_t>(op)];
        ++stats.requests;
        stats.bytes += r.body.size();
        result.answers.add(kind);
        if (kind == answer_kind::ok) {
          ++stats.ok;
          stats.latency.record(done - intended);
        }
        series.record(op, done - measure_from, done - intended, kind);
        if (r.ok() && r.status < by_status.size()) {
          ++by_status[r.status];
        } else if (r.ok()) {
          ++result.status[r.status];
        } else {
          ++result.errors[std::string(net::to_string(r.error))];
        }
      }
      if (s.honour_retry_after && r.ok() && !r.retry_after.empty()) {
        const auto wait = net::parse_retry_after(r.retry_after);
        if (wait && wait->count() > 0) {
          if (end != clock::time_point::max() && clock::now() + *wait >= end) co_return;
          pace.expires_after(*wait);
          co_await pace.async_wait(asio::as_tuple(asio::use_awaitable));
        }
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
  result.requests = result.answers.measured();
  result.series = series.finish();
  for (auto& [op, stats] : result.ops) result.bytes += stats.bytes;
  // Answers that came after a -d window (sent within it) lengthen it.
  const auto measured_end = s.duration && !stop ? std::max(end, last_done) : last_done;
  result.duration_s = std::chrono::duration<double>(measured_end - measure_from).count();
  result.connections_opened = client.stats().connections_opened;
  co_return outcome;
}

}  // namespace sdemig::engine
