#include "workflows/planning.hpp"

#include "workflows/probe_database.hpp"

#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "planner/written_text.hpp"
#include "schemas/error.hpp"
#include "schemas/name_rules.hpp"
#include "schemas/yaml.hpp"

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <optional>
#include <set>
#include <tuple>

namespace strata::workflows {

introspect::ReadOptions read_options_for(const schemas::Schema& desired)
{
  introspect::ReadOptions options;
  options.privileges = desired.privileges_managed;
  options.extra_schemas = desired.object_namespaces();
  for (const auto& listed : desired.namespaces) { // an empty one listed is read too
    if (!listed.name.empty() && std::find(options.extra_schemas.begin(), options.extra_schemas.end(), listed.name) ==
                                  options.extra_schemas.end()) {
      options.extra_schemas.push_back(listed.name);
    }
  }
  return options;
}

namespace {

// Calls `visit` on every schema name of `desired`: each object's own, and each foreign key's target.
template <typename SchemaT, typename Visit>
void each_schema_name(SchemaT& desired, Visit visit)
{
  for (auto& table : desired.tables) {
    visit(table.schema);
    for (auto& fk : table.foreign_keys) {
      visit(fk.references.schema);
    }
  }
  for (auto& view : desired.views) {
    visit(view.schema);
  }
  for (auto& e : desired.enums) {
    visit(e.schema);
  }
  for (auto& sequence : desired.sequences) {
    visit(sequence.schema);
  }
  for (auto& function : desired.functions) {
    visit(function.schema);
  }
  for (auto& extension : desired.extensions) {
    visit(extension.schema);
  }
  for (auto& domain : desired.domains) {
    visit(domain.schema);
  }
  for (auto& type : desired.composite_types) {
    visit(type.schema);
  }
  for (auto& listed : desired.namespaces) {
    visit(listed.name); // the default schema listed by name is the model's ""
  }
}

} // namespace

void unqualify_default_schema(schemas::Schema& desired, const std::string& default_schema)
{
  if (default_schema.empty()) {
    return;
  }
  each_schema_name(desired, [&](std::string& schema) {
    if (schema == default_schema) {
      schema.clear();
    }
  });
}

schemas::LoadResult load_for_engine(const std::filesystem::path& schema_path, const dialects::Rendering* engine)
{
  spdlog::debug("loading {}", schema_path.string());
  auto loaded = schemas::load_path(schema_path);
  if (engine == nullptr || engine->name_problem == nullptr) {
    return loaded;
  }
  auto found = schemas::name_diagnostics(loaded.schema, engine->name_problem);
  loaded.diagnostics.insert(loaded.diagnostics.end(), found.begin(), found.end());
  std::stable_sort(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.location.file, a.location.line, a.location.column) <
                            std::tie(b.location.file, b.location.line, b.location.column);
                   });
  return loaded;
}

schemas::Schema load_desired(const std::filesystem::path& schema_path, const dialects::Rendering* engine)
{
  auto loaded = load_for_engine(schema_path, engine);
  if (!loaded.ok()) {
    throw SchemaError(std::move(loaded.diagnostics));
  }
  return std::move(loaded.schema);
}

namespace {

// The loader's thread allocates from an arena of its own (glibc's default for a new thread). With
// the two threads on the process's one arena (M_ARENA_MAX 1: what the parse frees reused by the
// read and the plan), every malloc and free of either waited on the other's lock: at 5,000
// SQLite tables a fifth of both threads' time went to futex waits and wake-ups and the load took
// twice as long (plan 1.1 s; with an arena each 0.67 s, max RSS 6 MB higher; at 1,000 tables
// 0.18 -> 0.13 s, 2 MB; at 20,000 tables 5.0 -> 3.5 s, 4 MB).
// Blocks of 128 KiB and more (the file's text, the catalog's result sets, the lists of 5,000
// tables) are mapped apart and unmapped when freed: glibc's default raises that threshold to the
// size of the largest block freed, after which such blocks come from the heap between the
// threads' small ones and their pages stay held once freed (max RSS at 5,000 tables 9-17 MB
// higher).
std::launch mapped_large_blocks_async()
{
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
  return std::launch::async;
}

} // namespace

PreparedDesired prepare_desired(schemas::Schema desired, const dialects::Dialect& dialect, std::string default_schema)
{
  PreparedDesired out;
  out.dialect = &dialect;
  unqualify_default_schema(desired, default_schema);
  out.default_schema = std::move(default_schema);
  out.options = read_options_for(desired);
  // Of the schema as written the plan needs only the expression text it renders: that is copied
  // out, then the schema becomes its normal form where it lies, so that a schema and its normal
  // form are never alive whole at once.
  out.text = planner::written_text_copy(desired);
  dialect.normalize_in_place(desired);
  out.normal = std::move(desired);
  return out;
}

bool PreparedDesired::fits(const Source& source) const
{
  return dialect == &source.dialect && default_schema == default_schema_of(source);
}

PreparedDesired LoadedDesired::for_source(const Source& source) &&
{
  const std::string default_schema = default_schema_of(source);
  if (m_dialect == &source.dialect && m_default_schema == default_schema) {
    if (m_prepare_failed) {
      std::rethrow_exception(m_prepare_failed);
    }
    return std::move(*m_prepared);
  }
  if (m_schema) {
    return prepare_desired(std::move(*m_schema), source.dialect, default_schema);
  }
  // Prepared for the target, but planned against another database (a scratch one): the file as
  // loaded is gone, so it is loaded again.
  m_prepared.reset();
  spdlog::debug("loading {} again for {}", m_path.string(), source.connection.redacted_url());
  return prepare_desired(load_desired(m_path, m_engine), source.dialect, default_schema);
}

DesiredLoad::DesiredLoad(const std::filesystem::path& schema_path, const dialects::Rendering* engine,
                         const Target* prepare_for)
{
  const dialects::Dialect* dialect =
    prepare_for != nullptr && prepare_for->url ? &dialects::dialect_for(*prepare_for->url) : nullptr;
  std::string default_schema = dialect != nullptr ? default_schema_of(*prepare_for) : std::string();
  m_loading = std::async(mapped_large_blocks_async(), [schema_path, engine, dialect, default_schema] {
    LoadedDesired out;
    out.m_path = schema_path;
    out.m_engine = engine;
    schemas::Schema loaded = load_desired(schema_path, engine);
    if (dialect == nullptr) {
      out.m_schema = std::move(loaded);
      return out;
    }
    out.m_dialect = dialect;
    out.m_default_schema = default_schema;
    try {
      out.m_prepared = prepare_desired(std::move(loaded), *dialect, default_schema);
    } catch (...) { // thrown where the plan would have thrown it (for_source): after the database's errors
      out.m_prepare_failed = std::current_exception();
    }
    return out;
  });
}

DesiredLoad::~DesiredLoad()
{
  if (m_loading.valid()) {
    m_loading.wait();
  }
}

LoadedDesired DesiredLoad::get()
{
  throw_load_error();
  LoadedDesired loaded = std::move(*m_loaded);
  m_loaded.reset();
  return loaded;
}

void DesiredLoad::throw_load_error()
{
  if (m_loading.valid()) {
    try {
      m_loaded = m_loading.get();
    } catch (...) {
      m_failed = std::current_exception();
    }
  }
  if (m_failed) {
    m_hold.drop();
    std::rethrow_exception(m_failed);
  }
  m_hold.release();
}

const dialects::Rendering* engine_of(const Target& target)
{
  return target.url ? &static_cast<const dialects::Rendering&>(dialects::dialect_for(*target.url)) : nullptr;
}

void refuse_empty_schema(const Planned& planned, const std::filesystem::path& schema_path, const std::string& state,
                         bool allow_empty)
{
  // SQLite's virtual tables hold rows too.
  const size_t tables = planned.live.tables.size() + planned.live.virtual_tables.size();
  if (allow_empty || !planned.desired.tables.empty() || !planned.desired.virtual_tables.empty() || tables == 0) {
    return;
  }
  throw Error(ErrorKind::input,
              fmt::format("{} yields no tables, but {} has {} {}: refusing to plan dropping {} (pass --allow-empty if "
                          "the schema is meant to have no tables)",
                          schema_path.string(), state, tables, tables == 1 ? "table" : "tables",
                          tables == 1 ? "it" : "them all"));
}

namespace {

// What the reader reads for a desired schema on `source`: read_options_for it (`options`), in the
// default schema and the further ones of --schema-name.
introspect::ReadOptions read_options(const Source& source, introspect::ReadOptions options)
{
  options.schema_name = source.default_schema;
  for (const auto& extra : source.extra_schemas) {
    if (std::find(options.extra_schemas.begin(), options.extra_schemas.end(), extra) == options.extra_schemas.end()) {
      options.extra_schemas.push_back(extra);
    }
  }
  return options;
}

schemas::Schema read_live(const Source& source, const introspect::ReadOptions& options)
{
  spdlog::debug("reading the live schema of {}", source.connection.redacted_url());
  auto live = introspect::read_schema(source.connection, source.dialect, options);
  // Read: what the connection caches of the catalog is not needed while planning (SQLite's
  // parsed schema); a later query (canonicalize, the probes) builds it again.
  source.connection.release_caches();
  return live;
}

} // namespace

LiveRead read_ahead(const Source& source, bool normal_form)
{
  LiveRead read{read_options(source, read_options_for(schemas::Schema{})), std::nullopt, nullptr, std::nullopt};
  try {
    read.schema = read_live(source, read.options);
    if (normal_form) {
      read.written = planner::written_text_copy(*read.schema);
      source.dialect.normalize_in_place(*read.schema);
    }
  } catch (...) {
    read.failed = std::current_exception();
    read.schema.reset();
    read.written.reset();
  }
  return read;
}

Planned plan_against(Database& db, schemas::Schema desired, const PlanSettings& settings, std::optional<LiveRead> ahead)
{
  return plan_against(source_of(db), std::move(desired), settings, std::move(ahead));
}

Planned plan_against(const Source& source, schemas::Schema desired, const PlanSettings& settings,
                     std::optional<LiveRead> ahead)
{
  // Unless the live one was read ahead, the desired one is normalized before the live one is read.
  return plan_against(source, prepare_desired(std::move(desired), source.dialect, default_schema_of(source)), settings,
                      std::move(ahead));
}

Planned plan_against(const Source& source, PreparedDesired desired, const PlanSettings& settings,
                     std::optional<LiveRead> ahead)
{
  if (!desired.fits(source)) {
    throw Error(ErrorKind::internal, "the desired schema was prepared for another engine or default schema");
  }
  const auto& dialect = source.dialect;
  const auto options = read_options(source, std::move(desired.options));
  if (ahead && ahead->options != options) {
    spdlog::debug("the schema file asks for another read of the live schema (other schemas or privileges)");
    ahead.reset();
  }
  if (ahead && ahead->written && settings.read_only) {
    ahead.reset(); // a read-only plan needs the read as it is, beside its normal form
  }
  // Of each schema as written the plan needs only the expression text it renders
  // (planner::written_text_copy), the rest is its normal form (with the live schema read ahead, a
  // schema, its normal form and the other schema alive at once were the peak): prepare_desired
  // made the desired one so.
  const planner::WrittenSchema desired_text = std::move(desired.text);
  schemas::Schema canonical = std::move(desired.normal);
  if (ahead && ahead->failed) {
    std::rethrow_exception(ahead->failed); // where the read would have failed
  }
  std::optional<planner::WrittenSchema> live_written;
  schemas::Schema live = ahead ? std::move(*ahead->schema) : read_live(source, options);
  if (ahead) {
    live_written = std::move(ahead->written);
  }
  ahead.reset();
  // Read-only, the canonical forms read the live schema as read beside its normal form; else
  // its text is copied out first and it becomes its normal form where it lies.
  planner::WrittenSchema live_text;
  schemas::Schema live_normal;
  bool canonicalized = false; // whether the canonical forms changed `canonical`, its normal form so far
  if (settings.read_only) {
    live_normal = dialect.normalize(live);
    canonicalized = canonicalize_read_only(source, *settings.read_only, canonical, live, live_normal);
    live_text = planner::written_text_only(std::move(live));
  } else {
    if (live_written) { // read ahead: normalized where it lies already
      live_text = std::move(*live_written);
    } else {
      live_text = planner::written_text_copy(live);
      dialect.normalize_in_place(live);
    }
    live_normal = std::move(live);
    canonicalized = dialect.canonicalize(source.connection, &source.connection, canonical, live_normal);
  }
  planner::DiffOptions diff;
  diff.written = &desired_text; // compared in canonical forms, rendered as written
  diff.live_written = &live_text; // the down file's text: the catalog's
  static_cast<planner::PlanSettings&>(diff) = settings; // the planner's part of the settings
  // Planned first, then moved: copies made before planning would all be alive at its peak. The
  // planner reads live_normal in place (normalize(live) again would be the same schema), and
  // `canonical` too when planning would not change it (plan_in_place: it is its own normal form,
  // with no rename hints and no name to spell as live does); else it owns the normal form of
  // `canonical` (its rename hints cleared, its names aligned to live's). normalize_in_place made
  // `canonical` its own normal form (normalize is idempotent): unless the canonical forms changed
  // it, that is not checked again.
  std::optional<planner::Plan> plan = planner::plan_in_place(live_normal, canonical, dialect, diff, !canonicalized);
  if (!plan) {
    plan = planner::plan_normal(live_normal, dialect.normalize(canonical), dialect, diff);
  }
  Planned out{std::move(live_normal), std::move(canonical), std::move(*plan)};
  if (!settings.live_counts) {
    return out;
  }
  auto& connection = source.connection;
  planner::measure(out.plan, [&](const dialects::ProbeQuery& probe) -> std::optional<long long> {
    const std::string sql = dialect.probe_sql(probe);
    spdlog::debug("probe: {}", sql);
    try {
      return parse_count(connection.query(sql));
    } catch (const Error& e) {
      spdlog::debug("probe failed: {}", e.what());
      return std::nullopt;
    }
  });
  return out;
}

void warn_hints(const planner::Plan& plan)
{
  for (const auto& hint : plan.hints) {
    spdlog::warn("{}", hint);
  }
}

} // namespace strata::workflows
