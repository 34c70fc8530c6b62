#include "engine/text/html.hpp"

#include <cmath>
#include <cstdio>

#include "engine/text/terminal_text.hpp"

namespace sdemig::engine::html {

std::string text(std::string_view raw) {
  const std::string safe = printable(raw);
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string digits = buf;
  // Thousands separators in the whole part.
  const std::size_t start = digits[0] == '-' ? 1 : 0;
  std::size_t point = digits.find('.');
  if (point == std::string::npos) point = digits.size();
  for (std::size_t i = point; i > start + 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

namespace {

constexpr std::string_view style = R"css(
:root{--fg:#1d2430;--muted:#5d6675;--line:#d9dde3;--bg:#fff;--soft:#f5f7fa;
--create:#1a7f37;--update:#9a6700;--noop:#6e7781;--skip:#57606a;--conflict:#cf222e;--invalid:#8250df;
--missing:#bc4c00}
.card.a-missing b,.a-missing{color:var(--missing)}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg);margin:0;padding:24px 32px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.meta{color:var(--muted);margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 12px;background:var(--soft);
cursor:pointer;user-select:none}
.card b{font-size:18px;display:block}.card.off{opacity:.4}
.tools{display:flex;gap:12px;align-items:center;margin:12px 0}
.tools input{font:inherit;padding:4px 8px;width:320px;border:1px solid var(--line);border-radius:4px}
table{border-collapse:collapse;width:100%}
#items{table-layout:fixed}#items th:nth-child(1){width:90px}#items th:nth-child(2){width:80px}
#items th:nth-child(3){width:38%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--soft);position:sticky;top:0}
td.name{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.act{font-weight:600}
.a-create{color:var(--create)}.a-update{color:var(--update)}.a-noop{color:var(--noop)}
.a-skip{color:var(--skip)}.a-conflict{color:var(--conflict)}.a-invalid{color:var(--invalid)}
.a-missing,.a-unreadable{color:var(--missing)}
ul.diff{margin:0;padding:0;list-style:none;font-family:ui-monospace,monospace;font-size:12.5px}
ul.diff li{white-space:pre-wrap;word-break:break-all}
.from{color:#a40e26;text-decoration:line-through}.to{color:#116329}
.problem{color:var(--invalid)}.note{color:var(--muted)}
.hidden{display:none}.more{margin:8px 0;color:var(--muted);cursor:pointer}
.charts{display:flex;flex-wrap:wrap;gap:16px}
svg{background:#fff;border:1px solid var(--line);border-radius:6px}
svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
svg .title{font-size:13px;font-weight:600;fill:var(--fg)}
)css";

}  // namespace

std::string page(std::string_view title, std::string_view body, std::string_view script) {
  std::string out;
  out.reserve(body.size() + style.size() + script.size() + 512);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  // Nothing may be fetched: no network at view time, and a hostile page
  // fragment could not load anything either.
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += text(title);
  out += "</title>\n<style>";
  out += style;
  out += "</style></head>\n<body>\n";
  out += body;
  if (!script.empty()) {
    out += "<script>\n";
    out += script;
    out += "</script>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace sdemig::engine::html
