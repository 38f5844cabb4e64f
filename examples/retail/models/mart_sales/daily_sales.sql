-- Daily sales by store and product category.
SELECT d.full_date AS sales_date,
       st.store_name,
       st.region,
       p.category,
       sum(f.quantity) AS units,
       sum(f.amount) AS revenue,
       count(*) AS sales
FROM warehouse.fact_sales AS f
JOIN warehouse.dim_date AS d ON d.date_key = f.date_key
JOIN warehouse.dim_store AS st ON st.store_key = f.store_key
JOIN warehouse.dim_product AS p ON p.product_key = f.product_key
GROUP BY 1, 2, 3, 4
