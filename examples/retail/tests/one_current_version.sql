-- A product has exactly one current version.
SELECT product_id, count(*) AS current_versions
FROM warehouse.dim_product
WHERE is_current
GROUP BY product_id
HAVING count(*) <> 1
