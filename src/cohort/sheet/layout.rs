//! The spreadsheet layout of a cohort for a policy, the same for reading and for writing a
//! template: which sheets, and which column holds which field (headed by its Chinese title;
//! its id is accepted too).

use crate::policy::fields::{FieldDecl, FieldType, RecordDecl};
use crate::policy::{ClauseBody, Policy};

/// The sheets of a cohort workbook, by the names accepted for each (the first is written).
pub(crate) const APPLICANTS: &[&str] = &["申报组织", "applicants"];
pub(crate) const RECORDS: &[&str] = &["不良记录", "records"];
pub(crate) const HISTORY: &[&str] = &["以往获奖", "history"];
pub(crate) const CYCLE: &[&str] = &["评定周期", "cycle"];
/// Sheets a template carries for people, skipped when reading.
pub(crate) const NOTES: &str = "填写说明";
pub(crate) const LISTS: &str = "选项";

/// The sheet of reviewers (their conflicts and disqualifications), for `--reviews`.
pub(crate) const REVIEWERS: &[&str] = &["评审员", "reviewers"];
/// Headers of the reviewers sheet and the score sheets.
pub(crate) const REVIEWER: &[&str] = &["评审员编号", "评审员", "reviewer"];
pub(crate) const CONFLICTS: &[&str] = &["回避的申报者", "回避", "conflicts"];
pub(crate) const DISQUALIFIED_ON: &[&str] = &["取消资格日期", "disqualified_on"];
pub(crate) const DISQUALIFIED_BY: &[&str] = &["取消资格决定", "取消资格原因", "reason"];
pub(crate) const SCORED_ON: &[&str] = &["评分日期", "date"];
/// A score sheet is named for its stage: `评分-现场评审` (or `scores-site` by its id).
pub(crate) const SCORES_PREFIX: &str = "评分-";

/// The name of the score sheet of a stage titled `title`: `评分-现场评审`, without the
/// characters a sheet name may not have and within Excel's 31 characters.
pub(crate) fn score_sheet(title: &str) -> String {
    let name: String = format!("{SCORES_PREFIX}{title}")
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    name
}

/// The stage (its index) whose score sheet `name` is, under `policy`: only stages scored by a
/// panel have one.
pub(crate) fn score_sheet_stage(policy: &Policy, name: &str) -> Option<usize> {
    let n = name.trim();
    policy.stages.iter().position(|s| {
        !policy.stage_criteria(&s.id).is_empty()
            && (n == score_sheet(&s.title.zh)
                || n.eq_ignore_ascii_case(&format!("scores-{}", s.id)))
    })
}

/// Whether a sheet belongs to the reviewers' scores (read by `--reviews`, not as the cohort).
pub(crate) fn is_reviews_sheet(policy: &Policy, name: &str) -> bool {
    is(name, REVIEWERS) || score_sheet_stage(policy, name).is_some()
}

/// The header a template writes for a criterion: its title and its maximum.
pub(crate) fn criterion_header(title: &str, max: rust_decimal::Decimal) -> String {
    format!("{title}（满分{}）", crate::decimal::show(max))
}

/// Whether `header` heads the criterion with this id and title (with or without its maximum).
pub(crate) fn is_criterion(header: &str, id: &str, title: &str) -> bool {
    let h = header.trim();
    h.eq_ignore_ascii_case(id)
        || h == title
        || h.strip_prefix(title)
            .is_some_and(|rest| rest.starts_with('（') || rest.starts_with('('))
}

/// Headers of the columns every cohort has, by the names accepted (the first is written).
pub(crate) const ID: &[&str] = &["编号", "申报编号", "id"];
pub(crate) const NAME: &[&str] = &["名称", "申报组织名称", "name"];
pub(crate) const CATEGORY: &[&str] = &["申报类别", "类别", "category"];
/// Whether the applicant's records (history) are given: 有 (see the sheet), 无 (none), or
/// empty (not known: the clauses that need them are undetermined).
pub(crate) const HAS_RECORDS: &[&str] = &["不良记录", "records"];
pub(crate) const HAS_HISTORY: &[&str] = &["以往获奖", "history"];
pub(crate) const KIND: &[&str] = &["记录类别", "类别", "kind"];
pub(crate) const DATE: &[&str] = &["日期", "date"];
pub(crate) const YEAR: &[&str] = &["年度", "year"];
pub(crate) const TIER: &[&str] = &["奖项", "tier"];
pub(crate) const REVOKED: &[&str] = &["已撤销", "revoked"];
pub(crate) const CYCLE_YEAR: &[&str] = &["评定年度", "year"];
pub(crate) const DEADLINE: &[&str] = &["申报截止日期", "application_deadline"];
pub(crate) const PUBLICITY: &[&str] = &["公示开始日期", "publicity_start"];
pub(crate) const AWARD: &[&str] = &["奖项", "award"];
/// The words for yes and no, and for "given" and "none".
pub(crate) const YES: &str = "是";
/// How a choice cell says, on purpose, a value outside the list: `其他：个体工商户`.
pub(crate) const OTHER: &[&str] = &["其他：", "其他:", "other:"];
pub(crate) const NO: &str = "否";
pub(crate) const GIVEN: &str = "有";
pub(crate) const NONE: &str = "无";
/// An applicant row whose id starts so is the template's example and is not read.
pub(crate) const EXAMPLE: &str = "示例";

/// Whether `header` is one of `names` (case and surrounding space ignored).
pub(crate) fn is(header: &str, names: &[&str]) -> bool {
    let h = header.trim();
    names.iter().any(|n| h.eq_ignore_ascii_case(n))
}

/// What a column of the applicants sheet holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Column {
    Id,
    Name,
    Category,
    /// The declared field with this index.
    Field(usize),
    /// One year of the `decimal_by_year` field with this index.
    Year(usize, i32),
    /// The score of the stage with this id.
    Score(String),
    HasRecords,
    HasHistory,
    /// A header the policy does not know; read as an undeclared key (and reported).
    Unknown(String),
}

/// The header a template writes for a field.
pub(crate) fn field_header(f: &FieldDecl) -> String {
    f.title.zh.clone()
}

/// The header a template writes for one year of a `decimal_by_year` field.
pub(crate) fn year_header(f: &FieldDecl, year: i32) -> String {
    format!("{}（{year}年度）", f.title.zh)
}

/// The header a template writes for a stage's score.
pub(crate) fn score_header(title: &str) -> String {
    format!("{title}得分")
}

/// What the applicants-sheet column headed `header` holds under `policy`.
pub(crate) fn column(policy: &Policy, header: &str) -> Column {
    let h = header.trim();
    if is(h, ID) {
        return Column::Id;
    }
    // The name column, also under the heading the policy (or a category) gives it (姓名).
    let named = std::iter::once(&policy.meta.name_title)
        .chain(policy.categories.iter().map(|c| &c.policy.meta.name_title))
        .any(|t| t.zh == h || t.en.eq_ignore_ascii_case(h));
    if is(h, NAME) || named {
        return Column::Name;
    }
    if is(h, CATEGORY) && !policy.categories.is_empty() {
        return Column::Category;
    }
    if is(h, HAS_RECORDS) {
        return Column::HasRecords;
    }
    if is(h, HAS_HISTORY) {
        return Column::HasHistory;
    }
    let fields = &policy.model.fields;
    if let Some(i) = fields
        .iter()
        .position(|f| f.ty != FieldType::DecimalByYear && (f.title.zh == h || f.path == h))
    {
        return Column::Field(i);
    }
    for (i, f) in fields.iter().enumerate() {
        if f.ty != FieldType::DecimalByYear {
            continue;
        }
        for name in [f.title.zh.as_str(), f.path.as_str()] {
            if let Some(year) = h.strip_prefix(name).and_then(year_suffix) {
                return Column::Year(i, year);
            }
        }
    }
    for s in &policy.stages {
        let names = [
            score_header(&s.title.zh),
            s.title.zh.clone(),
            format!("scores.{}", s.id),
        ];
        if names.iter().any(|n| n == h) {
            return Column::Score(s.id.clone());
        }
    }
    Column::Unknown(h.to_owned())
}

/// The year in what follows a `decimal_by_year` field's name: `（2021年度）`, `(2021)`,
/// `.2021`, ` 2021`, `2021年`.
fn year_suffix(rest: &str) -> Option<i32> {
    let rest = rest.trim_start_matches([' ', '.', '（', '(', '[', '_', '-']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].trim();
    let tail_ok = [
        "",
        "年",
        "年度",
        "）",
        ")",
        "]",
        "年）",
        "年度）",
        "年)",
        "年度)",
    ]
    .contains(&after);
    (digits.len() == 4 && tail_ok)
        .then(|| digits.parse().ok())
        .flatten()
}

/// The years a template gives a `decimal_by_year` field for the award year `year`: the
/// widest window a rule reads it over (`each_year`), else the three years before.
pub(crate) fn years_of(policy: &Policy, field: &FieldDecl, year: i32) -> Vec<i32> {
    let span = policy
        .conditions
        .iter()
        .flat_map(|c| &c.clauses)
        .filter_map(|k| match &k.body {
            ClauseBody::EachYear {
                field: f, years, ..
            } if f.path() == field.path => Some(*years),
            _ => None,
        })
        .max()
        .unwrap_or(3);
    (year - span..year).collect()
}

/// The record field a records-sheet column headed `header` names for records of `kind`:
/// its key, matched by title or key.
pub(crate) fn record_field<'d>(kind: &'d RecordDecl, header: &str) -> Option<&'d FieldDecl> {
    let h = header.trim();
    kind.fields.iter().find(|f| f.title.zh == h || f.path == h)
}

/// The record kind a cell names, by id or Chinese title.
pub(crate) fn record_kind<'p>(policy: &'p Policy, text: &str) -> Option<&'p RecordDecl> {
    let t = text.trim();
    policy
        .model
        .records
        .iter()
        .map(|r| &**r)
        .find(|r| r.kind == t || r.title.zh == t)
}

/// Every tier of the policy (its own and its categories'), as (id, Chinese title), once each.
pub(crate) fn tiers(policy: &Policy) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let all = policy
        .tiers
        .iter()
        .chain(policy.categories.iter().flat_map(|c| c.policy.tiers.iter()));
    for t in all {
        if !out.iter().any(|(id, _)| *id == t.id) {
            out.push((t.id.clone(), t.title.zh.clone()));
        }
    }
    out
}

/// Puts `v` at the dotted `path` of an applicant.
pub(crate) fn put(
    a: &mut serde_json::Map<String, serde_json::Value>,
    path: &str,
    v: serde_json::Value,
) {
    let mut at = a;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            at.insert(part.to_owned(), v);
            break;
        }
        let next = at
            .entry(part.to_owned())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if !next.is_object() {
            *next = serde_json::Value::Object(serde_json::Map::new());
        }
        let Some(map) = next.as_object_mut() else {
            break; // made an object just above
        };
        at = map;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_column_is_read_in_the_forms_people_write() {
        for (rest, want) in [
            ("（2021年度）", Some(2021)),
            ("(2022)", Some(2022)),
            (".2023", Some(2023)),
            (" 2021年", Some(2021)),
            ("2021", Some(2021)),
            ("（21年度）", None),
            ("（2021年度）备注", None),
        ] {
            assert_eq!(year_suffix(rest), want, "{rest}");
        }
    }
}
