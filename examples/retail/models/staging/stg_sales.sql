-- Sales as the business counts them: one row per sale (the export repeats some lines),
-- returns as negative quantities.
SELECT sale_id,
       sold_at,
       CAST(sold_at AS DATE) AS sold_on,
       store_id,
       product_id,
       CASE WHEN kind = 'return' THEN -quantity ELSE quantity END AS quantity,
       unit_price,
       kind
FROM raw.sales
QUALIFY ROW_NUMBER() OVER (PARTITION BY sale_id ORDER BY sold_at) = 1
