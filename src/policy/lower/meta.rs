//! Lowering the policy's metadata: format, id, validity window and the article list that
//! citations are checked against.

use super::{provenance, text_of};
use crate::diag::text;
use crate::policy::doc::PolicyDoc;
use crate::policy::format::FORMAT;
use crate::policy::load::report::{Cx, Loaded};
use crate::policy::{Article, Committee, Decision, Meta};

/// The metadata and the article list.
pub(super) fn lower_meta(cx: &mut Cx, doc: &PolicyDoc, files: &Loaded) -> (Meta, Vec<Article>) {
    if doc.format != FORMAT {
        cx.error_at(
            "policy::format",
            "/format",
            text!(
                format!("不认识的格式 `{}`", doc.format),
                format!("unknown format `{}`", doc.format)
            ),
            text!(
                format!("写作 format = \"{FORMAT}\"。"),
                format!("write format = \"{FORMAT}\"")
            ),
        );
    }
    let m = &doc.policy;
    if let Some(dir) = files.origin.file_name().and_then(|n| n.to_str()) {
        if dir != m.id && !files.origin.as_os_str().is_empty() {
            cx.error_at(
                "policy::id-mismatch",
                "/policy/id",
                text!(
                    format!("规则版本编号 `{}` 与所在目录名 `{dir}` 不一致", m.id),
                    format!(
                        "the policy id `{}` differs from its directory name `{dir}`",
                        m.id
                    )
                ),
                text!(
                    "把目录改名为规则版本编号，或改正编号，使二者相同。",
                    "rename the directory or the id so that they match"
                ),
            );
        }
    }
    if let Some(expires) = m.expires.filter(|e| m.effective > *e) {
        cx.error_at(
            "policy::window-reversed",
            "/policy/expires",
            text!(
                format!("有效期颠倒：生效 {} 晚于失效 {expires}", m.effective),
                format!(
                    "the validity window is reversed: effective {} is after expires {expires}",
                    m.effective
                )
            ),
            text!(
                "effective 应不晚于 expires。",
                "`effective` must be on or before `expires`"
            ),
        );
    }

    let mut articles: Vec<Article> = Vec::new();
    for (i, a) in doc.articles.iter().enumerate() {
        if articles.iter().any(|b| b.number == a.number) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("/articles/{i}/number"),
                text!(
                    format!("第 {} 条重复列出", a.number),
                    format!("article {} is listed twice", a.number)
                ),
                text!("每条只列一次。", "list each article once"),
            );
        }
        articles.push(Article {
            number: a.number,
            paragraphs: a.paragraphs,
            items: a.items,
            title: a.title.as_ref().map(text_of),
        });
    }
    let validity_cite = cx.cite(
        "/policy/validity_cite",
        m.validity_cite.as_deref(),
        &articles,
    );
    let meta = Meta {
        id: m.id.clone(),
        family: m.family.clone(),
        title: text_of(&m.title),
        issuer: text_of(&m.issuer),
        document: m.document.clone(),
        issued: m.issued,
        effective: m.effective,
        expires: m.expires,
        supersedes: m.supersedes.clone(),
        validity_cite,
        next_steps: m.next_steps.as_ref().map(text_of),
        award_name: m
            .award_name
            .as_ref()
            .map_or_else(|| text_of(&m.title), text_of),
        name_title: m
            .name_title
            .as_ref()
            .map_or_else(|| crate::diag::Text::new("名称", "Name"), text_of),
        applicant: m
            .applicant
            .as_ref()
            .map_or_else(|| crate::diag::Text::new("申报者", "applicant"), text_of),
        provenance: provenance(m.verified, &m.source, &m.note, &m.reading),
        extends: m.extends.clone(),
        decision: m.decision.as_ref().map(|d| Decision {
            number: d.number.clone(),
            date: d.date,
            body: d.body.clone(),
        }),
        committee: m.committee.as_ref().map(|c| Committee {
            body: c.body.clone(),
            may_change: c
                .may_change
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    cx.cite(
                        &format!("/policy/committee/may_change/{i}"),
                        Some(t),
                        &articles,
                    )
                })
                .collect(),
            cite: cx.cite("/policy/committee/cite", c.cite.as_deref(), &articles),
        }),
    };
    (meta, articles)
}
