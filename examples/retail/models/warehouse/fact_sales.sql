-- The sales fact: each sale with the product and store versions current when it happened.
-- New sales only on later runs (late-arriving sales of earlier days have new sale ids, so
-- they are picked up and land on their own day). Sales of stores the extracts do not know
-- yet wait in staging until the store arrives.
-- materialized: incremental
-- unique_key: sale_id
-- incremental_filter: sale_id > (SELECT max(sale_id) FROM warehouse.fact_sales)
-- sortkey: date_key
SELECT s.sale_id,
       CAST(to_char(s.sold_on, 'YYYYMMDD') AS INTEGER) AS date_key,
       st.store_key,
       p.product_key,
       s.quantity,
       s.unit_price,
       s.quantity * s.unit_price AS amount
FROM staging.stg_sales AS s
JOIN warehouse.dim_product AS p
  ON p.product_id = s.product_id
 AND s.sold_at >= p.valid_from AND (p.valid_to IS NULL OR s.sold_at < p.valid_to)
JOIN warehouse.dim_store AS st
  ON st.store_id = s.store_id AND st.is_current
