#include "engine/apply.hpp"

#include <unordered_map>

#include "engine/journal.hpp"
#include "engine/progress.hpp"
#include "engine/task_group.hpp"

namespace sdemig::engine {

std::string_view to_string(outcome_status s) noexcept {
  switch (s) {
    case outcome_status::unchanged: return "unchanged";
    case outcome_status::skipped: return "skipped";
    case outcome_status::conflict: return "conflict";
    case outcome_status::needs_secret: return "needs_secret";
    case outcome_status::done: return "done";
    case outcome_status::reconciled: return "reconciled";
    case outcome_status::refused: return "refused";
    case outcome_status::failed: return "failed";
    case outcome_status::not_started: return "not_started";
  }
  return "?";
}

bool is_failure(outcome_status s) noexcept {
  return s == outcome_status::conflict || s == outcome_status::needs_secret || s == outcome_status::refused ||
         s == outcome_status::failed || s == outcome_status::not_started;
}

namespace {

bool says_name_taken(const sde::api_error& e) {
  if (e.status != 400) return false;
  for (const field_error& f : e.server.fields) {
    if (f.field == "name") return true;
  }
  return false;
}

class applier {
 public:
  applier(sde::sde_client& target, const plan& p, const apply_options& options, journal* j, progress* prog,
          const bool& stop)
      : target_(target), plan_(p), options_(options), journal_(j), progress_(prog), stop_(stop) {}

  boost::asio::awaitable<apply_result> run() {
    result_.outcomes.resize(plan_.items.size());
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < plan_.items.size(); ++i) {
      const plan_item& item = plan_.items[i];
      item_outcome& out = result_.outcomes[i];
      out.target_id = item.target_id;
      switch (item.what) {
        case action::noop: out.status = outcome_status::unchanged; break;
        case action::skip: out.status = outcome_status::skipped; break;
        case action::conflict:
          out.status = outcome_status::conflict;
          out.error = item.note;
          break;
        case action::create:
        case action::update:
          if (item.missing_secrets.empty()) {
            pending.push_back(i);
            break;
          }
          out.status = outcome_status::needs_secret;
          for (const std::string& s : item.missing_secrets) out.error += (out.error.empty() ? "needs secret " : ", ") + s;
          break;
      }
    }
    co_await write_all(pending, nullptr);
    for (unsigned round = 0; round < options_.reconcile_rounds && !uncertain_.empty() && !stop_; ++round) {
      std::vector<std::size_t> again;
      again.swap(uncertain_);
      co_await reconcile(again);
    }
    for (std::size_t i : uncertain_) {  // still unknown after every round
      result_.outcomes[i].status = outcome_status::failed;
      if (result_.outcomes[i].error.empty()) result_.outcomes[i].error = "outcome unknown after retries";
    }
    result_.interrupted = stop_;
    co_return std::move(result_);
  }

 private:
  // Writes the given items over `concurrency` workers; `found` (reconcile
  // rounds) maps a name to what the target now holds.
  boost::asio::awaitable<void> write_all(const std::vector<std::size_t>& items,
                                         const std::unordered_map<std::string, const connector*>* found) {
    std::size_t next = 0;
    const std::size_t workers = std::min(options_.concurrency, items.size());
    co_await run_all(workers, [&](std::size_t) -> boost::asio::awaitable<void> {
      while (!stop_ && next < items.size()) {
        const std::size_t i = items[next++];
        co_await write_one(i, found);
      }
    });
  }

  boost::asio::awaitable<void> write_one(std::size_t i,
                                         const std::unordered_map<std::string, const connector*>* found) {
    const plan_item& item = plan_.items[i];
    item_outcome& out = result_.outcomes[i];
    std::optional<std::int64_t> update_id = item.what == action::update ? item.target_id : std::nullopt;
    if (found) {  // reconcile round: the fresh read decides
      auto it = found->find(item.desired.name);
      if (it != found->end()) {
        out.target_id = it->second->id;
        if (diff(item.desired, it->second).empty()) {
          out.status = outcome_status::reconciled;
          out.error.clear();
          record(item, out, "reconciled");
          co_return;
        }
        update_id = it->second->id;
      } else {
        update_id.reset();
      }
    }
    ++result_.writes;
    // (no co_await inside ?: -- GCC 12 miscompiles it)
    sde::result<connector> written;
    if (update_id) {
      written = co_await target_.async_update(item.kind, *update_id, item.desired, options_.use_patch);
    } else {
      written = co_await target_.async_create(item.kind, item.desired);
    }
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
    // Unknown outcome, "name exists" (an earlier lost answer, or a write that
    // landed late), or a 503 to a POST (not retried blindly): settle it by
    // reading the target again before anything else.
    const bool unavailable = e.what == sde::api_error::kind::http && e.status == 503;
    if (e.outcome_unknown || unavailable || (!update_id && says_name_taken(e))) {
      uncertain_.push_back(i);
      co_return;
    }
    out.status = e.status == 405 ? outcome_status::refused : outcome_status::failed;
    if (progress_) progress_->tick(true);
  }

  boost::asio::awaitable<void> reconcile(const std::vector<std::size_t>& items) {
    inventory now;
    std::vector<connector_kind> kinds;
    for (std::size_t i : items) {
      if (std::find(kinds.begin(), kinds.end(), plan_.items[i].kind) == kinds.end()) kinds.push_back(plan_.items[i].kind);
    }
    for (connector_kind kind : kinds) {
      auto listed = co_await target_.async_list(kind, options_.page_size, [&](connector_page& page) {
        for (connector& c : page.results) now.of(kind).push_back(std::move(c));
        return true;
      });
      if (!listed) {  // cannot tell: these stay failed with the reason
        for (std::size_t i : items) {
          result_.outcomes[i].status = outcome_status::failed;
          result_.outcomes[i].error = "could not re-read the target to settle an unknown outcome: " + listed.error().message;
        }
        co_return;
      }
    }
    for (connector_kind kind : kinds) {
      std::unordered_map<std::string, const connector*> by_name;
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
    journal_->write({item.kind, item.desired.name, created ? "create" : "update", item.source_id, out.target_id, status});
  }

  sde::sde_client& target_;
  const plan& plan_;
  const apply_options& options_;
  journal* journal_;
  progress* progress_;
  const bool& stop_;
  apply_result result_;
  std::vector<std::size_t> uncertain_;
};

}  // namespace

boost::asio::awaitable<apply_result> async_apply(sde::sde_client& target, const plan& p, const apply_options& options,
                                                 journal* journal, progress* progress, const bool& stop) {
  applier a(target, p, options, journal, progress, stop);
  co_return co_await a.run();
}

}  // namespace sdemig::engine
