#pragma once
// PostgreSQL connection strings, read by libpq's own parser (PQconninfoParse): URIs, multi-host
// ones included (postgres://u@h1:5432,h2:5432/db?target_session_attrs=read-write, %2F-encoded
// socket directories), and the keyword/value form (host=/var/run/postgresql dbname=app,
// service=name). Whatever libpq accepts, strata connects with as libpq would.

#include "dialects/url.hpp"

#include <string>

namespace strata::dialects::postgres {

// True when `text` is in the keyword/value form: its first word is a libpq keyword followed by
// '=' ("host=db dbname=app", "service=reporting").
bool is_keyword_conninfo(const std::string& text);

// A postgres[ql]:// URI or a keyword/value string as a DbUrl: user, password, a single host and
// port, and the database in their fields; every other option libpq read (a host or port list,
// service, sslmode, ...) in params, the ones libpq displays as secret ("*": password, sslpassword)
// listed in secret_params. Throws Error(usage) with libpq's message, secrets replaced by ***.
DbUrl parse_conninfo(const std::string& text);

} // namespace strata::dialects::postgres
