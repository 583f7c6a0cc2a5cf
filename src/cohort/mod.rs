//! The cohort: one award cycle and its applicants, typed exactly as contract section 1 says.
//! Every applicant field but `id` may be missing (`None`); a rule that needs a missing field is
//! undetermined, never failed. Reading and validating files lives in `read`.

mod read;

pub use read::{check_scores, read_cohort, read_json};

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::date::Date;

/// A cohort: one award cycle and its applicants, validated.
#[derive(Debug, Clone, Deserialize)]
pub struct Cohort {
    /// The award cycle: year, application deadline, publicity start.
    pub cycle: Cycle,
    /// The applicants, in file order.
    pub applicants: Vec<Applicant>,
}

impl Cohort {
    /// Reads and validates a cohort file: TOML when its name ends in `.toml`, JSON otherwise.
    pub fn read(path: &std::path::Path) -> Result<Cohort, crate::error::Error> {
        read_cohort(path)
    }

    /// Reads and validates a cohort from JSON bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Cohort, crate::error::Error> {
        read_json(bytes).map_err(crate::error::Error::new)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Cycle {
    pub year: i32,
    pub application_deadline: Date,
    #[serde(default)]
    pub publicity_start: Option<Date>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Applicant {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub org_form: Option<String>,
    #[serde(default)]
    pub registered_in_wuxi: Option<bool>,
    #[serde(default)]
    pub operating_normally: Option<bool>,
    #[serde(default)]
    pub established_on: Option<Date>,
    #[serde(default)]
    pub for_profit: Option<bool>,
    #[serde(default)]
    pub industry: Option<String>,
    #[serde(default)]
    pub performance: Option<Performance>,
    #[serde(default)]
    pub leading_level: Option<String>,
    #[serde(default)]
    pub attestations: Option<Attestations>,
    #[serde(default)]
    pub exporter: Option<bool>,
    #[serde(default)]
    pub records: Option<Vec<Record>>,
    #[serde(default)]
    pub recommendation: Option<Recommendation>,
    #[serde(default)]
    pub history: Option<Vec<HistoryEntry>>,
    #[serde(default)]
    pub scores: Option<Scores>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Performance {
    #[serde(default)]
    pub scale_rank: Option<i64>,
    #[serde(default)]
    pub profit_tax_rank: Option<i64>,
    #[serde(default)]
    pub asset_contribution_rank: Option<i64>,
    #[serde(default, deserialize_with = "annual_profit")]
    pub annual_profit: Option<AnnualProfit>,
    #[serde(default)]
    pub social_contribution_leading: Option<bool>,
}

/// Profit (negative: loss) by year, sorted by year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnualProfit(pub Vec<(i32, Decimal)>);

impl AnnualProfit {
    pub fn get(&self, year: i32) -> Option<Decimal> {
        self.0.iter().find(|(y, _)| *y == year).map(|(_, p)| *p)
    }
}

fn annual_profit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<AnnualProfit>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Option<AnnualProfit>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of \"YYYY\": decimal")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            #[derive(Deserialize)]
            struct Amount(#[serde(deserialize_with = "crate::decimal::exact")] Decimal);
            let mut out = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let year = (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| key.parse::<i32>().ok())
                    .flatten()
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!("`{key}` is not a year YYYY"))
                    })?;
                let Amount(v) = map.next_value()?;
                if out.iter().any(|(y, _)| *y == year) {
                    return Err(serde::de::Error::custom(format!(
                        "year `{key}` appears twice"
                    )));
                }
                out.push((year, v));
            }
            out.sort_by_key(|(y, _)| *y);
            Ok(Some(AnnualProfit(out)))
        }
    }
    d.deserialize_any(V)
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Attestations {
    #[serde(default)]
    pub supports_central_policies: Option<bool>,
    #[serde(default)]
    pub quality_first_strategy: Option<bool>,
    #[serde(default)]
    pub quality_management_system: Option<bool>,
    #[serde(default)]
    pub good_reputation: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Accident,
    QualityComplaint,
    QualityDispute,
    SpotCheckFailure,
    LaborCreditDefault,
    Violation,
    ExportQualityIncident,
}

impl RecordKind {
    pub const ALL: [RecordKind; 7] = [
        RecordKind::Accident,
        RecordKind::QualityComplaint,
        RecordKind::QualityDispute,
        RecordKind::SpotCheckFailure,
        RecordKind::LaborCreditDefault,
        RecordKind::Violation,
        RecordKind::ExportQualityIncident,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Accident => "accident",
            RecordKind::QualityComplaint => "quality_complaint",
            RecordKind::QualityDispute => "quality_dispute",
            RecordKind::SpotCheckFailure => "spot_check_failure",
            RecordKind::LaborCreditDefault => "labor_credit_default",
            RecordKind::Violation => "violation",
            RecordKind::ExportQualityIncident => "export_quality_incident",
        }
    }
    /// The field a record of this kind must carry (contract §1).
    pub fn required_field(self) -> Option<&'static str> {
        match self {
            RecordKind::Accident | RecordKind::Violation => Some("severity"),
            RecordKind::QualityComplaint | RecordKind::LaborCreditDefault => Some("major"),
            RecordKind::QualityDispute => Some("self_caused"),
            RecordKind::SpotCheckFailure => Some("level"),
            RecordKind::ExportQualityIncident => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    General,
    Larger,
    Major,
    EspeciallyMajor,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::General => "general",
            Severity::Larger => "larger",
            Severity::Major => "major",
            Severity::EspeciallyMajor => "especially_major",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Province,
    City,
    District,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::City => "city",
            Level::District => "district",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub kind: RecordKind,
    pub date: Date,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub major: Option<bool>,
    #[serde(default)]
    pub self_caused: Option<bool>,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub credit_repaired_on: Option<Date>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Record {
    /// Whether the record carries the field its kind requires (contract §1).
    pub fn is_complete(&self) -> bool {
        match self.kind.required_field() {
            Some("severity") => self.severity.is_some(),
            Some("major") => self.major.is_some(),
            Some("self_caused") => self.self_caused.is_some(),
            Some("level") => self.level.is_some(),
            _ => true,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Recommendation {
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub signed: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierName {
    Award,
    Nomination,
}

impl TierName {
    pub fn as_str(self) -> &'static str {
        match self {
            TierName::Award => "award",
            TierName::Nomination => "nomination",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct HistoryEntry {
    pub year: i32,
    pub tier: TierName,
    #[serde(default)]
    pub revoked: Option<bool>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Scores {
    #[serde(default, deserialize_with = "crate::decimal::exact_opt")]
    pub material: Option<Decimal>,
    #[serde(default, deserialize_with = "crate::decimal::exact_opt")]
    pub site: Option<Decimal>,
    #[serde(default, deserialize_with = "crate::decimal::exact_opt")]
    pub presentation: Option<Decimal>,
}

impl Scores {
    /// A stage's score by the stage id used in policies.
    pub fn get(&self, stage: &str) -> Option<Decimal> {
        match stage {
            "material" => self.material,
            "site" => self.site,
            "presentation" => self.presentation,
            _ => None,
        }
    }
}
