#include "cli/generate/tpch_generator.hpp"

#include <array>
#include <memory>
#include <string>

#include "cli/generate/random.hpp"
#include "cli/generate/tpch_text.hpp"

namespace martlet::generate {
namespace {

enum TpchTable : uint32_t { kRegion = 11, kNation, kPart, kSupplier, kPartsupp, kCustomer, kOrder };

struct Context {
  TpchScale scale;
  uint64_t seed;
  TextPool pool;
};

int64_t RetailPriceCents(int64_t partkey) {
  return 90000 + (partkey / 10) % 20001 + 100 * (partkey % 1000);
}

void EmitRegion(const Context& context, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(context.seed, kRegion, row));
  writer.Int(static_cast<int64_t>(row));
  writer.Text(kRegions[row]);
  writer.Text(context.pool.Comment(random, 31, 115));
  writer.EndRow();
}

void EmitNation(const Context& context, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(context.seed, kNation, row));
  writer.Int(static_cast<int64_t>(row));
  writer.Text(kNations[row].name);
  writer.Int(kNations[row].region);
  writer.Text(context.pool.Comment(random, 31, 114));
  writer.EndRow();
}

// Five distinct color words (clause 4.2.3, P_NAME).
std::string PartName(RowRandom& random) {
  std::array<uint32_t, 5> picked{};
  std::string name;
  for (size_t i = 0; i < picked.size(); ++i) {
    bool repeated = true;
    while (repeated) {
      picked[i] = random.Index(kColors.size());
      repeated = false;
      for (size_t j = 0; j < i; ++j) repeated = repeated || picked[j] == picked[i];
    }
    if (i > 0) name.push_back(' ');
    name.append(kColors[picked[i]]);
  }
  return name;
}

void EmitPart(const Context& context, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(context.seed, kPart, row));
  auto partkey = static_cast<int64_t>(row + 1);
  std::string name = PartName(random);
  auto manufacturer = random.Uniform(1, 5);
  auto brand = random.Uniform(1, 5);
  std::string type(Pick(random, kTypeSizes));
  type.append(" ").append(Pick(random, kTypeFinishes)).append(" ").append(Pick(random, kTypeMaterials));
  auto size = random.Uniform(1, 50);
  std::string container(Pick(random, kContainerSizes));
  container.append(" ").append(Pick(random, kContainerKinds));
  writer.Int(partkey);
  writer.Text(name);
  writer.Text("Manufacturer#" + std::to_string(manufacturer));
  writer.Text("Brand#" + std::to_string(manufacturer * 10 + brand));
  writer.Text(type);
  writer.Int(size);
  writer.Text(container);
  writer.Decimal2(RetailPriceCents(partkey));
  writer.Text(context.pool.Comment(random, 5, 22));
  writer.EndRow();
}

// About 5 in 10,000 suppliers have "Customer ... Complaints" in their comment and as many
// "Customer ... Recommends" (clause 4.2.3), which Q16 looks for.
std::string SupplierComment(const Context& context, RowRandom& random) {
  std::string comment(context.pool.Comment(random, 25, 100));
  auto draw = random.Uniform(1, 2000);
  if (draw > 2) return comment;
  std::string_view ending = draw == 1 ? "Complaints" : "Recommends";
  auto room = static_cast<int64_t>(comment.size()) - 19;
  auto start = random.Uniform(0, room);
  auto gap = random.Uniform(0, room - start);
  comment.replace(static_cast<size_t>(start), 9, "Customer ");
  comment.replace(static_cast<size_t>(start + 9 + gap), ending.size(), ending);
  return comment;
}

// Suppliers and customers share their first six columns: key, name, address, nation key,
// phone and account balance.
void EmitParty(RowRandom& random, const char* prefix, uint64_t row, RowWriter& writer) {
  std::string name, address, phone;
  AppendKeyName(prefix, row + 1, name);
  AppendRandomString(random, 10, 40, address);
  auto nation = static_cast<int>(random.Index(kNations.size()));
  AppendPhone(random, nation, phone);
  writer.Int(static_cast<int64_t>(row + 1));
  writer.Text(name);
  writer.Text(address);
  writer.Int(nation);
  writer.Text(phone);
  writer.Decimal2(random.Uniform(-99999, 999999));
}

void EmitSupplier(const Context& context, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(context.seed, kSupplier, row));
  EmitParty(random, "Supplier#", row, writer);
  writer.Text(SupplierComment(context, random));
  writer.EndRow();
}

void EmitPartsupp(const Context& context, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(context.seed, kPartsupp, row));
  auto partkey = static_cast<int64_t>(row + 1);
  for (int i = 0; i < 4; ++i) {
    writer.Int(partkey);
    writer.Int(TpchPartSupplier(partkey, i, context.scale.suppliers));
    writer.Int(random.Uniform(1, 9999));
    writer.Decimal2(random.Uniform(100, 100000));
    writer.Text(context.pool.Comment(random, 49, 198));
    writer.EndRow();
  }
}

void EmitCustomer(const Context& context, uint64_t row, RowWriter& writer) {
  RowRandom random(RowSeed(context.seed, kCustomer, row));
  EmitParty(random, "Customer#", row, writer);
  writer.Text(Pick(random, kSegments));
  writer.Text(context.pool.Comment(random, 29, 116));
  writer.EndRow();
}

struct LineItem {
  int64_t partkey, suppkey, quantity, extended_price, discount, tax;
  int32_t ship_date, commit_date, receipt_date;
  char return_flag, line_status;
  std::string_view instruction, mode, comment;
};

struct Order {
  int64_t key, custkey, total_price = 0;
  int32_t date;
  char status;
  std::string_view priority, comment;
  uint64_t clerk;
  int line_count;
  std::array<LineItem, 7> lines;
};

// Only customers whose key is not a multiple of 3 place orders (clause 4.2.3): the k-th
// such key is k + k / 2 + 1.
int64_t OrderingCustomer(RowRandom& random, uint64_t customers) {
  auto k = random.Uniform(0, static_cast<int64_t>(customers - customers / 3) - 1);
  return k + k / 2 + 1;
}

void MakeLine(const Context& context, RowRandom& random, int32_t order_date, LineItem& line) {
  static const int32_t kCurrentDate = DaysFromCivil(1995, 6, 17);
  line.partkey = random.Uniform(1, static_cast<int64_t>(context.scale.parts));
  line.suppkey = TpchPartSupplier(line.partkey, static_cast<int>(random.Uniform(0, 3)),
                                  context.scale.suppliers);
  line.quantity = random.Uniform(1, 50);
  line.extended_price = line.quantity * RetailPriceCents(line.partkey);
  line.discount = random.Uniform(0, 10);
  line.tax = random.Uniform(0, 8);
  line.ship_date = order_date + static_cast<int32_t>(random.Uniform(1, 121));
  line.commit_date = order_date + static_cast<int32_t>(random.Uniform(30, 90));
  line.receipt_date = line.ship_date + static_cast<int32_t>(random.Uniform(1, 30));
  line.return_flag = line.receipt_date <= kCurrentDate ? (random.Index(2) == 0 ? 'R' : 'A') : 'N';
  line.line_status = line.ship_date > kCurrentDate ? 'O' : 'F';
  line.instruction = Pick(random, kShipInstructions);
  line.mode = Pick(random, kShipModes);
  line.comment = context.pool.Comment(random, 10, 43);
}

// Orders and lineitem are made from the same per-order seed, so each table can be written
// on its own and still agree with the other (status and total price come from the lines).
Order MakeOrder(const Context& context, uint64_t index) {
  static const int32_t kFirstDate = DaysFromCivil(1992, 1, 1);
  static const int32_t kLastDate = DaysFromCivil(1998, 12, 31) - 151;
  RowRandom random(RowSeed(context.seed, kOrder, index));
  Order order;
  order.key = TpchOrderKey(index);
  order.custkey = OrderingCustomer(random, context.scale.customers);
  order.date = static_cast<int32_t>(random.Uniform(kFirstDate, kLastDate));
  order.priority = Pick(random, kPriorities);
  order.clerk = static_cast<uint64_t>(random.Uniform(1, static_cast<int64_t>(context.scale.clerks)));
  order.comment = context.pool.Comment(random, 19, 78);
  order.line_count = static_cast<int>(random.Uniform(1, 7));
  int shipped = 0;
  for (int i = 0; i < order.line_count; ++i) {
    LineItem& line = order.lines[static_cast<size_t>(i)];
    MakeLine(context, random, order.date, line);
    order.total_price += line.extended_price * (100 + line.tax) * (100 - line.discount) / 10000;
    shipped += line.line_status == 'F' ? 1 : 0;
  }
  order.status = shipped == order.line_count ? 'F' : shipped == 0 ? 'O' : 'P';
  return order;
}

void EmitOrder(const Context& context, uint64_t index, RowWriter& writer) {
  Order order = MakeOrder(context, index);
  std::string clerk;
  AppendKeyName("Clerk#", order.clerk, clerk);
  writer.Int(order.key);
  writer.Int(order.custkey);
  writer.Text(std::string_view(&order.status, 1));
  writer.Decimal2(order.total_price);
  writer.Date(order.date);
  writer.Text(order.priority);
  writer.Text(clerk);
  writer.Int(0);
  writer.Text(order.comment);
  writer.EndRow();
}

void EmitLineItems(const Context& context, uint64_t index, RowWriter& writer) {
  Order order = MakeOrder(context, index);
  for (int i = 0; i < order.line_count; ++i) {
    const LineItem& line = order.lines[static_cast<size_t>(i)];
    writer.Int(order.key);
    writer.Int(line.partkey);
    writer.Int(line.suppkey);
    writer.Int(i + 1);
    writer.Decimal2(line.quantity * 100);
    writer.Decimal2(line.extended_price);
    writer.Decimal2(line.discount);
    writer.Decimal2(line.tax);
    writer.Text(std::string_view(&line.return_flag, 1));
    writer.Text(std::string_view(&line.line_status, 1));
    writer.Date(line.ship_date);
    writer.Date(line.commit_date);
    writer.Date(line.receipt_date);
    writer.Text(line.instruction);
    writer.Text(line.mode);
    writer.Text(line.comment);
    writer.EndRow();
  }
}

using Emit = void (*)(const Context&, uint64_t, RowWriter&);

TableJob Job(const std::shared_ptr<const Context>& context, std::string name, uint64_t units, Emit emit) {
  return {std::move(name), units,
          [context, emit](uint64_t unit, RowWriter& writer) { emit(*context, unit, writer); }};
}

}  // namespace

TpchScale TpchScale::For(double scale_factor) {
  return {ScaledCount(200'000, scale_factor), ScaledCount(10'000, scale_factor),
          ScaledCount(150'000, scale_factor), ScaledCount(1'500'000, scale_factor),
          ScaledCount(1'000, scale_factor)};
}

int64_t TpchOrderKey(uint64_t order_index) {
  return static_cast<int64_t>((order_index / 8) * 32 + order_index % 8 + 1);
}

int64_t TpchPartSupplier(int64_t partkey, int i, uint64_t suppliers) {
  auto s = static_cast<int64_t>(suppliers);
  return (partkey + i * (s / 4 + (partkey - 1) / s)) % s + 1;
}

std::vector<TableJob> TpchTables(double scale_factor, uint64_t seed) {
  auto context = std::make_shared<const Context>(Context{TpchScale::For(scale_factor), seed, TextPool()});
  const TpchScale& scale = context->scale;
  std::vector<TableJob> jobs;
  jobs.push_back(Job(context, "region", kRegions.size(), EmitRegion));
  jobs.push_back(Job(context, "nation", kNations.size(), EmitNation));
  jobs.push_back(Job(context, "part", scale.parts, EmitPart));
  jobs.push_back(Job(context, "supplier", scale.suppliers, EmitSupplier));
  jobs.push_back(Job(context, "partsupp", scale.parts, EmitPartsupp));
  jobs.push_back(Job(context, "customer", scale.customers, EmitCustomer));
  jobs.push_back(Job(context, "orders", scale.orders, EmitOrder));
  jobs.push_back(Job(context, "lineitem", scale.orders, EmitLineItems));
  return jobs;
}

}  // namespace martlet::generate
