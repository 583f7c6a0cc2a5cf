//! Reviews checked against the policy and the cohort, score by score, and made into each
//! stage's score by its panel: every problem at its place, or the panels' scores put into the
//! cohort with what the reader should know of them.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::panel::{judge, Sheet};
use super::words::{dropped, kept};
use super::{Mark, Panels, Reviewer, Reviews};
use crate::cohort::{Cohort, Notice};
use crate::diag::{text, Diagnostic, Text};
use crate::error::Error;
use crate::policy::Policy;

impl Reviews {
    /// Checks the reviews against `policy` and `cohort`, and puts each panel's score into the
    /// cohort in place of the typed one (with a notice where they differ or a panel is too
    /// small). The reviewers in `without` are left out, as if they had not scored (a what-if).
    pub fn apply(
        &self,
        policy: &Policy,
        cohort: &mut Cohort,
        without: &[String],
    ) -> Result<Panels, Error> {
        let mut problems = self.problems.clone();
        let keep_earlier = policy.reviewers.as_ref().is_some_and(|r| r.keep_earlier);
        let mut reviewers: BTreeMap<&str, &Reviewer> = BTreeMap::new();
        for r in &self.reviewers {
            if reviewers.insert(r.id.as_str(), r).is_some() {
                problems.push(
                    Diagnostic::error(
                        "reviews::invalid",
                        text!(
                            format!("评审员 `{}` 列了两次", r.id),
                            format!("reviewer `{}` is listed twice", r.id)
                        ),
                    )
                    .pointer(format!("{}/id", r.at))
                    .help(text!("每位评审员列一次。", "list each reviewer once")),
                );
            }
        }
        for w in without {
            if !reviewers.contains_key(w.as_str()) {
                let all: Vec<&str> = reviewers.keys().copied().collect();
                problems.push(
                    Diagnostic::error(
                        "reviews::unknown",
                        text!(
                            format!("评分文件中没有评审员 `{w}`，无法去掉"),
                            format!("the reviews have no reviewer `{w}` to leave out")
                        ),
                    )
                    .help(text!(
                        format!("评审员：{}", all.join("、")),
                        format!("the reviewers: {}", all.join(", "))
                    )),
                );
            }
        }
        let ids: BTreeMap<&str, usize> = cohort
            .applicants
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        if self.reviewers.is_empty() && !self.scores.is_empty() {
            return Err(self.refuse(vec![Diagnostic::error(
                "reviews::unknown",
                text!(
                    "评分文件没有列出评审员：每位评审员须先列出（及其回避和取消资格情况）",
                    "the reviews list no reviewers: each must be listed first (with their conflicts and any disqualification)"
                ),
            )
            .pointer("/reviewers")
            .help(text!(
                "在“评审员”表（JSON 的 reviewers）中列出每位评审员的编号。",
                "list each reviewer's id on the 评审员 sheet (reviewers, in JSON)"
            ))]));
        }
        for r in &self.reviewers {
            for (j, c) in r.conflicts.iter().enumerate() {
                if !ids.contains_key(c.as_str()) {
                    problems.push(
                        Diagnostic::error(
                            "reviews::unknown",
                            text!(
                                format!("评审员 `{}` 声明回避的 `{c}` 不在申报名单中", r.id),
                                format!("reviewer `{}` steps aside from `{c}`, who is not in the cohort", r.id)
                            ),
                        )
                        .pointer(format!("{}/conflicts/{j}", r.at))
                        .help(text!(
                            "核对申报编号：写错的回避不会生效。",
                            "check the application id: a mistyped conflict would not take effect"
                        )),
                    );
                }
            }
        }
        // (applicant, stage) → reviewer → points by criterion, and where the first was given.
        type ByReviewer<'a> = BTreeMap<&'a str, (BTreeMap<usize, Decimal>, &'a str)>;
        let mut sheets: BTreeMap<(usize, usize), ByReviewer<'_>> = BTreeMap::new();
        // The stages each reviewer scored at.
        let mut scored_at: BTreeSet<(&str, usize)> = BTreeSet::new();
        // (applicant, stage, reviewer) of the scores refused: their sheets are not also called
        // incomplete for the score refused. A score is refused when its turn adds a problem.
        let mut refused: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
        // Where each criterion of each sheet was first scored, to name it when scored again.
        let mut first_given: BTreeMap<(usize, usize, &str, usize), &str> = BTreeMap::new();
        let mut turn: Option<(&Mark, usize)> = None;
        for s in self.scores.iter().map(Some).chain([None]) {
            if let Some((last, n)) = turn.take() {
                if problems.len() > n {
                    refused.insert((&last.applicant, &last.stage, &last.reviewer));
                }
            }
            let Some(s) = s else {
                break;
            };
            turn = Some((s, problems.len()));
            let here = |key: &str| format!("{}/{key}", s.at);
            let bad = |key: &str, code: &'static str, message: Text, help: Text| {
                Diagnostic::error(code, message)
                    .pointer(here(key))
                    .help(help)
            };
            let Some(&a) = ids.get(s.applicant.as_str()) else {
                problems.push(bad(
                    "applicant",
                    "reviews::unknown",
                    text!(
                        format!("申报名单中没有 `{}`", s.applicant),
                        format!("the cohort has no applicant `{}`", s.applicant)
                    ),
                    text!("核对申报编号。", "check the application id"),
                ));
                continue;
            };
            let category = cohort.applicants[a].category;
            let found = policy
                .stage_index(&s.stage)
                .and_then(|st| policy.panel_for(category, &s.stage).map(|p| (st, p)));
            let Some((st, panel)) = found else {
                let panels: Vec<&str> = policy
                    .stages
                    .iter()
                    .filter(|st| policy.panel_for(category, &st.id).is_some())
                    .map(|st| st.id.as_str())
                    .collect();
                problems.push(bad(
                    "stage",
                    "reviews::unknown",
                    text!(
                        format!(
                            "规则版本 {} 中没有由评审组评分的阶段 `{}`",
                            policy.meta.id, s.stage
                        ),
                        format!(
                            "the policy {} has no stage `{}` scored by a panel",
                            policy.meta.id, s.stage
                        )
                    ),
                    text!(
                        format!("由评审组评分的阶段：{}", panels.join("、")),
                        format!("the stages scored by a panel: {}", panels.join(", "))
                    ),
                ));
                continue;
            };
            let criteria = &policy.criteria[panel.criteria];
            let Some(c) = criteria
                .items
                .iter()
                .position(|(id, _, _)| *id == s.criterion)
            else {
                let all: Vec<&str> = criteria
                    .items
                    .iter()
                    .map(|(id, _, _)| id.as_str())
                    .collect();
                problems.push(bad(
                    "criterion",
                    "reviews::unknown",
                    text!(
                        format!("评分准则“{}”中没有 `{}`", criteria.title.zh, s.criterion),
                        format!(
                            "the criteria “{}” have no `{}`",
                            criteria.title.en, s.criterion
                        )
                    ),
                    text!(
                        format!("可用：{}", all.join("、")),
                        format!("they are: {}", all.join(", "))
                    ),
                ));
                continue;
            };
            let (_, title, max) = &criteria.items[c];
            if s.points < Decimal::ZERO || s.points > *max {
                problems.push(bad(
                    "points",
                    "reviews::out-of-range",
                    text!(
                        format!(
                            "评审员 `{}` 给 `{}` 的“{}”打了 {} 分，超出 0 至 {max}",
                            s.reviewer, s.applicant, title.zh, s.points
                        ),
                        format!(
                            "reviewer `{}` gave `{}` {} for “{}”, outside 0 to {max}",
                            s.reviewer, s.applicant, s.points, title.en
                        )
                    ),
                    text!(
                        format!("“{}”满分 {max}；核对评分表。", title.zh),
                        format!(
                            "“{}” has at most {max} points; check the score sheet",
                            title.en
                        )
                    ),
                ));
                continue;
            }
            let Some(r) = reviewers.get(s.reviewer.as_str()) else {
                problems.push(bad(
                    "reviewer",
                    "reviews::unknown",
                    text!(
                        format!("评审员 `{}` 未在评审员名单中列出", s.reviewer),
                        format!("reviewer `{}` is not in the list of reviewers", s.reviewer)
                    ),
                    text!(
                        "在“评审员”表（JSON 的 reviewers）中列出每位评审员及其回避和取消资格情况，或改正编号。",
                        "list every reviewer on the 评审员 sheet (reviewers, in JSON) with their conflicts and any disqualification, or correct the id"
                    ),
                ));
                continue;
            };
            if r.conflicts.contains(&s.applicant) {
                problems.push(bad(
                    "reviewer",
                    "reviews::conflict",
                    text!(
                        format!("评审员 `{}` 已声明与 `{}` 有利害关系（应回避），却为其评分", s.reviewer, s.applicant),
                        format!("reviewer `{}` declared a conflict with `{}` (and steps aside), yet scored it", s.reviewer, s.applicant)
                    ),
                    text!(
                        "删去这些评分：回避的评审员不为该申报者评分。",
                        "remove these scores: a reviewer who steps aside does not score that applicant"
                    ),
                ));
                continue;
            }
            if let (Some(day), Some(off)) = (s.date, r.disqualified_on) {
                // A score of the day of the disqualification is not one given before it.
                if day >= off {
                    problems.push(bad(
                        "date",
                        "reviews::after-disqualified",
                        text!(
                            format!("评审员 `{}` 已于 {} 被取消评审资格，当日及此后的评分（{}）无效", s.reviewer, off.zh(), day.zh()),
                            format!("reviewer `{}` was disqualified on {off}; a score of {day} (that day or later) cannot be given", s.reviewer)
                        ),
                        text!("删去取消资格之后的评分。", "remove the scores given after the disqualification"),
                    ));
                    continue;
                }
            }
            if keep_earlier && r.disqualified_on.is_some() && s.date.is_none() {
                problems.push(bad(
                    "date",
                    "reviews::invalid",
                    text!(
                        format!("评审员 `{}` 被取消资格，规则版本只计其此前的评分，这项评分须写明日期", s.reviewer),
                        format!("reviewer `{}` was disqualified and the policy counts only their earlier scores: this score needs its date", s.reviewer)
                    ),
                    text!("写明评分日期，如 2024-10-20。", "give the date of the score, e.g. 2024-10-20"),
                ));
                continue;
            }
            scored_at.insert((r.id.as_str(), st));
            let (sheet, _) = sheets
                .entry((a, st))
                .or_default()
                .entry(r.id.as_str())
                .or_insert_with(|| (BTreeMap::new(), s.at.as_str()));
            let first_at = first_given
                .entry((a, st, r.id.as_str(), c))
                .or_insert(s.at.as_str());
            if sheet.insert(c, s.points).is_some() {
                problems.push(bad(
                    "criterion",
                    "reviews::invalid",
                    text!(
                        format!(
                            "评审员 `{}` 对 `{}` 的“{}”评了两次",
                            s.reviewer, s.applicant, title.zh
                        ),
                        format!(
                            "reviewer `{}` scored “{}” of `{}` twice",
                            s.reviewer, title.en, s.applicant
                        )
                    ),
                    {
                        let first = self.place_of(&format!("{first_at}/points"));
                        text!(
                            format!("首次评分在 {first}；每项准则只评一次，删去其中一处。"),
                            format!("it was first scored at {first}; score each criterion once and delete one of them")
                        )
                    },
                ));
            }
        }
        // Every reviewer's sheet covers every criterion.
        for ((a, st), by) in &sheets {
            let category = cohort.applicants[*a].category;
            let Some(panel) = policy.panel_for(category, &policy.stages[*st].id) else {
                continue;
            };
            let criteria = &policy.criteria[panel.criteria];
            for (reviewer, (points, first)) in by {
                let key = (
                    cohort.applicants[*a].id.as_str(),
                    policy.stages[*st].id.as_str(),
                    *reviewer,
                );
                let unread = (key.0.to_owned(), key.1.to_owned(), key.2.to_owned());
                if refused.contains(&key) || self.unread.contains(&unread) {
                    continue;
                }
                let missing: Vec<(&str, &str)> = criteria
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| !points.contains_key(c))
                    .map(|(_, (_, t, _))| (t.zh.as_str(), t.en.as_str()))
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let stage = &policy.stages[*st].title;
                let id = &cohort.applicants[*a].id;
                let zh: Vec<&str> = missing.iter().map(|m| m.0).collect();
                let en: Vec<&str> = missing.iter().map(|m| m.1).collect();
                problems.push(
                    Diagnostic::error(
                        "reviews::incomplete",
                        text!(
                            format!(
                                "评审员 `{reviewer}` 对 `{id}` 的{}评分缺少：{}",
                                stage.zh,
                                zh.join("、")
                            ),
                            format!(
                                "reviewer `{reviewer}`'s {} sheet for `{id}` lacks: {}",
                                stage.en,
                                en.join(", ")
                            )
                        ),
                    )
                    .pointer(format!("{first}/reviewer"))
                    .help(text!("补全各项准则的评分。", "score every criterion")),
                );
            }
        }
        if !problems.is_empty() {
            return Err(self.refuse(problems));
        }
        let mut panels = Panels::default();
        cohort.scored_by_panels = !sheets.is_empty();
        cohort
            .warnings
            .retain(|w| !crate::cohort::sheet::to_json::is_score_sheet_notice(&w.text));
        // The notices below concern the applicants a panel scored (their explanations carry
        // them too).
        let mut scored: Vec<String> = sheets
            .keys()
            .map(|(a, _)| cohort.applicants[*a].id.clone())
            .collect();
        scored.dedup();
        if let Some(text) = policy.unverified_panel_warning() {
            cohort.warnings.push(Notice {
                text,
                applicants: scored.clone(),
            });
        }
        // The readings the panels' scores rest on, said where a results paper says its warnings.
        for r in policy
            .readings()
            .into_iter()
            .filter(|r| crate::policy::unverified::is_panel_item(&r.path))
        {
            let (zh, en) = crate::policy::readings::halves(&r.reading);
            let (cz, ce) = r.cite.as_ref().map_or_else(Default::default, |c| {
                let t = c.parenthesised();
                (t.zh, t.en)
            });
            cohort.warnings.push(Notice {
                text: text!(
                    format!("评审员评分采用的读法{cz}：{zh}"),
                    format!("the reading reviewers' scores rest on{ce}: {en}")
                ),
                applicants: scored.clone(),
            });
        }
        let (mut differ_ids, mut small_ids): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        let mut differ = Vec::new();
        let mut small = Vec::new();
        let mut over = Vec::new();
        for ((a, st), by) in sheets {
            let category = cohort.applicants[a].category;
            let Some(panel) = policy.panel_for(category, &policy.stages[st].id).cloned() else {
                continue;
            };
            let n = policy.criteria[panel.criteria].items.len();
            let list: Vec<Sheet> = by
                .into_iter()
                // Every sheet's reviewer is listed: a score by anyone else was refused above.
                .filter_map(|(reviewer, (points, _))| {
                    let r = reviewers.get(reviewer)?;
                    Some(Sheet {
                        reviewer: reviewer.to_owned(),
                        points: (0..n)
                            .map(|c| points.get(&c).copied().unwrap_or_default())
                            .collect(),
                        dropped: dropped(r, without, policy),
                        note: kept(r, without, policy),
                    })
                })
                .collect();
            let applicant = &cohort.applicants[a].id;
            // Those of the stage's reviewers who stepped aside from this applicant.
            let recused: Vec<String> = self
                .reviewers
                .iter()
                .filter(|r| {
                    r.conflicts.contains(applicant) && scored_at.contains(&(r.id.as_str(), st))
                })
                .map(|r| r.id.clone())
                .collect();
            let judged = judge(&panel, list, recused);
            let title = &policy.stages[st].title;
            // The standard's total, the applicant's category's when it has one.
            let total = cohort.applicants[a]
                .category
                .and_then(|k| policy.categories.get(k))
                .map_or(policy.scoring.total, |c| c.policy.scoring.total);
            if let Some(s) = judged.score.filter(|s| *s > total) {
                over.push(
                    Diagnostic::error(
                        "reviews::out-of-range",
                        text!(
                            format!("评审组给 `{applicant}` 的{}得分 {s} 超过评定标准总分 {total}", title.zh),
                            format!("the panel's {} score of `{applicant}`, {s}, exceeds the standard's total {total}", title.en)
                        ),
                    )
                    .help(text!(
                        "各项准则的满分合计不应超过评定标准总分；核对规则版本的 [[criteria]] 与 [scoring] total。",
                        "the criteria's maximums should not add up to more than the standard's total; check the policy's [[criteria]] and [scoring] total"
                    )),
                );
                continue;
            }
            if let (Some(t), Some(s)) = (
                cohort.applicants[a].scores.get(st).copied().flatten(),
                judged.score,
            ) {
                if t != s {
                    differ_ids.push(applicant.clone());
                    differ.push((
                        format!("{applicant}（{} {t} → {s}）", title.zh),
                        format!("{applicant} ({} {t} → {s})", title.en),
                    ));
                }
            }
            if judged.score.is_none() {
                // A typed score the panel replaces is not used, even when the panel gives none.
                let typed = cohort.applicants[a].scores.get(st).copied().flatten();
                let (tz, te) = typed.map_or_else(Default::default, |t| {
                    (
                        format!("，填写的 {} 不用", crate::decimal::show(t)),
                        format!("; the typed {} is not used", crate::decimal::show(t)),
                    )
                });
                small_ids.push(applicant.clone());
                small.push((
                    format!("{applicant}（{}{tz}）", title.zh),
                    format!("{applicant} ({}{te})", title.en),
                ));
            }
            if let Some(slot) = cohort.applicants[a].scores.get_mut(st) {
                *slot = judged.score;
            }
            panels.judged.insert((a, st), judged);
        }
        if !over.is_empty() {
            return Err(self.refuse(over));
        }
        let list = |v: &[(String, String)]| {
            (
                v.iter()
                    .map(|x| x.0.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                v.iter()
                    .map(|x| x.1.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        };
        if !differ.is_empty() {
            let (zh, en) = list(&differ);
            cohort.warnings.push(Notice {
                text: text!(
                    format!("名单中填写的得分与评审员评分算得的不同，按评审员评分：{zh}"),
                    format!("typed scores differ from those the reviewers' scores make; the reviewers' are used: {en}")
                ),
                applicants: differ_ids,
            });
        }
        if !small.is_empty() {
            let (zh, en) = list(&small);
            cohort.warnings.push(Notice {
                text: text!(
                    format!("计入的评审员少于评审组最少人数，得分无法确定：{zh}"),
                    format!("fewer reviewers count than the panel needs, so the score is undetermined: {en}")
                ),
                applicants: small_ids,
            });
        }
        Ok(panels)
    }
}
