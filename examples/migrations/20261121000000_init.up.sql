-- strata: version 20261121000000
-- strata: summary 12 changes: 6 AddIndex, 5 AddTable, 1 CreateView

-- 1. create table authors
CREATE TABLE "authors" (
  "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  "name" varchar(200) NOT NULL,
  "born_on" date
);

-- 2. create table customers
CREATE TABLE "customers" (
  "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  "email" varchar(255) NOT NULL,
  "display_name" text,
  "created_at" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "customers_email_at" CHECK (email LIKE '%@%')
);

-- 3. create index authors_name_idx on authors
CREATE INDEX "authors_name_idx" ON "authors" ("name");

-- 4. create table books
CREATE TABLE "books" (
  "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  "author_id" integer NOT NULL,
  "title" varchar(300) NOT NULL,
  "isbn" char(13) NOT NULL,
  "price_cents" integer NOT NULL DEFAULT 0,
  "published_at" timestamp,
  "deleted_at" timestamp,
  CONSTRAINT "books_price_positive" CHECK (price_cents >= 0),
  CONSTRAINT "books_author_fk" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE RESTRICT
);

-- 5. create index books_isbn_uq on books
CREATE UNIQUE INDEX "books_isbn_uq" ON "books" ("isbn");

-- 6. create index books_live_idx on books
CREATE INDEX "books_live_idx" ON "books" ("published_at") WHERE deleted_at IS NULL;

-- 7. create index books_lower_title_idx on books
CREATE INDEX "books_lower_title_idx" ON "books" ((lower(title)));

-- 8. create index customers_email_uq on customers
CREATE UNIQUE INDEX "customers_email_uq" ON "customers" ("email");

-- 9. create table orders
CREATE TABLE "orders" (
  "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  "customer_id" integer NOT NULL,
  "status" varchar(20) NOT NULL DEFAULT 'open',
  "placed_at" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "orders_status_known" CHECK (status IN ('open', 'paid', 'shipped', 'cancelled')),
  CONSTRAINT "orders_customer_fk" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE
);

-- 10. create index orders_customer_idx on orders
CREATE INDEX "orders_customer_idx" ON "orders" ("customer_id", "placed_at");

-- 11. create table order_items
CREATE TABLE "order_items" (
  "order_id" integer NOT NULL,
  "book_id" integer NOT NULL,
  "quantity" integer NOT NULL DEFAULT 1,
  "unit_price_cents" integer NOT NULL,
  PRIMARY KEY ("order_id", "book_id"),
  CONSTRAINT "order_items_quantity_positive" CHECK (quantity > 0),
  CONSTRAINT "order_items_book_fk" FOREIGN KEY ("book_id") REFERENCES "books" ("id"),
  CONSTRAINT "order_items_order_fk" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE CASCADE
);

-- 12. create view open_orders
CREATE VIEW "open_orders" AS SELECT o.id, c.email, o.placed_at FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'open';
