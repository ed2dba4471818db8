// Professionals: role catalogue (API.md §3.9), e-mail rules (§4.3) and the page envelope (§1.5).
#include <gtest/gtest.h>

#include "core/pagination.hpp"
#include "core/validation.hpp"
#include "domain/auth/email.hpp"
#include "domain/professionals/model.hpp"
#include "domain/professionals/repository.hpp"
#include "http/message.hpp"

using namespace edu;

TEST(ProfessionalRoles, ThirteenInDeclarationOrderWithAreas) {
  auto all = professionals::roles();
  ASSERT_EQ(all.size(), 13u);
  EXPECT_EQ(all.front().value, "teacher");
  EXPECT_EQ(all.back().value, "nutritionist");
  EXPECT_TRUE(professionals::is_education_role("psychopedagogist"));
  EXPECT_FALSE(professionals::is_health_role("psychopedagogist"));
  EXPECT_TRUE(professionals::is_health_role("physiotherapist"));
  EXPECT_FALSE(professionals::is_health_role("social_worker"));
  EXPECT_FALSE(professionals::is_education_role("social_worker"));
  EXPECT_FALSE(professionals::is_health_role("wizard"));
  EXPECT_EQ(professionals::find_role("psychologist")->display, "Psicóloga(o)");
  EXPECT_EQ(professionals::find_role("school_coordinator")->display,
            "Coordenador(a) Pedagógico(a)");
}

TEST(ProfessionalRoles, ResponseKeysInContractOrder) {
  professionals::Professional p;
  p.id = "0193a4e2-0000-7000-8000-000000000001";
  p.name = "Dr. Ana";
  p.email = "ana@clinica.com.br";
  p.role = "speech_therapist";
  p.organization = "Clínica";
  p.phone = "(11) 9";
  auto o = professionals::to_json(p);
  std::vector<std::string> keys;
  for (auto& kv : o) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "id", "name", "email", "role", "role_display", "specialization",
                      "license_number", "organization", "phone", "is_active",
                      "is_education_professional", "is_health_professional", "created_at",
                      "updated_at"}));
  EXPECT_EQ(o["role_display"].as_string(), "Fonoaudióloga(o)");
  EXPECT_TRUE(o["specialization"].is_null());
  EXPECT_EQ(o["is_health_professional"].as_bool(), true);
  EXPECT_EQ(professionals::not_found_message("abc"), "Profissional abc não encontrado");
}

// Professionals share the registration e-mail rules (API.md §4.3).
TEST(ProfessionalEmail, AcceptsAndRejectsPerContract) {
  EXPECT_EQ(auth::email_error("ana.silva+x@clinica.com.br"), "");
  EXPECT_EQ(auth::email_error("USER@Example.COM"), "");
  EXPECT_NE(auth::email_error("not-an-email"), "");
  EXPECT_NE(auth::email_error("a@@b.com"), "");
  EXPECT_NE(auth::email_error("@b.com"), "");
  EXPECT_NE(auth::email_error("a@"), "");
  EXPECT_NE(auth::email_error("user@host.test"), "");
  EXPECT_NE(auth::email_error("user@host.localhost"), "");
  EXPECT_NE(auth::email_error("user@localhost"), "");
  EXPECT_NE(auth::email_error("user@host.c"), "");
  EXPECT_NE(auth::email_error("user@host.c0m"), "");
  EXPECT_NE(auth::email_error("us er@host.com"), "");
  EXPECT_NE(auth::email_error("us(er@host.com"), "");
  EXPECT_NE(auth::email_error("user@-host.com"), "");
  EXPECT_NE(auth::email_error("user@host..com"), "");
  EXPECT_NE(auth::email_error(std::string(65, 'a') + "@host.com"), "");
  EXPECT_EQ(auth::email_error(std::string(64, 'a') + "@host.com"), "");
}

TEST(PageEnvelope, PageAndTotalPages) {
  PageQuery q;
  q.skip = 2;
  q.limit = 2;
  auto o = page_envelope("professionals", json::array{1, 2}, 5, q);
  EXPECT_EQ(to_json(o),
            R"({"professionals": [1, 2], "total": 5, "page": 2, "page_size": 2, "total_pages": 3})");
  q.skip = 3;
  EXPECT_EQ(page_envelope("x", {}, 5, q)["page"].as_int64(), 2);
  q.skip = 0;
  q.limit = 100;
  EXPECT_EQ(page_envelope("x", {}, 0, q)["total_pages"].as_int64(), 0);
  EXPECT_EQ(page_envelope("x", {}, 100, q)["total_pages"].as_int64(), 1);
  EXPECT_EQ(page_envelope("x", {}, 101, q)["total_pages"].as_int64(), 2);
}

TEST(PageEnvelope, QueryBounds) {
  Request req;
  req.query = "skip=-1&limit=1001";
  Context ctx;
  Validator v(req, ctx);
  read_page_query(v);
  try {
    v.finish();
    FAIL() << "expected a validation error";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.errors().size(), 2u);
    EXPECT_EQ(e.errors()[0].type, "greater_than_equal");
    EXPECT_EQ(e.errors()[1].type, "less_than_equal");
    EXPECT_EQ(to_json(e.errors()[1].loc), R"(["query", "limit"])");
  }
}

TEST(LikePattern, EscapesWildcards) {
  EXPECT_EQ(professionals::like_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
}
