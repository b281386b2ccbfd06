// Entry points of the YAML loader: one document, a file, or a folder of files merged into one
// Schema; then foreign-key column resolution and cross-object validation.

#include "schemas/project.hpp"
#include "schemas/yaml.hpp"
#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <tuple>

namespace strata::schemas {

namespace {

using detail::Node;
using detail::Reader;
using detail::SchemaMarks;

void load_version(Reader& reader, const Node& root)
{
  const Node version = root["version"];
  if (!version.IsDefined()) {
    return;
  }
  int value = 0;
  if (!version.decode(value) || value != 1) {
    const std::string shown = version.IsScalar() ? version.Scalar() : std::string("?");
    reader.error(version, "", fmt::format("unsupported format version \"{}\" (expected 1)", shown));
  }
}

template <typename Load>
void each_entry(Reader& reader, const Node& root, const std::string& key, Load load)
{
  const Node items = reader.list(root, key, "");
  if (!items.IsDefined()) {
    return;
  }
  size_t i = 0;
  for (const auto& item : items) {
    load(item, i++);
  }
}

void load_table_item(Reader& reader, const Node& item, size_t ordinal, Schema& schema, SchemaMarks& marks)
{
  detail::TableMarks table_marks;
  if (auto table = detail::load_table(reader, item, ordinal, table_marks)) {
    schema.tables.push_back(std::move(*table));
    marks.tables.push_back(std::move(table_marks));
  }
}

// What the tables handed over while the file was parsed said (kept apart, so that the file's
// diagnostics come in the order of a load from a whole tree).
struct Streamed {
  std::vector<Diagnostic> diagnostics;
};

void load_document(Reader& reader, const Node& root, Schema& schema, SchemaMarks& marks, Streamed& streamed,
                   std::vector<Diagnostic>& diagnostics)
{
  if (!root.IsDefined() || root.IsNull()) {
    return; // an empty file declares nothing
  }
  if (!reader.expect_map(root, "", "the document")) {
    return;
  }
  reader.check_keys(root, "", {"version", "schemas", "extensions", "tables", "virtual_tables", "views", "materialized_views",
                                "enums", "domains", "composite_types", "sequences", "functions", "privileges"});
  load_version(reader, root);
  if (detail::load_privileges_switch(reader, root)) {
    schema.privileges_managed = true; // one file of a folder says it for all
  }
  each_entry(reader, root, "schemas", [&](const Node& item, size_t i) {
    if (auto entry = detail::load_namespace(reader, item, i)) {
      schema.namespaces.push_back(std::move(*entry));
    }
  });
  each_entry(reader, root, "extensions", [&](const Node& item, size_t i) {
    if (auto extension = detail::load_extension(reader, item, i)) {
      schema.extensions.push_back(std::move(*extension));
    }
  });
  // The tables the parser handed over as it went, with what was said about them; then any the
  // document kept (when it could not hand its list over).
  diagnostics.insert(diagnostics.end(), std::make_move_iterator(streamed.diagnostics.begin()),
                     std::make_move_iterator(streamed.diagnostics.end()));
  each_entry(reader, root, "tables", [&](const Node& item, size_t i) { load_table_item(reader, item, i, schema, marks); });
  each_entry(reader, root, "virtual_tables", [&](const Node& item, size_t i) {
    if (auto table = detail::load_virtual_table(reader, item, i)) {
      schema.virtual_tables.push_back(std::move(*table));
    }
  });
  each_entry(reader, root, "views", [&](const Node& item, size_t i) {
    if (auto view = detail::load_view(reader, item, i)) {
      schema.views.push_back(std::move(*view));
    }
  });
  each_entry(reader, root, "materialized_views", [&](const Node& item, size_t i) {
    if (auto view = detail::load_materialized_view(reader, item, i)) {
      schema.views.push_back(std::move(*view));
    }
  });
  each_entry(reader, root, "enums", [&](const Node& item, size_t i) {
    if (auto item_enum = detail::load_enum(reader, item, i)) {
      schema.enums.push_back(std::move(*item_enum));
    }
  });
  each_entry(reader, root, "sequences", [&](const Node& item, size_t i) {
    if (auto sequence = detail::load_sequence(reader, item, i)) {
      schema.sequences.push_back(std::move(*sequence));
    }
  });
  each_entry(reader, root, "domains", [&](const Node& item, size_t i) {
    if (auto domain = detail::load_domain(reader, item, i)) {
      schema.domains.push_back(std::move(*domain));
    }
  });
  each_entry(reader, root, "composite_types", [&](const Node& item, size_t i) {
    if (auto type = detail::load_composite_type(reader, item, i)) {
      schema.composite_types.push_back(std::move(*type));
    }
  });
  each_entry(reader, root, "functions", [&](const Node& item, size_t i) {
    if (auto function = detail::load_function(reader, item, i)) {
      schema.functions.push_back(std::move(*function));
    }
  });
}

// The file's `tables` are loaded as the parser completes each (the document never holds them
// all); a file that turns out malformed or refused loads nothing, as before anything is built.
// Where a scanner cannot stand in for yaml-cpp after tables were handed over, they are dropped and
// the text read again from the next scanner on (ScannerRefused).
void parse_into(std::string text, const std::string& file, Schema& schema, SchemaMarks& marks,
                std::vector<Diagnostic>& diagnostics, detail::Scanner scanner = detail::Scanner::subset)
{
  detail::make_line_breaks_uniform(text);
  Reader reader(file, diagnostics);
  Streamed streamed;
  Reader table_reader(file, streamed.diagnostics);
  const size_t tables_before = schema.tables.size();
  const auto drop_streamed = [&] {
    schema.tables.resize(tables_before);
    marks.tables.resize(tables_before);
  };
  const detail::ItemSink load_table = [&](const Node& item, size_t i) {
    load_table_item(table_reader, item, i, schema, marks);
  };
  std::optional<detail::Document> document;
  try {
    std::optional<Diagnostic> refused;
    document.emplace(text, file, refused, "tables", load_table, scanner);
    if (refused) {
      drop_streamed();
      diagnostics.push_back(std::move(*refused));
      return;
    }
  } catch (const YAML::Exception& e) {
    drop_streamed();
    SourceLocation location{file, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0};
    diagnostics.push_back(Diagnostic{location, "malformed YAML: " + e.msg});
    return;
  } catch (const detail::ScannerRefused& refusal) {
    drop_streamed();
    document.reset();
    parse_into(std::move(text), file, schema, marks, diagnostics, refusal.next);
    return;
  }
  load_document(reader, document->root(), schema, marks, streamed, diagnostics);
}

LoadResult finish(Schema schema, const SchemaMarks& marks, std::vector<Diagnostic> diagnostics)
{
  shrink_to_fit(schema);
  detail::resolve_foreign_key_columns(schema);
  auto found = detail::validate_schema(schema, &marks);
  diagnostics.insert(diagnostics.end(), found.begin(), found.end());
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  });
  return LoadResult{std::move(schema), std::move(diagnostics)};
}

// The bytes of `file` in `text`, allocated once at the file's size (a stream's buffer grows by
// doubling: up to twice a large file's bytes, alive through the parse). False when it cannot be
// read.
bool read_whole(const std::filesystem::path& file, std::string& text)
{
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in.is_open()) {
    return false;
  }
  const std::streamoff size = in.tellg();
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  std::ostringstream rest; // what a growing file added after its size was taken, or a pipe's bytes
  rest << in.rdbuf();
  text += std::move(rest).str();
  return !in.bad();
}

// A schema file of a folder: *.yaml or *.yml, except the project file (`schema: .` in it).
bool is_yaml_file(const std::filesystem::directory_entry& entry)
{
  const auto extension = entry.path().extension();
  return entry.is_regular_file() && (extension == ".yaml" || extension == ".yml") &&
         entry.path().filename() != k_project_file_name;
}

} // namespace

namespace detail {

void resolve_foreign_key_columns(Schema& schema)
{
  for (auto& table : schema.tables) {
    for (auto& fk : table.foreign_keys) {
      if (!fk.ref_columns.empty()) {
        continue;
      }
      if (const Table* target = schema.find_table(fk.references)) {
        fk.ref_columns = target->primary_key;
      }
    }
  }
}

} // namespace detail

LoadResult load_string(const std::string& text, const std::string& file)
{
  Schema schema;
  SchemaMarks marks;
  std::vector<Diagnostic> diagnostics;
  parse_into(text, file, schema, marks, diagnostics);
  return finish(std::move(schema), marks, std::move(diagnostics));
}

LoadResult load_path(const std::filesystem::path& path)
{
  namespace fs = std::filesystem;
  Schema schema;
  SchemaMarks marks;
  std::vector<Diagnostic> diagnostics;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    diagnostics.push_back(Diagnostic{SourceLocation{path.string(), 0, 0}, "no such file or folder"});
    return LoadResult{std::move(schema), std::move(diagnostics)};
  }
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (is_yaml_file(entry)) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
    if (files.empty()) {
      diagnostics.push_back(
        Diagnostic{SourceLocation{path.string(), 0, 0}, "folder holds no *.yaml or *.yml file"});
    }
  } else {
    files.push_back(path);
  }
  for (const auto& file : files) {
    std::string text;
    if (!read_whole(file, text)) {
      diagnostics.push_back(Diagnostic{SourceLocation{file.string(), 0, 0}, "cannot read file"});
      continue;
    }
    parse_into(std::move(text), file.string(), schema, marks, diagnostics);
  }
  return finish(std::move(schema), marks, std::move(diagnostics));
}

Schema load_or_throw(const std::filesystem::path& path)
{
  auto result = load_path(path);
  if (!result.ok()) {
    throw SchemaError(std::move(result.diagnostics));
  }
  return std::move(result.schema);
}

} // namespace strata::schemas
