#pragma once
// PostgreSQL declarative partitioning (partitions.cpp): the canonical key and bound compared by
// the diff, the PARTITION BY / PARTITION OF clauses, ATTACH / DETACH PARTITION, and the locks an
// attach takes. The server's own form of a key or bound is asked for in canonicalize.cpp.

#include "dialects/rendering.hpp"
#include "schemas/model.hpp"
#include "schemas/operation.hpp"
#include "schemas/risk.hpp"

#include <string>
#include <vector>

namespace strata::dialects::postgres {

// Normalisation: the method (range, list, hash) and key of a partitioned table (a key of plain
// column names becomes `columns`); MySQL's parts (count, partitions, subpartitions) are an error at
// the `partition` line.
void normalize_partitioning(const schemas::Table& table, schemas::Partitioning& partitioning);
// A partition's bound: "DEFAULT" is `is_default`; the text keeps its words, with its spaces
// outside quotes collapsed; a bound that is not FOR VALUES ... is an error at its line.
void normalize_partition_of(const schemas::Table& table, schemas::PartitionOf& partition_of);
// Whitespace outside quoted text collapsed to one space, trimmed.
std::string canonical_bound(const std::string& text);

// " PARTITION BY RANGE (...)" (empty when not partitioned): the tail of a CREATE TABLE.
std::string partition_by_clause(const schemas::Partitioning& partitioning);
// "(\n  a,\n  b\n)": the element list of a CREATE TABLE.
std::string element_list(const std::vector<std::string>& elements);
// CREATE TABLE t PARTITION OF parent [(its own constraints)] FOR VALUES ... [PARTITION BY ...].
std::string create_partition_sql(const schemas::Table& table, const std::vector<std::string>& constraints);
// ATTACH / DETACH PARTITION (a changed bound or parent: DETACH, then ATTACH).
std::vector<Statement> render_set_partition_of(const schemas::SetPartitionOf& op);
// PostgreSQL cannot change the partition key of a table, nor partition one in place: an error
// naming the table (raised while planning).
[[noreturn]] void refuse_repartitioning(const schemas::SetPartitioning& op);
// L320 for an attach (the table is scanned to validate its bound).
void partition_risks(const schemas::Operation& op, std::vector<schemas::Risk>& out);

} // namespace strata::dialects::postgres
