#include "engine/apply.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include "engine/journal.hpp"
#include "engine/progress.hpp"
#include "engine/reconcile_rounds.hpp"
#include "io/net/run_all.hpp"

namespace sdemig::engine {

std::string_view to_string(outcome_status s) noexcept {
  switch (s) {
    case outcome_status::unchanged:
      return "unchanged";
    case outcome_status::skipped:
      return "skipped";
    case outcome_status::conflict:
      return "conflict";
    case outcome_status::needs_secret:
      return "needs_secret";
    case outcome_status::done:
      return "done";
    case outcome_status::reconciled:
      return "reconciled";
    case outcome_status::refused:
      return "refused";
    case outcome_status::invalid:
      return "invalid";
    case outcome_status::failed:
      return "failed";
    case outcome_status::not_started:
      return "not_started";
  }
  return "?";
}

bool is_failure(outcome_status s) noexcept {
  return s == outcome_status::conflict || s == outcome_status::needs_secret ||
         s == outcome_status::refused || s == outcome_status::invalid ||
         s == outcome_status::failed || s == outcome_status::not_started;
}

namespace {

using boost::asio::awaitable;
// What a fresh read of the target holds, by name (as stored).
using name_index = boost::unordered_flat_map<std::string_view, const connector*>;

std::string token_rejected(const sde::api_error& e) {
  return "the target rejected the token (HTTP " + std::to_string(e.status) + "): stopping";
}

std::string target_unreachable(const sde::api_error& e) {
  return "the target is unreachable (" + e.message +
         "): no new writes were sent; rerun when it is back";
}

const connector* lookup(const name_index& found, const std::string& name) {
  auto it = found.find(name);
  if (it == found.end()) it = found.find(server_form(name));
  return it == found.end() ? nullptr : it->second;
}

class applier {
 public:
  applier(sde::connector_target& target, const plan& p, const apply_options& options, journal* j,
          progress* prog, const bool& stop)
      : target_(target), plan_(p), options_(options), journal_(j), progress_(prog), stop_(stop) {}

  awaitable<apply_result> run() {
    result_.outcomes.resize(plan_.items.size());
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < plan_.items.size(); ++i) {
      const plan_item& item = plan_.items[i];
      item_outcome& out = result_.outcomes[i];
      out.target_id = item.target_id;
      switch (item.what) {
        case action::noop:
          out.status = outcome_status::unchanged;
          break;
        case action::skip:
          out.status = outcome_status::skipped;
          break;
        case action::conflict:
          out.status = outcome_status::conflict;
          out.error = item.note;
          break;
        case action::invalid:
          out.status = outcome_status::invalid;
          for (const std::string& p : item.problems)
            out.error += (out.error.empty() ? "" : "; ") + p;
          break;
        case action::create:
        case action::update:
          if (item.missing_secrets.empty()) {
            pending.push_back(i);
            break;
          }
          out.status = outcome_status::needs_secret;
          for (const std::string& s : item.missing_secrets)
            out.error += (out.error.empty() ? "needs secret " : ", ") + s;
          break;
      }
    }
    co_await write_all(pending, nullptr);
    const unsigned rounds = co_await reconcile_in_rounds(
        uncertain_, options_.reconcile_rounds, options_.max_reconcile_rounds,
        [&] { return halted(); },
        [&](const std::vector<std::size_t>& items) { return reconcile(items); });
    for (std::size_t i : uncertain_) {  // still unknown after every round, or the run stopped first
      item_outcome& out = result_.outcomes[i];
      out.status = outcome_status::failed;
      out.error =
          (halted()
               ? std::string("the outcome is unknown: the run stopped before re-reading the target")
               : "the outcome stayed unknown after " + std::to_string(rounds) +
                     " re-reads of the target") +
          " (last: " + out.error + "); a rerun settles it";
    }
    result_.interrupted = stop_;
    co_return std::move(result_);
  }

 private:
  bool halted() const { return stop_ || !result_.halted.empty(); }

  void halt(std::string why) {
    if (result_.halted.empty()) result_.halted = std::move(why);
  }

  // Writes the given items over `concurrency` workers; `found` (reconcile
  // rounds) holds what the target now has.
  awaitable<void> write_all(const std::vector<std::size_t>& items, const name_index* found) {
    co_await net::run_each(
        items, options_.concurrency, [&] { return !halted(); },
        [&](std::size_t i) { return write_one(i, found); });
  }

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

  awaitable<void> write_one(std::size_t i, const name_index* found) {
    const plan_item& item = plan_.items[i];
    item_outcome& out = result_.outcomes[i];
    std::optional<std::int64_t> update_id =
        item.what == action::update ? item.target_id : std::nullopt;
    if (found) {  // reconcile round: the fresh read decides
      if (const connector* now = lookup(*found, item.desired.name)) {
        out.target_id = now->id;
        if (now->name != item.desired.name) out.stored_name = now->name;
        if (settled(item, *now)) {
          out.status = outcome_status::reconciled;
          out.error.clear();
          record(item, out, "reconciled");
          co_return;
        }
        update_id = now->id;
      } else {
        update_id.reset();
      }
    }
    const bool patch = options_.use_patch && !item.force_put;
    connector patch_body;
    const connector* body = &item.desired;
    if (update_id && patch &&
        !item.unsent_secrets.empty()) {  // the target keeps its own value of these
      patch_body = item.desired;
      for (const std::string& key : item.unsent_secrets)
        std::erase_if(*patch_body.params, [&](const param& p) { return p.key == key; });
      body = &patch_body;
    }
    // (no co_await inside ?: -- GCC 12 miscompiles it)
    sde::result<connector> written;
    if (update_id) {
      written = co_await target_.async_update(item.kind, *update_id, *body, patch);
    } else {
      written = co_await target_.async_create(item.kind, *body);
    }
    if (written || written.error().what != sde::api_error::kind::transport)
      ++result_.writes;  // answered
    if (written) {
      out.status = outcome_status::done;
      out.target_id = written.value().id;
      out.http_status = update_id ? 200 : 201;
      out.error.clear();
      if (written.value().name != item.desired.name) out.stored_name = written.value().name;
      record(item, out, std::to_string(out.http_status));
      co_return;
    }
    const sde::api_error& e = written.error();
    out.http_status = e.status;
    out.error = e.message;
    if (sde::auth_rejected(e) || sde::unreachable(e)) {
      // Every further write would fail the same way (an unreachable target
      // after the whole retry budget): stop sending.
      out.status = outcome_status::failed;
      halt(sde::auth_rejected(e) ? token_rejected(e) : target_unreachable(e));
      if (progress_) progress_->tick(true);
      co_return;
    }
    // Unknown outcome, or "name exists" for a create (an earlier lost
    // answer, or a write that landed late): settle it by reading the target
    // before anything else.
    if (sde::maybe_applied(e) || (!update_id && sde::name_taken(e))) {
      uncertain_.push_back(i);
      co_return;
    }
    out.status = sde::write_refused(e) ? outcome_status::refused : outcome_status::failed;
    if (progress_) progress_->tick(true);
  }

  awaitable<void> reconcile(const std::vector<std::size_t>& items) {
    inventory now;
    std::vector<connector_kind> kinds;
    for (std::size_t i : items) {
      if (std::find(kinds.begin(), kinds.end(), plan_.items[i].kind) == kinds.end())
        kinds.push_back(plan_.items[i].kind);
    }
    for (connector_kind kind : kinds) {  // one read of the target for every unsettled write
      auto listed = co_await target_.async_list(kind, [&](connector_page& page) {
        for (connector& c : page.results) now.of(kind).push_back(std::move(c));
        return true;
      });
      if (!listed) {  // cannot tell: these stay failed with the reason
        for (std::size_t i : items) {
          result_.outcomes[i].status = outcome_status::failed;
          result_.outcomes[i].error =
              "could not re-read the target to settle an unknown outcome: " +
              listed.error().message;
        }
        if (sde::auth_rejected(listed.error())) halt(token_rejected(listed.error()));
        if (sde::unreachable(listed.error())) halt(target_unreachable(listed.error()));
        co_return;
      }
    }
    for (connector_kind kind : kinds) {
      name_index by_name;
      for (const connector& c : now.of(kind)) by_name.emplace(c.name, &c);
      std::vector<std::size_t> of_kind;
      for (std::size_t i : items) {
        if (plan_.items[i].kind == kind) of_kind.push_back(i);
      }
      co_await write_all(of_kind, &by_name);
    }
  }

  void record(const plan_item& item, const item_outcome& out, const std::string& status) {
    if (progress_) progress_->tick(false);
    if (!journal_) return;
    const bool created = item.what == action::create;
    if (!journal_->write({item.kind, item.desired.name, created ? "create" : "update",
                          item.source_id, out.target_id, status})) {
      halt(journal_->error() + ": no new writes were sent");
    }
  }

  sde::connector_target& target_;
  const plan& plan_;
  const apply_options& options_;
  journal* journal_;
  progress* progress_;
  const bool& stop_;
  apply_result result_;
  std::vector<std::size_t> uncertain_;
};

}  // namespace

awaitable<apply_result> async_apply(sde::connector_target& target, const plan& p,
                                    const apply_options& options, journal* journal,
                                    progress* progress, const bool& stop) {
  applier a(target, p, options, journal, progress, stop);
  co_return co_await a.run();
}

}  // namespace sdemig::engine
