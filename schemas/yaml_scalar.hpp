#pragma once
// How a string is written as a YAML scalar: plain when a plain scalar reads back as the same
// string, double-quoted with escapes otherwise. The choices are those of yaml-cpp's emitter (the
// YAML files strata wrote before it stopped using the emitter stay byte for byte the same), made
// in one pass over the bytes instead of its regular-expression matching.

#include <cstddef>
#include <string>
#include <string_view>

namespace strata::schemas::yaml {

// Inside a flow collection ({...}, [...]) more characters end a plain scalar than in a block.
enum class Context { block, flow };

// True when a plain scalar `text` reads as null: empty, ~, null, Null or NULL (YAML 1.2's core
// schema; what yaml-cpp's parser reports as null and its emitter quotes).
bool null_word(std::string_view text);

// True when `text` may be written plain in `context` and reads back unchanged.
bool plain_scalar(std::string_view text, Context context);

// Appends the UTF-8 bytes of the code point `code` (a valid scalar value).
void append_utf8(std::string& out, char32_t code);

// Appends `text` double-quoted: ", \ and control characters escaped, UTF-8 kept (an invalid byte
// becomes U+FFFD, as yaml-cpp writes it).
void append_double_quoted(std::string& out, std::string_view text);

// Appends `text` plain when it can be, else double-quoted.
void append_scalar(std::string& out, std::string_view text, Context context);

// Appends `text` as a literal block scalar: "|", then each line of the text on a line of its own
// indented by `indent` spaces (empty lines left empty), without a final line break. Whether the
// block reads back as `text` is the caller's check (chomping and leading spaces can change it).
void append_literal(std::string& out, std::string_view text, size_t indent);

} // namespace strata::schemas::yaml
