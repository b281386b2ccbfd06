// What a LintReport says as a whole: its counts, and whether it fails at a --fail-on level.
#include "workflows/lint.hpp"

namespace strata::workflows {

bool fails_at(const LintReport& report, schemas::RiskLevel threshold)
{
  for (const auto& file : report.files) {
    for (const auto& finding : file.findings) {
      schemas::RiskLevel level = schemas::RiskLevel::high;
      schemas::parse_risk_level(finding.level, level);
      if (level >= threshold) {
        return true;
      }
    }
  }
  return false;
}

int LintReport::finding_count() const
{
  int n = 0;
  for (const auto& file : files) {
    n += static_cast<int>(file.findings.size());
  }
  return n;
}

std::map<std::string, int> LintReport::findings_by_level() const
{
  std::map<std::string, int> out;
  for (const auto& file : files) {
    for (const auto& finding : file.findings) {
      ++out[finding.level];
    }
  }
  return out;
}

} // namespace strata::workflows
