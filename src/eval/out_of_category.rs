//! Data given for another category: a field value, a record or a stage score that the
//! applicant's category does not use. The rules of its category never read it, so it changes
//! nothing; it is said as a warning, since it usually means a row filled in under the wrong
//! category or a column filled in by mistake.

use crate::cohort::Cohort;
use crate::diag::text;
use crate::diag::Text;
use crate::policy::Policy;

/// At most this many applicants are named in a warning; the count says the rest.
const NAMED: usize = 10;

/// One warning per kind of thing given out of its category, naming the applicants.
pub(super) fn warnings(policy: &Policy, cohort: &Cohort, out: &mut Vec<Text>) {
    if policy.categories.is_empty() {
        return;
    }
    // What was given (in both languages), with the applicant who gave it.
    let mut owned: Vec<((String, String), &str)> = Vec::new();
    for row in cohort.rows() {
        let a = row.applicant;
        let Some(k) = a.category else {
            continue;
        };
        let category = &policy.categories[k];
        let of = |list: &Option<Vec<String>>| {
            list.as_ref().map_or_else(String::new, |l| {
                l.iter()
                    .filter_map(|id| policy.categories.iter().find(|c| &c.id == id))
                    .map(|c| c.title.zh.clone())
                    .collect::<Vec<_>>()
                    .join("、")
            })
        };
        for (f, value) in policy.model.fields.iter().zip(row.values) {
            if value.is_some() && !f.for_category(Some(&category.id)) {
                owned.push((
                    (
                        format!("“{}”（只适用于{}）", f.title.zh, of(&f.categories)),
                        format!(
                            "{} (for {} only)",
                            f.path,
                            f.categories.as_deref().unwrap_or(&[]).join(", ")
                        ),
                    ),
                    a.id.as_str(),
                ));
            }
        }
        for r in a.records.iter().flatten() {
            if !r.decl.for_category(Some(&category.id)) {
                owned.push((
                    (
                        format!(
                            "“{}”记录（只适用于{}）",
                            r.decl.title.zh,
                            of(&r.decl.categories)
                        ),
                        format!(
                            "a record of kind {} (for {} only)",
                            r.decl.kind,
                            r.decl.categories.as_deref().unwrap_or(&[]).join(", ")
                        ),
                    ),
                    a.id.as_str(),
                ));
            }
        }
        for (s, score) in policy.stages.iter().zip(&a.scores) {
            if score.is_some() && category.policy.stage(&s.id).is_none() {
                owned.push((
                    (
                        format!(
                            "“{}”得分（{}没有这一评审环节）",
                            s.title.zh, category.title.zh
                        ),
                        format!("a {} score ({} have no such stage)", s.id, category.id),
                    ),
                    a.id.as_str(),
                ));
            }
        }
    }
    // Grouped by what, in the order first met.
    let mut found: Vec<((String, String), Vec<&str>)> = Vec::new();
    for (what, id) in owned {
        match found.iter_mut().find(|(w, _)| *w == what) {
            Some((_, ids)) => ids.push(id),
            None => found.push((what, vec![id])),
        }
    }
    for ((zh, en), ids) in found {
        let named: Vec<&str> = ids.iter().take(NAMED).copied().collect();
        let more = ids.len().saturating_sub(NAMED);
        let (more_zh, more_en) = if more > 0 {
            (format!("等 {} 个", ids.len()), format!(" and {more} more"))
        } else {
            (String::new(), String::new())
        };
        out.push(text!(
            format!(
                "{} {}{more_zh} 填了{zh}，其所属类别的规则不读取，已忽略；请核对类别",
                policy.meta.applicant.zh,
                named.join("、")
            ),
            format!(
                "applicant(s) {}{more_en} give {en}, which their category's rules do not read: ignored; check the category",
                named.join(", ")
            )
        ));
    }
}
