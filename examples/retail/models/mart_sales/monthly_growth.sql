-- Revenue per month and its growth over the month before, in percent.
SELECT year_month,
       revenue,
       LAG(revenue) OVER (ORDER BY year_month) AS previous_revenue,
       round(100.0 * (revenue - LAG(revenue) OVER (ORDER BY year_month))
             / LAG(revenue) OVER (ORDER BY year_month), 1) AS growth_pct
FROM (SELECT d.year_month, sum(f.amount) AS revenue
      FROM warehouse.fact_sales AS f
      JOIN warehouse.dim_date AS d ON d.date_key = f.date_key
      GROUP BY 1) AS months
