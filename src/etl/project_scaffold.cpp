#include "etl/project_scaffold.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "etl/sql_text.hpp"

namespace martlet::etl {
namespace {

namespace fs = std::filesystem;

std::string Toml(const std::string& name) {
  return "# A Martlet pipeline; docs/pipelines.md describes every setting.\n"
         "name = \"" +
         name +
         "\"\n"
         "# The database this pipeline fills, relative to this folder (--db overrides it).\n"
         "database = \"warehouse\"\n"
         "\n"
         "[defaults]\n"
         "materialized = \"table\"\n"
         "\n"
         "# Every CSV file dropped into data/orders/ is loaded once into raw.orders.\n"
         "[sources.orders]\n"
         "path = \"data/orders/*.csv\"\n"
         "table = \"raw.orders\"\n"
         "columns = [\"order_id BIGINT\", \"customer_id BIGINT\", \"amount DECIMAL(10,2)\", "
         "\"ordered_at TIMESTAMP\"]\n"
         "copy_options = \"IGNOREHEADER 1\"\n"
         "\n"
         "[models.stg_orders]\n"
         "materialized = \"view\"\n"
         "tests = [\n"
         "  { test = \"not_null\", column = \"order_id\" },\n"
         "  { test = \"unique\", column = \"order_id\" },\n"
         "  { test = \"relationships\", column = \"customer_id\", to = \"customers\" },\n"
         "]\n"
         "\n"
         "[models.customer_revenue]\n"
         "tests = [{ test = \"row_count\", min = 1 }]\n";
}

const std::vector<std::pair<std::string, std::string>>& Files() {
  static const std::vector<std::pair<std::string, std::string>> kFiles = {
      {"seeds/customers.csv",
       "customer_id,name,country\n"
       "1,Ada,UK\n"
       "2,Grace,US\n"
       "3,Linus,FI\n"},
      {"data/orders/2026-01-01.csv",
       "order_id,customer_id,amount,ordered_at\n"
       "1,1,20.00,2026-01-01 09:00:00\n"
       "2,2,35.50,2026-01-01 10:30:00\n"
       "3,1,12.25,2026-01-01 17:45:00\n"},
      {"models/staging/stg_orders.sql",
       "-- Orders as the marts use them: one row per order, with its date.\n"
       "SELECT order_id, customer_id, amount, CAST(ordered_at AS DATE) AS order_date\n"
       "FROM raw.orders\n"
       "WHERE amount IS NOT NULL\n"},
      {"models/marts/customer_revenue.sql",
       "-- materialized: table\n"
       "-- sortkey: customer_id\n"
       "-- Revenue per customer.\n"
       "SELECT c.customer_id, c.name, count(*) AS orders, sum(o.amount) AS revenue\n"
       "FROM staging.stg_orders AS o\n"
       "JOIN customers AS c ON c.customer_id = o.customer_id\n"
       "GROUP BY c.customer_id, c.name\n"},
      {"tests/no_negative_revenue.sql",
       "-- Returns every customer whose revenue is negative; the test fails if there is one.\n"
       "SELECT customer_id, revenue FROM marts.customer_revenue WHERE revenue < 0\n"},
      {".gitignore", ".martlet/\nwarehouse/\n"},
  };
  return kFiles;
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Status(StatusCode::kIOError, "cannot write " + path.string());
  return Status::Ok();
}

}  // namespace

Status WriteScaffold(const std::string& directory) {
  fs::path root(directory);
  std::error_code error;
  if (fs::exists(root, error) && !(fs::is_directory(root, error) && fs::is_empty(root, error))) {
    return Status(StatusCode::kInvalidInput,
                  directory + " exists and is not an empty folder; init writes a new project only");
  }
  fs::create_directories(root, error);
  if (error)
    return Status(StatusCode::kIOError, "cannot create " + directory + ": " + error.message());
  std::string name = fs::absolute(root).lexically_normal().filename().string();
  if (name.empty()) name = fs::absolute(root).lexically_normal().parent_path().filename().string();
  std::string project_name;
  for (char c : name)
    project_name += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  RETURN_IF_ERROR(WriteText(root / "martlet.toml", Toml(project_name)));
  for (const auto& [file, text] : Files()) RETURN_IF_ERROR(WriteText(root / file, text));
  return Status::Ok();
}

}  // namespace martlet::etl
