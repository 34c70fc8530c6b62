// page-probe: opens a page in the headless browser and says what a person
// would see: how long it took to load, any console errors, how much of the
// screenshot is ink, and the value of each --eval expression, as one JSON
// line. bench/pages.sh times pages with it; the README's screenshots are
// made with --screenshot.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "browser.hpp"
#include "png_pixels.hpp"

int main(int argc, char** argv) {
  namespace b = sdemig::browser;
  std::string file, screenshot, executable = b::find_chromium();
  std::vector<std::string> expressions;
  int width = 1280, height = 900;
  bool full_page = false;
  CLI::App app{"Open a page in headless Chromium; print load time, errors, ink and values"};
  app.add_option("page", file, "HTML file or URL")->required();
  app.add_option("--screenshot", screenshot, "Write a PNG of the viewport here");
  app.add_flag("--full-page", full_page, "Screenshot the whole page, not the viewport");
  app.add_option("--width", width, "Viewport width")->capture_default_str();
  app.add_option("--height", height, "Viewport height")->capture_default_str();
  app.add_option("--eval", expressions, "A JavaScript expression to evaluate after load");
  app.add_option("--browser", executable, "The browser (default: found on the PATH)");
  CLI11_PARSE(app, argc, argv);
  if (executable.empty()) {
    std::cerr << "page-probe: no chromium-headless-shell or chromium on the PATH\n";
    return 2;
  }
  try {
    const std::string url = file.find("://") == std::string::npos
                                ? "file://" + std::filesystem::absolute(file).string()
                                : file;
    b::browser browser(executable, width, height);
    const auto took = browser.open(url);
    std::string out = "{\"load_ms\":" + std::to_string(took.count()) + ",\"errors\":[";
    for (std::size_t i = 0; i < browser.errors().size(); ++i)
      out += (i ? "," : "") + b::json_string(browser.errors()[i]);
    out += "],\"values\":[";
    for (std::size_t i = 0; i < expressions.size(); ++i)
      out += (i ? "," : "") + browser.evaluate(expressions[i]);
    const std::string png = browser.screenshot_png(full_page);
    const b::ink ink = b::measure_ink(b::decode_png(png));
    out += "],\"ink\":" + std::to_string(ink.share) + ",\"colours\":" + std::to_string(ink.colours);
    if (!screenshot.empty()) {
      std::ofstream(screenshot, std::ios::binary) << png;
      out += ",\"screenshot_bytes\":" + std::to_string(png.size());
    }
    std::cout << out << "}\n";
    return browser.errors().empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "page-probe: " << e.what() << '\n';
    return 1;
  }
}
