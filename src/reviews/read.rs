//! A reviews file in JSON read into [`Reviews`]: every value kept with the JSON pointer it came
//! from, dates parsed, and a file that does not fit the format refused with the format shown.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Mark, Reviewer, Reviews};
use crate::date::Date;
use crate::diag::{text, Diagnostic};
use crate::error::Error;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    reviewers: Vec<ReviewerDoc>,
    scores: Vec<ScoreDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewerDoc {
    id: String,
    #[serde(default)]
    conflicts: Vec<String>,
    #[serde(default)]
    disqualified_on: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreDoc {
    reviewer: String,
    stage: String,
    applicant: String,
    criterion: String,
    #[serde(deserialize_with = "crate::decimal::exact")]
    points: Decimal,
    #[serde(default)]
    date: Option<String>,
}

/// The format, shown when a file does not fit it.
pub(super) fn format_help() -> crate::diag::Text {
    text!(
        "评分文件为 JSON：{\"reviewers\": [{\"id\", \"conflicts\", \"disqualified_on\", \"reason\"}], \"scores\": [{\"reviewer\", \"stage\", \"applicant\", \"criterion\", \"points\", \"date\"}]}，或由 qaward template 生成的工作簿的评分表；README 的“评审员评分”一节有示例。",
        "a reviews file is JSON: {\"reviewers\": [{\"id\", \"conflicts\", \"disqualified_on\", \"reason\"}], \"scores\": [{\"reviewer\", \"stage\", \"applicant\", \"criterion\", \"points\", \"date\"}]}, or a workbook's score sheets from qaward template; the README's section on reviewers' scores has an example"
    )
}

/// The reviews in the JSON text `bytes` of `path`.
pub(super) fn json(path: &Path, bytes: &[u8]) -> Result<Reviews, Error> {
    let file: File = serde_json::from_slice(bytes).map_err(|e| {
        Error::one(
            Diagnostic::error(
                "reviews::syntax",
                text!(
                    format!(
                        "评分文件不符合格式：{}",
                        crate::diag::serde_in_chinese(&e.to_string())
                    ),
                    format!("the reviews file does not fit the format: {e}")
                ),
            )
            .help(format_help())
            .in_file(path),
        )
    })?;
    let mut out = Reviews::new(path);
    for (i, r) in file.reviewers.into_iter().enumerate() {
        let disqualified_on = out.date(
            r.disqualified_on.as_deref(),
            format!("/reviewers/{i}/disqualified_on"),
        );
        out.reviewers.push(Reviewer {
            id: r.id,
            conflicts: r.conflicts,
            disqualified_on,
            reason: r.reason.filter(|s| !s.trim().is_empty()),
            at: format!("/reviewers/{i}"),
        });
    }
    for (i, s) in file.scores.into_iter().enumerate() {
        let date = out.date(s.date.as_deref(), format!("/scores/{i}/date"));
        out.scores.push(Mark {
            reviewer: s.reviewer,
            stage: s.stage,
            applicant: s.applicant,
            criterion: s.criterion,
            points: s.points,
            date,
            at: format!("/scores/{i}"),
        });
    }
    Ok(out)
}

impl Reviews {
    /// `raw` read as a date, or a problem at `pointer`.
    pub(super) fn date(&mut self, raw: Option<&str>, pointer: String) -> Option<Date> {
        let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
        match Date::parse(raw) {
            Ok(d) => Some(d),
            Err(e) => {
                self.problems.push(
                    Diagnostic::error(
                        "reviews::invalid",
                        text!(
                            format!("日期无效：{}", e.zh()),
                            format!("the date is not valid: {e}")
                        ),
                    )
                    .pointer(pointer)
                    .help(text!("写作 2024-11-01。", "write it as 2024-11-01")),
                );
                None
            }
        }
    }
}
