//! The procedure after eligibility: the standard's total, the stages and the panels that score
//! them (criteria, aggregation, reviewers), the shortlist, the ranking, the tiers, the public
//! notice, and the ledger's rules for what is decided afterwards.

use super::*;

#[derive(Debug, Clone, Default)]
/// The evaluation standard's total score (`[scoring]`).
pub struct Scoring {
    /// The parameter naming the evaluation standards.
    pub standards_param: Option<String>,
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// The evaluation standard's total score.
    pub total: Decimal,
    /// The article that sets it.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// A review stage (`[[stages]]`) and its weight in the total.
pub struct Stage {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Its id, as scores name it.
    pub id: String,
    /// Its name, in both languages.
    pub title: Text,
    /// Its share of the total, in [0, 1]; a category's weights sum to 1.
    pub weight: Decimal,
    /// The article that sets it.
    pub cite: Option<Citation>,
    /// How the reviewers' scores make its score, when it is derived from them.
    pub panel: Option<Panel>,
}

/// A stage scored by a panel of reviewers against a set of criteria.
#[derive(Debug, Clone)]
pub struct Panel {
    /// The criteria each reviewer scores (an index into `Policy::criteria`).
    pub criteria: usize,
    /// How the reviewers' totals make the stage's score.
    pub aggregate: Aggregate,
    /// The fewest reviewers whose scores count.
    pub min_panel: u32,
    /// Decimal places the score is rounded to.
    pub decimals: u32,
}

/// How a panel's totals make one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// The mean of every total.
    Mean,
    /// The mean after dropping the highest and the lowest total.
    TrimmedMean,
    /// The middle total (the mean of the two middle ones for an even panel).
    Median,
}

impl Aggregate {
    /// Its name in the policy.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Mean => "mean",
            Aggregate::TrimmedMean => "trimmed_mean",
            Aggregate::Median => "median",
        }
    }

    /// What it is, in words.
    pub fn words(self) -> Text {
        match self {
            Aggregate::Mean => {
                crate::diag::text!("各评审员总分的平均值", "the mean of the reviewers' totals")
            }
            Aggregate::TrimmedMean => crate::diag::text!(
                "去掉一个最高分和一个最低分后的平均值",
                "the mean after dropping the highest and the lowest total"
            ),
            Aggregate::Median => crate::diag::text!(
                "各评审员总分的中位数",
                "the median of the reviewers' totals"
            ),
        }
    }
}

/// `[reviewers]`: the articles on a reviewer's stepping aside and disqualification, and
/// whether a disqualified reviewer's earlier scores still count.
#[derive(Debug, Clone)]
pub struct Reviewers {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Where reviewers are bound to step aside.
    pub conflict_cite: Option<Citation>,
    /// Where disqualification is provided for.
    pub disqualification_cite: Option<Citation>,
    /// Whether the scores a disqualified reviewer gave before the disqualification still count.
    pub keep_earlier: bool,
}

/// A set of criteria reviewers score (`[[criteria]]`).
#[derive(Debug, Clone)]
pub struct Criteria {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Its id, as stages name it.
    pub id: String,
    /// Its name.
    pub title: Text,
    /// The criteria, each with its id, name and maximum points.
    pub items: Vec<(String, Text, Decimal)>,
    /// Where it is set out.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// How the shortlist is drawn (`[shortlist]`).
pub struct Shortlist {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// The stage whose score draws it.
    pub stage: String,
    /// How many are shortlisted.
    pub size: u32,
    /// Whether those tied with the last place are shortlisted too.
    pub include_ties: bool,
    /// The article that sets it.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone, Default)]
/// How equal totals are ordered (`[ranking]`).
pub struct Ranking {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Stage ids compared, in order, when totals are equal.
    pub tie_break: Vec<String>,
    /// The article that sets it.
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// A tier of the award (`[[tiers]]`): its places, threshold and money.
pub struct Tier {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// Its id, as results and history name it.
    pub id: String,
    /// Its name, in both languages.
    pub title: Text,
    /// The most places it has.
    pub quota: u32,
    /// The measures let fewer places (or none) be awarded than the quota, so a lower quota
    /// stays within the text.
    pub may_be_fewer: bool,
    /// Share of the standard's total, in [0, 1]; 0 sets no threshold.
    pub threshold: Decimal,
    /// What a first-time winner is paid; 0: no money.
    pub amount: Decimal,
    /// The currency of the amount.
    pub currency: String,
    /// The article that sets the places.
    pub quota_cite: Option<Citation>,
    /// The article that sets the threshold.
    pub threshold_cite: Option<Citation>,
    /// The article that sets the amount.
    pub amount_cite: Option<Citation>,
}

#[derive(Debug, Clone)]
/// The public notice (`[publicity]`).
pub struct Publicity {
    /// Where it comes from and whether it is verified.
    pub provenance: Provenance,
    /// How long it lasts.
    pub days: u32,
    /// The article that sets it.
    pub cite: Option<Citation>,
    /// Whether every day counts or working days only.
    pub day_kind: calendar::DayKind,
    /// Counted by the Civil Code (from the next day; a last day on a rest day moves on).
    pub civil_code: bool,
    /// The calendar working days are read from.
    pub calendar: Option<Arc<calendar::Calendar>>,
}

/// `[ledger]`: who an applicant is across years, and the rules of what is decided after an
/// evaluation — the candidates proposed, objections in the notice, the approval, the payment
/// and a revocation — each with its citation.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Where the rules come from.
    pub provenance: Provenance,
    /// The declared field (its path) that names an applicant across years.
    pub identity: String,
    /// The article under which candidates are proposed.
    pub proposal_cite: Option<Citation>,
    /// Who approves the winners.
    pub approver: Text,
    /// The article that gives them the approval.
    pub approval_cite: Option<Citation>,
    /// The article that provides for objections during the notice.
    pub objection_cite: Option<Citation>,
    /// The grounds on which a win is revoked.
    pub revocations: Vec<Revocation>,
}

/// One ground for revoking a win (`[[ledger.revocation]]`).
#[derive(Debug, Clone)]
pub struct Revocation {
    /// Its id, as a clerk names it (`fraud`).
    pub id: String,
    /// The ground, in the text's words.
    pub title: Text,
    /// The article.
    pub cite: Option<Citation>,
    /// What the revocation takes back, in the text's words.
    pub recovers: Text,
    /// Whether the money paid is recovered.
    pub recovers_money: bool,
    /// Whether the revocation is announced to the public.
    pub public_notice: bool,
    /// Whether the ground is an event after the win.
    pub after_win: bool,
}

impl Publicity {
    /// The first and last day of the notice published on `start`.
    pub fn window(
        &self,
        start: crate::date::Date,
    ) -> Result<(crate::date::Date, crate::date::Date), Text> {
        calendar::notice_window(
            start,
            self.days,
            self.day_kind,
            self.civil_code,
            self.calendar.as_deref(),
        )
    }

    /// "5日" / "5个工作日，自公示开始次日起算（…）" — how long the notice is, in words.
    pub fn length(&self) -> Text {
        let days = self.days;
        let (zh, en) = match self.day_kind {
            calendar::DayKind::Calendar => (format!("共{days}日"), format!("{days} days")),
            calendar::DayKind::Working => {
                (format!("共{days}个工作日"), format!("{days} working days"))
            }
        };
        if self.civil_code {
            crate::diag::text!(
                format!("{zh}，自公示开始次日起算（按民法典的期间计算方法）"),
                format!(
                    "{en}, counted from the day after it starts (as the Civil Code counts periods)"
                )
            )
        } else {
            crate::diag::text!(zh, en)
        }
    }
}
