-- The PostgreSQL database "shop" that docs/loading.md extracts from:
--   createdb shop && psql -d shop -f docs/data/shop.sql
CREATE TABLE customers (
  customer_id integer PRIMARY KEY,
  name        text NOT NULL,
  email       varchar(60),
  signed_up   date
);
CREATE TABLE orders (
  order_id    bigint PRIMARY KEY,
  customer_id integer REFERENCES customers,
  amount      numeric(10,2) NOT NULL,
  status      varchar(12) NOT NULL,
  ordered_at  timestamptz NOT NULL,
  tags        text[]
);
INSERT INTO customers VALUES
  (1, 'Ada Lovelace', 'ada@example.com', '2023-03-01'),
  (2, 'Grace Hopper', NULL, '2023-07-15'),
  (3, 'Alan Turing', 'alan@example.com', '2024-01-09');
INSERT INTO orders VALUES
  (1001, 1, 25.50, 'shipped', '2024-05-01 09:30:00+00', '{gift}'),
  (1002, 2, 120.00, 'shipped', '2024-05-01 14:05:00+00', NULL),
  (1003, 1, 7.25, 'cancelled', '2024-05-02 08:00:00+00', '{}'),
  (1004, 3, 310.99, 'pending', '2024-05-03 17:45:12+00', '{bulk,priority}'),
  (1005, 2, 42.00, 'shipped', '2024-05-03 18:00:00+00', NULL);
