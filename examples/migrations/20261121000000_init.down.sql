-- strata: version 20261121000000
-- strata: summary down of 20261121000000_init: 12 changes: 6 AddIndex, 5 AddTable, 1 CreateView
-- strata: risk medium backward-incompatible BI401 code reading view open_orders breaks
-- strata: risk high destructive D101 dropping table order_items destroys its rows
-- strata: risk medium backward-incompatible BI401 code reading table order_items breaks
-- strata: backup order_items
-- strata: risk high destructive D101 dropping table orders destroys its rows
-- strata: risk medium backward-incompatible BI401 code reading table orders breaks
-- strata: backup orders
-- strata: risk high destructive D101 dropping table books destroys its rows
-- strata: risk medium backward-incompatible BI401 code reading table books breaks
-- strata: backup books
-- strata: risk high destructive D101 dropping table customers destroys its rows
-- strata: risk medium backward-incompatible BI401 code reading table customers breaks
-- strata: backup customers
-- strata: risk high destructive D101 dropping table authors destroys its rows
-- strata: risk medium backward-incompatible BI401 code reading table authors breaks
-- strata: backup authors

-- 1. drop view open_orders
DROP VIEW "open_orders";

-- 2. drop table order_items
DROP TABLE "order_items";

-- 3. drop index orders_customer_idx on orders
DROP INDEX "orders_customer_idx";

-- 4. drop table orders
DROP TABLE "orders";

-- 5. drop index customers_email_uq on customers
DROP INDEX "customers_email_uq";

-- 6. drop index books_lower_title_idx on books
DROP INDEX "books_lower_title_idx";

-- 7. drop index books_live_idx on books
DROP INDEX "books_live_idx";

-- 8. drop index books_isbn_uq on books
DROP INDEX "books_isbn_uq";

-- 9. drop table books
DROP TABLE "books";

-- 10. drop index authors_name_idx on authors
DROP INDEX "authors_name_idx";

-- 11. drop table customers
DROP TABLE "customers";

-- 12. drop table authors
DROP TABLE "authors";
