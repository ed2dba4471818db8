// Enumerations of the teaching area (API.md §3.2–§3.8) with their Portuguese labels / display
// names, in declaration order. One table per enum, shared by validation (422 `enum` errors list
// the values in this order), the meta routes, the generators and the seed data.
#pragma once
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace edu::teaching {

// A value with its label. Tables are constexpr arrays in declaration order.
struct EnumEntry {
  std::string_view value;
  std::string_view label;
};

// A labelled enumeration: values (for validators) and labels side by side.
class LabeledEnum {
 public:
  constexpr LabeledEnum(std::span<const std::string_view> values,
                        std::span<const std::string_view> labels)
      : values_(values), labels_(labels) {}
  std::span<const std::string_view> values() const { return values_; }
  std::size_t size() const { return values_.size(); }
  bool contains(std::string_view v) const;
  // Label of a value; nullopt when the value is not part of the enum.
  std::optional<std::string_view> label(std::string_view v) const;
  // Index in declaration order (or size() when absent).
  std::size_t index(std::string_view v) const;

 private:
  std::span<const std::string_view> values_;
  std::span<const std::string_view> labels_;
};

// §3.1 (only what the teaching area needs)
inline constexpr std::string_view kRoleAdmin = "admin";

// §3.2 TEALevel
inline constexpr std::array<std::string_view, 3> kTeaLevelValues{"level_1", "level_2", "level_3"};
inline constexpr std::array<std::string_view, 3> kTeaLevelLabels{
    "Nível 1 (requer suporte)", "Nível 2 (requer suporte substancial)",
    "Nível 3 (requer suporte muito substancial)"};

// §3.3 ActivityType
inline constexpr std::array<std::string_view, 7> kActivityTypeValues{
    "cognitive", "social", "motor", "sensory", "communication", "daily_living", "academic"};
inline constexpr std::array<std::string_view, 7> kActivityTypeLabels{
    "Cognitiva", "Social", "Motora", "Sensorial", "Comunicação", "Vida Diária", "Acadêmica"};

// §3.4 DifficultyLevel
inline constexpr std::array<std::string_view, 5> kDifficultyValues{"very_easy", "easy", "medium",
                                                                    "hard", "very_hard"};
inline constexpr std::array<std::string_view, 5> kDifficultyLabels{
    "Muito Fácil", "Fácil", "Médio", "Difícil", "Muito Difícil"};

// §3.5 Subject (25)
inline constexpr std::array<std::string_view, 25> kSubjectValues{
    "matematica",      "portugues",      "literatura",         "redacao",
    "ciencias",        "historia",       "geografia",          "arte",
    "educacao_fisica", "musica",         "ingles",             "espanhol",
    "biologia",        "fisica",         "quimica",            "filosofia",
    "sociologia",      "informatica",    "artes_visuais",      "teatro",
    "danca",           "educacao_profissional", "empreendedorismo", "educacao_financeira",
    "educacao_ambiental"};
inline constexpr std::array<std::string_view, 25> kSubjectLabels{
    "Matemática",      "Português",      "Literatura",         "Redação",
    "Ciências",        "História",       "Geografia",          "Arte",
    "Educação Física", "Música",         "Inglês",             "Espanhol",
    "Biologia",        "Física",         "Química",            "Filosofia",
    "Sociologia",      "Informática",    "Artes Visuais",      "Teatro",
    "Dança",           "Educação Profissional", "Empreendedorismo", "Educação Financeira",
    "Educação Ambiental"};

// §3.6 GradeLevel (18)
inline constexpr std::array<std::string_view, 18> kGradeLevelValues{
    "infantil_maternal",  "infantil_1",         "infantil_2",         "fundamental_1_1ano",
    "fundamental_1_2ano", "fundamental_1_3ano", "fundamental_1_4ano", "fundamental_1_5ano",
    "fundamental_2_6ano", "fundamental_2_7ano", "fundamental_2_8ano", "fundamental_2_9ano",
    "medio_1ano",         "medio_2ano",         "medio_3ano",         "eja_fundamental",
    "eja_medio_1",        "eja_medio_3"};
inline constexpr std::array<std::string_view, 18> kGradeLevelLabels{
    "Infantil - Maternal",     "Infantil I",
    "Infantil II",             "1º Ano - Fundamental I",
    "2º Ano - Fundamental I",  "3º Ano - Fundamental I",
    "4º Ano - Fundamental I",  "5º Ano - Fundamental I",
    "6º Ano - Fundamental II", "7º Ano - Fundamental II",
    "8º Ano - Fundamental II", "9º Ano - Fundamental II",
    "1ª Série - Ensino Médio", "2ª Série - Ensino Médio",
    "3ª Série - Ensino Médio", "EJA - Fundamental",
    "EJA - Médio I",           "EJA - Médio III"};

// §3.7 PedagogicalActivityType (10)
inline constexpr std::array<std::string_view, 10> kPedagogicalTypeValues{
    "exercicio", "jogo_educativo", "projeto",  "leitura",      "arte_manual",
    "experimento", "debate",       "pesquisa", "apresentacao", "avaliacao"};
inline constexpr std::array<std::string_view, 10> kPedagogicalTypeLabels{
    "Exercício",  "Jogo Educativo", "Projeto",  "Leitura",      "Arte Manual",
    "Experimento", "Debate",        "Pesquisa", "Apresentação", "Avaliação"};

// §3.8 Assessment enums
inline constexpr std::array<std::string_view, 5> kCompletionStatusValues{
    "not_started", "in_progress", "completed", "abandoned", "needs_assistance"};
inline constexpr std::array<std::string_view, 5> kEngagementLevelValues{"none", "low", "medium",
                                                                        "high", "very_high"};
inline constexpr std::array<std::string_view, 5> kDifficultyRatingValues{
    "too_easy", "slightly_easy", "appropriate", "slightly_hard", "too_hard"};

inline constexpr LabeledEnum kTeaLevel{kTeaLevelValues, kTeaLevelLabels};
inline constexpr LabeledEnum kActivityType{kActivityTypeValues, kActivityTypeLabels};
inline constexpr LabeledEnum kDifficulty{kDifficultyValues, kDifficultyLabels};
inline constexpr LabeledEnum kSubject{kSubjectValues, kSubjectLabels};
inline constexpr LabeledEnum kGradeLevel{kGradeLevelValues, kGradeLevelLabels};
inline constexpr LabeledEnum kPedagogicalType{kPedagogicalTypeValues, kPedagogicalTypeLabels};

// Engagement score none 0 … very_high 4 (§3.8); -1 for an unknown value.
int engagement_score(std::string_view level);
// Independence score (§3.8): trimmed, case-insensitive full 4, partial 3, minimal 2,
// dependent 1, anything else 0.
int independence_score(std::string_view text);

// Grade band used by generators: "infantil", "fundamental_1", "fundamental_2", "medio", "eja".
std::string_view grade_band(std::string_view grade_level);

}  // namespace edu::teaching
