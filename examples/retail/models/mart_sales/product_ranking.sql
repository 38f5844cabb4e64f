-- Products ranked by revenue within each month.
SELECT d.year_month,
       p.product_id,
       p.product_name,
       sum(f.amount) AS revenue,
       RANK() OVER (PARTITION BY d.year_month ORDER BY sum(f.amount) DESC) AS revenue_rank
FROM warehouse.fact_sales AS f
JOIN warehouse.dim_date AS d ON d.date_key = f.date_key
JOIN warehouse.dim_product AS p ON p.product_key = f.product_key
GROUP BY 1, 2, 3
