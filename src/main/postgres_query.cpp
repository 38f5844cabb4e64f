#include "main/postgres_query.hpp"

#include "io/postgres_client.hpp"

namespace martlet {

namespace {

// One postgres_query call: the query, its columns, and the connection that described them,
// which the first operator built from it goes on to use.
struct PostgresQueryRelation : ExternalRelation {
  std::string conninfo;
  std::string query;
  std::vector<PostgresColumn> columns;  // as described
  std::vector<int> selected;            // the columns the plan reads: indexes into `columns`
  std::unique_ptr<PostgresConnection> connection;
  std::string label;

  void KeepColumns(const std::vector<int>& kept) override {
    std::vector<int> narrowed;
    for (int k : kept) narrowed.push_back(selected[k]);
    selected = std::move(narrowed);
  }
};

class PostgresQueryOperator : public Operator {
 public:
  explicit PostgresQueryOperator(std::shared_ptr<PostgresQueryRelation> relation)
      : relation_(std::move(relation)) {
    for (int c : relation_->selected) types_.push_back(relation_->columns[c].type);
  }
  std::string Name() const override { return "PostgresQuery"; }
  std::string Detail() const override { return relation_->label; }

 protected:
  Result<bool> NextChunk(ExecContext&, DataChunk& out) override {
    if (!connection_) {
      // The connection that described the query serves its first run; a plan run again
      // (or built twice) connects anew.
      if (relation_->connection) {
        connection_ = std::move(relation_->connection);
      } else {
        ASSIGN_OR_RETURN(connection_, PostgresConnection::Open(relation_->conninfo));
      }
      RETURN_IF_ERROR(
          connection_->StartQuery(relation_->query, relation_->columns, relation_->selected));
    }
    return connection_->ReadChunk(out);
  }

 private:
  std::shared_ptr<PostgresQueryRelation> relation_;
  std::unique_ptr<PostgresConnection> connection_;
};

Result<std::shared_ptr<PostgresQueryRelation>> DescribeQuery(const std::string& conninfo,
                                                             const std::string& query) {
  auto relation = std::make_shared<PostgresQueryRelation>();
  relation->conninfo = conninfo;
  relation->query = query;
  ASSIGN_OR_RETURN(relation->connection, PostgresConnection::Open(conninfo));
  relation->label = relation->connection->label();
  ASSIGN_OR_RETURN(relation->columns, relation->connection->Describe(query));
  for (size_t i = 0; i < relation->columns.size(); i++)
    relation->selected.push_back(static_cast<int>(i));
  return relation;
}

}  // namespace

Result<std::shared_ptr<ExternalRelation>> PostgresQueryFunction::Bind(
    const std::string& function, const std::vector<Value>& arguments,
    std::vector<LogicalType>& types, std::vector<std::string>& names) const {
  if (function != "postgres_query") return std::shared_ptr<ExternalRelation>();
  bool texts = arguments.size() == 2;
  for (const auto& argument : arguments)
    texts = texts && argument.type().IsString() && !argument.is_null();
  if (!texts) {
    return Status(StatusCode::kBindError,
                  "postgres_query takes (conninfo, query): two text constants, such as "
                  "postgres_query('dbname=shop', 'SELECT * FROM orders')");
  }
  ASSIGN_OR_RETURN(auto relation, DescribeQuery(arguments[0].str(), arguments[1].str()));
  for (const auto& column : relation->columns) {
    types.push_back(column.type);
    names.push_back(column.name);
  }
  return std::shared_ptr<ExternalRelation>(std::move(relation));
}

Result<OperatorPtr> MakeExternalOperator(const std::shared_ptr<ExternalRelation>& relation) {
  auto query = std::dynamic_pointer_cast<PostgresQueryRelation>(relation);
  if (!query) return Status(StatusCode::kInternal, "an external relation of an unknown kind");
  return OperatorPtr(std::make_unique<PostgresQueryOperator>(std::move(query)));
}

}  // namespace martlet
