#pragma once
// What the page tests share: the browser (a test fails when there is none:
// tools/test installs it), and a look at a page as a person would take it.

#include <gtest/gtest.h>

#include <string>

#include "browser.hpp"
#include "png_pixels.hpp"

namespace sdemig::test {

inline std::string chromium_or_fail() {
  const std::string found = browser::find_chromium();
  if (found.empty()) {
    ADD_FAILURE() << "no chromium-headless-shell or chromium on the PATH: tools/test installs "
                     "chromium-headless-shell (or set SDEMIG_CHROMIUM)";
  }
  return found;
}

inline std::string file_url(const std::string& path) {
  return "file://" + path;
}

// The share of the viewport that is not background, and its colours.
inline browser::ink ink_of(browser::browser& b) {
  return browser::measure_ink(browser::decode_png(b.screenshot_png()));
}

inline long number_of(const std::string& json_value) {
  return std::stol(json_value);
}

}  // namespace sdemig::test
