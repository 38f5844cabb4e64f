-- Stores with their history (SCD type 2), compared column by column.
-- unique_key: store_id
-- strategy: check
-- check_cols: store_name, city, region
-- surrogate_key: store_key
SELECT store_id, store_name, city, region
FROM staging.stg_stores
