#include "engine/connectors/apply.hpp"

#include <algorithm>
#include <boost/unordered/unordered_flat_map.hpp>

namespace sdemig::engine {

namespace {

using boost::asio::awaitable;

class connector_writer final : public item_writer {
 public:
  connector_writer(sde::connector_target& target, const plan& p, const apply_options& options)
      : target_(target), plan_(p), options_(options) {}

  std::size_t size() const override { return plan_.items.size(); }
  const item_base& item(std::size_t i) const override { return plan_.items[i]; }
  std::string_view name(std::size_t i) const override { return plan_.items[i].desired.name; }

  awaitable<sde::result<written_item>> write(std::size_t i,
                                             std::optional<std::int64_t> update_id) override {
    const plan_item& item = plan_.items[i];
    const bool patch = options_.use_patch && !item.force_put;
    connector patch_body;
    const connector* body = &item.desired;
    if (update_id && patch && !item.unsent_secrets.empty()) {
      patch_body = item.desired;  // the target keeps its own value of these
      for (const std::string& key : item.unsent_secrets)
        std::erase_if(*patch_body.params, [&](const param& p) { return p.key == key; });
      body = &patch_body;
    }
    sde::result<connector> written;
    if (update_id) {
      written = co_await target_.async_update(item.kind, *update_id, *body, patch);
    } else {
      written = co_await target_.async_create(item.kind, *body);
    }
    if (!written) co_return written.error();
    written_item out{written.value().id.value_or(0), std::move(written.value().name), {}};
    if (body == &patch_body && written.value().params) {  // what stayed of what was left out
      out.left_out_gone.emplace();
      for (const std::string& key : item.unsent_secrets) {
        if (!written.value().find_param(key)) out.left_out_gone->push_back(key);
      }
    }
    co_return out;
  }

  awaitable<sde::result<std::monostate>> remove(std::size_t i, std::int64_t id) override {
    return target_.async_delete(plan_.items[i].kind, id);
  }

  bool taken(const sde::api_error& e) const override { return sde::name_taken(e); }

  awaitable<sde::result<std::monostate>> reread(const std::vector<std::size_t>& items) override {
    std::vector<connector_kind> kinds;
    for (std::size_t i : items) {
      if (std::find(kinds.begin(), kinds.end(), plan_.items[i].kind) == kinds.end())
        kinds.push_back(plan_.items[i].kind);
    }
    now_ = {};
    for (connector_kind kind : kinds) {  // one read of the target for every unsettled write
      auto listed = co_await target_.async_list(kind, [&](connector_page& page) {
        for (connector& c : page.results) now_.of(kind).push_back(std::move(c));
        return true;
      });
      if (!listed) co_return listed.error();
    }
    for (auto& index : by_name_) index.clear();
    for (connector_kind kind : kinds) {
      for (const connector& c : now_.of(kind)) by_name_[index_of(kind)].emplace(c.name, &c);
    }
    co_return std::monostate{};
  }

  std::optional<seen_item> seen(std::size_t i) const override {
    const plan_item& item = plan_.items[i];
    const auto& found = by_name_[index_of(item.kind)];
    auto it = found.find(item.desired.name);
    if (it == found.end()) it = found.find(server_form(item.desired.name));
    if (it == found.end()) return std::nullopt;
    const connector& now = *it->second;
    return seen_item{now.id.value_or(0), now.name, settled(item, now)};
  }

  journal_entry journal_line(std::size_t i, const item_outcome&) const override {
    journal_entry e;
    e.kind = plan_.items[i].kind;
    e.name = plan_.items[i].desired.name;
    return e;
  }

 private:
  static std::size_t index_of(connector_kind kind) { return kind == connector_kind::alm ? 0 : 1; }

  // Whether what the target holds is what the item wants (under PATCH,
  // params only on the target do not count).
  bool settled(const plan_item& item, const connector& current) const {
    for (const field_change& c : diff(item.desired, &current)) {
      const bool kept =
          options_.use_patch && !item.force_put && c.change == field_change::kind::removed;
      const bool trimmed = c.field == "name" && server_form(item.desired.name) == current.name;
      if (!kept && !trimmed) return false;
    }
    return true;
  }

  sde::connector_target& target_;
  const plan& plan_;
  const apply_options& options_;
  inventory now_;  // the last re-read
  // What the last re-read holds, by name (as stored), per kind.
  boost::unordered_flat_map<std::string_view, const connector*> by_name_[2];
};

}  // namespace

awaitable<apply_result> async_apply(sde::connector_target& target, const plan& p,
                                    const apply_options& options, journal* journal,
                                    progress* progress, const bool& stop) {
  connector_writer kind(target, p, options);
  co_return co_await async_apply_items(kind, options, journal, progress, stop);
}

}  // namespace sdemig::engine
