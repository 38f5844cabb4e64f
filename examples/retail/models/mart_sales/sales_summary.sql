-- The summary analysts open first, kept as a materialized view refreshed by every run.
-- materialized: materialized_view
SELECT region, category, sum(units) AS units, sum(revenue) AS revenue
FROM mart_sales.daily_sales
GROUP BY region, category
