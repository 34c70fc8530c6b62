#pragma once
// A connection target for the connection applier's tests that misbehaves
// the ways real ones do: lost answers (a black hole), writes lost on the way
// (a flaky link), aliases trimmed as DRF's CharField does, "alias already
// exists" from a second writer, and a token revoked between the writes and
// the re-read. No sockets: a run takes microseconds.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/connections/apply_connections.hpp"
#include "fake_target.hpp"

namespace sdemig::engine::fake {

class fake_connection_target final : public sde::connection_target {
 public:
  std::vector<connection> held;
  bool trims_aliases = false;
  unsigned lose_answers = 0;       // the next N writes are applied, their answers lost
  unsigned lose_before_apply = 0;  // the next N writes are lost before they arrive
  bool revoke_on_list = false;     // the token stops working at the first re-read
  std::size_t lists = 0, writes = 0;

  awaitable<sde::result<std::size_t>> async_list_connections(connector_kind,
                                                             std::optional<std::int64_t> project,
                                                             connection_handler on_page) override {
    if (revoke_on_list) co_return http_error(401, {}, "Invalid token.");
    ++lists;
    std::vector<connection> page;
    for (const connection& c : held) {
      if (!project || c.project == *project) page.push_back(c);
    }
    const std::size_t n = page.size();
    on_page(page);
    co_return n;
  }

  awaitable<sde::result<connection>> async_create_connection(connector_kind,
                                                             const connection& c) override {
    co_return write(c, std::nullopt);
  }

  awaitable<sde::result<connection>> async_update_connection(connector_kind, std::int64_t id,
                                                             const connection& c) override {
    co_return write(c, id);
  }

  std::size_t deletes = 0;

  awaitable<sde::result<std::monostate>> async_delete_connection(connector_kind,
                                                                 std::int64_t id) override {
    ++deletes;
    if (std::erase_if(held, [&](const connection& c) { return c.id == id; }) == 0)
      co_return http_error(404, {}, "Not found.");
    if (lose_answers > 0) {
      --lose_answers;
      co_return fake_target::lost_answer();
    }
    co_return std::monostate{};
  }

  std::size_t count(std::int64_t project, const std::string& alias) const {
    std::size_t n = 0;
    for (const connection& c : held) n += c.project == project && c.alias == alias;
    return n;
  }

 private:
  sde::result<connection> write(connection c, std::optional<std::int64_t> id) {
    ++writes;
    if (lose_before_apply > 0) {
      --lose_before_apply;
      return fake_target::lost_answer();
    }
    if (trims_aliases) c.alias = std::string(server_form(c.alias));
    for (const connection& h : held) {
      if (h.project == c.project && h.alias == c.alias && h.id != id)
        return http_error(400, {{"alias", {"Connection with this alias already exists."}}});
    }
    connection* stored = nullptr;
    if (id) {
      for (connection& h : held) {
        if (h.id == id) stored = &h;
      }
      if (!stored) return http_error(404, {}, "Not found.");
      for (const param& p : c.params.value_or(std::vector<param>{})) {
        std::erase_if(*stored->params, [&](const param& q) { return q.key == p.key; });
        stored->params->push_back(p);
      }
      stored->alias = c.alias;
      stored->frequency = c.frequency;
      stored->connector = c.connector;
    } else {
      c.id = static_cast<std::int64_t>(held.size()) + 500;
      held.push_back(c);
      stored = &held.back();
    }
    if (lose_answers > 0) {
      --lose_answers;
      return fake_target::lost_answer();
    }
    return *stored;
  }
};

inline apply_result apply_connections(fake_connection_target& target, const connection_plan& p,
                                      const connector_ids& ids, apply_options options = {},
                                      journal* j = nullptr) {
  boost::asio::io_context io;
  apply_result out;
  const bool stop = false;
  boost::asio::co_spawn(io, async_apply_connections(target, p, ids, options, j, nullptr, stop),
                        [&](std::exception_ptr e, apply_result r) {
                          if (e) std::rethrow_exception(e);
                          out = std::move(r);
                        });
  io.run();
  return out;
}

}  // namespace sdemig::engine::fake
