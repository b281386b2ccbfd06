#pragma once
// A realistic MariaDB/MySQL schema in raw SQL for the reader and round-trip tests: 13 tables
// (plus strata_schema_history, never read) and 2 views covering auto_increment, unsigned,
// tinyint(1), enum/set, json, decimal, datetime(3) ON UPDATE, virtual and stored generated
// columns, a column collation other than the table's, MyISAM/latin1 tables with comments,
// composite, unique, prefix, FULLTEXT and descending keys, foreign keys with actions (one whose
// index InnoDB created implicitly, one to a parent whose primary key serves), column- and
// table-level checks, comments, and a stored function and procedure.

namespace strata::test {

inline constexpr const char* k_my_realistic_schema = R"SQL(
CREATE TABLE orgs (
  id int unsigned NOT NULL AUTO_INCREMENT,
  name varchar(100) NOT NULL,
  slug varchar(60) COLLATE utf8mb4_bin NOT NULL,
  active tinyint(1) NOT NULL DEFAULT 1,
  plan enum('free','pro','enterprise') NOT NULL DEFAULT 'free',
  features set('sso','audit','api') DEFAULT NULL,
  settings json DEFAULT NULL,
  created_at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY orgs_slug (slug)
) COMMENT='Customer organisations';

CREATE TABLE users (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  org_id int unsigned NOT NULL,
  email varchar(255) NOT NULL COMMENT 'Login address',
  first_name varchar(50) DEFAULT NULL,
  last_name varchar(50) DEFAULT NULL,
  full_name varchar(101) GENERATED ALWAYS AS (concat(first_name, ' ', last_name)) VIRTUAL,
  email_domain varchar(255) AS (substring_index(email, '@', -1)) STORED,
  balance decimal(12,2) NOT NULL DEFAULT 0.00,
  score float DEFAULT NULL,
  ratio double NOT NULL DEFAULT 1.5,
  born date DEFAULT NULL,
  login_at timestamp NULL DEFAULT NULL,
  note text,
  PRIMARY KEY (id),
  UNIQUE KEY users_email (email),
  KEY users_email_prefix (email(20)) COMMENT 'login lookups',
  KEY users_name_desc (last_name DESC, first_name) /*M! IGNORED */ /*!80000 INVISIBLE */,
  CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE,
  CONSTRAINT users_balance_positive CHECK (balance >= 0),
  CONSTRAINT users_score_range CHECK (score BETWEEN 0 AND 100 OR score IS NULL)
);

CREATE TABLE teams (
  org_id int unsigned NOT NULL,
  code char(8) NOT NULL,
  title varchar(80) NOT NULL DEFAULT 'Untitled team',
  PRIMARY KEY (org_id, code),
  CONSTRAINT teams_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE NO ACTION
);

CREATE TABLE memberships (
  org_id int unsigned NOT NULL,
  team_code char(8) NOT NULL,
  user_id bigint unsigned NOT NULL,
  role varchar(20) NOT NULL DEFAULT 'member',
  joined_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (org_id, team_code, user_id),
  CONSTRAINT memberships_team_fk FOREIGN KEY (org_id, team_code) REFERENCES teams (org_id, code) ON UPDATE CASCADE,
  CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT memberships_role_ok CHECK (role IN ('member', 'admin', 'owner'))
);

CREATE TABLE categories (
  id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id smallint unsigned DEFAULT NULL,
  name varchar(64) NOT NULL,
  KEY categories_parent (parent_id),
  CONSTRAINT categories_parent_fk FOREIGN KEY (parent_id) REFERENCES categories (id) ON DELETE SET NULL
);

CREATE TABLE products (
  id int NOT NULL AUTO_INCREMENT,
  category_id smallint unsigned DEFAULT NULL,
  sku varchar(32) NOT NULL,
  name varchar(200) NOT NULL,
  description mediumtext,
  price decimal(10,2) NOT NULL DEFAULT 0.00,
  weight_grams mediumint unsigned DEFAULT NULL,
  in_stock tinyint(1) NOT NULL DEFAULT 0,
  tax_rate decimal(5,4) NOT NULL DEFAULT 0.2000,
  price_with_tax decimal(12,2) AS (round(price * (1 + tax_rate), 2)) VIRTUAL,
  PRIMARY KEY (id),
  UNIQUE KEY products_sku (sku),
  FULLTEXT KEY products_search (name, description),
  CONSTRAINT products_category_fk FOREIGN KEY (category_id) REFERENCES categories (id),
  CONSTRAINT products_price_ok CHECK (price >= 0 AND tax_rate < 1)
);

CREATE TABLE orders (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id bigint unsigned NOT NULL,
  status enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
  total decimal(12,2) NOT NULL DEFAULT 0.00,
  currency char(3) NOT NULL DEFAULT 'EUR',
  placed_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  shipped_at datetime DEFAULT NULL,
  KEY orders_placed (placed_at DESC),
  CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT orders_shipped_after CHECK (shipped_at IS NULL OR shipped_at >= placed_at)
);

CREATE TABLE order_items (
  order_id bigint unsigned NOT NULL,
  line smallint NOT NULL,
  product_id int NOT NULL,
  quantity int unsigned NOT NULL DEFAULT 1 CHECK (quantity > 0),
  unit_price decimal(10,2) NOT NULL,
  PRIMARY KEY (order_id, line),
  CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT order_items_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
);

CREATE TABLE articles (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  author_id bigint unsigned DEFAULT NULL,
  title varchar(200) NOT NULL,
  body longtext NOT NULL,
  state varchar(20) NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
  published_on date DEFAULT NULL,
  FULLTEXT KEY articles_text (title, body),
  CONSTRAINT articles_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE
);

CREATE TABLE tags (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  label varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  UNIQUE KEY tags_label (label)
) COMMENT='Free-form labels';

CREATE TABLE article_tags (
  article_id int NOT NULL,
  tag_id int unsigned NOT NULL,
  PRIMARY KEY (article_id, tag_id),
  CONSTRAINT article_tags_article_fk FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE,
  CONSTRAINT article_tags_tag_fk FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
);

CREATE TABLE legacy_log (
  id int(11) NOT NULL,
  message varchar(255) DEFAULT 'it''s',
  flags bit(8) DEFAULT b'101',
  delta int(11) DEFAULT -3,
  logged year DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COMMENT='Old log, not transactional';

CREATE TABLE sessions (
  token binary(16) NOT NULL,
  user_id bigint unsigned NOT NULL,
  data blob,
  expires_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (token),
  KEY sessions_user_expiry (user_id, expires_at)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE strata_schema_history (version varchar(14) PRIMARY KEY);

CREATE VIEW active_orgs AS SELECT o.id, o.name FROM orgs o WHERE o.active = 1;
CREATE FUNCTION org_label(p_id int unsigned, p_suffix varchar(10) CHARACTER SET latin1) RETURNS varchar(120)
  DETERMINISTIC READS SQL DATA COMMENT 'name; with a suffix'
BEGIN
  DECLARE v_name varchar(100);
  SELECT name INTO v_name FROM orgs WHERE id = p_id; -- none: NULL
  RETURN CONCAT(IFNULL(v_name, '?'), ' (', p_suffix, ');');
END;
CREATE PROCEDURE touch_org(IN p_id int unsigned, OUT p_rows int) SQL SECURITY INVOKER MODIFIES SQL DATA
BEGIN
  UPDATE orgs SET updated_at = NOW(3) WHERE id = p_id;
  SET p_rows = ROW_COUNT();
END;
CREATE PROCEDURE org_label(IN p_id int unsigned)
  SELECT org_label(p_id, '') AS label;
CREATE AGGREGATE FUNCTION spent_total(p_amount decimal(12,2)) RETURNS decimal(14,2)
BEGIN
  DECLARE v_total decimal(14,2) DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN v_total;
  LOOP
    FETCH GROUP NEXT ROW;
    SET v_total = v_total + IFNULL(p_amount, 0);
  END LOOP;
END;
CREATE VIEW order_totals AS
  SELECT u.id AS user_id, count(o.id) AS orders, sum(o.total) AS spent
  FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.status <> 'cancelled'
  GROUP BY u.id;
)SQL";

} // namespace strata::test
