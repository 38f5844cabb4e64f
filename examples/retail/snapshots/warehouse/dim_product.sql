-- Products with their history (SCD type 2): a product moved to another category gets a new
-- version from the moment the catalogue says it changed.
-- unique_key: product_id
-- strategy: timestamp
-- updated_at: updated_at
-- surrogate_key: product_key
SELECT product_id, product_name, category, list_price, updated_at
FROM staging.stg_products
