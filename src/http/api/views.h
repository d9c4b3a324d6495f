#pragma once
// JSON views of domain objects, shared by the citizen and agency APIs. Masking follows
// domain.md §11: the citizen view masks the ID number and phone; the agency view (staff of the
// person's region, audited) shows them in full.

#include <boost/json.hpp>

#include "core/admdvs.h"
#include "services/person_loader.h"
#include "store/institution_repo.h"

namespace yibao::http::api {

enum class Audience { citizen, agency };

boost::json::object enrolment_view(const store::EnrolmentRow& row, const core::RegionDirectory& regions,
                                   std::chrono::year_month_day today);
boost::json::object person_view(const services::Subject& subject, const std::vector<store::ChannelRow>& channels,
                                const core::RegionDirectory& regions, std::chrono::year_month_day today, Audience audience);
boost::json::object decode_view(const store::DecodeRow& row);
std::string region_name(const core::RegionDirectory& regions, const std::string& admdvs);

}  // namespace yibao::http::api
