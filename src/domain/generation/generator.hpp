// Activity generation (API.md §5.6). A generator turns a request (activity format, curriculum
// fields, BNCC skills and the student's profile) into the text of an activity. The built-in
// TemplateGenerator is deterministic and needs no external service; an optional LLM provider
// (llm_client.hpp) sits behind GenerationService with the template as its fallback.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"

namespace edu::generation {

struct StudentProfile {
  std::string name;
  int age = 0;
  std::string diagnosis;
  std::optional<std::string> tea_level;
  std::vector<std::string> interests;
};

struct GenerationRequest {
  std::string activity_type;  // ActivityType value
  std::string difficulty;     // DifficultyLevel value
  std::int64_t duration_minutes = 30;
  std::optional<std::string> theme;
  std::optional<std::string> subject, grade_level, pedagogical_type;
  std::vector<std::string> bncc_codes;  // normalised, deduplicated, request order
  // Official texts of the BNCC codes (same order; empty string when unknown / no catalog).
  std::vector<std::string> bncc_descriptions;
  StudentProfile student;
};

struct GeneratedActivity {
  std::string title;
  std::string description;
  std::vector<std::string> objectives, materials, instructions, adaptations, visual_supports,
      success_criteria;
  std::int64_t duration_minutes = 30;
  json::object generation_metadata;
};

json::value to_json(const GeneratedActivity& g);
std::optional<GeneratedActivity> generated_from_json(const json::value& v);

// The student_profile object of generation_metadata.
json::object student_profile_json(const StudentProfile& p);

// Built-in, deterministic templates (API.md §5.6.1, §5.6.2). Every list starts with the
// contract's items, byte for byte; when curriculum context is given (always for the
// multidisciplinary template) a curriculum block follows them: subject-specific TEA strategies,
// materials, steps, visual supports and success criteria for each of the 25 subjects, the
// pedagogical format, the grade band, the TEA support level, the student's interests and the
// official BNCC skill texts. `enrich = false` gives the bare contract templates.
class TemplateGenerator {
 public:
  explicit TemplateGenerator(bool enrich = true) : enrich_(enrich) {}
  GeneratedActivity standard(const GenerationRequest& r) const;
  GeneratedActivity multidisciplinary(const GenerationRequest& r) const;

  // The two halves of a template: `lists` (objectives … success_criteria, duration) depends on
  // no personal identifier — it is what the nlp cache stores; `header` (title, description,
  // generation_metadata) carries the student's name and diagnosis and is built per request.
  GeneratedActivity lists(const GenerationRequest& r, bool multi) const;
  void header(const GenerationRequest& r, bool multi, GeneratedActivity& g) const;

 private:
  void add_curriculum_block(const GenerationRequest& r, GeneratedActivity& g) const;
  bool enrich_;
};

// Subject-specific guidance for TEA (one entry for each of the 25 subjects).
struct SubjectGuide {
  std::string_view subject;
  std::string_view objective;
  std::string_view materials[2];
  std::string_view steps[2];
  std::string_view strategies[3];
  std::string_view visual_supports[2];
  std::string_view success;
};
// nullptr for an unknown subject.
const SubjectGuide* subject_guide(std::string_view subject);

struct FormatGuide {
  std::string_view pedagogical_type;
  std::string_view step;
  std::string_view material;
  std::string_view success;
};
const FormatGuide* format_guide(std::string_view pedagogical_type);

// Adaptation for a grade band (teaching::grade_band) and for a TEA support level.
std::string_view grade_band_adaptation(std::string_view grade_level);
std::string_view tea_level_adaptation(std::string_view tea_level);

}  // namespace edu::generation
