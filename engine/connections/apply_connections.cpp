#include "engine/connections/apply_connections.hpp"

#include <algorithm>

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

class connection_writer final : public item_writer {
 public:
  connection_writer(sde::connection_target& target, const connection_plan& p,
                    const connector_ids& ids)
      : target_(target), plan_(p), ids_(ids) {}

  std::size_t size() const override { return plan_.items.size(); }
  const item_base& item(std::size_t i) const override { return plan_.items[i]; }
  std::string_view name(std::size_t i) const override { return plan_.items[i].alias; }

  std::string blocked(std::size_t i) const override {
    const connection_item& item = plan_.items[i];
    if (item.what == action::remove || ids_.contains({item.kind, item.connector_name})) return {};
    return "its connector \"" + item.connector_name + "\" was not written to the target";
  }

  awaitable<sde::result<written_item>> write(std::size_t i,
                                             std::optional<std::int64_t> update_id) override {
    const connection_item& item = plan_.items[i];
    connection body = body_of(item);
    sde::result<connection> written;
    if (update_id) {
      written = co_await target_.async_update_connection(item.kind, *update_id, body);
    } else {
      written = co_await target_.async_create_connection(item.kind, body);
    }
    if (!written) co_return written.error();
    co_return written_item{written.value().id.value_or(0), std::move(written.value().alias)};
  }

  awaitable<sde::result<std::monostate>> remove(std::size_t i, std::int64_t id) override {
    return target_.async_delete_connection(plan_.items[i].kind, id);
  }

  bool taken(const sde::api_error& e) const override { return sde::name_taken(e, "alias"); }

  // One read per project with unsettled writes.
  awaitable<sde::result<std::monostate>> reread(const std::vector<std::size_t>& items) override {
    read_.clear();
    for (std::size_t i : items) {
      const connection_item& item = plan_.items[i];
      read_[{item.kind, item.target_project_id.value_or(0)}];
    }
    for (auto& [where, list] : read_) {
      sde::connection_target::connection_handler keep = [&list](std::vector<connection>& page) {
        for (connection& c : page) list.push_back(std::move(c));
      };
      const std::optional<std::int64_t> project = where.second;
      sde::result<std::size_t> listed =
          co_await target_.async_list_connections(where.first, project, keep);
      if (!listed) co_return listed.error();
    }
    co_return std::monostate{};
  }

  std::optional<seen_item> seen(std::size_t i) const override {
    const connection_item& item = plan_.items[i];
    const auto list = read_.find({item.kind, item.target_project_id.value_or(0)});
    if (list == read_.end()) return std::nullopt;
    const connection* found = nullptr;
    for (const connection& c : list->second) {
      if (c.alias == item.alias) found = &c;
    }
    for (const connection& c : list->second) {
      if (!found && c.alias == server_form(item.alias)) found = &c;
    }
    if (!found) return std::nullopt;
    return seen_item{found->id.value_or(0), found->alias, settled(body_of(item), *found)};
  }

  journal_entry journal_line(std::size_t i, const item_outcome&) const override {
    const connection_item& item = plan_.items[i];
    journal_entry e;
    e.kind = item.kind;
    e.connection = true;
    e.name = item.alias;
    e.project_path = project_path(item.project);
    return e;
  }

 private:
  // What is sent: the plan's connection with the target's ids.
  connection body_of(const connection_item& item) const {
    connection body = item.desired;
    const auto id = ids_.find({item.kind, item.connector_name});
    body.connector = id != ids_.end() ? id->second : 0;
    body.project = item.target_project_id.value_or(0);
    return body;
  }

  // Whether what the target holds is what the item wants.
  static bool settled(const connection& body, const connection& now) {
    if (now.connector != body.connector || now.frequency != body.frequency) return false;
    if (!body.params || !now.params) return false;  // not shown: cannot tell
    for (const param& p : *body.params) {
      const scalar* v = now.find_param(p.key);
      if (!v) return false;
      // A secret the target masks cannot be compared: it was sent.
      if (is_secret(p) && secret_unknown(param{p.key, *v, true})) continue;
      if (!same_value(*v, p.value)) return false;
    }
    return !body.debug_mode || now.debug_mode == body.debug_mode;
  }

  sde::connection_target& target_;
  const connection_plan& plan_;
  const connector_ids& ids_;
  std::map<std::pair<connector_kind, std::int64_t>, std::vector<connection>> read_;
};

}  // namespace

awaitable<apply_result> async_apply_connections(sde::connection_target& target,
                                                const connection_plan& p, const connector_ids& ids,
                                                const apply_options& options, journal* journal,
                                                progress* progress, const bool& stop) {
  connection_writer kind(target, p, ids);
  co_return co_await async_apply_items(kind, options, journal, progress, stop);
}

}  // namespace sdemig::engine
