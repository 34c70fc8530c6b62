#include "io/sde/scrubber.hpp"

#include <algorithm>

namespace sdemig::sde {
namespace {

// A letter, a digit, or part of a multi-byte character: text a short
// secret may not touch to be taken for one.
bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z');
}

bool stands_alone(std::string_view text, std::size_t at, std::size_t length) {
  return (at == 0 || !word_byte(text[at - 1])) &&
         (at + length >= text.size() || !word_byte(text[at + length]));
}

// The bytes that start an escape in one of the forms: a text without any
// is only looked at as it is.
constexpr std::string_view escape_starts = "\\%+&";

// Drops a multi-byte character the end of `out` cut in two.
void drop_cut_character(std::string& out) {
  std::size_t lead = out.size();
  while (lead > 0 && (static_cast<unsigned char>(out[lead - 1]) & 0xC0) == 0x80) --lead;
  if (lead == 0) return;
  const auto u = static_cast<unsigned char>(out[lead - 1]);
  const std::size_t length = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
  if (out.size() - (lead - 1) < length) out.resize(lead - 1);
}

}  // namespace

void scrubber::add(std::string_view secret) {
  if (secret.empty() || secret == replacement) return;
  by_length_[secret.size()].emplace(secret);
  sorted_.emplace(secret);
  first_byte_[static_cast<unsigned char>(secret[0])] = true;
}

void scrubber::add_secrets_of(const connector& c) {
  if (!c.params) return;
  for (const param& p : *c.params) {
    if (is_secret(p) && p.value.type == json_type::string && p.value.text != masked_secret)
      add(p.value.text);
  }
}

void scrubber::find_in(std::string_view text, const decoded_text* decoded, bool text_is_whole,
                       std::vector<source_span>& found) const {
  std::string window;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t match = 0;
    if (first_byte_[static_cast<unsigned char>(text[i])]) {
      for (const auto& [length, secrets] : by_length_) {
        if (length > text.size() - i) continue;
        window.assign(text, i, length);
        if (secrets.contains(window) && (length >= short_secret || stands_alone(text, i, length))) {
          match = length;
          break;
        }
      }
    }
    if (match == 0) {
      ++i;
      continue;
    }
    found.push_back(decoded ? source_span{decoded->from[i].begin, decoded->from[i + match - 1].end}
                            : source_span{i, i + match});
    i += match;
  }
  if (text_is_whole) find_fragment_at_end(text, decoded, found);
}

// The text may end inside a secret (a server that cuts what it echoes): an
// end that begins a word and that some secret begins with goes too.
void scrubber::find_fragment_at_end(std::string_view text, const decoded_text* decoded,
                                    std::vector<source_span>& found) const {
  const std::size_t end = text.size() - (decoded ? decoded->unfinished_tail : 0);
  const std::size_t longest = by_length_.begin()->first;
  for (std::size_t length = std::min(longest, end); length >= min_fragment; --length) {
    const std::size_t at = end - length;
    if (at > 0 && word_byte(text[at - 1])) continue;
    const std::string_view fragment = text.substr(at, length);
    const auto candidate = sorted_.lower_bound(fragment);
    if (candidate == sorted_.end() || !candidate->starts_with(fragment)) continue;
    found.push_back(decoded ? source_span{decoded->from[at].begin, decoded->from.back().end}
                            : source_span{at, text.size()});
    return;
  }
}

std::vector<source_span> scrubber::find(std::string_view text, bool text_is_whole) const {
  std::vector<source_span> found;
  if (by_length_.empty() || text.empty()) return found;
  find_in(text, nullptr, text_is_whole, found);
  if (text.find_first_of(escape_starts) != std::string_view::npos) {
    decoded_text layers[2];
    for (const secret_form& form : secret_forms) {
      std::string_view in = text;
      const std::vector<source_span>* in_from = nullptr;
      std::size_t unfinished = 0;
      std::size_t decoded = 0;
      for (; decoded < form.depth; ++decoded) {
        if (!decode(form.layers[decoded], in, in_from, unfinished, layers[decoded])) break;
        in = layers[decoded].text;
        in_from = &layers[decoded].from;
        unfinished = layers[decoded].unfinished_tail;
      }
      // A layer that decodes nothing leaves another form of the list.
      if (decoded == form.depth) find_in(in, &layers[decoded - 1], text_is_whole, found);
    }
  }
  std::sort(found.begin(), found.end(),
            [](const source_span& a, const source_span& b) { return a.begin < b.begin; });
  std::vector<source_span> merged;
  for (const source_span& s : found) {
    if (!merged.empty() && s.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

void scrubber::scrub_in_place(std::string& text) const {
  const std::vector<source_span> spans = find(text, false);
  if (spans.empty()) return;
  std::string out;
  std::size_t copied = 0;  // text[copied, span.begin) is still to be copied into out
  for (const source_span& s : spans) {
    out.append(text, copied, s.begin - copied);
    out += replacement;
    copied = s.end;
  }
  out.append(text, copied, std::string::npos);
  text = std::move(out);
}

std::string scrubber::scrub(std::string_view text) const {
  std::string out(text);
  scrub_in_place(out);
  return out;
}

std::string scrubber::excerpt(std::string_view text, std::size_t max_bytes) const {
  // Scrubbed first, as far as a secret that starts inside the excerpt can
  // reach in any form.
  const std::size_t longest = by_length_.empty() ? 0 : by_length_.begin()->first;
  const std::string_view part =
      text.substr(0, max_bytes + std::min(text.size(), longest * max_form_bytes_per_byte));
  const std::vector<source_span> spans = find(part, part.size() == text.size());
  std::string out;
  std::size_t at = 0;  // text[0, at) is in `out`, scrubbed
  bool full = false;
  auto plain_until = [&](std::size_t end) {
    for (; at < end && !full; ++at) {
      if (out.size() == max_bytes) {
        full = true;
        break;
      }
      out += static_cast<unsigned char>(part[at]) < 0x20 ? ' ' : part[at];
    }
  };
  for (const source_span& s : spans) {
    plain_until(s.begin);
    // A cut inside a secret drops all of it, its replacement too.
    if (full || out.size() + replacement.size() > max_bytes) {
      full = true;
      break;
    }
    out += replacement;
    at = s.end;
  }
  plain_until(part.size());
  if (at < text.size()) {
    drop_cut_character(out);
    out += "...";
  }
  return out;
}

}  // namespace sdemig::sde
