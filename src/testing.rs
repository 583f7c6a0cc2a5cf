//! A policy's own test cases (`policies/<id>/tests/*.toml`) and clause coverage.
//!
//! A test file holds a `[cycle]`, an optional `[base]` applicant, and `[[cases]]`, each with a
//! `name`, its `applicants` (fields merged over the base; `unset = ["records", …]` removes
//! fields) and `expect.<applicant id>`: any of `eligibility`, `conditions` (id → status),
//! `category` (policies with categories), `shortlisted`, `material_rank`, `total`, `rank`,
//! `tier` (`"none"` for no tier), `first_time`, `payout`, `flags`. Only what is named is
//! checked. Running the cases also records, for every clause, whether it has been seen true,
//! false and unknown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diag::text;
use crate::diag::{Diagnostic, Lang, Location};
use crate::eval::{evaluate, ClauseStatus, Options, Status};
use crate::policy::Policy;
use crate::toml_json;

/// One case's result.
#[derive(Debug)]
pub struct CaseResult {
    pub file: PathBuf,
    pub name: String,
    /// Expected-versus-actual differences, in both languages; empty when the case passes.
    pub failures: Vec<crate::diag::Text>,
}

/// What the cases have seen of one clause (or of a condition, for `condition`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub truth: bool,
    pub falsity: bool,
    pub unknown: bool,
}

impl Seen {
    pub fn count(self) -> usize {
        usize::from(self.truth) + usize::from(self.falsity) + usize::from(self.unknown)
    }
}

/// What was seen of one condition (as pass, fail, undetermined) and of each of its clauses.
pub type ConditionCoverage = (String, Seen, Vec<(String, Seen)>);

/// Coverage by condition, then clause, in policy order.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub conditions: Vec<ConditionCoverage>,
}

impl Coverage {
    fn new(policy: &Policy) -> Coverage {
        Coverage {
            conditions: policy
                .conditions
                .iter()
                .filter(|c| c.enabled)
                .map(|c| {
                    (
                        c.id.clone(),
                        Seen::default(),
                        c.clauses
                            .iter()
                            .map(|k| (k.id.clone(), Seen::default()))
                            .collect(),
                    )
                })
                .collect(),
        }
    }

    /// Clause outcomes seen and possible (three per clause).
    pub fn clause_totals(&self) -> (usize, usize) {
        let clauses = self.conditions.iter().flat_map(|(_, _, k)| k);
        clauses.fold((0, 0), |(seen, all), (_, s)| (seen + s.count(), all + 3))
    }

    pub fn percent(&self) -> f64 {
        let (seen, all) = self.clause_totals();
        if all == 0 {
            100.0
        } else {
            // Display only; coverage is a count, never a score or an amount.
            seen as f64 * 100.0 / all as f64
        }
    }
}

/// The outcome of running a policy's tests.
#[derive(Debug)]
pub struct Run {
    pub cases: Vec<CaseResult>,
    pub coverage: Coverage,
    /// Test files that could not be read.
    pub problems: Vec<Diagnostic>,
}

/// The test files of a policy directory, sorted.
pub fn test_files(policy_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(policy_dir.join("tests"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs every case of `files` against `policy`.
pub fn run(policy: &Policy, files: &[PathBuf]) -> Run {
    let mut out = Run {
        cases: Vec::new(),
        coverage: Coverage::new(policy),
        problems: Vec::new(),
    };
    for file in files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                out.problems.push(
                    Diagnostic::error(
                        "test::unreadable",
                        text!(
                            format!("无法读取测试文件：{e}"),
                            format!("cannot read the test file: {e}")
                        ),
                    )
                    .in_file(file),
                );
                continue;
            }
        };
        let (doc, spans) = match toml_json::parse(&text) {
            Ok(x) => x,
            Err(e) => {
                let mut d = Diagnostic::error(
                    "test::syntax",
                    text!(
                        format!("TOML 语法错误：{}", e.message),
                        format!("TOML syntax error: {}", e.message)
                    ),
                )
                .in_file(file);
                if let Some(span) = e.span {
                    d = d.at(Location::in_source(&text, span));
                }
                out.problems.push(d);
                continue;
            }
        };
        let base = doc
            .get("base")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        let cases = doc
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if cases.is_empty() {
            out.problems.push(
                Diagnostic::error(
                    "test::no-cases",
                    text!("测试文件中没有 [[cases]]", "the test file has no [[cases]]"),
                )
                .in_file(file)
                .help(text!(
                    "每个用例写作 [[cases]]，含 name、applicants 和 expect。",
                    "write each case as [[cases]] with name, applicants and expect"
                )),
            );
        }
        for (i, case) in cases.iter().enumerate() {
            let name = case
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| format!("case {}", i + 1), str::to_owned);
            let mut missing_unsets = Vec::new();
            let applicants: Vec<Value> = case
                .get("applicants")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|a| {
                    let (v, missing) = applicant(&base, a);
                    missing_unsets.extend(missing);
                    v
                })
                .collect();
            let cohort_doc = serde_json::json!({ "cycle": doc.get("cycle").cloned().unwrap_or(Value::Null), "applicants": applicants });
            let bytes = serde_json::to_vec(&cohort_doc).unwrap_or_default();
            let read = crate::cohort::CohortFile::from_json(&bytes).and_then(|f| f.bind(policy));
            let cohort = match read {
                Ok(c) => c,
                Err(e) => {
                    for p in e.problems {
                        let pointer = p.pointer.clone().unwrap_or_default();
                        // The field is the case's own, or comes from [base].
                        let in_case = format!("/cases/{i}{pointer}");
                        let in_base = pointer
                            .splitn(4, '/')
                            .nth(3)
                            .map(|rest| format!("/base/{rest}"));
                        let place = if spans.contains(&in_case) {
                            spans.key(&in_case)
                        } else {
                            in_base
                                .and_then(|b| spans.value(&b))
                                .or_else(|| spans.value(&in_case))
                        };
                        let mut d = p.in_file(file);
                        if let Some(span) = place {
                            d = d.at(Location::in_source(&text, span));
                        }
                        out.problems.push(d);
                    }
                    continue;
                }
            };
            let outcome = evaluate(policy, &cohort, &Options::default());
            record_coverage(&mut out.coverage, policy, &outcome);
            let result: Value = serde_json::from_str(&crate::result::render(&outcome, Lang::En))
                .unwrap_or(Value::Null);
            let mut failures = compare(case.get("expect"), &result);
            // A failing case says what reading it noticed: a key the policy does not declare
            // (a stage renamed since the case was written, say) is often why.
            if !failures.is_empty() {
                failures.extend(cohort.warnings.iter().map(|w| {
                    crate::diag::text!(
                        format!("读取本用例时：{}", w.text.zh),
                        format!("reading the case: {}", w.text.en)
                    )
                }));
            }
            // An `unset` of a field the policy does not declare is a misspelling: it tests nothing.
            let declared = |path: &str| {
                policy.model.field(path).is_some()
                    || crate::policy::fields::ENGINE_KEYS.contains(&path)
                    || path
                        .strip_prefix("scores.")
                        .is_some_and(|s| policy.stage(s).is_some())
            };
            failures.extend(
                missing_unsets
                    .into_iter()
                    .filter(|path| !declared(path))
                    .map(|path| crate::diag::text!(
                        format!("unset 中的 `{path}` 不是本规则版本声明的字段（拼写有误？）"),
                        format!("unset names `{path}`, which the policy does not declare (a misspelt field?)")
                    )),
            );
            out.cases.push(CaseResult {
                file: file.clone(),
                name,
                failures,
            });
        }
    }
    out
}

/// The base applicant with a case's fields merged over it and its `unset` fields removed; and
/// the `unset` paths it did not have.
fn applicant(base: &Value, over: &Value) -> (Value, Vec<String>) {
    let mut merged = merge(base, over);
    let unset: Vec<String> = over
        .get("unset")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if let Value::Object(m) = &mut merged {
        m.remove("unset");
    }
    let mut missing = Vec::new();
    for path in unset {
        let (parent, last) = path.rsplit_once('.').unwrap_or(("", path.as_str()));
        let parent_pointer: String = parent
            .split('.')
            .filter(|p| !p.is_empty())
            .map(|p| format!("/{p}"))
            .collect();
        let removed = match merged.pointer_mut(&parent_pointer) {
            Some(Value::Object(m)) => m.remove(last).is_some(),
            _ => false,
        };
        if !removed {
            missing.push(path);
        }
    }
    (merged, missing)
}

fn merge(base: &Value, over: &Value) -> Value {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            let mut out = b.clone();
            for (k, v) in o {
                let merged = out.get(k).map_or_else(|| v.clone(), |old| merge(old, v));
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (_, o) => o.clone(),
    }
}

fn record_coverage(coverage: &mut Coverage, policy: &Policy, outcome: &crate::eval::Outcome<'_>) {
    for v in &outcome.verdicts {
        let mut row = 0;
        for (c, status, clauses) in v.by_condition(policy) {
            if !c.enabled {
                continue;
            }
            let Some((_, seen, clause_seen)) = coverage.conditions.get_mut(row) else {
                break;
            };
            row += 1;
            match status {
                Status::Pass => seen.truth = true,
                Status::Fail => seen.falsity = true,
                Status::Undetermined => seen.unknown = true,
                Status::NotApplicable => {}
            }
            for ((_, s), k) in clause_seen.iter_mut().zip(clauses) {
                match k.status {
                    ClauseStatus::True => s.truth = true,
                    ClauseStatus::False => s.falsity = true,
                    ClauseStatus::Unknown => s.unknown = true,
                    ClauseStatus::NotApplicable => {}
                }
            }
        }
    }
}

/// Differences between the expectations of a case and the result document (read in English,
/// so that values compare by id), each said in both languages.
fn compare(expect: Option<&Value>, result: &Value) -> Vec<crate::diag::Text> {
    use crate::diag::text;
    let mut failures = Vec::new();
    let Some(Value::Object(expect)) = expect else {
        return vec![text!(
            "该用例没有写期望结果：请加 expect.<申报组织编号>",
            "the case expects nothing: add expect.<applicant id>"
        )];
    };
    let applicants: BTreeMap<&str, &Value> = result["applicants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["id"].as_str().map(|id| (id, a)))
        .collect();
    let differs = |what_zh: String, what_en: String, want: String, got: String| {
        text!(
            format!("{what_zh}：期望 {want}，实为 {got}"),
            format!("{what_en}: expected {want}, got {got}")
        )
    };
    for (id, want) in expect {
        let Some(got) = applicants.get(id.as_str()) else {
            failures.push(text!(
                format!("{id}：用例中没有这个申报组织"),
                format!("{id}: no such applicant in the case")
            ));
            continue;
        };
        let Some(want) = want.as_object() else {
            continue;
        };
        for (key, w) in want {
            match key.as_str() {
                "conditions" => {
                    for (cid, ws) in w.as_object().into_iter().flatten() {
                        let found = got["conditions"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .find(|c| c["id"] == *cid);
                        match found {
                            None => failures.push(text!(
                                format!("{id} {cid}：没有这个条件"),
                                format!("{id} {cid}: no such condition")
                            )),
                            Some(c) if c["status"] != *ws => {
                                let reason = c["reason"].as_str().unwrap_or("");
                                let mut t = differs(
                                    format!("{id} {cid}"),
                                    format!("{id} {cid}"),
                                    show(ws),
                                    show(&c["status"]),
                                );
                                t.zh.push_str(&format!(" — {reason}"));
                                t.en.push_str(&format!(" — {reason}"));
                                failures.push(t);
                            }
                            Some(_) => {}
                        }
                    }
                }
                "tier" if w == "none" => {
                    if !got["tier"].is_null() {
                        failures.push(differs(
                            format!("{id} 奖项"),
                            format!("{id} tier"),
                            "none".into(),
                            show(&got["tier"]),
                        ));
                    }
                }
                "total" | "payout" => {
                    let same = match (decimal(w), decimal(&got[key.as_str()])) {
                        (Some(a), Some(b)) => a == b,
                        (None, None) => w.is_null() && got[key.as_str()].is_null(),
                        _ => false,
                    };
                    if !same {
                        failures.push(differs(
                            format!("{id} {key}"),
                            format!("{id} {key}"),
                            show(w),
                            show(&got[key.as_str()]),
                        ));
                    }
                }
                "flags" => {
                    let mut a: Vec<&str> = w
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    let mut b: Vec<&str> = got["flags"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    a.sort_unstable();
                    b.sort_unstable();
                    if a != b {
                        failures.push(differs(
                            format!("{id} 标记"),
                            format!("{id} flags"),
                            format!("{a:?}"),
                            format!("{b:?}"),
                        ));
                    }
                }
                other => {
                    if got.get(other).is_none() {
                        failures.push(text!(
                            format!("{id}：不能期望 `{other}`；可期望 eligibility、conditions、category、shortlisted、material_rank、total、rank、tier、first_time、payout 或 flags"),
                            format!("{id}: `{other}` cannot be expected; use eligibility, conditions, category, shortlisted, material_rank, total, rank, tier, first_time, payout or flags")
                        ));
                    } else if got[other] != *w {
                        failures.push(differs(
                            format!("{id} {other}"),
                            format!("{id} {other}"),
                            show(w),
                            show(&got[other]),
                        ));
                    }
                }
            }
        }
    }
    failures
}

fn decimal(v: &Value) -> Option<rust_decimal::Decimal> {
    match v {
        Value::String(s) => crate::decimal::parse(s).ok(),
        Value::Number(n) => crate::decimal::parse(&n.to_string()).ok(),
        _ => None,
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".to_owned(),
        other => other.to_string(),
    }
}
