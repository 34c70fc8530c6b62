#pragma once
// A connector target for the applier's tests that misbehaves the ways real
// ones do (lost answers, trimmed names, 2xx without a body, a revoked token,
// an unreachable target), and the helpers that build plans for it. No
// sockets: a run takes microseconds.

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/connectors/apply.hpp"
#include "engine/planning/plan.hpp"

namespace sdemig::engine::fake {

using boost::asio::awaitable;

inline connector make(std::string name, std::vector<param> params,
                      std::optional<std::int64_t> id = std::nullopt) {
  connector c;
  c.id = id;
  c.name = std::move(name);
  c.system = {"jira", "", std::nullopt};
  c.inaccessible = false;
  c.params = std::move(params);
  return c;
}

inline sde::api_error http_error(unsigned status, std::vector<field_error> fields,
                                 std::string detail = {}) {
  sde::api_error e;
  e.what = sde::api_error::kind::http;
  e.status = status;
  e.server.fields = std::move(fields);
  e.server.detail = std::move(detail);
  e.message = "HTTP " + std::to_string(status);
  return e;
}

class fake_target final : public sde::connector_target {
 public:
  std::vector<connector> held;
  bool trims_names = false;
  bool patch_replaces_params = false;  // a PATCH that sends params replaces them (a DRF JSON field)
  unsigned lose_answers = 0;           // the next N writes are applied, their answers lost
  unsigned lose_before_apply = 0;      // the next N writes are lost before they arrive
  unsigned empty_bodies = 0;  // the next N writes are applied, answered 2xx with no usable body
  std::optional<std::size_t> revoke_after;  // requests before the token stops working
  std::optional<std::size_t> gone_after;    // writes before the target cannot be connected to
  bool one_lands_per_read =
      false;  // after each list, one write arrives, the rest are lost on the way
  std::size_t writes_since_list = 0;
  std::size_t lists = 0, writes = 0, requests = 0;
  std::vector<std::pair<connector, bool>> sent;  // body, PATCH?

  awaitable<sde::result<std::size_t>> async_list(connector_kind,
                                                 sde::page_handler on_page) override {
    if (revoked()) co_return http_error(401, {}, "Invalid token.");
    ++lists;
    writes_since_list = 0;
    connector_page page;
    page.results = held;
    on_page(page);
    co_return held.size();
  }

  awaitable<sde::result<connector>> async_create(connector_kind, const connector& c) override {
    co_return write(c, std::nullopt, false);
  }

  awaitable<sde::result<connector>> async_update(connector_kind, std::int64_t id,
                                                 const connector& c, bool patch) override {
    co_return write(c, id, patch);
  }

  bool refuses_delete = false;  // answers 405 to DELETE
  std::size_t deletes = 0;

  // Removes the connector (a lost answer after it when lose_answers says so).
  awaitable<sde::result<std::monostate>> async_delete(connector_kind, std::int64_t id) override {
    if (revoked()) co_return http_error(401, {}, "Invalid token.");
    ++deletes;
    if (refuses_delete) co_return http_error(405, {}, "Method \"DELETE\" not allowed.");
    if (std::erase_if(held, [&](const connector& c) { return c.id == id; }) == 0)
      co_return http_error(404, {}, "Not found.");
    if (lose_answers > 0) {
      --lose_answers;
      co_return lost();
    }
    co_return std::monostate{};
  }

  const connector* find(const std::string& name) const {
    for (const connector& c : held) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }

 private:
  bool revoked() { return revoke_after && ++requests > *revoke_after; }

  sde::result<connector> write(connector c, std::optional<std::int64_t> id, bool patch) {
    if (revoked()) return http_error(401, {}, "Invalid token.");
    if (gone_after && writes >= *gone_after) {
      sde::api_error e;
      e.what = sde::api_error::kind::transport;
      e.transport = net::failure::connect;
      e.message =
          "POST https://sde.example/api/v2/connectors/alm/: cannot connect: Connection refused";
      return e;
    }
    ++writes;
    sent.emplace_back(c, patch);
    if (lose_before_apply > 0) {
      --lose_before_apply;
      return lost();
    }
    if (one_lands_per_read && writes_since_list++ > 0) return lost();
    if (trims_names) c.name = std::string(server_form(c.name));
    if (server_form(c.name).empty())
      return http_error(400, {{"name", {"This field may not be blank."}}});
    for (const connector& h : held) {
      if (h.name == c.name && h.id != id)
        return http_error(400, {{"name", {"connector with this name already exists."}}});
    }
    connector* stored = nullptr;
    if (id) {
      for (connector& h : held) {
        if (h.id == id) stored = &h;
      }
      if (!stored) return http_error(404, {}, "Not found.");
      if (patch && patch_replaces_params) {
        stored->params = c.params;
        stored->name = c.name;
      } else if (patch) {
        for (const param& p : *c.params) stored->set_param(p.key, p.value);
        stored->name = c.name;
      } else {
        *stored = c;
        stored->id = id;
      }
    } else {
      c.id = static_cast<std::int64_t>(held.size()) + 100;
      held.push_back(c);
      stored = &held.back();
    }
    if (lose_answers > 0) {
      --lose_answers;
      return lost();
    }
    if (empty_bodies > 0) {
      --empty_bodies;
      sde::api_error e;
      e.what = sde::api_error::kind::invalid;
      e.outcome_unknown = true;
      e.status = 201;
      e.message = "invalid answer: empty body";
      return e;
    }
    return *stored;
  }

  static sde::api_error lost() { return lost_answer(); }

 public:
  static sde::api_error lost_answer() {
    sde::api_error e;
    e.what = sde::api_error::kind::transport;
    e.transport = net::failure::connection_lost;
    e.outcome_unknown = true;
    e.message = "connection lost (the write may or may not have been applied)";
    return e;
  }
};

inline apply_result apply(fake_target& target, const plan& p, apply_options options = {}) {
  boost::asio::io_context io;
  apply_result out;
  const bool stop = false;
  boost::asio::co_spawn(io, async_apply(target, p, options, nullptr, nullptr, stop),
                        [&](std::exception_ptr e, apply_result r) {
                          if (e) std::rethrow_exception(e);
                          out = std::move(r);
                        });
  io.run();
  return out;
}

inline inventory of(std::vector<connector> alm) {
  inventory inv;
  inv.alm = std::move(alm);
  return inv;
}

inline job alm_only() {
  job j;
  j.kinds = {connector_kind::alm};
  return j;
}

inline std::vector<connector> sources(std::size_t n) {
  std::vector<connector> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(make("c" + std::to_string(i), {{"alm_server", scalar::string("s")}},
                       static_cast<std::int64_t>(i + 1)));
  }
  return out;
}

// `n` source connectors applied to `target` by one worker, one write after
// another: where a run stops is exact.
inline apply_result apply_one_at_a_time(fake_target& target, std::size_t n) {
  apply_options one_at_a_time;
  one_at_a_time.concurrency = 1;
  return apply(target, make_plan(alm_only(), of(sources(n)), of({}), nullptr), one_at_a_time);
}

inline std::size_t count_of(const apply_result& r, outcome_status status) {
  return static_cast<std::size_t>(
      std::count_if(r.outcomes.begin(), r.outcomes.end(),
                    [&](const item_outcome& o) { return o.status == status; }));
}

}  // namespace sdemig::engine::fake
