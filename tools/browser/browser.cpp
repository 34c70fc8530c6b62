#include "browser.hpp"

#include <fcntl.h>
#include <signal.h>
#include <simdjson.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "png_pixels.hpp"

namespace sdemig::browser {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string find_chromium() {
  if (const char* given = std::getenv("SDEMIG_CHROMIUM"); given && *given) return given;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium-headless-shell", "chromium", "chromium-browser"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      start = end + 1;
    }
  }
  return {};
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

struct browser::connection {
  asio::io_context io;
  beast::websocket::stream<asio::ip::tcp::socket> ws{io};
  beast::flat_buffer buffer;

  // Runs one asynchronous step to its end or `limit`, whichever is first.
  template <class Start>
  void step(Start start, std::chrono::milliseconds limit, const char* what) {
    io.restart();
    bool done = false;
    beast::error_code ec;
    start([&](beast::error_code e, std::size_t = 0) {
      ec = e;
      done = true;
    });
    io.run_for(limit);
    if (!done) {
      beast::get_lowest_layer(ws).cancel();
      io.restart();
      io.run();
      throw std::runtime_error(std::string("browser: ") + what + " timed out");
    }
    if (ec) throw std::runtime_error(std::string("browser: ") + what + ": " + ec.message());
  }

  void send(const std::string& text, std::chrono::milliseconds limit) {
    step([&](auto done) { ws.async_write(asio::buffer(text), done); }, limit, "sending");
  }
  std::string receive(std::chrono::milliseconds limit) {
    buffer.clear();
    step([&](auto done) { ws.async_read(buffer, done); }, limit, "waiting for the browser");
    return beast::buffers_to_string(buffer.data());
  }
};

namespace {

std::string make_profile() {
  std::string pattern = (fs::temp_directory_path() / "sdemig-browser-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("browser: cannot make a profile folder");
  return pattern;
}

// simdjson wants padding: a copy of the message with it.
simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& text) {
  return parser.parse(simdjson::padded_string(text));
}

std::string string_at(simdjson::dom::element e, std::string_view pointer) {
  auto v = e.at_pointer(pointer);
  if (v.error()) return {};
  if (v.is_string()) return std::string(v.get_string().value());
  return simdjson::minify(v.value());
}

}  // namespace

browser::browser(const std::string& executable, int width, int height)
    : profile_(make_profile()), ws_(std::make_unique<connection>()) {
  const std::string log = profile_ + "/browser.log";
  const std::string size = "--window-size=" + std::to_string(width) + "," + std::to_string(height);
  std::vector<std::string> args = {executable,
                                   "--headless",
                                   "--no-sandbox",  // tests run as root in CI containers
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-extensions",
                                   "--hide-scrollbars",
                                   "--force-device-scale-factor=1",
                                   "--remote-debugging-address=127.0.0.1",
                                   "--remote-debugging-port=0",
                                   "--user-data-dir=" + profile_,
                                   size,
                                   "about:blank"};
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("browser: fork failed");
  if (pid_ == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::setpgid(0, 0);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  // The browser writes its port and path once it listens.
  std::string port, path;
  for (int i = 0; i < 600 && path.empty(); ++i) {
    std::ifstream in(profile_ + "/DevToolsActivePort");
    if (in && std::getline(in, port) && std::getline(in, path)) break;
    path.clear();
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream l(log);
      std::string first;
      std::getline(l, first);
      throw std::runtime_error("browser: " + executable + " exited at start: " + first);
    }
    std::this_thread::sleep_for(50ms);
  }
  if (path.empty()) throw std::runtime_error("browser: no DevTools port after 30 s");
  asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"),
                             static_cast<unsigned short>(std::stoi(port)));
  ws_->step([&](auto done) { ws_->ws.next_layer().async_connect(at, done); }, 10s, "connecting");
  ws_->step([&](auto done) { ws_->ws.async_handshake("127.0.0.1:" + port, path, done); }, 10s,
            "WebSocket handshake");
  ws_->ws.read_message_max(256 * 1024 * 1024);  // full-page screenshots are large
  // A page of our own, attached in flat mode: its messages carry a session id.
  simdjson::dom::parser parser;
  const std::string target = call("Target.createTarget", "{\"url\":\"about:blank\"}");
  const std::string target_id = string_at(parse(parser, target), "/targetId");
  const std::string attached = call(
      "Target.attachToTarget", "{\"targetId\":" + json_string(target_id) + ",\"flatten\":true}");
  session_ = string_at(parse(parser, attached), "/sessionId");
  for (const char* domain : {"Page.enable", "Runtime.enable", "Log.enable"}) call(domain, "{}");
  call("Emulation.setDeviceMetricsOverride", "{\"width\":" + std::to_string(width) +
                                                 ",\"height\":" + std::to_string(height) +
                                                 ",\"deviceScaleFactor\":1,\"mobile\":false}");
}

browser::~browser() {
  try {
    session_.clear();
    if (ws_ && ws_->ws.is_open()) {
      ws_->send("{\"id\":" + std::to_string(next_id_++) + ",\"method\":\"Browser.close\"}", 5s);
    }
  } catch (const std::exception&) {
    // Killed below.
  }
  if (pid_ > 0) {
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(50ms);
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(-pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
  }
  std::error_code ec;
  fs::remove_all(profile_, ec);
}

void browser::note_event(const std::string& message) {
  simdjson::dom::parser parser;
  const simdjson::dom::element e = parse(parser, message);
  const std::string method = string_at(e, "/method");
  if (method == "Page.loadEventFired") {
    loaded_ = true;
  } else if (method == "Runtime.exceptionThrown") {
    errors_.push_back("exception: " + string_at(e, "/params/exceptionDetails/text") + " " +
                      string_at(e, "/params/exceptionDetails/exception/description"));
  } else if (method == "Runtime.consoleAPICalled") {
    const std::string type = string_at(e, "/params/type");
    if (type == "error" || type == "assert")
      errors_.push_back("console." + type + ": " + string_at(e, "/params/args"));
  } else if (method == "Log.entryAdded") {
    if (string_at(e, "/params/entry/level") == "error")
      errors_.push_back("log: " + string_at(e, "/params/entry/text"));
  }
}

std::string browser::call(const std::string& method, const std::string& params_json,
                          std::chrono::milliseconds limit) {
  const long id = next_id_++;
  std::string message = "{\"id\":" + std::to_string(id) + ",\"method\":" + json_string(method) +
                        ",\"params\":" + params_json;
  if (!session_.empty()) message += ",\"sessionId\":" + json_string(session_);
  message += "}";
  ws_->send(message, limit);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  simdjson::dom::parser parser;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) throw std::runtime_error("browser: " + method + " timed out");
    const std::string answer = ws_->receive(left);
    const simdjson::dom::element e = parse(parser, answer);
    int64_t answered = 0;
    if (e["id"].get(answered) != simdjson::SUCCESS) {
      note_event(answer);
      continue;
    }
    if (answered != id) continue;
    if (auto error = e.at_pointer("/error"); !error.error())
      throw std::runtime_error("browser: " + method + ": " + simdjson::minify(error.value()));
    return string_at(e, "/result");
  }
}

std::chrono::milliseconds browser::open(const std::string& url, std::chrono::milliseconds limit) {
  errors_.clear();
  loaded_ = false;
  const auto start = std::chrono::steady_clock::now();
  call("Page.navigate", "{\"url\":" + json_string(url) + "}", limit);
  const auto deadline = start + limit;
  while (!loaded_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) throw std::runtime_error("browser: " + url + " did not load in time");
    note_event(ws_->receive(left));
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

std::string browser::evaluate(const std::string& expression) {
  simdjson::dom::parser parser;
  const std::string result =
      call("Runtime.evaluate", "{\"expression\":" + json_string(expression) +
                                   ",\"returnByValue\":true,\"awaitPromise\":true}");
  const simdjson::dom::element e = parse(parser, result);
  if (auto thrown = e.at_pointer("/exceptionDetails"); !thrown.error())
    throw std::runtime_error("browser: " + expression +
                             " threw: " + simdjson::minify(thrown.value()));
  auto value = e.at_pointer("/result/value");
  return value.error() ? "null" : simdjson::minify(value.value());
}

std::string browser::screenshot_png(bool full_page) {
  simdjson::dom::parser parser;
  const std::string result =
      call("Page.captureScreenshot", std::string("{\"format\":\"png\",\"captureBeyondViewport\":") +
                                         (full_page ? "true" : "false") + "}");
  return base64_decode(string_at(parse(parser, result), "/data"));
}

}  // namespace sdemig::browser
