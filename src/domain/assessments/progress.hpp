// Rule-based progress analysis of a student's assessments (API.md §5.9). Pure function of
// the assessments in chronological order, so it is unit-tested without a database.
#pragma once
#include <string>
#include <vector>

#include "core/json.hpp"
#include "domain/assessments/model.hpp"

namespace edu::assessments {

// The ProgressAnalysis object; `generated_at` is the given instant.
json::object analyse_progress(const std::string& student_id, const std::string& student_name,
                              const std::vector<Assessment>& chronological, Micros generated_at);

}  // namespace edu::assessments
