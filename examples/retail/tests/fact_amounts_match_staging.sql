-- Every sale that reached the fact keeps its amount.
SELECT f.sale_id, f.amount, s.quantity * s.unit_price AS staged
FROM warehouse.fact_sales AS f
JOIN staging.stg_sales AS s ON s.sale_id = f.sale_id
WHERE f.amount <> s.quantity * s.unit_price
