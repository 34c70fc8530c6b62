#include "engine/run/apply_core.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "engine/run/progress.hpp"
#include "engine/run/reconcile_rounds.hpp"
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
    case outcome_status::missing:
      return "missing";
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
    case outcome_status::unreadable:
      return "unreadable";
    case outcome_status::secret_lost:
      return "secret_lost";
  }
  return "?";
}

std::string_view to_string(patch_params_seen s) noexcept {
  switch (s) {
    case patch_params_seen::not_observed:
      return "not observed";
    case patch_params_seen::kept:
      return "kept";
    case patch_params_seen::replaced:
      return "replaced";
  }
  return "?";
}

bool is_failure(outcome_status s) noexcept {
  switch (s) {
    case outcome_status::unchanged:
    case outcome_status::skipped:
    case outcome_status::done:
    case outcome_status::reconciled:
      return false;
    case outcome_status::conflict:
    case outcome_status::needs_secret:
    case outcome_status::missing:
    case outcome_status::refused:
    case outcome_status::invalid:
    case outcome_status::failed:
    case outcome_status::not_started:
    case outcome_status::unreadable:
    case outcome_status::secret_lost:
      return true;
  }
  return true;
}

namespace {

using boost::asio::awaitable;

std::string token_rejected(const sde::api_error& e) {
  return "the target rejected the token (HTTP " + std::to_string(e.status) + "): stopping";
}

std::string target_unreachable(const sde::api_error& e) {
  return "the target is unreachable (" + e.message +
         "): no new writes were sent; rerun when it is back";
}

std::string joined(const std::vector<std::string>& parts, std::string_view first,
                   std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) out.append(out.empty() ? first : sep).append(p);
  return out;
}

class core {
 public:
  core(item_writer& kind, const apply_options& options, journal* j, progress* prog,
       const bool& stop)
      : kind_(kind),
        options_(options),
        journal_(j),
        progress_(prog),
        stop_(stop),
        evidence_(options.evidence ? *options.evidence : own_evidence_) {
    result_.halted = options.halted_before;
  }

  awaitable<apply_result> run() {
    result_.outcomes.resize(kind_.size());
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (start(i)) pending.push_back(i);
    }
    co_await write_all(pending, false);
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
    result_.patch = evidence_;
    co_return std::move(result_);
  }

 private:
  // The outcome the plan gives item i; true when it is to be written.
  bool start(std::size_t i) {
    const item_base& item = kind_.item(i);
    item_outcome& out = result_.outcomes[i];
    out.target_id = item.target_id;
    auto set = [&](outcome_status s, std::string error = {}) {
      out.status = s;
      out.error = std::move(error);
      return false;
    };
    switch (item.what) {
      case action::noop:
        return set(outcome_status::unchanged);
      case action::skip:
        return set(outcome_status::skipped);
      case action::conflict:
        return set(outcome_status::conflict, note_text(item, kind_.name(i)));
      case action::invalid:
        return set(outcome_status::invalid, joined(item.problems, "", "; "));
      case action::missing_project:
      case action::missing_connector:
        return set(outcome_status::missing, note_text(item, kind_.name(i)));
      case action::unreadable:
        return set(outcome_status::unreadable, note_text(item, kind_.name(i)));
      case action::create:
      case action::update:
      case action::remove:
        if (!item.missing_secrets.empty())
          return set(outcome_status::needs_secret,
                     joined(item.missing_secrets, "needs secret ", ", "));
        // Halted before this kind began: never sent (not blocked by what
        // the halt kept from being written).
        if (halted()) return true;
        if (std::string why = kind_.blocked(i); !why.empty())
          return set(outcome_status::failed, std::move(why));
        return true;
    }
    return set(outcome_status::failed, "unknown action");
  }

  bool halted() const { return stop_ || !result_.halted.empty(); }

  void halt(std::string why) {
    if (result_.halted.empty()) result_.halted = std::move(why);
  }

  void finished(bool error) {
    if (progress_) progress_->tick(error);
  }

  awaitable<void> write_all(const std::vector<std::size_t>& items, bool reconciling) {
    co_await net::run_each(
        items, options_.concurrency, [&] { return !halted(); },
        [&](std::size_t i) { return write_one(i, reconciling); });
  }

  // A delete: a 404 is done (gone already: an earlier lost answer); an
  // unknown outcome is settled by a read (absent: done).
  awaitable<void> remove_one(std::size_t i, bool reconciling) {
    item_outcome& out = result_.outcomes[i];
    std::int64_t id = kind_.item(i).target_id.value_or(0);
    if (reconciling) {
      const std::optional<seen_item> now = kind_.seen(i);
      if (!now) {
        out.status = outcome_status::reconciled;
        out.error.clear();
        record(i, "reconciled");
        co_return;
      }
      id = now->id;
    }
    const sde::result<std::monostate> removed = co_await kind_.remove(i, id);
    if (removed || sde::answered(removed.error())) ++result_.writes;
    if (removed || removed.error().status == 404) {
      out.status = outcome_status::done;
      out.http_status = removed ? 204 : 404;
      out.error.clear();
      record(i, std::to_string(out.http_status));
      co_return;
    }
    failed_write(i, removed.error(), false);
  }

  awaitable<void> write_one(std::size_t i, bool reconciling) {
    const item_base& item = kind_.item(i);
    if (item.what == action::remove) co_return co_await remove_one(i, reconciling);
    item_outcome& out = result_.outcomes[i];
    std::optional<std::int64_t> update_id =
        item.what == action::update ? item.target_id : std::nullopt;
    if (reconciling) {  // the fresh read decides
      update_id.reset();
      if (const std::optional<seen_item> now = kind_.seen(i)) {
        out.target_id = now->id;
        if (now->stored_name != kind_.name(i)) out.stored_name = now->stored_name;
        if (now->settled) {
          out.status = outcome_status::reconciled;
          out.error.clear();
          record(i, "reconciled");
          co_return;
        }
        update_id = now->id;
      }
    }
    // A PATCH that leaves keys out keeps them only on a target that merges
    // params: the first one's answer shows which, and the rest wait for it.
    const bool leaves_out = update_id && !item.unsent_secrets.empty();
    while (leaves_out && evidence_.seen == patch_params_seen::not_observed && probe_) {
      const std::shared_ptr<boost::asio::steady_timer> probe = probe_;
      co_await probe->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    if (leaves_out && halted()) co_return;  // stopped while waiting: never sent
    if (leaves_out && evidence_.seen == patch_params_seen::replaced) {
      out.status = outcome_status::needs_secret;
      out.error = joined(item.unsent_secrets, "needs secret ", ", ") +
                  ": the target replaces params on PATCH (seen on \"" + evidence_.seen_on +
                  "\"), so leaving it out would erase it; give it with --secrets";
      finished(true);
      co_return;
    }
    const bool probing = leaves_out && evidence_.seen == patch_params_seen::not_observed;
    if (probing) {
      probe_ = std::make_shared<boost::asio::steady_timer>(
          co_await boost::asio::this_coro::executor, boost::asio::steady_timer::time_point::max());
    }
    // (no co_await inside ?: -- GCC 12 miscompiles it)
    sde::result<written_item> written = co_await kind_.write(i, update_id);
    if (probing) {
      if (written && written.value().left_out_gone) observe(i, *written.value().left_out_gone);
      probe_->cancel();  // the waiters look again (a probe without an answer: the next one probes)
      probe_.reset();
    }
    if (written || sde::answered(written.error())) ++result_.writes;
    if (written) {
      out.status = outcome_status::done;
      out.target_id = written.value().id;
      out.http_status = update_id ? 200 : 201;
      out.error.clear();
      if (written.value().stored_name != kind_.name(i))
        out.stored_name = written.value().stored_name;
      record(i, std::to_string(out.http_status));
      if (probing && evidence_.seen == patch_params_seen::replaced) {
        out.status = outcome_status::secret_lost;
        out.error = "the target replaced its params on PATCH and dropped " +
                    joined(*written.value().left_out_gone, "", ", ") +
                    ", which the source masks: give it with --secrets and rerun";
      }
      co_return;
    }
    failed_write(i, written.error(), !update_id);
  }

  // A write (or delete) that got no success: halt, settle by reading, or fail.
  void failed_write(std::size_t i, const sde::api_error& e, bool create) {
    item_outcome& out = result_.outcomes[i];
    if (sde::cancelled_before_sending(e)) return;  // never sent: not_started, as if not begun
    out.http_status = e.status;
    out.error = e.message;
    if (sde::auth_rejected(e) || sde::unreachable(e)) {
      // Every further write would fail the same way (an unreachable target
      // after the whole retry budget): stop sending.
      out.status = outcome_status::failed;
      halt(sde::auth_rejected(e) ? token_rejected(e) : target_unreachable(e));
      finished(true);
      return;
    }
    // Unknown outcome, or "name taken" for a create (an earlier lost
    // answer, or a write that landed late): settle it by reading the target
    // before anything else.
    if (sde::maybe_applied(e) || (create && kind_.taken(e))) {
      uncertain_.push_back(i);
      return;
    }
    out.status = sde::write_refused(e) ? outcome_status::refused : outcome_status::failed;
    if (out.status == outcome_status::refused && kind_.item(i).what == action::remove)
      out.error = "cannot delete: " + out.error;
    finished(true);
  }

  // The first answer to a PATCH that left keys out: did they stay?
  void observe(std::size_t i, const std::vector<std::string>& gone) {
    evidence_.seen = gone.empty() ? patch_params_seen::kept : patch_params_seen::replaced;
    evidence_.seen_on = std::string(kind_.name(i));
  }

  awaitable<void> reconcile(const std::vector<std::size_t>& items) {
    const sde::result<std::monostate> read = co_await kind_.reread(items);
    if (!read) {  // cannot tell: these stay failed with the reason
      for (std::size_t i : items) {
        result_.outcomes[i].status = outcome_status::failed;
        result_.outcomes[i].error =
            "could not re-read the target to settle an unknown outcome: " + read.error().message;
        finished(true);
      }
      if (sde::auth_rejected(read.error())) halt(token_rejected(read.error()));
      if (sde::unreachable(read.error())) halt(target_unreachable(read.error()));
      co_return;
    }
    co_await write_all(items, true);
  }

  void record(std::size_t i, const std::string& status) {
    finished(false);
    if (!journal_) return;
    journal_entry entry = kind_.journal_line(i, result_.outcomes[i]);
    entry.action = to_string(kind_.item(i).what);
    entry.source_id = kind_.item(i).source_id;
    entry.target_id = result_.outcomes[i].target_id;
    entry.status = status;
    if (!journal_->write(entry)) halt(journal_->error() + ": no new writes were sent");
  }

  item_writer& kind_;
  const apply_options& options_;
  journal* journal_;
  progress* progress_;
  const bool& stop_;
  patch_evidence own_evidence_;
  patch_evidence& evidence_;
  // While the first PATCH that leaves keys out is in flight: the others
  // wait on this timer, which its end cancels.
  std::shared_ptr<boost::asio::steady_timer> probe_;
  apply_result result_;
  std::vector<std::size_t> uncertain_;
};

}  // namespace

awaitable<apply_result> async_apply_items(item_writer& kind, const apply_options& options,
                                          journal* journal, progress* progress, const bool& stop) {
  core c(kind, options, journal, progress, stop);
  co_return co_await c.run();
}

}  // namespace sdemig::engine
