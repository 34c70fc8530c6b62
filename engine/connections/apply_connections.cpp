#include "engine/connections/apply_connections.hpp"

#include "engine/journal.hpp"
#include "engine/reconcile_rounds.hpp"
#include "io/net/run_all.hpp"

namespace sdemig::engine {

using boost::asio::awaitable;

connector_ids target_connector_ids(const inventory& before, const plan& p,
                                   const apply_result* applied) {
  connector_ids ids;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& c : before.of(kind)) {
      if (c.id) ids[{kind, c.name}] = *c.id;
    }
  }
  if (!applied) return ids;
  for (std::size_t i = 0; i < p.items.size() && i < applied->outcomes.size(); ++i) {
    const item_outcome& out = applied->outcomes[i];
    if (out.target_id && !is_failure(out.status))
      ids[{p.items[i].kind, p.items[i].desired.name}] = *out.target_id;
  }
  return ids;
}

namespace {

bool alias_taken(const sde::api_error& e) {
  if (e.what != sde::api_error::kind::http || e.status != 400) return false;
  for (const field_error& f : e.server.fields) {
    for (const std::string& m : f.messages) {
      if (m.find("unique") != std::string::npos) return true;
    }
  }
  return false;
}

class connection_applier {
 public:
  connection_applier(sde::sde_client& target, const connection_plan& p, const connector_ids& ids,
                     std::size_t concurrency, journal* j, const bool& stop)
      : target_(target), plan_(p), ids_(ids), concurrency_(concurrency), journal_(j), stop_(stop) {}

  awaitable<connection_apply_result> run() {
    result_.outcomes.resize(plan_.items.size());
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < plan_.items.size(); ++i) {
      const connection_item& item = plan_.items[i];
      item_outcome& out = result_.outcomes[i];
      out.target_id = item.target_id;
      switch (item.what) {
        case connection_action::create:
        case connection_action::update:
          pending.push_back(i);
          break;
        case connection_action::noop:
          out.status = outcome_status::unchanged;
          break;
        case connection_action::skip:
          out.status = outcome_status::skipped;
          break;
        case connection_action::invalid:
          out.status = outcome_status::invalid;
          for (const std::string& p : item.problems)
            out.error += (out.error.empty() ? "" : "; ") + p;
          break;
        default:  // conflict, missing project or connector
          out.status = outcome_status::conflict;
          out.error = item.note;
          break;
      }
    }
    co_await write_all(pending, nullptr);
    co_await reconcile_in_rounds(
        uncertain_, 3, 10, [&] { return halted(); },
        [&](const std::vector<std::size_t>& items) { return reconcile(items); });
    for (std::size_t i : uncertain_) {
      item_outcome& out = result_.outcomes[i];
      out.status = outcome_status::failed;
      out.error = "the outcome stayed unknown (last: " + out.error + "); a rerun settles it";
    }
    co_return std::move(result_);
  }

 private:
  bool halted() const { return stop_ || !result_.halted.empty(); }

  awaitable<void> write_all(const std::vector<std::size_t>& items,
                            const std::map<std::size_t, const connection*>* found) {
    co_await net::run_each(
        items, concurrency_, [&] { return !halted(); },
        [&](std::size_t i) -> awaitable<void> {
          const connection* now = nullptr;
          if (found) {
            auto it = found->find(i);
            now = it == found->end() ? nullptr : it->second;
          }
          co_await write_one(i, found != nullptr, now);
        });
  }

  // Whether what the target holds is what the item wants.
  bool settled(const connection_item& item, const connection& body, const connection& now) const {
    if (now.connector != body.connector || now.frequency != body.frequency) return false;
    for (const param& p : body.params) {
      const scalar* v = now.find_param(p.key);
      if (!v || !same_value(*v, p.value)) return false;
    }
    return !item.desired.debug_mode || now.debug_mode == item.desired.debug_mode;
  }

  awaitable<void> write_one(std::size_t i, bool reconciling, const connection* now) {
    const connection_item& item = plan_.items[i];
    item_outcome& out = result_.outcomes[i];
    const auto id = ids_.find({item.kind, item.connector_name});
    if (id == ids_.end()) {
      out.status = outcome_status::failed;
      out.error = "its connector \"" + item.connector_name + "\" was not written to the target";
      co_return;
    }
    connection body = item.desired;
    body.connector = id->second;
    body.project = item.target_project_id.value_or(0);
    std::optional<std::int64_t> update_id =
        item.what == connection_action::update ? item.target_id : std::nullopt;
    if (reconciling) {
      if (now && settled(item, body, *now)) {
        out.status = outcome_status::reconciled;
        out.target_id = now->id;
        out.error.clear();
        record(item, out, "reconciled");
        co_return;
      }
      update_id = now ? now->id : std::nullopt;
    }
    sde::result<connection> written;
    if (update_id) {
      written = co_await target_.async_update_connection(item.kind, *update_id, body);
    } else {
      written = co_await target_.async_create_connection(item.kind, body);
    }
    if (written || written.error().what != sde::api_error::kind::transport) ++result_.writes;
    if (written) {
      out.status = outcome_status::done;
      out.target_id = written.value().id;
      out.http_status = update_id ? 200 : 201;
      out.error.clear();
      record(item, out, std::to_string(out.http_status));
      co_return;
    }
    const sde::api_error& e = written.error();
    out.http_status = e.status;
    out.error = e.message;
    if (sde::auth_rejected(e) || sde::unreachable(e)) {
      out.status = outcome_status::failed;
      if (result_.halted.empty()) result_.halted = "the target stopped taking writes: " + e.message;
      co_return;
    }
    if (sde::maybe_applied(e) || (!update_id && alias_taken(e))) {
      uncertain_.push_back(i);
      co_return;
    }
    out.status = sde::write_refused(e) ? outcome_status::refused : outcome_status::failed;
  }

  // One read per project with unsettled writes, then each is settled or written again.
  awaitable<void> reconcile(const std::vector<std::size_t>& items) {
    std::map<std::pair<connector_kind, std::int64_t>, std::vector<connection>> read;
    for (std::size_t i : items) {
      const connection_item& item = plan_.items[i];
      read[{item.kind, item.target_project_id.value_or(0)}];
    }
    for (auto& [where, list] : read) {
      sde::sde_client::connection_handler keep = [&list](std::vector<connection>& page) {
        for (connection& c : page) list.push_back(std::move(c));
      };
      const std::optional<std::int64_t> project = where.second;
      sde::result<std::size_t> listed =
          co_await target_.async_list_connections(where.first, project, keep);
      if (!listed) {
        for (std::size_t i : items) {
          result_.outcomes[i].status = outcome_status::failed;
          result_.outcomes[i].error =
              "could not re-read the target to settle an unknown outcome: " +
              listed.error().message;
        }
        co_return;
      }
    }
    std::map<std::size_t, const connection*> found;
    for (std::size_t i : items) {
      const connection_item& item = plan_.items[i];
      for (const connection& c : read[{item.kind, item.target_project_id.value_or(0)}]) {
        if (c.alias == item.alias) found[i] = &c;
      }
    }
    co_await write_all(items, &found);
  }

  void record(const connection_item& item, const item_outcome& out, const std::string& status) {
    if (!journal_) return;
    journal_entry e;
    e.kind = item.kind;
    e.connection = true;
    e.name = item.alias;
    e.project_path = item.project_path;
    e.action = item.what == connection_action::create ? "create" : "update";
    e.source_id = item.source_id;
    e.target_id = out.target_id;
    e.status = status;
    if (!journal_->write(e) && result_.halted.empty())
      result_.halted = journal_->error() + ": no new writes were sent";
  }

  sde::sde_client& target_;
  const connection_plan& plan_;
  const connector_ids& ids_;
  std::size_t concurrency_;
  journal* journal_;
  const bool& stop_;
  connection_apply_result result_;
  std::vector<std::size_t> uncertain_;
};

}  // namespace

awaitable<connection_apply_result> async_apply_connections(sde::sde_client& target,
                                                           const connection_plan& p,
                                                           const connector_ids& ids,
                                                           std::size_t concurrency,
                                                           journal* journal, const bool& stop) {
  connection_applier a(target, p, ids, concurrency, journal, stop);
  co_return co_await a.run();
}

}  // namespace sdemig::engine
