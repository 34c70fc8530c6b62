#pragma once
// A real headless browser for looking at the pages sdemig writes, as a
// person would: Chromium's headless shell, launched in a fresh profile and
// driven over the DevTools protocol (a WebSocket on loopback). Used by the
// page tests and by bench/pages.sh; nothing in sdemig itself needs it.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sdemig::browser {

// The browser to use: $SDEMIG_CHROMIUM, else chromium-headless-shell or
// chromium on the PATH; empty when there is none.
std::string find_chromium();

class browser {
 public:
  // Launches `executable` with a viewport of width x height; throws
  // std::runtime_error when it does not start within 30 s.
  explicit browser(const std::string& executable, int width = 1280, int height = 900);
  ~browser();  // closes the browser, waits for it, removes the profile
  browser(const browser&) = delete;
  browser& operator=(const browser&) = delete;

  // Opens `url` and waits for its load event; how long that took.
  std::chrono::milliseconds open(const std::string& url,
                                 std::chrono::milliseconds limit = std::chrono::seconds(60));
  // Runs `expression` in the page; its value as JSON (a promise is awaited).
  // Throws std::runtime_error when it throws.
  std::string evaluate(const std::string& expression);
  // The page as a PNG (the viewport, or the whole page when `full_page`).
  std::string screenshot_png(bool full_page = false);
  // Console errors, uncaught exceptions and browser log errors (a blocked
  // fetch, a Content-Security-Policy violation) since the page was opened.
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  struct connection;
  std::string call(const std::string& method, const std::string& params_json,
                   std::chrono::milliseconds limit = std::chrono::seconds(60));
  void note_event(const std::string& message);

  pid_t pid_ = -1;
  std::string profile_;
  std::unique_ptr<connection> ws_;
  std::string session_;
  long next_id_ = 1;
  bool loaded_ = false;
  std::vector<std::string> errors_;
};

// JSON string literal for `text` (for building protocol parameters).
std::string json_string(const std::string& text);

}  // namespace sdemig::browser
