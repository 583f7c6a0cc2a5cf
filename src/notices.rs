//! What the reader of a comparison must be told before its results: a change that only the
//! issuing body could make (beyond what the policy's committee may change), and policies with
//! items not verified against the official text. Said by `whatif`, `compare`, `sweep` and
//! `diff` alike.

use crate::diag::{text, Lang, Text};

/// A notice for each change of a what-if that only the issuing body could make (outside what
/// the policy's committee may change): the variant goes beyond the measures as they stand.
pub(crate) fn beyond_the_committee(
    base: &crate::policy::Policy,
    variant: &crate::policy::Policy,
) -> Vec<Text> {
    let Some(committee) = &base.meta.committee else {
        return Vec::new();
    };
    crate::diff::diff(base, variant, &base.meta.id, &variant.meta.id)
        .changes
        .into_iter()
        .filter(|ch| !ch.is_about_the_text() && !ch.fewer_places_allowed(base))
        .filter_map(|ch| {
            // What the policy declares the committee's, or unsettled by the text, is said so.
            if let Some(a) = base.authority_over(&ch.path) {
                let cite = a.cite.as_ref();
                return Some(text!(
                    format!(
                        "注意：{}{}；此改动在{}职权之内（{}）。",
                        a.why.zh,
                        cite.map(|c| format!("（{}）", c.render(Lang::Zh))).unwrap_or_default(),
                        committee.body,
                        ch.sentence.zh
                    ),
                    format!(
                        "note: {}{}; this change is within the committee's ({}) remit ({})",
                        a.why.en,
                        cite.map(|c| format!(" ({c})")).unwrap_or_default(),
                        committee.body,
                        ch.sentence.en
                    )
                ));
            }
            let cite = crate::policy::Citation::parse(ch.cite.as_deref()?).ok()?;
            (!committee.may(&cite)).then(|| {
                text!(
                    format!("注意：{}由{}规定，{}无权调整；此变动超出现行办法，仅作假设分析（{}）。", cite.render(Lang::Zh), base.meta.issuer.zh, committee.body, ch.sentence.zh),
                    format!("note: {} is set by the {}, not adjustable by the committee ({}); this change goes beyond the measures as they stand — a what-if only ({})", cite, base.meta.issuer.en, committee.body, ch.sentence.en)
                )
            })
        })
        .collect()
}

/// A notice for each compared policy with items not verified against the official text.
pub(crate) fn unverified(policies: &[&crate::policy::Policy]) -> Vec<Text> {
    let mut seen: Vec<&str> = Vec::new();
    policies
        .iter()
        .filter(|p| {
            let new = !seen.contains(&p.meta.id.as_str());
            seen.push(&p.meta.id);
            new
        })
        .filter_map(|p| {
            // The rules of reviewers' scores are said by the result that leans on them.
            let items: Vec<String> = p
                .unverified()
                .into_iter()
                .filter(|u| !crate::policy::unverified::is_panel_item(u))
                .collect();
            let items_zh: Vec<String> = items.iter().map(|u| p.item_zh(u)).collect();
            (!items.is_empty()).then(|| {
                text!(
                    format!("注意：规则版本 {} 含 {} 项未经核实的内容（{}），比较结果须以官方文本核对。", p.meta.id, items.len(), items_zh.join("、")),
                    format!("note: `{}` has {} unverified item(s) ({}); check the comparison against the official text", p.meta.id, items.len(), items.join(", "))
                )
            })
        })
        .collect()
}
