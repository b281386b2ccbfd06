#pragma once
// The planning session `plan` and `drift` share: the desired schema from YAML, the live schema
// from a database, the plan between them with its live counts measured.

#include "dialects/probe_sql.hpp"
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "planner/written_text.hpp"
#include "schemas/model.hpp"
#include "schemas/yaml.hpp"
#include "workflows/database.hpp"
#include "workflows/log_hold.hpp"

#include <exception>
#include <filesystem>
#include <future>
#include <optional>
#include <string>

namespace strata::workflows {

struct Planned {
  schemas::Schema live;    // normalized
  schemas::Schema desired; // normalized
  planner::Plan plan;
};

// Where a read-only command's canonical-form probes may run: the --dev-db database, else a
// temporary database created on the --db server.
struct ProbeScratch {
  std::optional<dialects::DbUrl> dev_db;
  std::optional<dialects::DbUrl> server;
};

// What changes how a plan is made and rendered; the same value reaches the planner (risks), the
// renderer (statements) and the views: the planner's own settings (planner::PlanSettings, the
// lowest module that needs them) plus what only the planning session decides.
struct PlanSettings : planner::PlanSettings {
  // Read-only commands (drift): the target is only read, so the canonical-form probes
  // (Dialect::canonicalize) run on a scratch database instead (probe_database.hpp). Unset
  // (plan): they run on the target, in a transaction that is rolled back.
  std::optional<ProbeScratch> read_only{};
  // Measure the risks' counts (rows with NULLs, values lost, ...) on the source. Off when the
  // source is a scratch database (plan --from migrations): its tables hold no rows.
  bool live_counts = true;
};

// The schema file's diagnostics (schemas::load_path) and, with `engine`, the names that engine
// would refuse or change (Rendering::name_problem: PostgreSQL's 63 bytes, MySQL's 64
// characters, ...), sorted by place. Null `engine`: the rules every engine shares only.
schemas::LoadResult load_for_engine(const std::filesystem::path& schema_path, const dialects::Rendering* engine);

// load_for_engine, throwing SchemaError with every diagnostic. Commands load it before touching
// the database so that offline mistakes are reported first.
schemas::Schema load_desired(const std::filesystem::path& schema_path, const dialects::Rendering* engine = nullptr);

// The desired schema as plan_against plans it against one engine and default schema: its objects
// in the default schema unqualified (unqualify_default_schema), the read of the live schema it
// asks for (read_options_for), the text it renders as written (planner::written_text_copy) and
// the schema itself made its normal form where it lies.
struct PreparedDesired {
  const dialects::Dialect* dialect = nullptr; // whose normal form
  std::string default_schema;                 // the one unqualified
  introspect::ReadOptions options;
  planner::WrittenSchema text;
  schemas::Schema normal;
  // Prepared for `source`'s engine and default schema.
  bool fits(const Source& source) const;
};
PreparedDesired prepare_desired(schemas::Schema desired, const dialects::Dialect& dialect, std::string default_schema);

class DesiredLoad;

// What DesiredLoad loaded: the schema, prepared for the target it was given when it had one.
class LoadedDesired {
public:
  // Prepared for `source`: as the load prepared it when that fits, else prepared here (the file
  // loaded again if the load prepared it for another engine or default schema: a --from
  // migrations plan's scratch database). The preparation's own error (a normal form that cannot
  // be made) is thrown here, where planning would have thrown it.
  PreparedDesired for_source(const Source& source) &&;

private:
  friend class DesiredLoad;
  std::filesystem::path m_path;
  const dialects::Rendering* m_engine = nullptr;
  std::optional<schemas::Schema> m_schema; // as loaded: no target to prepare for
  // Else prepared for this engine and default schema: the outcome, or the preparation's error.
  const dialects::Dialect* m_dialect = nullptr;
  std::string m_default_schema;
  std::optional<PreparedDesired> m_prepared;
  std::exception_ptr m_prepare_failed;
};

// The schema file loaded (load_desired) on a second thread while the caller opens and reads the
// database: the YAML's parse, most of a plan's client CPU, then costs no wall time while the
// client waits for the server. Until the load's outcome is known, the caller's log messages are
// held (LogHold): shown once the file loaded, dropped when it did not, so that a bad schema file
// is reported alone, exactly as when it was loaded before the database was touched. The thread
// is joined by get(), by a failing alongside() or by the destructor; never left running.
// With a target that has a URL (`prepare_for`), the thread also prepares the schema for it
// (prepare_desired, its engine and default schema known before connecting): the plan then
// starts from it as soon as the live schema is read.
class DesiredLoad {
public:
  DesiredLoad(const std::filesystem::path& schema_path, const dialects::Rendering* engine,
              const Target* prepare_for = nullptr);
  ~DesiredLoad();
  DesiredLoad(const DesiredLoad&) = delete;
  DesiredLoad& operator=(const DesiredLoad&) = delete;

  // The file loaded, or the load's exception (SchemaError naming file:line, ...) rethrown. Once.
  LoadedDesired get();

  // Runs `work` (the database's part) while the file loads. When `work` throws, the file's own
  // error, if it has one, is thrown instead.
  template <typename Work>
  auto alongside(Work&& work) -> decltype(work())
  {
    try {
      return work();
    } catch (...) {
      throw_load_error();
      throw;
    }
  }

private:
  // Waits for the load; throws its exception (the held messages dropped), else shows them.
  void throw_load_error();

  LogHold m_hold; // before the thread starts, ended after it is joined
  std::future<LoadedDesired> m_loading;
  std::optional<LoadedDesired> m_loaded;
  std::exception_ptr m_failed;
};


// The engine of the target's URL (its dialect, found without connecting); null without a URL.
const dialects::Rendering* engine_of(const Target& target);

// A schema file that yields no tables while the current state (`state`: "the database
// postgres://...", "the migration folder replayed") has some would plan dropping every table: a
// file read wrongly (emptied, truncated, a bad merge) is refused with Error(input) naming it and
// the number of tables, unless `allow_empty` (--allow-empty).
void refuse_empty_schema(const Planned& planned, const std::filesystem::path& schema_path, const std::string& state,
                         bool allow_empty);

// What the reader must read for `desired`: besides the default schema, every schema (namespace)
// the desired objects name.
introspect::ReadOptions read_options_for(const schemas::Schema& desired);

// Clears `schema` on desired objects (and foreign-key references) in the default schema: they are
// the unqualified ones, as the reader reports them.
void unqualify_default_schema(schemas::Schema& desired, const std::string& default_schema);

// The live schema read before the desired one is known (while DesiredLoad loads it), with the
// options it was read with: those of a desired schema that names no other schema (namespace) and
// manages no privileges, the common case. A read that failed keeps its error, thrown where the
// read would have thrown.
// With `normal_form` (plan, which is not read-only), the read is made its normal form where it
// lies on the reading thread, its text as written copied out first into `written` (what
// plan_against would do after the desired schema is known; SQLite plans its 5,000 tables while
// the schema file still loads); drift, read-only, needs the read as it is.
struct LiveRead {
  introspect::ReadOptions options;
  std::optional<schemas::Schema> schema;
  std::exception_ptr failed;
  std::optional<planner::WrittenSchema> written; // set when `schema` is its normal form
};
LiveRead read_ahead(const Source& source, bool normal_form = false);

// Reads the live schema (the default schema from --schema-name), plans against `desired`, and
// measures the risks' counts with read-only probe queries on the connection (unless
// settings.live_counts is off). `desired` is taken (moved in by a caller done with it): once
// normalized, only the text the plan renders as written is kept of it. With `ahead` (read_ahead
// of the same source), that read is used when `desired` asks for the same read, else (the file
// names other PostgreSQL schemas, or manages privileges) it is dropped and the schema read again.
Planned plan_against(const Source& source, schemas::Schema desired, const PlanSettings& settings = {},
                     std::optional<LiveRead> ahead = std::nullopt);
Planned plan_against(Database& db, schemas::Schema desired, const PlanSettings& settings = {},
                     std::optional<LiveRead> ahead = std::nullopt);
// The same with `desired` prepared for `source` already (Error(internal) if it does not fit).
Planned plan_against(const Source& source, PreparedDesired desired, const PlanSettings& settings = {},
                     std::optional<LiveRead> ahead = std::nullopt);

// The integer a probe query returned (one row, one column); nullopt for NULL or non-numbers.
using dialects::parse_count;

// Logs each hint of the plan as a warning on stderr.
void warn_hints(const planner::Plan& plan);

} // namespace strata::workflows
