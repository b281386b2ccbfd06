#include "tests/e2e/support/fixtures.hpp"

#include "tests/e2e/support/database.hpp"

#include <catch2/catch.hpp>

namespace strata::e2e {

const char* const k_shop_sql = R"sql(
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  slug VARCHAR(64) NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
  email VARCHAR(255) NOT NULL,
  display_name TEXT,
  is_admin BOOLEAN NOT NULL DEFAULT 0,
  deleted_at TIMESTAMP,
  CONSTRAINT users_email_at CHECK (email LIKE '%@%')
);
CREATE UNIQUE INDEX users_email_uq ON users (email);
CREATE INDEX users_active_org_idx ON users (organization_id) WHERE deleted_at IS NULL;
CREATE INDEX users_lower_email_idx ON users (lower(email));
CREATE TABLE roles (
  id INTEGER PRIMARY KEY,
  name VARCHAR(50) NOT NULL UNIQUE,
  description TEXT
);
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
  granted_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, role_id)
);
CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES categories (id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0)
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sku CHAR(12) NOT NULL,
  name VARCHAR(200) NOT NULL,
  category_id INTEGER REFERENCES categories (id) ON DELETE RESTRICT,
  price NUMERIC(10, 2) NOT NULL DEFAULT 0,
  weight_grams INTEGER,
  active BOOLEAN NOT NULL DEFAULT 1,
  CONSTRAINT products_sku_uq UNIQUE (sku),
  CONSTRAINT products_price_nonneg CHECK (price >= 0)
);
CREATE INDEX products_category_name_idx ON products (category_id, name);
CREATE INDEX products_active_price_idx ON products (price) WHERE active = 1;
CREATE TABLE product_tags (
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  tag VARCHAR(40) NOT NULL,
  PRIMARY KEY (product_id, tag)
);
CREATE TABLE warehouses (
  code CHAR(4) NOT NULL PRIMARY KEY,
  city TEXT NOT NULL,
  capacity INTEGER CHECK (capacity > 0)
);
CREATE TABLE stock (
  warehouse_code CHAR(4) NOT NULL REFERENCES warehouses (code) ON DELETE CASCADE,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
  quantity INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (warehouse_code, product_id),
  CONSTRAINT stock_quantity_nonneg CHECK (quantity >= 0)
);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  email VARCHAR(255) NOT NULL,
  full_name TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX customers_email_uq ON customers (email);
CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  line1 TEXT NOT NULL,
  city TEXT NOT NULL,
  postal_code VARCHAR(16),
  country CHAR(2) NOT NULL DEFAULT 'US',
  is_default BOOLEAN NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX addresses_one_default_uq ON addresses (customer_id) WHERE is_default = 1;
CREATE TABLE orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
  shipping_address_id INTEGER REFERENCES addresses (id) ON DELETE SET NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'pending',
  total NUMERIC(12, 2),
  placed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  notes TEXT,
  CONSTRAINT orders_status_known CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled'))
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);
CREATE INDEX orders_open_idx ON orders (placed_at) WHERE status <> 'cancelled';
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
  quantity INTEGER NOT NULL DEFAULT 1,
  unit_price NUMERIC(10, 2) NOT NULL,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT order_items_quantity_positive CHECK (quantity > 0)
);
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  amount REAL NOT NULL,
  method VARCHAR(20) NOT NULL,
  paid_at TIMESTAMP,
  CONSTRAINT payments_order_method_uq UNIQUE (order_id, method)
);
CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  warehouse_code CHAR(4) REFERENCES warehouses (code) ON DELETE SET NULL,
  tracking_code VARCHAR(40) UNIQUE,
  shipped_at TIMESTAMP
);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body TEXT,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX reviews_product_rating_idx ON reviews (product_id, rating);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  table_name TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX audit_log_writes_idx ON audit_log (at) WHERE action <> 'read';
CREATE TABLE coupons (
  code VARCHAR(32) NOT NULL PRIMARY KEY,
  percent_off INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
  valid_until DATE,
  max_uses INTEGER NOT NULL DEFAULT 1
);
CREATE TRIGGER orders_status_audit AFTER UPDATE OF status ON orders
BEGIN
  INSERT INTO audit_log (table_name, row_id, action) VALUES ('orders', NEW.id, 'status');
END;
CREATE VIEW active_users AS SELECT id, email, display_name FROM users WHERE deleted_at IS NULL;
CREATE VIEW order_totals AS
  SELECT o.id AS order_id, sum(i.quantity * i.unit_price) AS total
  FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id;

INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme');
INSERT INTO users (id, organization_id, email, display_name) VALUES (1, 1, 'ada@example.com', 'Ada'),
  (2, NULL, 'bob@example.com', NULL);
)sql";

const char* const k_shop_order_rows_sql = R"sql(
INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'clerk');
INSERT INTO user_roles (user_id, role_id) VALUES (1, 1), (1, 2), (2, 2);
INSERT INTO categories (id, parent_id, name) VALUES (1, NULL, 'Books'), (2, 1, 'Novels');
INSERT INTO products (id, sku, name, category_id, price) VALUES (1, 'BK-000000001', 'Dune', 2, 9.99);
INSERT INTO warehouses (code, city, capacity) VALUES ('BER1', 'Berlin', 1000);
INSERT INTO stock (warehouse_code, product_id, quantity) VALUES ('BER1', 1, 12);
INSERT INTO customers (id, user_id, email, full_name) VALUES (1, 1, 'ada@example.com', 'Ada Lovelace');
INSERT INTO addresses (id, customer_id, line1, city, is_default) VALUES (1, 1, '1 Main St', 'London', 1);
INSERT INTO orders (id, customer_id, shipping_address_id, total) VALUES (1, 1, 1, 19.98);
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES (1, 1, 1, 2, 9.99);
UPDATE orders SET status = 'paid' WHERE id = 1;
)sql";

namespace {

// What v1 and v2 of the bookshop share: the header, authors and publishers first; the reviews
// table (v2 adds a foreign key between) and the view last.
const char* const k_books_head_yaml = R"yaml(version: 1
tables:
  - name: authors
    columns:
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: name, type: varchar(200), nullable: false }
      - { name: bio, type: text }
    primary_key: [id]

  - name: publishers
    columns:
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: name, type: varchar(200), nullable: false }
    primary_key: [id]

)yaml";
const char* const k_books_reviews_yaml = R"yaml(  - name: reviews
    columns:
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: book_id, type: integer, nullable: false }
      - { name: reviewer_id, type: integer, nullable: false }
      - { name: rating, type: integer, nullable: false }
    primary_key: [id]
    foreign_keys:
      - { name: reviews_book_fk, columns: [book_id], references: { table: books, columns: [id] }, on_delete: cascade }
)yaml";
const char* const k_books_tail_yaml = R"yaml(    checks:
      - { name: reviews_rating_range, expression: "rating BETWEEN 1 AND 5" }

views:
  - { name: authors_with_bio, query: "SELECT id, name FROM authors WHERE bio IS NOT NULL" }
)yaml";

} // namespace

const std::string k_books_v1_yaml =
  std::string(k_books_head_yaml) + R"yaml(  - name: books
    columns:
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: author_id, type: integer, nullable: false }
      - { name: title, type: varchar(300), nullable: false }
      - { name: isbn, type: char(13) }
      - { name: price_cents, type: integer }
      - { name: legacy_code, type: text }
      - { name: pages, type: text }
      - { name: publisher_id, type: integer }
    primary_key: [id]
    indexes:
      - { name: books_title_idx, columns: [title] }
    foreign_keys:
      - { name: books_author_fk, columns: [author_id], references: { table: authors, columns: [id] }, on_delete: cascade }
      - { name: books_publisher_fk, columns: [publisher_id], references: { table: publishers, columns: [id] }, on_delete: set null }

  - name: reviewers
    columns:
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: full_name, type: text, nullable: false }
    primary_key: [id]

)yaml" + k_books_reviews_yaml + k_books_tail_yaml;

const std::string k_books_v2_yaml = std::string(k_books_head_yaml) + R"yaml(  - name: books
    columns:
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: author_id, type: integer, nullable: false }
      - { name: headline, type: varchar(300), nullable: false, renamed_from: title }
      - { name: isbn, type: char(13) }
      - { name: price_cents, type: integer, nullable: false }
      - { name: pages, type: integer }
      - { name: publisher_id, type: integer }
      - { name: stock, type: integer, nullable: false, default: "0" }
    primary_key: [id]
    indexes:
      - { name: books_isbn_uq, columns: [isbn], unique: true }
    foreign_keys:
      - { name: books_author_fk, columns: [author_id], references: { table: authors, columns: [id] }, on_delete: cascade }

  - name: critics
    renamed_from: reviewers
    columns:
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: full_name, type: text, nullable: false }
    primary_key: [id]

)yaml" + k_books_reviews_yaml +
                                    R"yaml(      - { name: reviews_critic_fk, columns: [reviewer_id], references: { table: critics, columns: [id] }, on_delete: restrict }
)yaml" + k_books_tail_yaml;

const char* const k_books_v1_rows_sql = R"sql(
INSERT INTO authors (id, name, bio) VALUES (1, 'Ursula K. Le Guin', 'Earthsea and Hainish cycles'),
  (2, 'Octavia E. Butler', NULL);
INSERT INTO publishers (id, name) VALUES (1, 'Houghton Mifflin'), (2, 'Beacon Press');
INSERT INTO books (id, author_id, title, isbn, price_cents, legacy_code, pages, publisher_id) VALUES
  (1, 1, 'A Wizard of Earthsea', '9780547773742', 899, 'LG-001', '183', 1),
  (2, 1, 'The Dispossessed', '9780060512750', 1099, 'LG-002', '387', NULL),
  (3, 2, 'Kindred', '9780807083697', 1250, 'OB-001', '264', 2);
INSERT INTO reviewers (id, full_name) VALUES (1, 'Ana Reyes'), (2, 'Bo O''Neil');
INSERT INTO reviews (id, book_id, reviewer_id, rating) VALUES (1, 1, 1, 5), (2, 3, 2, 4), (3, 3, 1, 5);
)sql";

void apply_books_v1(const Workspace& ws)
{
  ws.write("v1.yaml", k_books_v1_yaml);
  require_exit(ws.strata({"plan", "--schema", "v1.yaml", "--db", ws.db_url(), "--dir", "migrations", "--name", "v1",
                          "--version", k_v1_version}),
               2);
  ws.migration_file_ending(std::string(k_v1_version) + "_v1.up.sql");
  // Nothing destructive: no --yes needed even without a terminal.
  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  REQUIRE(history_versions(ws.db_path()) == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  exec_sql(ws.db_path(), k_books_v1_rows_sql);
}

std::string one_table_yaml(const std::string& table, const std::string& columns, const std::string& extras)
{
  return "version: 1\ntables:\n  - name: " + table + "\n    columns:" + columns + "    primary_key: [id]\n" + extras;
}

void write_migration(const Workspace& ws, const std::string& version, const std::string& slug,
                     const std::string& up_sql, const std::string& down_sql)
{
  write_text(ws.dir() / (version + "_" + slug + ".up.sql"), up_sql);
  write_text(ws.dir() / (version + "_" + slug + ".down.sql"), down_sql);
}

std::string slow_insert_sql(const std::string& table)
{
  // 12M steps of the CTE, every fourth kept: about 3 s on the reference machine.
  return "WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < " +
         std::to_string(k_slow_rows * 4) + ")\nINSERT INTO \"" + table + "\" (n) SELECT n FROM counter WHERE n % 4 = 0;\n";
}

} // namespace strata::e2e
