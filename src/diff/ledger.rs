//! `[ledger]`: who is known across years by what, who approves, and the grounds of revocation
//! with what each takes back — the rules of the decisions after an evaluation.

use super::{by_id, provenance, Builder, Pair};
use crate::diag::text;
use crate::policy::{Ledger, Policy, Revocation};

pub(super) fn ledger(b: &mut Builder, old: &Policy, new: &Policy) {
    let (o, n) = match (&old.ledger, &new.ledger) {
        (None, None) => return,
        (Some(o), Some(n)) => (o, n),
        (None, Some(n)) => {
            return section(
                b,
                n,
                "added",
                "规定了评定后决定的记录规则（[ledger]）",
                "rules for recording the decisions after an evaluation ([ledger]) added",
            );
        }
        (Some(o), None) => {
            return section(
                b,
                o,
                "removed",
                "删除了评定后决定的记录规则（[ledger]）",
                "the rules for recording the decisions after an evaluation ([ledger]) removed",
            );
        }
    };
    if o.identity != n.identity {
        b.changed(
            None,
            "ledger.identity",
            (
                "台账识别申报者所用的字段",
                "the field the ledger knows an applicant by",
            ),
            &o.identity,
            &n.identity,
        );
    }
    if o.approver != n.approver {
        b.changed(
            n.approval_cite.as_ref(),
            "ledger.approver",
            ("批准机关", "who approves"),
            &o.approver.zh,
            &n.approver.zh,
        );
    }
    if !b.names.iter().any(|(p, _)| p == "ledger") {
        b.names.push(("ledger".to_owned(), "台账规则".to_owned()));
    }
    provenance(
        b,
        n.approval_cite.as_ref(),
        "ledger",
        "the rules of the ledger",
        &o.provenance,
        &n.provenance,
    );
    for pair in by_id(&o.revocations, &n.revocations, |r| &r.id) {
        match pair {
            Pair::Added(r) => ground(b, r, "added", "增加撤销事由", "ground of revocation added"),
            Pair::Removed(r) => {
                ground(
                    b,
                    r,
                    "removed",
                    "删除撤销事由",
                    "ground of revocation removed",
                );
            }
            Pair::Both(was, now) => {
                let says = |r: &Revocation| {
                    format!(
                        "{}：{}{}{}{}",
                        r.title.zh,
                        r.recovers.zh,
                        if r.recovers_money {
                            "（收回奖金）"
                        } else {
                            ""
                        },
                        if r.public_notice {
                            "（向社会公告）"
                        } else {
                            ""
                        },
                        if r.after_win {
                            "（须发生在获奖后）"
                        } else {
                            ""
                        }
                    )
                };
                if says(was) != says(now) {
                    b.changed(
                        now.cite.as_ref(),
                        &format!("ledger.revocation.{}", now.id),
                        ("撤销事由", "ground of revocation"),
                        &says(was),
                        &says(now),
                    );
                }
            }
        }
    }
}

fn section(b: &mut Builder, l: &Ledger, kind: &'static str, zh: &str, en: &str) {
    b.push(
        l.approval_cite.as_ref(),
        "ledger".into(),
        kind,
        text!(
            format!(
                "{zh}：由{}批准，撤销事由 {} 项",
                l.approver.zh,
                l.revocations.len()
            ),
            format!(
                "{en}: approved by {}, {} ground(s) of revocation",
                l.approver.en,
                l.revocations.len()
            )
        ),
        None,
        None,
    );
}

fn ground(b: &mut Builder, r: &Revocation, kind: &'static str, zh: &str, en: &str) {
    b.push(
        r.cite.as_ref(),
        format!("ledger.revocation.{}", r.id),
        kind,
        text!(
            format!("{zh}“{}”：{}", r.title.zh, r.recovers.zh),
            format!("{en} “{}”: {}", r.title.en, r.recovers.en)
        ),
        None,
        None,
    );
}
