#include "cli/generate/ssb_generator.hpp"

#include <array>
#include <cmath>
#include <memory>
#include <string>

#include "cli/generate/random.hpp"
#include "cli/generate/tpch_text.hpp"

namespace martlet::generate {
namespace {

enum SsbTable : uint32_t { kCustomer = 1, kSupplier, kPart, kLineorder };

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kDayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};

// Retail price in cents from the part key alone (TPC-H clause 4.2.3), so that lineorder can
// price a line without looking the part up.
int64_t RetailPriceCents(uint64_t partkey) {
  return 90000 + static_cast<int64_t>((partkey / 10) % 20001) + 100 * static_cast<int64_t>(partkey % 1000);
}

// "UNITED KI1": the nation's name cut or padded to 9 characters, then a digit 0-9.
void AppendCity(RowRandom& random, std::string_view nation, std::string& out) {
  std::string name(nation.substr(0, 9));
  name.resize(9, ' ');
  out.append(name);
  out.push_back(static_cast<char>('0' + random.Index(10)));
}

struct Place {
  std::string city;
  int nation;
};

Place RandomPlace(RowRandom& random) {
  Place place;
  place.nation = static_cast<int>(random.Index(kNations.size()));
  AppendCity(random, kNations[static_cast<size_t>(place.nation)].name, place.city);
  return place;
}

// Customers and suppliers share their first seven columns: key, name, address, city,
// nation, region and phone.
void EmitParty(RowRandom& random, const char* prefix, uint64_t row, RowWriter& writer) {
  std::string name, address, phone;
  AppendKeyName(prefix, row + 1, name);
  AppendRandomString(random, 10, 25, address);
  Place place = RandomPlace(random);
  AppendPhone(random, place.nation, phone);
  writer.Int(static_cast<int64_t>(row + 1));
  writer.Text(name);
  writer.Text(address);
  writer.Text(place.city);
  writer.Text(kNations[static_cast<size_t>(place.nation)].name);
  writer.Text(kRegions[static_cast<size_t>(kNations[static_cast<size_t>(place.nation)].region)]);
  writer.Text(phone);
}

void EmitCustomer(uint64_t seed, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(seed, kCustomer, row));
  EmitParty(random, "Customer#", row, writer);
  writer.Text(Pick(random, kSegments));
  writer.EndRow();
}

void EmitSupplier(uint64_t seed, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(seed, kSupplier, row));
  EmitParty(random, "Supplier#", row, writer);
  writer.EndRow();
}

void EmitPart(uint64_t seed, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(seed, kPart, row));
  std::string name(Pick(random, kColors));
  name.push_back(' ');
  name.append(Pick(random, kColors));
  // MFGR#m, category MFGR#mc, brand MFGR#mcb: 5 manufacturers × 5 categories × 40 brands.
  std::string mfgr = "MFGR#" + std::to_string(random.Uniform(1, 5));
  std::string category = mfgr + std::to_string(random.Uniform(1, 5));
  std::string brand = category + std::to_string(random.Uniform(1, 40));
  std::string type(Pick(random, kTypeSizes));
  type.append(" ").append(Pick(random, kTypeFinishes)).append(" ").append(Pick(random, kTypeMaterials));
  std::string container(Pick(random, kContainerSizes));
  container.append(" ").append(Pick(random, kContainerKinds));
  writer.Int(static_cast<int64_t>(row + 1));
  writer.Text(name);
  writer.Text(mfgr);
  writer.Text(category);
  writer.Text(brand);
  writer.Text(Pick(random, kColors));
  writer.Text(type);
  writer.Int(random.Uniform(1, 50));
  writer.Text(container);
  writer.EndRow();
}

std::string_view SellingSeason(int month) {
  if (month == 12) return "Christmas";
  if (month <= 2) return "Winter";
  if (month <= 5) return "Spring";
  if (month <= 8) return "Summer";
  return "Fall";
}

bool IsHoliday(const CivilDate& date) {
  return (date.month == 1 && date.day == 1) || (date.month == 7 && date.day == 4) ||
         (date.month == 11 && date.day == 11) || (date.month == 12 && date.day == 25);
}

void EmitDate(int32_t days, RowWriter& writer) {
  CivilDate date = CivilFromDays(days);
  int weekday = DayOfWeek(days);
  int day_in_year = days - DaysFromCivil(date.year, 1, 1) + 1;
  std::string_view month = kMonthNames[static_cast<size_t>(date.month - 1)];
  writer.Int(DateKey(days));
  writer.Text(std::string(month) + " " + std::to_string(date.day) + ", " + std::to_string(date.year));
  writer.Text(kDayNames[static_cast<size_t>(weekday)]);
  writer.Text(month);
  writer.Int(date.year);
  writer.Int(date.year * 100 + date.month);
  writer.Text(std::string(month.substr(0, 3)) + std::to_string(date.year));
  writer.Int(weekday + 1);
  writer.Int(date.day);
  writer.Int(day_in_year);
  writer.Int(date.month);
  writer.Int((day_in_year - 1) / 7 + 1);
  writer.Text(SellingSeason(date.month));
  writer.Text(weekday == 6 ? "1" : "0");
  writer.Text(date.day == DaysInMonth(date.year, date.month) ? "1" : "0");
  writer.Text(IsHoliday(date) ? "1" : "0");
  writer.Text(weekday >= 1 && weekday <= 5 ? "1" : "0");
  writer.EndRow();
}

struct Line {
  int64_t partkey, suppkey, quantity, extended_price, discount, tax, supply_cost;
  int32_t commit_date;
  std::string_view ship_mode;
};

// One order's lines: drawn together because lo_ordertotalprice sums them all.
void EmitOrder(uint64_t seed, const SsbScale& scale, uint64_t order, RowWriter& writer) {
  // Orders are dated 1992-01-01 .. 1998-08-02 as in TPC-H, leaving room for the commit date.
  static const int32_t kFirstOrderDate = DaysFromCivil(1992, 1, 1);
  static const int32_t kLastOrderDate = DaysFromCivil(1998, 12, 31) - 151;
  RowRandom random(RowSeed(seed, kLineorder, order));
  auto custkey = random.Uniform(1, static_cast<int64_t>(scale.customers));
  auto order_date = static_cast<int32_t>(random.Uniform(kFirstOrderDate, kLastOrderDate));
  std::string_view priority = Pick(random, kPriorities);
  auto line_count = static_cast<int>(random.Uniform(1, 7));
  std::array<Line, 7> lines;
  int64_t total_price = 0;
  for (int i = 0; i < line_count; ++i) {
    Line& line = lines[static_cast<size_t>(i)];
    line.partkey = random.Uniform(1, static_cast<int64_t>(scale.parts));
    line.suppkey = random.Uniform(1, static_cast<int64_t>(scale.suppliers));
    line.quantity = random.Uniform(1, 50);
    line.extended_price = line.quantity * RetailPriceCents(static_cast<uint64_t>(line.partkey));
    line.discount = random.Uniform(0, 10);
    line.tax = random.Uniform(0, 8);
    line.supply_cost = RetailPriceCents(static_cast<uint64_t>(line.partkey)) * 6 / 10;
    line.commit_date = order_date + static_cast<int32_t>(random.Uniform(30, 90));
    line.ship_mode = Pick(random, kShipModes);
    total_price += line.extended_price * (100 + line.tax) / 100 * (100 - line.discount) / 100;
  }
  int32_t order_key = DateKey(order_date);
  for (int i = 0; i < line_count; ++i) {
    const Line& line = lines[static_cast<size_t>(i)];
    writer.Int(static_cast<int64_t>(order + 1));
    writer.Int(i + 1);
    writer.Int(custkey);
    writer.Int(line.partkey);
    writer.Int(line.suppkey);
    writer.Int(order_key);
    writer.Text(priority);
    writer.Text("0");
    writer.Int(line.quantity);
    writer.Int(line.extended_price);
    writer.Int(total_price);
    writer.Int(line.discount);
    writer.Int(line.extended_price * (100 - line.discount) / 100);
    writer.Int(line.supply_cost);
    writer.Int(line.tax);
    writer.Int(DateKey(line.commit_date));
    writer.Text(line.ship_mode);
    writer.EndRow();
  }
}

}  // namespace

SsbScale SsbScale::For(double scale_factor) {
  SsbScale scale{};
  scale.customers = ScaledCount(30'000, scale_factor);
  scale.suppliers = ScaledCount(2'000, scale_factor);
  scale.parts = scale_factor < 1
                    ? ScaledCount(200'000, scale_factor)
                    : 200'000 * static_cast<uint64_t>(std::floor(1 + std::log2(scale_factor)));
  scale.orders = ScaledCount(1'500'000, scale_factor);
  return scale;
}

std::vector<TableJob> SsbTables(double scale_factor, uint64_t seed) {
  SsbScale scale = SsbScale::For(scale_factor);
  int32_t first_day = DaysFromCivil(kSsbFirstYear, 1, 1);
  int32_t days = DaysFromCivil(kSsbLastYear + 1, 1, 1) - first_day;
  std::vector<TableJob> jobs;
  jobs.push_back({"customer", scale.customers,
                  [seed](uint64_t row, RowWriter& writer) { EmitCustomer(seed, row, writer); }});
  jobs.push_back({"supplier", scale.suppliers,
                  [seed](uint64_t row, RowWriter& writer) { EmitSupplier(seed, row, writer); }});
  jobs.push_back({"part", scale.parts,
                  [seed](uint64_t row, RowWriter& writer) { EmitPart(seed, row, writer); }});
  jobs.push_back({"dwdate", static_cast<uint64_t>(days), [first_day](uint64_t row, RowWriter& writer) {
                    EmitDate(first_day + static_cast<int32_t>(row), writer);
                  }});
  jobs.push_back({"lineorder", scale.orders, [seed, scale](uint64_t order, RowWriter& writer) {
                    EmitOrder(seed, scale, order, writer);
                  }});
  return jobs;
}

}  // namespace martlet::generate
