// Notification texts and review-event selection (API.md §4.11.7).
#include "domain/notifications/model.hpp"

#include "domain/intervention_plans/model.hpp"

namespace edu::notifications {

int priority_rank(std::string_view p) {
  if (p == "urgent") return 4;
  if (p == "high") return 3;
  if (p == "medium") return 2;
  return 1;
}

bool is_expired(const Notification& n, Micros now) { return n.expires_at && now > *n.expires_at; }

json::object to_response(const Notification& n, Micros now) {
  auto ts = [](const std::optional<Micros>& t) {
    return t ? json::value(format_timestamp(*t)) : json::value(nullptr);
  };
  json::object o;
  o["id"] = n.id;
  o["user_id"] = n.user_id;
  o["type"] = n.type;
  o["priority"] = n.priority;
  o["title"] = n.title;
  o["message"] = n.message;
  o["intervention_plan_id"] = json_or_null(n.intervention_plan_id);
  o["action_url"] = json_or_null(n.action_url);
  o["is_read"] = n.is_read;
  o["read_at"] = ts(n.read_at);
  o["created_at"] = format_timestamp(n.created_at);
  o["expires_at"] = ts(n.expires_at);
  o["is_expired"] = is_expired(n, now);
  return o;
}

namespace {
std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }
}  // namespace

Event plan_created_event(std::string_view title, std::string_view student) {
  return {"plan_created", "medium", "Novo plano de intervenção",
          "O plano " + quoted(title) + " foi criado para o aluno " + std::string(student) + ".",
          30, 0};
}

Event status_changed_event(std::string_view title, std::string_view old_status,
                           std::string_view new_status) {
  return {"plan_updated", "medium", "Status do plano alterado",
          "O plano " + quoted(title) + " passou de " + std::string(plans::status_label(old_status)) +
              " para " + std::string(plans::status_label(new_status)) + ".",
          30, 0};
}

Event plan_updated_event(std::string_view title) {
  return {"plan_updated", "low", "Plano atualizado", "O plano " + quoted(title) + " foi atualizado.",
          30, 0};
}

Event progress_recorded_event(std::string_view title) {
  return {"plan_reviewed", "low", "Plano revisado",
          "Uma nota de progresso foi registrada no plano " + quoted(title) + ".", 30, 0};
}

Event professional_added_event(std::string_view title, std::string_view student) {
  return {"plan_updated", "medium", "Você foi incluído em um plano",
          "Você foi incluído no plano " + quoted(title) + " do aluno " + std::string(student) + ".",
          30, 0};
}

std::optional<Event> review_event(std::string_view status, const std::optional<Date>& last,
                                  std::string_view frequency, const Date& today,
                                  std::string_view title, std::string_view student) {
  if (status != "active") return std::nullopt;
  if (!last) {
    return Event{"review_overdue", "high", "Revisão pendente",
                 "O plano " + quoted(title) + " do aluno " + std::string(student) +
                     " ainda não foi revisado.",
                 7, kDay};
  }
  std::int64_t days = *plans::days_since_review(last, today);
  std::int64_t t = plans::review_threshold_days(frequency);
  if (days >= 2 * t) {
    return Event{"high_priority", "urgent", "Plano de Alta Prioridade",
                 "Um plano de intervenção requer atenção imediata.", 3, kDay};
  }
  if (days >= t) {
    std::string d = std::to_string(days - t);
    return Event{"review_overdue", "high", "Revisão Atrasada: " + d + " dias",
                 "O plano de intervenção do aluno requer revisão urgente. Está " + d +
                     " dias atrasado.",
                 7, kDay};
  }
  std::int64_t until = t - days;
  if (until >= 1 && until <= 3) {
    std::string n = std::to_string(until);
    return Event{"review_due_soon", "medium", "Revisão em " + n + " dias",
                 "O plano de intervenção do aluno deve ser revisado em breve.", 7, 2 * kDay};
  }
  return std::nullopt;
}

}  // namespace edu::notifications
