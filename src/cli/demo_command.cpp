#include "cli/demo_command.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "cli/database_directory.hpp"
#include "common/hash.hpp"
#include "cli/exit_codes.hpp"
#include "cli/result_printer.hpp"
#include "cli/terminal.hpp"
#include "martlet/martlet.hpp"

namespace martlet::cli {
namespace {

// Rows per INSERT: large enough to keep statement overhead small, small enough that one
// statement's text stays around 100 KB.
constexpr int64_t kRowsPerInsert = 2000;
constexpr uint64_t kSeed = 20240601;
constexpr int kFirstYear = 2022;
constexpr int kYears = 3;
constexpr int kStores = 50;

constexpr std::array<const char*, 8> kCategories = {"Electronics", "Grocery", "Clothing", "Home",
                                                    "Toys",        "Sports",  "Beauty",   "Books"};
constexpr std::array<std::array<const char*, 5>, 8> kProductNouns = {{
    {"Headphones", "Tablet", "Camera", "Speaker", "Charger"},
    {"Coffee", "Olive Oil", "Pasta", "Chocolate", "Tea"},
    {"Jacket", "Jeans", "Sneakers", "Scarf", "Shirt"},
    {"Lamp", "Blanket", "Kettle", "Vase", "Chair"},
    {"Puzzle", "Robot", "Kite", "Board Game", "Teddy Bear"},
    {"Yoga Mat", "Football", "Racket", "Bike Helmet", "Water Bottle"},
    {"Shampoo", "Perfume", "Lip Balm", "Face Cream", "Soap"},
    {"Novel", "Cookbook", "Atlas", "Poetry", "Biography"},
}};
constexpr std::array<const char*, 5> kProductAdjectives = {"Classic", "Deluxe", "Eco", "Mini",
                                                           "Pro"};
constexpr std::array<const char*, 10> kLocations = {
    "Seattle, WA", "Portland, OR", "Austin, TX",  "Denver, CO",  "Chicago, IL",
    "Boston, MA",  "New York, NY", "Atlanta, GA", "Phoenix, AZ", "San Diego, CA"};

// A seeded generator so that every run builds the same data.
class Random : public SplitMix64 {
 public:
  using SplitMix64::SplitMix64;
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int64_t Below(int64_t bound) { return static_cast<int64_t>(Uniform() * bound); }
};

struct CalendarDay {
  int year, month, day;
  int DateId() const { return year * 10000 + month * 100 + day; }
};

std::vector<CalendarDay> DemoCalendar() {
  std::vector<CalendarDay> days;
  for (int year = kFirstYear; year < kFirstYear + kYears; ++year) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const std::array<int, 12> month_lengths = {
        31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= month_lengths[month - 1]; ++day) days.push_back({year, month, day});
    }
  }
  return days;
}

int ProductCount() { return static_cast<int>(kCategories.size() * 25); }

// Prices in cents, fixed per product.
std::vector<int64_t> ProductPrices() {
  Random random(kSeed ^ 0xBEEF);
  std::vector<int64_t> prices;
  for (int product = 0; product < ProductCount(); ++product) {
    prices.push_back(199 + random.Below(30000));
  }
  return prices;
}

std::string Cents(int64_t cents) { return fmt::format("{}.{:02}", cents / 100, cents % 100); }

class Progress {
 public:
  Progress(std::string label, int64_t total)
      : label_(std::move(label)), total_(total), visible_(StderrIsTerminal()) {}
  void Update(int64_t done) {
    if (!visible_) return;
    int percent = total_ == 0 ? 100 : static_cast<int>(done * 100 / total_);
    fmt::print(stderr, "\r{}: {} / {} rows ({}%)", label_, done, total_, percent);
    std::fflush(stderr);
  }
  void Finish() {
    if (visible_) fmt::print(stderr, "\r\033[K");  // leave the line clean for the results
  }

 private:
  std::string label_;
  int64_t total_;
  bool visible_;
};

class DemoBuilder {
 public:
  DemoBuilder(Connection& connection, int64_t sales)
      : connection_(connection),
        sales_(sales),
        calendar_(DemoCalendar()),
        prices_(ProductPrices()) {}

  // The statement that failed, for the error's caret.
  const std::string& failed_sql() const { return failed_sql_; }

  Status Build() {
    RETURN_IF_ERROR(
        Run("DROP TABLE IF EXISTS Fact_Sales;\n"
            "DROP TABLE IF EXISTS Dim_Date;\n"
            "DROP TABLE IF EXISTS Dim_Product;\n"
            "DROP TABLE IF EXISTS Dim_Store;\n"
            "CREATE TABLE Dim_Date (date_id INTEGER NOT NULL, \"date\" DATE NOT NULL,\n"
            "  month INTEGER NOT NULL, year INTEGER NOT NULL);\n"
            "CREATE TABLE Dim_Product (product_id INTEGER NOT NULL, product_name VARCHAR(64) NOT "
            "NULL,\n"
            "  category VARCHAR(32) NOT NULL);\n"
            "CREATE TABLE Dim_Store (store_id INTEGER NOT NULL, store_name VARCHAR(64) NOT NULL,\n"
            "  location VARCHAR(64) NOT NULL);\n"
            "CREATE TABLE Fact_Sales (sale_id BIGINT NOT NULL, date_id INTEGER NOT NULL,\n"
            "  product_id INTEGER NOT NULL, store_id INTEGER NOT NULL,\n"
            "  sales_amount DECIMAL(12,2) NOT NULL, quantity_sold INTEGER NOT NULL);"));
    RETURN_IF_ERROR(Insert("Dim_Date", static_cast<int64_t>(calendar_.size()),
                           [this](int64_t i) { return DateRow(i); }));
    RETURN_IF_ERROR(Insert("Dim_Product", ProductCount(), [](int64_t i) { return ProductRow(i); }));
    RETURN_IF_ERROR(Insert("Dim_Store", kStores, [](int64_t i) { return StoreRow(i); }));
    Random random(kSeed);
    return Insert("Fact_Sales", sales_, [&](int64_t i) { return SaleRow(i, random); });
  }

 private:
  Status Run(const std::string& sql) {
    QueryResult result = connection_.query(sql);
    if (!result.ok()) failed_sql_ = sql;
    return result.status();
  }

  // One transaction per table when the engine has them: one commit instead of hundreds.
  Status Insert(const std::string& table, int64_t rows,
                const std::function<std::string(int64_t)>& row) {
    bool in_transaction = connection_.query("BEGIN").ok();
    Progress progress("Loading " + table, rows);
    for (int64_t start = 0; start < rows; start += kRowsPerInsert) {
      std::string sql = "INSERT INTO " + table + " VALUES\n";
      int64_t end = std::min(rows, start + kRowsPerInsert);
      for (int64_t i = start; i < end; ++i) {
        sql += row(i);
        sql += i + 1 < end ? ",\n" : ";";
      }
      RETURN_IF_ERROR(Run(sql));
      progress.Update(end);
    }
    progress.Finish();
    return in_transaction ? Run("COMMIT") : Status::Ok();
  }

  std::string DateRow(int64_t i) const {
    const CalendarDay& day = calendar_[i];
    return fmt::format("({}, DATE '{:04}-{:02}-{:02}', {}, {})", day.DateId(), day.year, day.month,
                       day.day, day.month, day.year);
  }

  static std::string ProductRow(int64_t i) {
    size_t category = i % kCategories.size();
    size_t variant = i / kCategories.size();
    std::string name = fmt::format("{} {}", kProductAdjectives[variant % kProductAdjectives.size()],
                                   kProductNouns[category][variant / kProductAdjectives.size()]);
    return fmt::format("({}, '{}', '{}')", i + 1, name, kCategories[category]);
  }

  static std::string StoreRow(int64_t i) {
    const char* location = kLocations[i % kLocations.size()];
    std::string city(location, std::string_view(location).find(','));
    return fmt::format("({}, 'Martlet {} #{}', '{}')", i + 1, city, i / kLocations.size() + 1,
                       location);
  }

  // Sales grow over the years (the day is drawn with a rising density) and a few stores
  // sell much more than the rest, so that the demo's queries have a story to tell.
  std::string SaleRow(int64_t i, Random& random) const {
    auto day = static_cast<size_t>(std::sqrt(random.Uniform()) * calendar_.size());
    int64_t product = random.Below(ProductCount());
    int64_t store = static_cast<int64_t>(std::pow(random.Uniform(), 2.0) * kStores);
    int64_t quantity = 1 + random.Below(5);
    int64_t discount_percent = random.Below(21);
    int64_t cents = prices_[product] * quantity * (100 - discount_percent) / 100;
    return fmt::format("({}, {}, {}, {}, {}, {})", i + 1, calendar_[day].DateId(), product + 1,
                       store + 1, Cents(cents), quantity);
  }

  Connection& connection_;
  int64_t sales_;
  std::vector<CalendarDay> calendar_;
  std::vector<int64_t> prices_;
  std::string failed_sql_;
};

struct DemoQuery {
  const char* title;
  const char* sql;
};

constexpr std::array<DemoQuery, 4> kDemoQueries = {{
    {"Sales by category and year",
     "SELECT p.category, d.year, SUM(f.sales_amount) AS revenue, SUM(f.quantity_sold) AS units\n"
     "FROM Fact_Sales f\n"
     "JOIN Dim_Product p ON f.product_id = p.product_id\n"
     "JOIN Dim_Date d ON f.date_id = d.date_id\n"
     "GROUP BY p.category, d.year\n"
     "ORDER BY p.category, d.year;"},
    {"Top 5 stores by revenue",
     "SELECT s.store_name, s.location, SUM(f.sales_amount) AS revenue\n"
     "FROM Fact_Sales f\n"
     "JOIN Dim_Store s ON f.store_id = s.store_id\n"
     "GROUP BY s.store_name, s.location\n"
     "ORDER BY revenue DESC\n"
     "LIMIT 5;"},
    {"Monthly trend",
     "SELECT d.year, d.month, COUNT(*) AS sales, SUM(f.sales_amount) AS revenue\n"
     "FROM Fact_Sales f\n"
     "JOIN Dim_Date d ON f.date_id = d.date_id\n"
     "GROUP BY d.year, d.month\n"
     "ORDER BY d.year, d.month;"},
    {"Average sale by location",
     "SELECT s.location, COUNT(*) AS sales, AVG(f.sales_amount) AS average_sale\n"
     "FROM Fact_Sales f\n"
     "JOIN Dim_Store s ON f.store_id = s.store_id\n"
     "GROUP BY s.location\n"
     "ORDER BY average_sale DESC;"},
}};

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int ReportFailure(const Status& status, const std::string& sql) {
  std::fflush(stdout);
  fmt::print(stderr, "{}\n", FormatError(status, sql));
  return kExitSqlError;
}

int RunDemoQueries(Connection& connection) {
  for (const DemoQuery& query : kDemoQueries) {
    fmt::print("-- {}\n{}\n\n", query.title, query.sql);
    auto start = std::chrono::steady_clock::now();
    QueryResult result = connection.query(query.sql);
    double elapsed = MillisecondsSince(start);
    if (!result.ok()) return ReportFailure(result.status(), query.sql);
    WriteResult(result, OutputFormat::kTable, stdout);
    fmt::print("Time: {:.3f} ms\n\n", elapsed);
    std::fflush(stdout);
  }
  return kExitOk;
}

}  // namespace

int RunDemoCommand(const DemoOptions& options) {
  std::string directory = ResolveDatabaseDirectory(options.database);
  Result<std::unique_ptr<Database>> database = Database::Open(directory);
  if (!database.ok()) return ReportFailure(database.status(), "");
  Connection connection = database.value()->connect();

  fmt::print("Building the retail star schema in {} with {} sales...\n", directory, options.rows);
  std::fflush(stdout);
  auto start = std::chrono::steady_clock::now();
  DemoBuilder builder(connection, options.rows);
  if (Status status = builder.Build(); !status.ok()) {
    return ReportFailure(status, builder.failed_sql());
  }
  fmt::print("Loaded Fact_Sales, Dim_Date, Dim_Product and Dim_Store in {:.1f} s.\n\n",
             MillisecondsSince(start) / 1000);
  return RunDemoQueries(connection);
}

}  // namespace martlet::cli
