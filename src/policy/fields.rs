//! The cohort fields a rule may read, by their dotted path in the cohort schema
//! (`performance.scale_rank`, `cycle.year`, …), with their types; and the fields of a record.
//! A rule naming a path that is not here is a load error with a did-you-mean.

use rust_decimal::Decimal;

use crate::cohort::{AnnualProfit, Applicant, Cycle, Record};
use crate::date::Date;

/// The type of a field or parameter value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Int,
    Decimal,
    Date,
    Text,
    /// `"YYYY"` → decimal (annual profit).
    YearMap,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bool => "boolean",
            Kind::Int => "integer",
            Kind::Decimal => "decimal",
            Kind::Date => "date",
            Kind::Text => "string",
            Kind::YearMap => "year → decimal map",
        }
    }
    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Int | Kind::Decimal)
    }
}

/// A scalar value observed in the cohort, borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val<'a> {
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    Date(Date),
    Text(&'a str),
}

impl Val<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            Val::Bool(_) => Kind::Bool,
            Val::Int(_) => Kind::Int,
            Val::Decimal(_) => Kind::Decimal,
            Val::Date(_) => Kind::Date,
            Val::Text(_) => Kind::Text,
        }
    }
}

impl std::fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Bool(b) => write!(f, "{b}"),
            Val::Int(i) => write!(f, "{i}"),
            Val::Decimal(d) => write!(f, "{}", crate::decimal::show(*d)),
            Val::Date(d) => write!(f, "{d}"),
            Val::Text(s) => write!(f, "\"{s}\""),
        }
    }
}

macro_rules! fields {
    ($( $variant:ident => $path:literal : $kind:ident, |$a:ident, $c:ident| $get:expr; )*) => {
        /// An applicant or cycle field that rules may read.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field { $( $variant, )* Records }

        impl Field {
            /// Every readable field, in schema order (records last).
            pub const ALL: &'static [Field] = &[ $( Field::$variant, )* Field::Records ];

            pub fn path(self) -> &'static str {
                match self { $( Field::$variant => $path, )* Field::Records => "records" }
            }

            /// The field's type; `None` for `records`, which only record clauses read.
            pub fn kind(self) -> Option<Kind> {
                match self { $( Field::$variant => Some(Kind::$kind), )* Field::Records => None }
            }

            /// The scalar value of the field, or `None` when it is missing.
            #[allow(clippy::redundant_closure_call)]
            pub fn get<'a>(self, applicant: &'a Applicant, cycle: &Cycle) -> Option<Val<'a>> {
                match self {
                    $( Field::$variant => { let $a = applicant; let $c = cycle; $get } )*
                    Field::Records => None,
                }
            }
        }
    };
}

fields! {
    Id => "id": Text, |a, _c| Some(Val::Text(&a.id));
    Name => "name": Text, |a, _c| a.name.as_deref().map(Val::Text);
    OrgForm => "org_form": Text, |a, _c| a.org_form.as_deref().map(Val::Text);
    RegisteredInWuxi => "registered_in_wuxi": Bool, |a, _c| a.registered_in_wuxi.map(Val::Bool);
    OperatingNormally => "operating_normally": Bool, |a, _c| a.operating_normally.map(Val::Bool);
    EstablishedOn => "established_on": Date, |a, _c| a.established_on.map(Val::Date);
    ForProfit => "for_profit": Bool, |a, _c| a.for_profit.map(Val::Bool);
    Industry => "industry": Text, |a, _c| a.industry.as_deref().map(Val::Text);
    ScaleRank => "performance.scale_rank": Int, |a, _c| a.performance.as_ref()?.scale_rank.map(Val::Int);
    ProfitTaxRank => "performance.profit_tax_rank": Int, |a, _c| a.performance.as_ref()?.profit_tax_rank.map(Val::Int);
    AssetContributionRank => "performance.asset_contribution_rank": Int, |a, _c| a.performance.as_ref()?.asset_contribution_rank.map(Val::Int);
    AnnualProfit => "performance.annual_profit": YearMap, |_a, _c| None;
    SocialContributionLeading => "performance.social_contribution_leading": Bool, |a, _c| a.performance.as_ref()?.social_contribution_leading.map(Val::Bool);
    LeadingLevel => "leading_level": Text, |a, _c| a.leading_level.as_deref().map(Val::Text);
    SupportsCentralPolicies => "attestations.supports_central_policies": Bool, |a, _c| a.attestations.as_ref()?.supports_central_policies.map(Val::Bool);
    QualityFirstStrategy => "attestations.quality_first_strategy": Bool, |a, _c| a.attestations.as_ref()?.quality_first_strategy.map(Val::Bool);
    QualityManagementSystem => "attestations.quality_management_system": Bool, |a, _c| a.attestations.as_ref()?.quality_management_system.map(Val::Bool);
    GoodReputation => "attestations.good_reputation": Bool, |a, _c| a.attestations.as_ref()?.good_reputation.map(Val::Bool);
    Exporter => "exporter": Bool, |a, _c| a.exporter.map(Val::Bool);
    RecommendationBy => "recommendation.by": Text, |a, _c| a.recommendation.as_ref()?.by.as_deref().map(Val::Text);
    RecommendationName => "recommendation.name": Text, |a, _c| a.recommendation.as_ref()?.name.as_deref().map(Val::Text);
    RecommendationSigned => "recommendation.signed": Bool, |a, _c| a.recommendation.as_ref()?.signed.map(Val::Bool);
    ScoreMaterial => "scores.material": Decimal, |a, _c| a.scores.as_ref()?.material.map(Val::Decimal);
    ScoreSite => "scores.site": Decimal, |a, _c| a.scores.as_ref()?.site.map(Val::Decimal);
    ScorePresentation => "scores.presentation": Decimal, |a, _c| a.scores.as_ref()?.presentation.map(Val::Decimal);
    CycleYear => "cycle.year": Int, |_a, c| Some(Val::Int(i64::from(c.year)));
    CycleDeadline => "cycle.application_deadline": Date, |_a, c| Some(Val::Date(c.application_deadline));
}

impl Field {
    pub fn by_path(path: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.path() == path)
    }

    /// The values of a year-keyed field, or `None` when it is missing.
    pub fn yearly(self, applicant: &Applicant) -> Option<&AnnualProfit> {
        match self {
            Field::AnnualProfit => applicant.performance.as_ref()?.annual_profit.as_ref(),
            _ => None,
        }
    }
}

/// A field of a record (`records[]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordField {
    Date,
    Severity,
    Major,
    SelfCaused,
    Level,
    CreditRepairedOn,
    Category,
}

impl RecordField {
    pub const ALL: [RecordField; 7] = [
        RecordField::Date,
        RecordField::Severity,
        RecordField::Major,
        RecordField::SelfCaused,
        RecordField::Level,
        RecordField::CreditRepairedOn,
        RecordField::Category,
    ];
    pub fn name(self) -> &'static str {
        match self {
            RecordField::Date => "date",
            RecordField::Severity => "severity",
            RecordField::Major => "major",
            RecordField::SelfCaused => "self_caused",
            RecordField::Level => "level",
            RecordField::CreditRepairedOn => "credit_repaired_on",
            RecordField::Category => "category",
        }
    }
    pub fn by_name(name: &str) -> Option<RecordField> {
        RecordField::ALL.iter().copied().find(|f| f.name() == name)
    }
    pub fn kind(self) -> Kind {
        match self {
            RecordField::Date | RecordField::CreditRepairedOn => Kind::Date,
            RecordField::Major | RecordField::SelfCaused => Kind::Bool,
            RecordField::Severity | RecordField::Level | RecordField::Category => Kind::Text,
        }
    }
    pub fn get(self, r: &Record) -> Option<Val<'_>> {
        match self {
            RecordField::Date => Some(Val::Date(r.date)),
            RecordField::Severity => r.severity.map(|s| Val::Text(s.as_str())),
            RecordField::Major => r.major.map(Val::Bool),
            RecordField::SelfCaused => r.self_caused.map(Val::Bool),
            RecordField::Level => r.level.map(|l| Val::Text(l.as_str())),
            RecordField::CreditRepairedOn => r.credit_repaired_on.map(Val::Date),
            RecordField::Category => r.category.as_deref().map(Val::Text),
        }
    }
}
