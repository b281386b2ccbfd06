#pragma once
// A realistic SQLite schema of 17 tables written as raw SQL, covering what the reader must see:
// composite keys, foreign keys with every action, partial and expression indexes, UNIQUE
// constraints, column and table CHECKs, views, triggers, AUTOINCREMENT, generated columns,
// WITHOUT ROWID, STRICT, COLLATE NOCASE and awkward names.

namespace strata::test {

inline constexpr const char* k_realistic_schema = R"sql(
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL COLLATE NOCASE,
  slug VARCHAR(64) NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT org_slug_format CHECK (slug = lower(slug))
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  email VARCHAR(255) NOT NULL COLLATE NOCASE,
  display_name TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  login_count INTEGER NOT NULL DEFAULT 0,
  balance NUMERIC(10, 2) DEFAULT (0.00),
  deleted_at TIMESTAMP,
  CONSTRAINT users_email_uq UNIQUE (org_id, email)
);
CREATE INDEX users_live_idx ON users (org_id, email) WHERE deleted_at IS NULL;
CREATE INDEX users_lower_email_idx ON users (lower(email));
CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL,
  role_code TEXT NOT NULL,
  granted_at TEXT DEFAULT (datetime('now')),
  PRIMARY KEY (user_id, role_code),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (role_code) REFERENCES roles (code) ON DELETE RESTRICT
);
CREATE TABLE projects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL,
  owner_id INTEGER,
  name TEXT NOT NULL,
  budget REAL CHECK (budget >= 0),
  CONSTRAINT projects_org_fk FOREIGN KEY (org_id) REFERENCES organisations (id) ON DELETE CASCADE,
  CONSTRAINT projects_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL,
  UNIQUE (org_id, name)
);
CREATE TABLE tasks (
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  estimate_hours REAL,
  estimate_days REAL GENERATED ALWAYS AS (estimate_hours / 8.0) VIRTUAL,
  title_length INTEGER AS (length(title)) STORED,
  assignee_id INTEGER REFERENCES users (id) ON DELETE SET DEFAULT DEFAULT NULL,
  PRIMARY KEY (project_id, number)
);
CREATE INDEX tasks_title_len_desc_idx ON tasks (title_length DESC, title COLLATE NOCASE);
CREATE TABLE task_dependencies (
  project_id INTEGER NOT NULL,
  task_number INTEGER NOT NULL,
  depends_on INTEGER NOT NULL,
  PRIMARY KEY (project_id, task_number, depends_on),
  FOREIGN KEY (project_id, task_number) REFERENCES tasks (project_id, number) ON DELETE CASCADE,
  FOREIGN KEY (project_id, depends_on) REFERENCES tasks (project_id, number) ON DELETE NO ACTION DEFERRABLE INITIALLY DEFERRED,
  CHECK (task_number <> depends_on)
);
CREATE TABLE "order" (
  "select" INTEGER PRIMARY KEY,
  "group" TEXT NOT NULL,
  "from" TEXT
);
CREATE TABLE "line items" (
  "order id" INTEGER NOT NULL REFERENCES "order" ("select") ON DELETE CASCADE,
  "line no" INTEGER NOT NULL,
  "it's qty" INTEGER NOT NULL DEFAULT 1 CHECK ("it's qty" > 0),
  "Größe" TEXT,
  PRIMARY KEY ("order id", "line no")
);
CREATE INDEX "line items by größe" ON "line items" ("Größe") WHERE "Größe" IS NOT NULL;
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
  number TEXT NOT NULL,
  total_cents INTEGER NOT NULL DEFAULT 0,
  issued_on DATE NOT NULL DEFAULT (date('now')),
  UNIQUE (org_id, number)
);
CREATE TABLE invoice_lines (
  invoice_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL,
  note TEXT DEFAULT 'n/a',
  PRIMARY KEY (invoice_id, position),
  CONSTRAINT invoice_lines_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
  CONSTRAINT invoice_lines_amount_ck CHECK (amount_cents <> 0)
);
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
  amount_cents INTEGER NOT NULL,
  paid_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  method TEXT NOT NULL DEFAULT 'card'
) STRICT;
CREATE INDEX payments_recent_idx ON payments (paid_at DESC) WHERE amount_cents > 0;
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE project_tags (
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, tag_id)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  table_name TEXT NOT NULL,
  row_id INTEGER,
  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  payload JSON,
  at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX audit_log_payload_idx ON audit_log (json_extract(payload, '$.kind'), at);
CREATE TABLE settings (
  key TEXT NOT NULL PRIMARY KEY,
  value BLOB,
  flags UNSIGNED BIG INT DEFAULT -1,
  ratio DOUBLE PRECISION DEFAULT 1.5e0
);
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  task_project INTEGER NOT NULL,
  task_number INTEGER NOT NULL,
  author_id INTEGER REFERENCES users ON DELETE SET NULL,
  parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
  body TEXT NOT NULL CONSTRAINT comments_body_nonempty CHECK (length(body) > 0),
  FOREIGN KEY (task_project, task_number) REFERENCES tasks (project_id, number) ON DELETE CASCADE
);
CREATE TABLE MixedCase (
  Id INTEGER PRIMARY KEY,
  CamelValue TEXT
);
CREATE VIEW active_users AS
  SELECT u.id, u.email, o.name AS org_name
  FROM users u JOIN organisations o ON o.id = u.org_id
  WHERE u.deleted_at IS NULL;
CREATE VIEW "open tasks" (project, number, title) AS SELECT project_id, number, title FROM tasks;
CREATE TRIGGER users_audit AFTER UPDATE ON users
BEGIN
  INSERT INTO audit_log (table_name, row_id, action) VALUES ('users', new.id, 'update');
END;
CREATE TRIGGER invoices_total AFTER INSERT ON invoice_lines
BEGIN
  UPDATE invoices SET total_cents = total_cents + new.amount_cents WHERE id = new.invoice_id;
END;
CREATE VIRTUAL TABLE comments_search USING fts5(body, content='comments', content_rowid='id', tokenize = 'porter');
CREATE TRIGGER comments_search_ai AFTER INSERT ON comments
BEGIN
  INSERT INTO comments_search (rowid, body) VALUES (new.id, new.body);
END;
CREATE VIRTUAL TABLE "Task Notes" USING FTS4(title, body);
CREATE VIRTUAL TABLE office_boxes USING rtree(id, min_x, max_x, min_y, max_y);
CREATE VIEW found_comments AS SELECT rowid AS id FROM comments_search WHERE comments_search MATCH 'late';
CREATE TABLE strata_schema_history (version TEXT PRIMARY KEY, name TEXT);
CREATE INDEX strata_history_name ON strata_schema_history (name);
)sql";

} // namespace strata::test
