#include "etl/pipeline_runner.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/string_distance.hpp"
#include "etl/dag.hpp"
#include "etl/data_test_runner.hpp"
#include "etl/node_builder.hpp"
#include "etl/pipeline_lock.hpp"
#include "etl/statement_runner.hpp"
#include "etl/text_location.hpp"

namespace martlet::etl {
namespace {

bool IsEphemeral(const Node& node) {
  return node.kind == NodeKind::kModel && node.materialization == Materialization::kEphemeral;
}

// The built nodes `node` waits for: its upstream, looking through ephemeral models.
std::vector<int> BuildDependencies(const Project& project, int node) {
  std::vector<int> dependencies;
  std::vector<int> pending = project.nodes[node].upstream;
  std::vector<bool> seen(project.nodes.size(), false);
  while (!pending.empty()) {
    int up = pending.back();
    pending.pop_back();
    if (seen[up]) continue;
    seen[up] = true;
    if (IsEphemeral(project.nodes[up])) {
      pending.insert(pending.end(), project.nodes[up].upstream.begin(),
                     project.nodes[up].upstream.end());
    } else {
      dependencies.push_back(up);
    }
  }
  return dependencies;
}

bool IsSystemRelation(const std::string& relation) {
  size_t dot = relation.find('.');
  std::string schema = relation.substr(0, dot);
  std::string name = relation.substr(dot + 1);
  if (schema == "information_schema" || schema == "pg_catalog") return true;
  for (const char* prefix : {"stl_", "stv_", "svv_", "svl_", "pg_", "martlet_"}) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

class Scheduler {
 public:
  Scheduler(const Project& project, std::vector<int> order, const RunCallbacks& callbacks)
      : project_(project),
        order_(std::move(order)),
        callbacks_(callbacks),
        state_(project.nodes.size(), kIdle) {
    for (int node : order_) state_[node] = kPending;
  }

  // The next node whose dependencies have all succeeded, or -1 when nothing is left.
  // Nodes whose dependencies failed are reported as skipped on the way.
  int Next(std::vector<NodeResult>& skipped) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      bool waiting = false;
      for (int node : order_) {
        if (state_[node] != kPending) continue;
        bool ready = true;
        std::string failed_upstream;
        for (int up : BuildDependencies(project_, node)) {
          if (state_[up] == kFailed) failed_upstream = project_.nodes[up].relation;
          if (state_[up] == kPending || state_[up] == kRunning) ready = false;
        }
        if (!failed_upstream.empty()) {
          state_[node] = kFailed;
          NodeResult result;
          result.node = node;
          result.status = NodeStatus::kSkipped;
          result.error = "skipped: " + failed_upstream + " failed or was skipped";
          result.started = result.ended = TimestampNow();
          skipped.push_back(result);
          cv_.notify_all();
          return -2;  // report the skip, then ask again
        }
        if (ready) {
          state_[node] = kRunning;
          return node;
        }
        waiting = true;
      }
      if (!waiting) return -1;
      cv_.wait(lock);
    }
  }

  void Done(int node, bool ok) {
    std::lock_guard<std::mutex> lock(mutex_);
    state_[node] = ok ? kSucceeded : kFailed;
    cv_.notify_all();
  }

  void Report(const NodeResult& result, std::vector<NodeResult>& results) {
    std::lock_guard<std::mutex> lock(report_mutex_);
    results.push_back(result);
    if (callbacks_.node_done) callbacks_.node_done(result, results.size(), order_.size());
  }

  bool Succeeded(int node) const { return state_[node] == kSucceeded; }
  bool InRun(int node) const { return state_[node] != kIdle; }

 private:
  enum State { kIdle, kPending, kRunning, kSucceeded, kFailed };
  const Project& project_;
  std::vector<int> order_;
  const RunCallbacks& callbacks_;
  std::vector<State> state_;
  std::mutex mutex_;
  std::mutex report_mutex_;
  std::condition_variable cv_;
};

std::string JoinSelectors(const std::vector<std::string>& select) {
  std::string text;
  for (const std::string& selector : select) text += (text.empty() ? "" : " ") + selector;
  return text;
}

}  // namespace

Result<std::vector<int>> NodesToBuild(const Project& project,
                                      const std::vector<std::string>& select) {
  ASSIGN_OR_RETURN(std::vector<bool> selected, SelectNodes(project, select));
  std::vector<int> order;
  for (int node : TopologicalOrder(project)) {
    if (selected[node] && !IsEphemeral(project.nodes[node])) order.push_back(node);
  }
  return order;
}

Status CheckExternalReferences(const Project& project, Connection& connection) {
  ASSIGN_OR_RETURN(std::vector<std::string> relations, ListRelations(connection));
  std::vector<std::string> candidates = relations;
  for (const Node& node : project.nodes) candidates.push_back(node.relation);
  for (const Node& node : project.nodes) {
    for (const ModelReference& reference : node.references) {
      if (reference.node >= 0 || IsSystemRelation(reference.relation)) continue;
      if (std::find(relations.begin(), relations.end(), reference.relation) != relations.end())
        continue;
      std::string message =
          "model " + node.relation + ": " + FileLocation(node.file, node.sql, reference.position) +
          ": relation \"" + reference.relation +
          "\" is neither a model, seed or source of this project nor in the database";
      std::vector<std::string> others;
      for (const std::string& candidate : candidates) {
        if (candidate != node.relation) others.push_back(candidate);
      }
      std::string suggestion = ClosestName(reference.relation, others);
      if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
      return Status(StatusCode::kBindError, message);
    }
  }
  return Status::Ok();
}

Result<RunReport> RunPipeline(const Project& project, Database& database, const RunOptions& options,
                              const RunCallbacks& callbacks) {
  RETURN_IF_ERROR(database.status());
  ASSIGN_OR_RETURN(std::vector<int> order, NodesToBuild(project, options.select));
  ASSIGN_OR_RETURN(PipelineLock lock, PipelineLock::Acquire(project.directory, project.name));
  auto start = std::chrono::steady_clock::now();
  Connection main = database.connect();
  if (options.build_nodes) RETURN_IF_ERROR(CheckExternalReferences(project, main));

  std::mutex catalog_mutex;
  std::mutex bookmarks_mutex;
  Connection history_connection = database.connect();
  // The history's tables are created in a catalog transaction too.
  std::mutex& history_mutex = catalog_mutex;
  RunHistory history(history_connection, history_mutex);
  RunReport report;
  ASSIGN_OR_RETURN(report.run_id,
                   history.Start(project.name, options.command, JoinSelectors(options.select),
                                 options.full_refresh));
  BuildContext context;
  context.project = &project;
  context.full_refresh = options.full_refresh;
  context.run_id = report.run_id;
  context.catalog_mutex = &catalog_mutex;
  context.bookmarks_mutex = &bookmarks_mutex;

  Scheduler scheduler(project, options.build_nodes ? order : std::vector<int>{}, callbacks);
  auto record = [&](const NodeResult& result) {
    Status recorded = history.RecordNode(report.run_id, project.nodes[result.node], result);
    NodeResult copy = result;
    if (!recorded.ok())
      copy.warnings.push_back("not recorded in martlet_run_models: " + recorded.message());
    scheduler.Report(copy, report.nodes);
  };
  auto worker = [&]() {
    Connection connection = database.connect();
    while (true) {
      std::vector<NodeResult> skipped;
      int node = scheduler.Next(skipped);
      for (const NodeResult& result : skipped) record(result);
      if (node == -1) return;
      if (node < 0) continue;
      NodeResult result = BuildNode(context, connection, node);
      scheduler.Done(node, result.status == NodeStatus::kSuccess);
      record(result);
    }
  };
  int threads = std::max(
      1, std::min<int>(options.threads, static_cast<int>(std::max<size_t>(order.size(), 1))));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; i++) workers.emplace_back(worker);
  for (std::thread& thread : workers) thread.join();

  for (const NodeResult& result : report.nodes) {
    if (result.status == NodeStatus::kSuccess) report.summary.models_ok++;
    if (result.status == NodeStatus::kError) report.summary.models_failed++;
    if (result.status == NodeStatus::kSkipped) report.summary.models_skipped++;
  }

  if (options.run_tests) {
    ASSIGN_OR_RETURN(std::vector<bool> selected, SelectNodes(project, options.select));
    for (size_t i = 0; i < project.tests.size(); i++) {
      const DataTest& test = project.tests[i];
      bool wanted = test.node >= 0 ? selected[test.node] : options.select.empty();
      if (!wanted) continue;
      bool blocked = false;
      for (int read : test.reads) {
        if (options.build_nodes && scheduler.InRun(read) && !scheduler.Succeeded(read))
          blocked = true;
      }
      TestResult result;
      if (blocked) {
        result.test = static_cast<int>(i);
        result.status = TestStatus::kSkipped;
        result.error = "skipped: what it tests failed to build";
        result.started = result.ended = TimestampNow();
      } else {
        result = RunDataTest(project, main, static_cast<int>(i));
      }
      switch (result.status) {
        case TestStatus::kPass:
          report.summary.tests_passed++;
          break;
        case TestStatus::kFail:
        case TestStatus::kError:
          report.summary.tests_failed++;
          break;
        case TestStatus::kWarn:
          report.summary.tests_warned++;
          break;
        case TestStatus::kSkipped:
          report.summary.tests_skipped++;
          break;
      }
      (void)history.RecordTest(report.run_id, project, test, result);
      report.tests.push_back(result);
      if (callbacks.test_done) callbacks.test_done(result);
    }
  }
  RETURN_IF_ERROR(history.Finish(report.run_id, report.summary));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace martlet::etl
