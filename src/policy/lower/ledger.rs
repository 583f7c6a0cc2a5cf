//! `[ledger]`: the identity that names an applicant across years must be a declared field,
//! and each ground of revocation has its own id.

use super::{provenance, text_of};
use crate::diag::text;
use crate::policy::doc::PolicyDoc;
use crate::policy::fields::{DataModel, FieldType};
use crate::policy::load::report::Cx;
use crate::policy::{Article, Ledger, Revocation};

pub(super) fn lower_ledger(
    cx: &mut Cx,
    doc: &PolicyDoc,
    articles: &[Article],
    model: &DataModel,
) -> Option<Ledger> {
    let l = doc.ledger.as_ref()?;
    match model.field(&l.identity) {
        Some((_, f)) if matches!(f.ty, FieldType::Text) => {}
        Some((_, f)) => cx.error_at(
            "policy::field-type",
            "/ledger/identity",
            text!(
                format!("`{}` 是 {} 类型的字段；能在各年份间认出申报者的须是文本字段（如统一社会信用代码）", l.identity, f.ty.name()),
                format!("`{}` is a {} field; the field that names an applicant across years must be text (such as a credit code)", l.identity, f.ty.name())
            ),
            text!(
                "在 [fields] 中声明一个 type = \"text\" 的字段，并在此写它的路径。",
                "declare a field with type = \"text\" in [fields] and write its path here"
            ),
        ),
        None => cx.error_at(
            "policy::unknown-field",
            "/ledger/identity",
            text!(
                format!("[fields] 中没有声明 `{}`", l.identity),
                format!("`{}` is not declared in [fields]", l.identity)
            ),
            text!(
                "在 [fields] 中声明该字段（如统一社会信用代码，type = \"text\"），或改写为已声明字段的路径。",
                "declare it in [fields] (a credit code, say, with type = \"text\"), or name a declared field"
            ),
        ),
    }
    let mut revocations: Vec<Revocation> = Vec::new();
    for (i, r) in l.revocation.iter().enumerate() {
        if r.id.is_empty() || revocations.iter().any(|o| o.id == r.id) {
            cx.error_at(
                "policy::duplicate-id",
                &format!("/ledger/revocation/{i}/id"),
                text!(
                    format!("撤销事由的 id `{}` 为空或重复", r.id),
                    format!("the revocation ground id `{}` is empty or used twice", r.id)
                ),
                text!(
                    "每项撤销事由用一个不同的 id，如 fraud、incident。",
                    "give each ground its own id, such as fraud or incident"
                ),
            );
        }
        revocations.push(Revocation {
            id: r.id.clone(),
            title: text_of(&r.title),
            cite: cx.cite(
                &format!("/ledger/revocation/{i}/cite"),
                r.cite.as_deref(),
                articles,
            ),
            recovers: text_of(&r.recovers),
            recovers_money: r.recovers_money,
            public_notice: r.public_notice,
            after_win: r.after_win,
        });
    }
    Some(Ledger {
        provenance: provenance(l.verified, &l.source, &l.note, &l.reading),
        identity: l.identity.clone(),
        proposal_cite: cx.cite(
            "/ledger/proposal_cite",
            l.proposal_cite.as_deref(),
            articles,
        ),
        approver: text_of(&l.approver),
        approval_cite: cx.cite(
            "/ledger/approval_cite",
            l.approval_cite.as_deref(),
            articles,
        ),
        objection_cite: cx.cite(
            "/ledger/objection_cite",
            l.objection_cite.as_deref(),
            articles,
        ),
        revocations,
    })
}
