-- One row per day of 2026 and 2027; date_key is the day as the number YYYYMMDD.
SELECT CAST(to_char(day, 'YYYYMMDD') AS INTEGER) AS date_key,
       day AS full_date,
       CAST(extract(year FROM day) AS INTEGER) AS year,
       CAST(extract(month FROM day) AS INTEGER) AS month,
       to_char(day, 'YYYY-MM') AS year_month,
       to_char(day, 'Dy') AS day_name,
       extract(dow FROM day) IN (0, 6) AS is_weekend
FROM (SELECT DATE '2026-01-01' + CAST(generate_series AS INTEGER) AS day
      FROM generate_series(0, 729)) AS days
