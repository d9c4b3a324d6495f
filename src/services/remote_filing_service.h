#pragma once
// 异地就医备案 (domain.md §9): the filing that lets a person be treated and settled in another
// province (or, where the insured place's policy asks for it, another 统筹区 of the province).
// Recorded by the person, by a family holder for a bound member, or by agency staff — the
// caller has checked who may act for `person_id`; `recorded_by_kind`/`recorded_by` say who did.
// The settlement service reads the filings when a visit is outside the insured pool.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/service_context.h"
#include "store/remote_filing_repo.h"

namespace yibao::services {

struct RemoteFilingInput {
  std::string filing_type;  // long_term_residence | temporary | referral
  std::string dest_admdvs;  // a 统筹区, city or province
  std::string valid_from;   // YYYY-MM-DD
  std::string valid_to;     // YYYY-MM-DD, inclusive, not before today
};

class RemoteFilingService {
 public:
  explicit RemoteFilingService(ServiceContext& ctx) : ctx_(ctx) {}

  core::Result<store::RemoteFilingRow> file(std::int64_t person_id, const RemoteFilingInput& input,
                                            const std::string& recorded_by_kind, const std::string& recorded_by);
  // Cancelled filings included, newest first.
  std::vector<store::RemoteFilingRow> of_person(std::int64_t person_id);
  // REMOTE_FILING_NOT_FOUND for another person's filing or one already cancelled.
  core::Status cancel(std::int64_t person_id, std::int64_t filing_id);

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
