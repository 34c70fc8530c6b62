#pragma once
// The forms a value takes in text a server sends back, and how to read each
// form back into the value. A server that echoes a request writes a secret
// as it is, JSON-escaped (`\"`, `\\`, `\/`, `\u00e9`, surrogate pairs),
// percent-encoded (`%22`, `+` for a space in a form), HTML-escaped
// (`&quot;`, `&#x27;`), or one inside another: a JSON body shown on an HTML
// debug page, quoted in a JSON string, percent-encoded in a URL. The
// scrubber decodes the text in each form and looks for the values in what
// comes out; every decoded byte remembers the bytes of the text it came
// from, so that what is found is removed from the text as it was sent.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sdemig::sde {

// One layer of escaping.
enum class escaping : std::uint8_t {
  json,     // \" \\ \/ \b \f \n \r \t \uXXXX (a surrogate pair as one character)
  unicode,  // \uXXXX alone, other backslashes as they are (a header or repr made ASCII)
  percent,  // %XX in either case
  form,     // %XX, and + for a space (application/x-www-form-urlencoded)
  html,     // &quot; &amp; &lt; &gt; &apos; &#DDD; &#xHHH;
};

// A form: one layer, or two (`layers[0]` is the outer one, decoded first).
struct secret_form {
  std::array<escaping, 2> layers;
  std::size_t depth;
};

// Every form looked at besides the text as it is.
inline constexpr secret_form secret_forms[] = {
    {{escaping::json}, 1},
    {{escaping::unicode}, 1},
    {{escaping::json, escaping::json}, 2},  // a JSON body quoted in a JSON string
    {{escaping::percent}, 1},
    {{escaping::form}, 1},
    {{escaping::percent, escaping::json}, 2},  // a JSON body in a URL
    {{escaping::form, escaping::json}, 2},
    {{escaping::html}, 1},
    {{escaping::html, escaping::json}, 2},  // a JSON body on an HTML (debug) page
    {{escaping::json, escaping::html}, 2},  // an HTML page quoted in a JSON string
};

// The most bytes one byte of a value takes in any of these forms (`"` as
// `\&quot;`, a control character as `%5Cu001f`).
inline constexpr std::size_t max_form_bytes_per_byte = 8;

// Where a decoded byte came from: [begin, end) of the text as sent.
struct source_span {
  std::size_t begin = 0, end = 0;
};

// Text decoded from a form.
struct decoded_text {
  std::string text;
  std::vector<source_span> from;  // one per byte of `text`
  // Bytes at the end of `text` that are the start of an escape the text
  // ends inside (`%2`, `\u00`, `&quo`): passed through as they are.
  std::size_t unfinished_tail = 0;
};

// Decodes one layer of `how` in `in` (whose bytes came from `in_from`, or
// from themselves when it is null; its last `in_unfinished` bytes are an
// outer layer's unfinished escape, passed on). Bytes that are no escape
// pass through. False when `in` holds nothing written that way (`out`
// would equal `in`, and it does not end inside an escape).
bool decode(escaping how, std::string_view in, const std::vector<source_span>* in_from,
            std::size_t in_unfinished, decoded_text& out);

}  // namespace sdemig::sde
