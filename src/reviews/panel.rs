//! One panel's arithmetic: each reviewer's total over the criteria, the reviewers whose scores
//! do not count and why, and the stage's score by the policy's aggregation, rounded half away
//! from zero — or no score, when too few reviewers count.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::diag::Text;
use crate::policy::{Aggregate, Panel};

/// A reviewer's scores of one applicant at one stage.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The reviewer's id.
    pub reviewer: String,
    /// Points per criterion, in the criteria's order.
    pub points: Vec<Decimal>,
    /// Why these scores do not count, when they do not.
    pub dropped: Option<Text>,
    /// What the reader should know of scores that count all the same (a reviewer disqualified
    /// after giving them, where the policy keeps earlier scores).
    pub note: Option<Text>,
}

impl Sheet {
    /// The reviewer's total.
    pub fn total(&self) -> Decimal {
        self.points.iter().copied().sum()
    }
}

/// What a panel made of one applicant's stage.
#[derive(Debug, Clone)]
pub struct Judged {
    /// Every reviewer's sheet, counted or not, in the order given.
    pub sheets: Vec<Sheet>,
    /// The totals that count, in ascending order, with those the aggregation set aside
    /// (`trimmed_mean`: the highest and the lowest) marked.
    pub counted: Vec<(Decimal, bool)>,
    /// The stage's score, or `None` when fewer reviewers count than the panel needs.
    pub score: Option<Decimal>,
    /// The panel's reviewers who stepped aside from this applicant (declared a conflict).
    pub recused: Vec<String>,
    /// The panel's rule (the applicant's category's, where the policy has categories).
    pub panel: Panel,
}

/// The panel's score of `sheets`.
pub fn judge(panel: &Panel, sheets: Vec<Sheet>, recused: Vec<String>) -> Judged {
    let mut totals: Vec<Decimal> = sheets
        .iter()
        .filter(|s| s.dropped.is_none())
        .map(Sheet::total)
        .collect();
    totals.sort();
    let score = aggregate(panel, &totals);
    let n = totals.len();
    let set_aside = panel.aggregate == Aggregate::TrimmedMean && n >= 3;
    let counted = totals
        .into_iter()
        .enumerate()
        .map(|(i, t)| (t, set_aside && (i == 0 || i + 1 == n)))
        .collect();
    Judged {
        sheets,
        counted,
        score,
        recused,
        panel: panel.clone(),
    }
}

/// The panel's score of the reviewers' totals that count, `sorted` ascending: the policy's
/// aggregation, rounded half away from zero; `None` when fewer count than the panel needs.
pub fn aggregate(panel: &Panel, sorted: &[Decimal]) -> Option<Decimal> {
    if sorted.len() < panel.min_panel as usize {
        return None;
    }
    let score = match panel.aggregate {
        Aggregate::Mean => mean(sorted),
        Aggregate::TrimmedMean if sorted.len() >= 3 => mean(&sorted[1..sorted.len() - 1]),
        Aggregate::TrimmedMean => None,
        Aggregate::Median => median(sorted),
    };
    score.map(|s| s.round_dp_with_strategy(panel.decimals, RoundingStrategy::MidpointAwayFromZero))
}

fn mean(totals: &[Decimal]) -> Option<Decimal> {
    if totals.is_empty() {
        return None;
    }
    let sum: Decimal = totals.iter().copied().sum();
    sum.checked_div(Decimal::from(totals.len()))
}

fn median(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => (sorted[n / 2 - 1] + sorted[n / 2]).checked_div(Decimal::TWO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn sheets(totals: &[&str]) -> Vec<Sheet> {
        totals
            .iter()
            .enumerate()
            .map(|(i, t)| Sheet {
                reviewer: format!("R{i}"),
                points: vec![d(t)],
                dropped: None,
                note: None,
            })
            .collect()
    }

    fn panel(aggregate: Aggregate, min_panel: u32) -> Panel {
        Panel {
            criteria: 0,
            aggregate,
            min_panel,
            decimals: 2,
        }
    }

    #[test]
    fn each_aggregation_by_hand() {
        let five = ["800", "812.5", "790", "905", "760"];
        // Mean: 4067.5 / 5 = 813.5.
        assert_eq!(
            judge(&panel(Aggregate::Mean, 3), sheets(&five), Vec::new()).score,
            Some(d("813.5"))
        );
        // Trimmed: drop 905 and 760, (790 + 800 + 812.5) / 3 = 800.8333… → 800.83.
        let t = judge(&panel(Aggregate::TrimmedMean, 3), sheets(&five), Vec::new());
        assert_eq!(t.score, Some(d("800.83")));
        assert_eq!(t.counted.iter().filter(|(_, aside)| *aside).count(), 2);
        // Median of five: 800; of the first four (790, 800, 812.5, 905): (800 + 812.5) / 2.
        assert_eq!(
            judge(&panel(Aggregate::Median, 3), sheets(&five), Vec::new()).score,
            Some(d("800"))
        );
        assert_eq!(
            judge(&panel(Aggregate::Median, 3), sheets(&five[..4]), Vec::new()).score,
            Some(d("806.25"))
        );
    }

    #[test]
    fn a_half_rounds_away_from_zero_and_a_small_panel_gives_no_score() {
        let p = Panel {
            decimals: 1,
            ..panel(Aggregate::Mean, 2)
        };
        assert_eq!(
            judge(&p, sheets(&["10.25", "10.2"]), Vec::new()).score,
            Some(d("10.2"))
        );
        assert_eq!(
            judge(&p, sheets(&["10.25", "10.25"]), Vec::new()).score,
            Some(d("10.3"))
        );
        let mut s = sheets(&["800", "810", "820"]);
        s[0].dropped = Some(crate::diag::text!("回避", "recused"));
        s[1].dropped = Some(crate::diag::text!("回避", "recused"));
        assert_eq!(judge(&panel(Aggregate::Mean, 2), s, Vec::new()).score, None);
    }
}
