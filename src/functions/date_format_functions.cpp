// Kernels and resolvers of TO_CHAR, TO_DATE and TO_TIMESTAMP; the template work itself is in
// date_template.cpp and number_template.cpp.
#include "functions/date_format_functions.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "common/date_time.hpp"
#include "common/number_format.hpp"
#include "functions/kernel_support.hpp"

namespace martlet {
namespace {

using Args = std::vector<const Vector*>;

Status TemporalToCharKernel(const Args& args, size_t count, Vector& result,
                            const FunctionContext&) {
  const Vector& in = *args[0];
  const std::string* format = args[1]->str();
  std::string* out = result.str();
  bool is_date = in.type().id() == TypeId::kDate;
  bool with_zone = in.type().id() == TypeId::kTimestampTz;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    int64_t micros = is_date ? in.i64()[row] * kMicrosPerDay : in.i64()[row];
    ASSIGN_OR_RETURN(out[row], FormatTimestampTemplate(micros, format[row], with_zone));
    return Status::Ok();
  });
}

Status NumberToCharKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const Vector& in = *args[0];
  const std::string* format = args[1]->str();
  std::string* out = result.str();
  PhysicalType physical = in.type().physical();
  int scale = in.type().scale();
  return ForEachValidRow(args, count, result, [&](size_t row) {
    if (physical == PhysicalType::kDouble) {
      out[row] = FormatDoubleTemplate(in.f64()[row], format[row]);
    } else if (physical == PhysicalType::kInt128) {
      out[row] = FormatNumberTemplate(in.i128()[row], scale, format[row]);
    } else {
      out[row] = FormatNumberTemplate(in.i64()[row], 0, format[row]);
    }
  });
}

template <bool kDateResult>
Status ParseTemplateKernel(const Args& args, size_t count, Vector& result, const FunctionContext&) {
  const std::string* text = args[0]->str();
  const std::string* format = args[1]->str();
  int64_t* out = result.i64();
  // Redshift's TO_DATE(text, format [, is_strict]) is lenient unless is_strict is true.
  const int64_t* strict = args.size() > 2 ? args[2]->i64() : nullptr;
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    bool is_strict = kDateResult ? strict != nullptr && strict[row] != 0 : true;
    ASSIGN_OR_RETURN(int64_t micros, ParseTimestampTemplate(text[row], format[row], is_strict));
    out[row] = kDateResult ? TimestampDay(micros) : micros;
    return Status::Ok();
  });
}

// to_timestamp(seconds since the epoch).
Status EpochToTimestampKernel(const Args& args, size_t count, Vector& result,
                              const FunctionContext&) {
  const double* seconds = args[0]->f64();
  int64_t* out = result.i64();
  // Microseconds must stay inside PostgreSQL's timestamp range (years 4713 BC .. 294276 AD).
  constexpr double kLimit = 9.2e12;  // about 291000 years of seconds
  return ForEachValidRow(args, count, result, [&](size_t row) -> Status {
    double s = seconds[row];
    if (std::isnan(s)) return Status(StatusCode::kInvalidInput, "timestamp cannot be NaN");
    if (!(std::fabs(s) < kLimit)) {
      return Status(StatusCode::kOverflow, "timestamp out of range: \"" + FormatDouble(s) + "\"");
    }
    out[row] = static_cast<int64_t>(std::llround(s * 1e6));
    return Status::Ok();
  });
}

const LogicalType kText = LogicalType::Varchar();

Result<ScalarBinding> ResolveToChar(const std::vector<LogicalType>& types) {
  if (types.size() != 2 || !IsTextOrUnknown(types[1])) return NoSuchFunction("to_char", types);
  const LogicalType& arg = types[0];
  if (arg.IsTemporal()) return MakeBinding({arg, kText}, kText, TemporalToCharKernel);
  if (arg.IsNumeric()) return MakeBinding({arg, kText}, kText, NumberToCharKernel);
  // A bare literal or text: PostgreSQL reads it as a timestamp.
  if (IsTextOrUnknown(arg)) {
    return MakeBinding({LogicalType(TypeId::kTimestamp), kText}, kText, TemporalToCharKernel);
  }
  return NoSuchFunction("to_char", types);
}

Result<ScalarBinding> ResolveToDate(const std::vector<LogicalType>& types) {
  LogicalType date(TypeId::kDate);
  if (types.size() == 3) {
    return MakeBinding({kText, kText, LogicalType(TypeId::kBoolean)}, date, ParseTemplateKernel<true>);
  }
  if (types.size() != 2) return NoSuchFunction("to_date", types);
  return MakeBinding({kText, kText}, date, ParseTemplateKernel<true>);
}

Result<ScalarBinding> ResolveToTimestamp(const std::vector<LogicalType>& types) {
  LogicalType tz(TypeId::kTimestampTz);
  if (types.size() == 1 && (types[0].IsNumeric() || types[0].id() == TypeId::kNull)) {
    return MakeBinding({LogicalType(TypeId::kDouble)}, tz, EpochToTimestampKernel);
  }
  if (types.size() != 2) return NoSuchFunction("to_timestamp", types);
  return MakeBinding({kText, kText}, tz, ParseTemplateKernel<false>);
}

}  // namespace

void RegisterDateFormatFunctions(FunctionRegistry& registry) {
  registry.AddScalar("to_char", ResolveToChar);
  registry.AddScalar("to_date", ResolveToDate);
  registry.AddScalar("to_timestamp", ResolveToTimestamp);
}

}  // namespace martlet
