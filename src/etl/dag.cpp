#include "etl/dag.hpp"

#include <algorithm>
#include <functional>

#include "common/string_distance.hpp"

namespace martlet::etl {

Status CheckAcyclic(const Project& project) {
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> marks(project.nodes.size(), Mark::kNew);
  std::vector<int> path;
  std::vector<int> cycle;
  std::function<bool(int)> visit = [&](int node) {
    marks[node] = Mark::kOnPath;
    path.push_back(node);
    for (int up : project.nodes[node].upstream) {
      if (marks[up] == Mark::kOnPath) {
        auto start = std::find(path.begin(), path.end(), up);
        cycle.assign(start, path.end());
        cycle.push_back(up);
        return true;
      }
      if (marks[up] == Mark::kNew && visit(up)) return true;
    }
    path.pop_back();
    marks[node] = Mark::kDone;
    return false;
  };
  for (size_t i = 0; i < project.nodes.size(); i++) {
    if (marks[i] == Mark::kNew && visit(static_cast<int>(i))) break;
  }
  if (cycle.empty()) return Status::Ok();
  // The path runs from readers to what they read; show it in data-flow order.
  std::reverse(cycle.begin(), cycle.end());
  std::string names;
  std::string files;
  for (size_t i = 0; i < cycle.size(); i++) {
    const Node& node = project.nodes[cycle[i]];
    names += (i == 0 ? "" : " -> ") + node.relation;
    if (i + 1 < cycle.size()) files += (i == 0 ? "" : ", ") + node.file;
  }
  return Status(StatusCode::kInvalidInput,
                "the models form a cycle: " + names + " (" + files + ")");
}

std::vector<int> TopologicalOrder(const Project& project) {
  std::vector<int> order;
  std::vector<bool> placed(project.nodes.size(), false);
  std::function<void(int)> place = [&](int node) {
    if (placed[node]) return;
    placed[node] = true;
    for (int up : project.nodes[node].upstream) place(up);
    order.push_back(node);
  };
  for (size_t i = 0; i < project.nodes.size(); i++) place(static_cast<int>(i));
  return order;
}

std::vector<int> Downstream(const Project& project, int node) {
  std::vector<int> readers;
  for (size_t i = 0; i < project.nodes.size(); i++) {
    const auto& up = project.nodes[i].upstream;
    if (std::find(up.begin(), up.end(), node) != up.end()) readers.push_back(static_cast<int>(i));
  }
  return readers;
}

Result<int> FindNodeByName(const Project& project, const std::string& name) {
  int found = project.FindNode(name);
  if (found >= 0) return found;
  std::vector<std::string> candidates;
  int matches = 0;
  for (size_t i = 0; i < project.nodes.size(); i++) {
    candidates.push_back(project.nodes[i].relation);
    if (project.nodes[i].name == name) {
      found = static_cast<int>(i);
      matches++;
    }
  }
  if (matches == 1) return found;
  if (matches > 1) {
    return Status(
        StatusCode::kInvalidInput,
        "\"" + name + "\" names several models; write it with its schema (schema." + name + ")");
  }
  std::string message = "no model, seed or source is named \"" + name + "\"";
  std::string suggestion = ClosestName(name, candidates);
  if (suggestion.empty()) {
    std::vector<std::string> short_names;
    for (const Node& node : project.nodes) short_names.push_back(node.name);
    suggestion = ClosestName(name, short_names);
  }
  if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
  return Status(StatusCode::kInvalidInput, message);
}

Result<std::vector<bool>> SelectNodes(const Project& project,
                                      const std::vector<std::string>& selectors) {
  size_t count = project.nodes.size();
  std::vector<bool> selected(count, selectors.empty());
  std::function<void(int)> mark_upstream = [&](int node) {
    for (int up : project.nodes[node].upstream) {
      if (!selected[up]) {
        selected[up] = true;
        mark_upstream(up);
      }
    }
  };
  std::function<void(int)> mark_downstream = [&](int node) {
    for (int down : Downstream(project, node)) {
      if (!selected[down]) {
        selected[down] = true;
        mark_downstream(down);
      }
    }
  };
  for (const std::string& selector : selectors) {
    if (selector.rfind("tag:", 0) == 0) {
      std::string tag = selector.substr(4);
      std::vector<std::string> tags;
      bool any = false;
      for (size_t i = 0; i < count; i++) {
        for (const std::string& node_tag : project.nodes[i].tags) {
          tags.push_back(node_tag);
          if (node_tag == tag) {
            selected[i] = true;
            any = true;
          }
        }
      }
      if (!any) {
        std::string message = "no model is tagged \"" + tag + "\"";
        std::string suggestion = ClosestName(tag, tags);
        if (!suggestion.empty()) message += " (did you mean \"tag:" + suggestion + "\"?)";
        return Status(StatusCode::kInvalidInput, message);
      }
      continue;
    }
    std::string name = selector;
    bool upstream = !name.empty() && name.front() == '+';
    if (upstream) name.erase(0, 1);
    bool downstream = !name.empty() && name.back() == '+';
    if (downstream) name.pop_back();
    ASSIGN_OR_RETURN(int node, FindNodeByName(project, name));
    selected[node] = true;
    if (upstream) mark_upstream(node);
    if (downstream) mark_downstream(node);
  }
  return selected;
}

}  // namespace martlet::etl
