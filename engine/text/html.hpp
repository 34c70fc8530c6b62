#pragma once
// The pieces every page sdemig writes is made of: text escaped for HTML
// (after printable(): control and bidirectional-override characters shown as
// \uXXXX, so a hostile name reads as what it holds), and one self-contained
// page (inline CSS and script, nothing fetched when it is viewed).

#include <string>
#include <string_view>

namespace sdemig::engine::html {

// `text` made printable, then & < > " ' escaped: safe as element text and
// inside a quoted attribute.
std::string text(std::string_view raw);

// A number as a page shows it ("1,234", "0.42", "12.3").
std::string number(double value, int decimals = 0);

// The page around `body`: the title (escaped here), the shared style and,
// when `script` is not empty, that script inline at the end of the body.
std::string page(std::string_view title, std::string_view body, std::string_view script = {});

}  // namespace sdemig::engine::html
