#pragma once
// Private to strata_schemas: node-reading helpers shared by the YAML loader files, the finer
// source positions the loader records for validation, and the validator entry point that uses them.

#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::schemas::detail {

// A YAML node as the loader reads it. The document is built from yaml-cpp's parser events
// (YAML::Parser with an event handler, the events YAML::Load builds its nodes from) into compact,
// immutable nodes that keep their marks; a Node is a handle to one (copied freely) with the part
// of YAML::Node's interface the loader uses, and the same answers.
class Node {
public:
  struct Data {
    enum class Kind : unsigned char { null, scalar, sequence, map };
    Kind kind = Kind::null;
    YAML::Mark mark;
    std::string scalar;
    std::vector<const Data*> items; // a sequence's items; a map's keys and values, alternating
  };
  struct Item;
  class Iterator;

  Node() = default; // undefined: what a missing key gives
  explicit Node(const Data* data) : m_data(data) {}

  bool IsDefined() const { return m_data != nullptr; }
  bool IsNull() const { return m_data != nullptr && m_data->kind == Data::Kind::null; }
  bool IsScalar() const { return m_data != nullptr && m_data->kind == Data::Kind::scalar; }
  bool IsSequence() const { return m_data != nullptr && m_data->kind == Data::Kind::sequence; }
  bool IsMap() const { return m_data != nullptr && m_data->kind == Data::Kind::map; }
  const std::string& Scalar() const; // empty unless a scalar
  YAML::Mark Mark() const { return m_data != nullptr ? m_data->mark : YAML::Mark::null_mark(); }
  size_t size() const; // a sequence's items, a map's pairs, else 0
  // The value of the first pair whose key is the scalar `key`; undefined when there is none.
  Node operator[](std::string_view key) const;
  Iterator begin() const;
  Iterator end() const;
  // A scalar read as yaml-cpp's YAML::convert<T> reads it (`yes`, `0x1F` …); false when this is
  // not a scalar or does not convert.
  template <typename T>
  bool decode(T& out) const
  {
    if constexpr (std::is_same_v<T, bool>) {
      // The spellings nearly every file uses, without a YAML::Node made for them.
      if (IsScalar() && (Scalar() == "true" || Scalar() == "false")) {
        out = Scalar() == "true";
        return true;
      }
    }
    return IsScalar() && YAML::convert<T>::decode(YAML::Node(Scalar()), out);
  }

private:
  const Data* m_data = nullptr;
};

// One step of iteration: a sequence item is `first` (which it converts to); a map pair is `first`
// (the key) and `second` (the value).
struct Node::Item {
  Node first;
  Node second;
  operator const Node&() const { return first; } // NOLINT(google-explicit-constructor): as YAML::Node's
};

class Node::Iterator {
public:
  Iterator(const Data* node, size_t at) : m_node(node), m_at(at) {}
  Item operator*() const;
  Iterator& operator++();
  bool operator==(const Iterator& other) const { return m_at == other.m_at; }

private:
  const Data* m_node;
  size_t m_at;
};

// Takes one item of a list the document hands over as the parser completes it (its 0-based
// position in the list); the item's nodes are freed once it returns.
using ItemSink = std::function<void(const Node& item, size_t ordinal)>;

// The parsers a schema file is read with, fastest first: each hands the events yaml-cpp's parser
// would, and leaves a text it cannot read that way to the next (yaml-cpp reads every text).
enum class Scanner { subset, libyaml, yaml_cpp };
// A scanner met what it cannot read after it had handed events: the caller drops what it built
// from them and reads the text again from `next` on.
struct ScannerRefused {
  Scanner next;
};

// Owns the nodes of one document.
class Document {
public:
  // The first document of `text`, read in one pass with parse_checked: a refusal leaves `refused`
  // set and the document empty. Malformed YAML throws YAML::Exception with its mark, as YAML::Load
  // does (items already handed to `streamed_items` stay handed: the caller drops what it built).
  // With `streamed_items`, the items of the list under the root map's first `streamed_key` go to
  // it one by one as they are parsed and are then freed, so the document never holds the whole
  // list: in the tree that list is then empty. An item that defines an anchor keeps its nodes
  // (an alias may name them later); a list or a root map that has an anchor itself is not handed
  // over (an alias could name the whole list) and stays in the tree. Where a scanner cannot stand
  // in for yaml-cpp after handing events (subset_events, libyaml_events), the text is read again
  // by the next one; with `streamed_items`, ScannerRefused comes back instead, for the caller to
  // drop what it built and construct the document again from that scanner on.
  Document(const std::string& text, const std::string& file, std::optional<Diagnostic>& refused,
           std::string_view streamed_key = {}, const ItemSink& streamed_items = {},
           Scanner scanner = Scanner::subset);
  Node root() const { return Node(m_root); }

private:
  std::deque<Node::Data> m_nodes;
  const Node::Data* m_root = nullptr;
};

// Positions of list items the model does not keep a location for (parallel to the model's lists).
struct ForeignKeyMarks {
  std::vector<SourceLocation> columns;
  SourceLocation table;
  std::vector<SourceLocation> ref_columns;
};

struct TableMarks {
  std::vector<SourceLocation> primary_key;               // one per primary key column
  std::vector<std::vector<SourceLocation>> index_keys;   // per index, per key
  std::vector<std::vector<SourceLocation>> index_include; // per index, per INCLUDE column
  std::vector<ForeignKeyMarks> foreign_keys;
};

// Parallel to Schema::tables. Its presence tells the validator that the loader already checked
// everything visible on a single object (types, empty lists, actions), so only cross-object
// checks remain.
struct SchemaMarks {
  std::vector<TableMarks> tables;
};

std::vector<Diagnostic> validate_schema(const Schema& schema, const SchemaMarks* marks);

// The text yaml-cpp reads: a UTF-8 byte-order mark removed, every line break (CRLF, or a lone CR,
// which yaml-cpp does not take for one) made LF, so line numbers stay those of the file.
std::string uniform_line_breaks(std::string_view text);
// The same in place (the text only shrinks).
void make_line_breaks_uniform(std::string& text);

// What its aliases may add to a file once expanded (scalar bytes, plus 16 per node).
inline constexpr std::uint64_t k_alias_expansion_budget = std::uint64_t{16} << 20;

// Hands the events of `text` to `first` (its first document) and `rest` (any later one) as yaml-cpp's
// parser would (the same events, anchors numbered alike, marks in bytes, an empty node marked at
// the token after it), read by libyaml, which scans several times faster. Where libyaml cannot
// stand in for yaml-cpp on `text` (it refuses it, a document has a directive, an alias names no
// anchor before it, collections nest deeper than 256, a NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR
// would break lines for libyaml, YAML 1.1, and not for yaml-cpp, YAML 1.2, or an explicit key's
// `?` may be there): false when it has handed nothing yet, else it throws
// ScannerRefused{Scanner::yaml_cpp} and the caller drops what it built and reads the text with yaml-cpp.
bool libyaml_events(const std::string& text, YAML::EventHandler& first, YAML::EventHandler& rest);

// libyaml_events for the block YAML strata writes and schema files are mostly written in (block
// maps and lists, one-line flow maps and lists, one-line plain and quoted scalars, literal block
// scalars, comments; ASCII), scanned in one pass several times faster than libyaml, the same
// events with the same marks. Any other text: false when nothing was handed yet, else
// ScannerRefused{Scanner::libyaml}.
bool subset_events(const std::string& text, YAML::EventHandler& first, YAML::EventHandler& rest);

// yaml-cpp's mark of an empty node whose indicator (`:`, `-`) ends at `after`: where the token
// after it starts, past blanks, line breaks and comments; at the end of the text, column 0 of the
// line it ends on. `after` and the mark count bytes.
YAML::Mark empty_node_mark(std::string_view text, YAML::Mark after);

// Runs the parser over `text` once (libyaml_events, else yaml-cpp's), handing the first document's events to `handler` after
// checking them, expanding nothing: a second document, or aliases that would expand beyond
// k_alias_expansion_budget, stop the parse and come back as a refusal at the line where it
// happens. Malformed YAML throws YAML::Exception, as YAML::Load would.
// `scanner`: the first of subset_events, libyaml_events and yaml-cpp's parser to try; each
// leaves what it cannot read to the next. ScannerRefused passes through.
std::optional<Diagnostic> parse_checked(const std::string& text, const std::string& file, YAML::EventHandler& handler,
                                        Scanner scanner = Scanner::subset);

// Fills empty FK ref_columns from the referenced table's primary key.
void resolve_foreign_key_columns(Schema& schema);

// What every object entry of the file starts with (a table, a view, a column, an index …).
struct EntryShape {
  std::string_view kind;     // "table", "foreign key": names the object in messages
  std::string_view article;  // "a table": what a non-map entry should have been
  std::string_view outer{};  // context of the enclosing object ("" at the top level); read only by the call
  size_t ordinal = 0;        // 0-based position in its list
  bool name_required = true; // unnamed indexes, keys and checks get a default name later
  bool has_schema = false;   // top-level objects may name a schema
};
struct Entry {
  SourceLocation location;
  std::string name;
  std::string schema;
  std::string context; // `table "app.users"`, `table "users": index #2`
};

// Reads typed values out of yaml-cpp nodes, recording a diagnostic for every problem.
class Reader {
public:
  Reader(std::string file, std::vector<Diagnostic>& diagnostics);

  const std::string& file() const { return m_file; }
  SourceLocation where(const Node& node) const;
  void error(const Node& node, const std::string& context, const std::string& message);

  // False (with a diagnostic naming `what`) when node is not a map.
  bool expect_map(const Node& node, const std::string& context, std::string_view what);
  // Reports keys outside `allowed`, non-scalar keys and duplicate keys.
  void check_keys(const Node& map, const std::string& context, std::initializer_list<std::string_view> allowed);
  // Opens an object entry: checks it is a map, reads "name" (and "schema" where the shape has
  // one), then reports keys outside `allowed` under the context naming the object. Nullopt (with a
  // diagnostic) when the entry is not a map.
  std::optional<Entry> entry(const Node& node, const EntryShape& shape,
                             std::initializer_list<std::string_view> allowed);
  // The same into a new model object: its location, name and (where it has one) schema are set,
  // and `context` names it for the messages about its other keys. False when not a map.
  template <class Object>
  bool open(const Node& node, const EntryShape& shape, std::initializer_list<std::string_view> allowed,
            Object& object, std::string& context)
  {
    auto found = entry(node, shape, allowed);
    if (!found) {
      return false;
    }
    object.location = found->location;
    object.name = std::move(found->name);
    if constexpr (requires { object.schema; }) {
      object.schema = std::move(found->schema);
    }
    context = std::move(found->context);
    return true;
  }

  // A scalar (or empty for a missing/null value); `required` reports a missing or empty value.
  std::string text(const Node& map, std::string_view key, const std::string& context, bool required = false);
  bool flag(const Node& map, std::string_view key, const std::string& context, bool fallback = false);
  std::optional<long long> integer(const Node& map, std::string_view key, const std::string& context);
  // The sequence under key, or an undefined node when missing/null (reported when not a list).
  Node list(const Node& map, std::string_view key, const std::string& context);
  // A list of scalars; each item's location goes to `locations` when given.
  std::vector<std::string> strings(const Node& map, std::string_view key, const std::string& context,
                                   std::vector<SourceLocation>* locations = nullptr);
  // The scalar text of one list item or value node (reported when not a scalar).
  std::optional<std::string> scalar(const Node& node, const std::string& context, std::string_view what);

private:
  FileName m_file; // interned: every object read carries it
  std::vector<Diagnostic>& m_diagnostics;
};

// `kind "name"` or `kind #ordinal` (1-based) when the name is missing.
std::string object_context(std::string_view kind, const std::string& schema, const std::string& name, size_t ordinal);
// nested(outer, object_context(...)) made at once: `outer: kind "schema.name"` (`outer: kind #n`).
std::string entry_context(std::string_view outer, std::string_view kind, const std::string& schema,
                          const std::string& name, size_t ordinal);
std::string nested(const std::string& outer, const std::string& inner);

// The loaders of each object kind (yaml_load_table.cpp, yaml_load_objects.cpp).
std::optional<Table> load_table(Reader& reader, const Node& node, size_t ordinal, TableMarks& marks);
std::optional<View> load_view(Reader& reader, const Node& node, size_t ordinal);
std::optional<View> load_materialized_view(Reader& reader, const Node& node, size_t ordinal);
std::optional<Enum> load_enum(Reader& reader, const Node& node, size_t ordinal);
std::optional<Sequence> load_sequence(Reader& reader, const Node& node, size_t ordinal);
std::optional<Function> load_function(Reader& reader, const Node& node, size_t ordinal);
std::optional<VirtualTable> load_virtual_table(Reader& reader, const Node& node, size_t ordinal);
std::optional<Extension> load_extension(Reader& reader, const Node& node, size_t ordinal);
std::optional<Namespace> load_namespace(Reader& reader, const Node& node, size_t ordinal);
std::optional<Domain> load_domain(Reader& reader, const Node& node, size_t ordinal);
std::optional<CompositeType> load_composite_type(Reader& reader, const Node& node, size_t ordinal);
ColumnType load_type(Reader& reader, const Node& node, const std::string& context);
// `default:` as SQL text ("NULL" for a YAML null); nullopt when missing or not a scalar (reported).
std::optional<std::string> load_default_text(Reader& reader, const Node& map, const std::string& context);
// `options:` of a table or view: names mapped to scalar values; `allowed` the names it may hold
// (empty: any, as a table's options depend on the engine).
// `shape`: the key and the words of messages, for another map of names to text (a view's
// `column_comments`).
struct NamedMap {
  std::string_view key = "options";
  std::string_view names = "option";
  std::string_view values = "value";
};
std::map<std::string, std::string> load_options(Reader& reader, const Node& node, const std::string& context,
                                                std::initializer_list<std::string_view> allowed = {},
                                                const NamedMap& shape = {});
// Constraint loaders (yaml_load_constraints.cpp); `table` is the table read so far (name, columns).
// `exclusion`: an item of `excludes` (PostgreSQL EXCLUDE constraint: every key names its operator
// under `with`).
std::optional<Index> load_index(Reader& reader, const Node& node, const Table& table, const std::string& context,
                                size_t ordinal, std::vector<SourceLocation>& key_marks,
                                std::vector<SourceLocation>& include_marks, bool exclusion = false);
// `with:` of an index: storage parameter names mapped to scalar values (text as written).
std::map<std::string, std::string> load_storage(Reader& reader, const Node& node, const std::string& context);
std::optional<ForeignKey> load_foreign_key(Reader& reader, const Node& node, const Table& table,
                                           const std::string& context, size_t ordinal, ForeignKeyMarks& marks);
// `unnamed` counts the unnamed checks of the table so far (for default_check_name).
std::optional<Check> load_check(Reader& reader, const Node& node, const Table& table, const std::string& context,
                                size_t ordinal, int& unnamed);
std::optional<Trigger> load_trigger(Reader& reader, const Node& node, const std::string& context, size_t ordinal);
// start, increment, min_value, max_value, cache, cycle of a sequence or an identity column.
void load_sequence_options(Reader& reader, const Node& map, const std::string& context, SequenceOptions& options);
// The `rules` list of a table or view (PostgreSQL).
std::vector<Rule> load_rules(Reader& reader, const Node& node, const std::string& context);
// The top-level `privileges:` switch: true for `managed` (`ignored`, the default, and anything
// else false; anything else reported). yaml_load_grants.cpp.
bool load_privileges_switch(Reader& reader, const Node& root);
// The `grants` list of an object of kind `target` (PostgreSQL); empty when missing.
std::vector<Grant> load_grants(Reader& reader, const Node& node, const std::string& context, GrantTarget target);
std::optional<Policy> load_policy(Reader& reader, const Node& node, const std::string& context, size_t ordinal);

// Problems of a single column type (empty, bad parameters of a portable name, unknown engine key);
// empty when fine. Shared by the loader and the validator.
std::vector<std::string> type_problems(const ColumnType& type);
std::string type_text_problem(const std::string& text);
bool normalize_action(const std::string& text, std::string& out);

} // namespace strata::schemas::detail
