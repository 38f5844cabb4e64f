// System views: information_schema.tables / .columns and Redshift's svv_table_info and
// stv_mv_info, computed from the transaction's catalog and table data when a query names
// them; stl_load_errors and sys_load_history, read from the database's load log
// (main/load_log.hpp).
#pragma once

#include "planner/binder.hpp"
#include "storage/transaction.hpp"

namespace martlet {

class SystemViews : public SystemViewProvider {
 public:
  explicit SystemViews(const Transaction& transaction) : transaction_(transaction) {}
  std::shared_ptr<DataChunk> Rows(const std::string& schema, const std::string& name,
                                  std::vector<std::string>& column_names) const override;

 private:
  std::shared_ptr<DataChunk> Tables(std::vector<std::string>& names) const;
  std::shared_ptr<DataChunk> Columns(std::vector<std::string>& names) const;
  std::shared_ptr<DataChunk> TableInfo(std::vector<std::string>& names) const;
  std::shared_ptr<DataChunk> MaterializedViews(std::vector<std::string>& names) const;
  std::shared_ptr<DataChunk> LoadErrors(std::vector<std::string>& names) const;
  std::shared_ptr<DataChunk> LoadHistory(std::vector<std::string>& names) const;

  const Transaction& transaction_;
};

}  // namespace martlet
