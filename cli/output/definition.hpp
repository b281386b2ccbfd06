#pragma once
// One-line definitions of schema objects for drift reports: what each difference expects and
// what the database actually has ("email varchar(255) NOT NULL", "UNIQUE INDEX users_email_uq
// ON users (email)"). Display text only, never SQL to run; engine-neutral except for per-engine
// types, which are resolved for the engine.

#include "schemas/model.hpp"

#include <string>

namespace strata::cli {

// What one side of a difference shows when the object does not exist there.
inline constexpr const char* k_absent = "(absent)";

// A name as definitions show it: plain identifiers bare, anything else in double quotes;
// "schema.name" when qualified.
std::string display_identifier(const std::string& name);
std::string display_name(const schemas::QualifiedName& name);
// SQL text on one line: whitespace runs folded into single spaces.
std::string one_line(const std::string& text);

std::string column_definition(const schemas::Column& column, const std::string& engine);
std::string index_definition(const schemas::Index& index, const schemas::QualifiedName& table);
std::string foreign_key_definition(const schemas::ForeignKey& fk);
std::string check_definition(const schemas::Check& check);
// Columns, primary key, constraints, then indexes, in one line: "TABLE users (id integer NOT NULL, …)".
std::string table_definition(const schemas::Table& table, const std::string& engine);
std::string view_definition(const schemas::View& view);
std::string enum_definition(const schemas::Enum& e);
std::string sequence_definition(const schemas::Sequence& sequence);
// "DOMAIN positive AS integer NOT NULL CHECK (VALUE > 0)".
// A policy as one line: "FOR SELECT TO app USING (…) WITH CHECK (…)" (restrictive ones say so).
std::string policy_definition(const schemas::Policy& p);
// "enabled", "forced" or "disabled".
std::string row_security_definition(const std::string& state);
std::string domain_definition(const schemas::Domain& domain);
// "TYPE address AS (street text COLLATE C, zip character varying(10))".
std::string composite_type_definition(const schemas::CompositeType& type);
// "VIRTUAL TABLE posts_fts USING fts5(title, body)" (SQLite).
std::string virtual_table_definition(const schemas::VirtualTable& table);
// "EXTENSION pg_trgm SCHEMA ext VERSION 1.6" (what is set of it).
std::string extension_definition(const schemas::Extension& extension);
// "SCHEMA audit COMMENT 'the audit trail'" (a PostgreSQL schema and its comment).
std::string namespace_definition(const schemas::Namespace& schema);
// "PRIMARY KEY (a, b)" (with its constraint name when named), "no primary key".
std::string primary_key_definition(const std::vector<std::string>& columns, const std::string& name,
                                   bool deferrable = false, bool initially_deferred = false);
// "fillfactor=70, deduplicate_items=off" (index storage parameters).
std::string storage_definition(const std::map<std::string, std::string>& parameters);
// "engine=InnoDB, charset=utf8mb4", "no table options".
std::string options_definition(const std::map<std::string, std::string>& options);
// "COMMENT 'text'", "no comment".
std::string comment_definition(const std::string& comment);
std::string partitioning_definition(const schemas::Partitioning& partitioning);
// "WITH SYSTEM VERSIONING", "... (PERIOD FOR SYSTEM_TIME (s, e))", "not system-versioned" (MariaDB).
std::string versioning_definition(const schemas::SystemVersioning& versioning);
// "PARTITION OF parent FOR VALUES ..." (PostgreSQL), or "not a partition".
std::string partition_of_definition(const schemas::PartitionOf& partition_of);

} // namespace strata::cli
