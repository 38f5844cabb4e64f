-- Every drop carries all stores; a store described two ways fails the unique test.
SELECT DISTINCT store_id, trim(store_name) AS store_name, city, region
FROM raw.stores
