#include "engine/commands/session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <cmath>
#include <cstdlib>
#include <iostream>

#include "engine/text/terminal_text.hpp"
#include "io/net/core/adaptive_tuning.hpp"
#include "io/net/interrupt.hpp"

namespace sdemig::engine {

session::session(const net_settings& net) : net_(net) {}
session::~session() = default;

instance& session::connect(const instance_settings& settings, const std::string& flag,
                           const std::string& role, bool raw) {
  net::url_error error;
  auto base = net::parse_base_url(settings.url, &error);
  if (!base) throw usage_error(flag + ": " + error.message);
  if (settings.token.empty()) throw usage_error("no token for " + flag + " " + settings.url);
  scrub_.add(settings.token);
  if (settings.token.size() < sde::scrubber::short_secret) {
    std::cerr << "sdemig: warning: the " << role << "'s token is " << settings.token.size()
              << " characters long: it is hidden from messages only where it stands alone\n";
  }
  net::client_options options;
  options.max_connections = net_.auto_concurrency ? net_.max_concurrency : net_.concurrency;
  options.auto_concurrency = net_.auto_concurrency && !raw;
  if (options.auto_concurrency && !net_.max_concurrency_given) {
    // The default 64 is what the server is asked to hold; far away, the
    // network holds more, which is no load (adaptive_options::ceiling).
    options.tuning.max = net_.max_concurrency;
    options.tuning.ceiling = net::tuning::network_ceiling;
    options.max_connections = net::tuning::network_ceiling;
  }
  options.rate = net_.rate;
  options.ca_file = settings.ca_file.empty() ? net_.ca_file : settings.ca_file;
  options.insecure = settings.insecure || net_.insecure;
  options.request_timeout = net_.timeout;
  options.authorization = "Token " + settings.token;
  net::proxy_choice via =
      net::choose_proxy(*base, {net_.proxy, net_.no_proxy}, net::proxy_environment::from_process());
  if (!via.error.empty()) throw usage_error(via.error);
  if (via.proxy) {
    scrub_.add(via.proxy->password);
    scrub_.add(via.proxy->authorization());
    options.proxy = std::move(via.proxy);
  }
  options.retry.max_total = net_.retry_budget;
  // Said at once, and once per instance: a connection that fails is
  // retried for seconds before the error, and silence looks like a hang.
  options.on_retry = [this, role, said = std::make_shared<bool>(false)](
                         net::retry_cause cause, unsigned retry, unsigned most,
                         std::chrono::milliseconds, const std::string& why) {
    if (cause != net::retry_cause::connect_failed || *said) return;
    *said = true;
    std::cerr << "sdemig: " << printable(scrub_.scrub(why)) << "; retrying the " << role << " ("
              << retry << "/" << most << ")\n";
  };
  options.on_throttled_wait = [role](std::chrono::milliseconds wait) {
    if (wait <= std::chrono::seconds(2)) return;
    std::cerr << "sdemig: throttled by the " << role << " (429), retrying in "
              << static_cast<long>(std::ceil(static_cast<double>(wait.count()) / 1000.0)) << " s\n";
  };
  if (raw) {
    options.retry.max_attempts = 1;
    options.adaptive = false;
  }
  auto inst = std::make_unique<instance>();
  try {
    inst->http = std::make_unique<net::http_client>(io_.get_executor(), *base, options);
  } catch (const std::runtime_error& e) {
    throw usage_error(e.what());
  }
  inst->api = std::make_unique<sde::sde_client>(*inst->http, &scrub_);
  inst->api->set_page_size(net_.page_size);
  inst->url = settings.url;
  inst->role = role;
  inst->forced_api = settings.api;
  instances_.push_back(std::move(inst));
  return *instances_.back();
}

void session::writing(bool on) {
  writing_ = on;
  if (watch_) watch_->set_grace(on ? net_.grace : std::chrono::milliseconds(0));
}

int session::run(std::function<boost::asio::awaitable<int>(const bool& stop)> main) {
  std::vector<net::http_client*> clients;
  for (auto& i : instances_) clients.push_back(i->http.get());
  bool stop = false;
  net::interrupt_watch watch(
      io_.get_executor(), clients, writing_ ? net_.grace : std::chrono::milliseconds(0),
      [&](int) {
        stop = true;
        std::cerr << (writing_ ? "\nsdemig: interrupted: no new writes; waiting for the ones in "
                                 "flight (Ctrl-C again to stop at once)\n"
                               : "\nsdemig: interrupted\n");
      },
      [](int) {
        std::cerr << "\nsdemig: interrupted again: stopping now\n";
        std::_Exit(130);
      });
  watch_ = &watch;
  boost::asio::co_spawn(io_, watch.async_watch(), [](std::exception_ptr) {});
  int code = 1;
  std::exception_ptr failure;
  boost::asio::co_spawn(
      io_,
      [&]() -> boost::asio::awaitable<int> {
        int result = 1;
        std::exception_ptr error;
        try {
          result = co_await main(stop);
        } catch (...) {
          error = std::current_exception();
        }
        // Close every connection whatever happened, so nothing is left running.
        for (net::http_client* c : clients)
          co_await c->async_shutdown(std::chrono::milliseconds(0));
        watch.cancel();
        if (error) std::rethrow_exception(error);
        co_return result;
      },
      [&](std::exception_ptr e, int result) {
        failure = e;
        code = result;
        watch.cancel();
      });
  io_.run();
  watch_ = nullptr;
  interrupted_ = stop;
  if (failure) std::rethrow_exception(failure);
  return stop ? std::max(code, 1) : code;
}

boost::asio::awaitable<bool> async_identify(instance& i) {
  if (i.forced_api) {
    i.api->set_generation(*i.forced_api);
    co_return true;
  }
  auto probed = co_await i.api->async_probe();
  if (!probed)
    std::cerr << "sdemig: probing the " << i.role
              << "'s API failed: " << printable(probed.error().message) << '\n';
  co_return bool(probed);
}

boost::asio::awaitable<std::optional<plugin_schema>> async_read_schema(instance& i, bool notice,
                                                                       bool& failed) {
  auto schema = co_await i.api->async_read_schema();
  if (schema) co_return std::move(schema.value());
  const sde::api_error& e = schema.error();
  // Not there (403, 404), or not readable (a 2xx that is an HTML page or
  // no schema at all): run without it, as the docs promise.
  const bool absent = e.what == sde::api_error::kind::http && (e.status == 403 || e.status == 404);
  if (absent || e.what == sde::api_error::kind::invalid) {
    if (notice) {
      std::cerr << "sdemig: notice: the " << i.role << "'s plugin schema cannot be read ("
                << (absent ? "HTTP " + std::to_string(e.status) : printable(e.message))
                << "): plans are checked with the built-in rules only\n";
    }
    co_return std::nullopt;
  }
  std::cerr << "sdemig: reading the " << i.role
            << "'s plugin schema failed: " << printable(e.message) << '\n';
  failed = true;
  co_return std::nullopt;
}

bool same_instance(const std::string& a, const std::string& b) {
  const auto x = net::parse_base_url(a), y = net::parse_base_url(b);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return x && y && lower(x->origin()) == lower(y->origin()) && x->prefix == y->prefix;
}

}  // namespace sdemig::engine
