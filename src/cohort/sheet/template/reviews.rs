//! The reviewers' sheets of a template, for a policy with stages scored by a panel: the
//! reviewers (their conflicts and disqualifications) and one score sheet per such stage, a row
//! per reviewer and applicant, a column per criterion checked against its maximum; filled
//! from a reviews file when one is given.

use std::collections::BTreeMap;

use super::columns::{col, Accepts, Col};
use super::{number, Out, Table};
use crate::cohort::sheet::layout;
use crate::diag::Lang;
use crate::policy::Policy;

fn cite(c: Option<&crate::policy::Citation>) -> String {
    c.map(|c| c.render(Lang::Zh)).unwrap_or_default()
}

/// The reviewers sheet and a score sheet per stage scored by a panel; none when no stage is.
/// A reviewer to fill the reviewers sheet with.
pub(crate) struct Reviewer<'a> {
    pub id: &'a str,
    pub conflicts: &'a [String],
    pub disqualified_on: Option<crate::date::Date>,
    pub reason: Option<&'a str>,
}

/// One score to fill a score sheet with: a reviewer's points for a criterion of an applicant.
pub(crate) struct Points<'a> {
    pub reviewer: &'a str,
    pub stage: &'a str,
    pub applicant: &'a str,
    pub criterion: &'a str,
    pub points: rust_decimal::Decimal,
    pub date: Option<crate::date::Date>,
}

/// What the reviewers' sheets are filled with.
pub(crate) struct Filled<'a> {
    pub reviewers: Vec<Reviewer<'a>>,
    pub scores: Vec<Points<'a>>,
}

pub(super) fn tables(policy: &Policy, filled: Option<&Filled<'_>>) -> Vec<Table> {
    let panels: Vec<_> = policy
        .stages
        .iter()
        .map(|s| (s, policy.stage_criteria(&s.id)))
        .filter(|(_, items)| !items.is_empty())
        .collect();
    if panels.is_empty() {
        return Vec::new();
    }
    let rules = policy.reviewers.as_ref();
    let conflict = cite(rules.and_then(|r| r.conflict_cite.as_ref()));
    let disqualified = cite(rules.and_then(|r| r.disqualification_cite.as_ref()));
    let id = || {
        col(
            layout::REVIEWER[0],
            Accepts::Anything,
            ["reviewer", "文本", "", "", "评审员的编号，如 S1（只写编号，不写姓名：评分按编号汇总，公开的材料不列评审员姓名）"],
        )
    };
    let mut out = vec![Table {
        name: layout::REVIEWERS[0].to_owned(),
        cols: vec![
            id(),
            col(
                layout::CONFLICTS[0],
                Accepts::Anything,
                ["conflicts", "文本", "申报编号，多个用“、”分隔", &conflict, "评审员声明与之有利害关系而回避的申报者；回避的评审员不为其评分"],
            ),
            col(
                layout::DISQUALIFIED_ON[0],
                Accepts::Date,
                ["disqualified_on", "日期", "如 2024-10-25", &disqualified, "评委会取消其评审工作资格的日期；其评分按规则版本的 [reviewers] 处理，此后的评分无效"],
            ),
            col(
                layout::DISQUALIFIED_BY[0],
                Accepts::Anything,
                ["reason", "文本", "", &disqualified, "取消资格的决定及其文号"],
            ),
        ],
        rows: filled.map_or_else(Vec::new, |f| {
            f.reviewers
                .iter()
                .map(|r| {
                    vec![
                        Out::Text(r.id.to_owned()),
                        if r.conflicts.is_empty() {
                            Out::Empty
                        } else {
                            Out::Text(r.conflicts.join("、"))
                        },
                        r.disqualified_on.map_or(Out::Empty, Out::Date),
                        r.reason.map_or(Out::Empty, |t| Out::Text(t.to_owned())),
                    ]
                })
                .collect()
        }),
    }];
    for (stage, items) in panels {
        let mut cols: Vec<Col> = vec![
            id(),
            col(
                layout::ID[0],
                Accepts::Anything,
                [
                    "applicant",
                    "文本",
                    "",
                    "",
                    "申报编号，与“申报组织”表的编号相同",
                ],
            ),
            col(
                layout::SCORED_ON[0],
                Accepts::Date,
                [
                    "date",
                    "日期",
                    "如 2024-11-05",
                    "",
                    "评分的日期（与取消资格的日期比较）",
                ],
            ),
        ];
        let stage_cite = cite(stage.cite.as_ref());
        for (cid, title, max) in &items {
            let max_f = crate::decimal::show(*max).parse::<f64>().ok();
            cols.push(col(
                layout::criterion_header(&title.zh, *max),
                Accepts::Number {
                    min: Some(0.0),
                    max: max_f,
                },
                [
                    cid,
                    "数字",
                    &format!("0 至 {}", crate::decimal::show(*max)),
                    &stage_cite,
                    &format!("“{}”一项的得分（{}）", title.zh, stage.title.zh),
                ],
            ));
        }
        // A row per reviewer and applicant, in the order the file first gives them.
        let mut rows: Vec<Vec<Out>> = Vec::new();
        let mut row_of: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for s in filled
            .iter()
            .flat_map(|f| &f.scores)
            .filter(|s| s.stage == stage.id)
        {
            let Some(k) = items.iter().position(|(id, _, _)| *id == s.criterion) else {
                continue;
            };
            let r = *row_of.entry((s.reviewer, s.applicant)).or_insert_with(|| {
                let mut row = vec![Out::Empty; 3 + items.len()];
                row[0] = Out::Text(s.reviewer.to_owned());
                row[1] = Out::Text(s.applicant.to_owned());
                rows.push(row);
                rows.len() - 1
            });
            if let Some(d) = s.date {
                rows[r][2] = Out::Date(d);
            }
            rows[r][3 + k] = number(&s.points.to_string());
        }
        out.push(Table {
            name: layout::score_sheet(&stage.title.zh),
            cols,
            rows,
        });
    }
    out
}
