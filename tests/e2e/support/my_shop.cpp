#include "tests/e2e/support/my_support.hpp"

namespace strata::e2e {

const char* const k_my_shop_sql = R"sql(
CREATE TABLE organizations (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(200) NOT NULL,
  slug VARCHAR(64) NOT NULL,
  plan ENUM('free','team','enterprise') NOT NULL DEFAULT 'free',
  settings JSON,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY organizations_slug_uq (slug)
) ENGINE=InnoDB COMMENT='Customer organizations';
CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  organization_id INT UNSIGNED NULL,
  email VARCHAR(255) NOT NULL,
  display_name VARCHAR(100) COLLATE utf8mb4_bin COMMENT 'shown in the app',
  is_admin TINYINT(1) NOT NULL DEFAULT 0,
  flags SET('beta','staff','banned') NOT NULL DEFAULT '',
  deleted_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY users_email_uq (email),
  KEY users_org_deleted_idx (organization_id, deleted_at),
  CONSTRAINT users_org_fk FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE SET NULL,
  CONSTRAINT users_email_at CHECK (email LIKE '%@%')
) COMMENT='People who sign in';
CREATE TABLE roles (
  id SMALLINT NOT NULL,
  name VARCHAR(50) NOT NULL,
  description TEXT,
  PRIMARY KEY (id),
  UNIQUE KEY roles_name_uq (name)
);
CREATE TABLE user_roles (
  user_id BIGINT UNSIGNED NOT NULL,
  role_id SMALLINT NOT NULL,
  granted_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, role_id),
  CONSTRAINT user_roles_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT user_roles_role_fk FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE RESTRICT
);
CREATE TABLE categories (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id INT NULL,
  name VARCHAR(120) NOT NULL,
  position INT NOT NULL DEFAULT 0 CHECK (position >= 0),
  CONSTRAINT categories_parent_fk FOREIGN KEY (parent_id) REFERENCES categories (id) ON DELETE SET NULL
);
CREATE TABLE products (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  sku CHAR(12) NOT NULL,
  name VARCHAR(200) NOT NULL,
  description TEXT,
  category_id INT NULL,
  price DECIMAL(10,2) NOT NULL DEFAULT 0.00,
  weight_grams INT,
  active TINYINT(1) NOT NULL DEFAULT 1,
  price_with_tax DECIMAL(12,2) AS (price * 1.2) VIRTUAL,
  name_lower VARCHAR(200) AS (LOWER(name)) STORED,
  PRIMARY KEY (id),
  UNIQUE KEY products_sku_uq (sku),
  KEY products_name_prefix_idx (name(20)),
  FULLTEXT KEY products_search_ft (name, description),
  KEY products_category_price_idx (category_id, price DESC),
  CONSTRAINT products_category_fk FOREIGN KEY (category_id) REFERENCES categories (id)
    ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT products_price_nonneg CHECK (price >= 0)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE warehouses (
  code CHAR(4) NOT NULL PRIMARY KEY,
  city VARCHAR(100) NOT NULL,
  capacity INT CHECK (capacity > 0)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
CREATE TABLE stock (
  warehouse_code CHAR(4) CHARACTER SET latin1 NOT NULL,
  product_id INT UNSIGNED NOT NULL,
  quantity INT NOT NULL DEFAULT 0,
  PRIMARY KEY (warehouse_code, product_id),
  KEY stock_product_idx (product_id),
  CONSTRAINT stock_warehouse_fk FOREIGN KEY (warehouse_code) REFERENCES warehouses (code) ON DELETE CASCADE,
  CONSTRAINT stock_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE NO ACTION ON UPDATE NO ACTION,
  CONSTRAINT stock_quantity_nonneg CHECK (quantity >= 0)
);
CREATE TABLE customers (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NULL,
  email VARCHAR(255) NOT NULL,
  full_name VARCHAR(200) NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY customers_email_uq (email),
  CONSTRAINT customers_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE TABLE addresses (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  line1 VARCHAR(200) NOT NULL,
  city VARCHAR(100) NOT NULL,
  postal_code VARCHAR(16),
  country CHAR(2) NOT NULL DEFAULT 'US',
  is_default TINYINT(1) NOT NULL DEFAULT 0,
  KEY index_on_customer_id (customer_id),
  CONSTRAINT addresses_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  shipping_address_id INT UNSIGNED NULL,
  status ENUM('pending','paid','shipped','cancelled') NOT NULL DEFAULT 'pending',
  total DECIMAL(12,2),
  placed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  notes TEXT,
  KEY orders_customer_placed_idx (customer_id, placed_at),
  KEY index_on_customer_id (customer_id),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT,
  CONSTRAINT orders_address_fk FOREIGN KEY (shipping_address_id) REFERENCES addresses (id) ON DELETE SET NULL
);
CREATE TABLE order_items (
  order_id BIGINT UNSIGNED NOT NULL,
  line_no SMALLINT UNSIGNED NOT NULL,
  product_id INT UNSIGNED NOT NULL,
  quantity INT NOT NULL DEFAULT 1,
  unit_price DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT order_items_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
  CONSTRAINT order_items_quantity_positive CHECK (quantity > 0)
);
CREATE TABLE payments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  amount DOUBLE NOT NULL,
  method VARCHAR(20) NOT NULL,
  paid_at TIMESTAMP NULL DEFAULT NULL,
  UNIQUE KEY payments_order_method_uq (order_id, method),
  CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  table_name VARCHAR(64) NOT NULL,
  row_id BIGINT NOT NULL,
  action VARCHAR(16) NOT NULL,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY audit_log_at_idx (at)
) ENGINE=MyISAM COMMENT='Append-only';
CREATE TABLE coupons (
  code VARCHAR(32) NOT NULL PRIMARY KEY,
  percent_off TINYINT UNSIGNED NOT NULL,
  valid_until DATE,
  max_uses INT NOT NULL DEFAULT 1,
  CONSTRAINT coupons_percent_range CHECK (percent_off BETWEEN 1 AND 100)
) ROW_FORMAT=COMPACT STATS_PERSISTENT=1;
CREATE TABLE page_views (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  viewed_on DATE NOT NULL,
  path VARCHAR(200) NOT NULL,
  PRIMARY KEY (id, viewed_on)
) PARTITION BY RANGE (TO_DAYS(viewed_on)) (
  PARTITION p2025 VALUES LESS THAN (TO_DAYS('2026-01-01')) COMMENT 'last year',
  PARTITION pmax VALUES LESS THAN MAXVALUE
);
CREATE VIEW active_users AS SELECT id, email, display_name FROM users WHERE deleted_at IS NULL;
CREATE TRIGGER orders_status_audit AFTER UPDATE ON orders FOR EACH ROW
BEGIN
  -- one audit row per status change
  IF NEW.status <> OLD.status THEN
    INSERT INTO audit_log (table_name, row_id, action) VALUES ('orders', NEW.id, CONCAT('status:', NEW.status));
  END IF;
END;
CREATE TRIGGER order_items_round_price BEFORE INSERT ON order_items FOR EACH ROW
  SET NEW.unit_price = ROUND(NEW.unit_price, 2);
SET NAMES latin1;
CREATE SQL SECURITY INVOKER VIEW order_totals AS
  SELECT o.id AS order_id, SUM(i.quantity * i.unit_price) AS total
  FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id;
SET NAMES utf8mb4;

INSERT INTO organizations (id, name, slug, plan, settings) VALUES (1, 'Acme', 'acme', 'team', '{"seats": 10}');
INSERT INTO users (id, organization_id, email, display_name, flags) VALUES (1, 1, 'ada@example.com', 'Ada', 'beta,staff'),
  (2, NULL, 'bob@example.com', NULL, '');
)sql";

} // namespace strata::e2e
