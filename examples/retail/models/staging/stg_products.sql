-- The latest description of each product: every drop carries the whole catalogue.
SELECT product_id,
       trim(product_name) AS product_name,
       category,
       list_price,
       updated_at
FROM raw.products
QUALIFY ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY updated_at DESC) = 1
