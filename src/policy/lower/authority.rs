//! `[[authority]]`: the items the text leaves to the committee, or does not settle, each with
//! the article that says so and why. Every item must name something the policy has.

use super::text_of;
use crate::diag::text;
use crate::policy::doc::PolicyDoc;
use crate::policy::load::report::Cx;
use crate::policy::{Article, Authority, AuthorityKind};

pub(super) fn lower_authority(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
) -> Vec<Authority> {
    let mut out = Vec::new();
    for (i, a) in doc.authority.iter().enumerate() {
        let by = match a.by.as_str() {
            "committee" => AuthorityKind::Committee,
            _ => AuthorityKind::Unsettled,
        };
        for (j, item) in a.items.iter().enumerate() {
            if let Some(why) = unknown_item(doc, item) {
                cx.error_at(
                    "policy::unknown-reference",
                    &format!("/authority/{i}/items/{j}"),
                    text!(
                        format!("[[authority]] 中的 `{item}` 不是本规则版本的内容：{}", why.zh),
                        format!("`{item}` in [[authority]] names nothing this policy has: {}", why.en)
                    ),
                    text!(
                        "写作 diff 和 --set 所用的路径，如 ranking.tie_break、shortlist.include_ties、params.NAME、tiers.ID.quota。",
                        "write a path as diff and --set name it, such as ranking.tie_break, shortlist.include_ties, params.NAME, tiers.ID.quota"
                    ),
                );
            }
        }
        out.push(Authority {
            items: a.items.clone(),
            by,
            cite: cx.cite(&format!("/authority/{i}/cite"), a.cite.as_deref(), articles),
            why: text_of(&a.why),
        });
    }
    out
}

/// Why `item` names nothing the policy has, if it does not.
fn unknown_item(doc: &PolicyDoc, item: &str) -> Option<crate::diag::Text> {
    let mut parts = item.split('.');
    let section = parts.next().unwrap_or("");
    // Any section of the format, but not the file's own frame.
    let frame = ["format", "articles", "amendment", "authority"];
    if !crate::policy::format::order::SECTIONS.contains(&section) || frame.contains(&section) {
        return Some(text!(
            format!("没有 `{section}` 这一部分"),
            format!("there is no section `{section}`")
        ));
    }
    let name = parts.next()?;
    let known = match section {
        "params" => doc.params.contains_key(name),
        "conditions" => doc.conditions.iter().any(|c| c.id == name),
        "stages" => doc.stages.iter().any(|s| s.id == name),
        "tiers" => doc.tiers.iter().any(|t| t.id == name),
        _ => true,
    };
    (!known).then(|| {
        text!(
            format!("`{section}` 中没有 `{name}`"),
            format!("`{section}` has no `{name}`")
        )
    })
}
