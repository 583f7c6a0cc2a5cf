//! The ledger shown: every entry in a line (number, date, step, who it concerns, the facts that
//! matter), then for each year the state of its decisions — candidates, objections, approved,
//! paid, revoked — and the same entries as JSON for programs.

use std::fmt::Write as _;

use crate::diag::Lang;
use crate::ledger::book::Book;
use crate::ledger::entry::{
    Approval, Entry, Kind, Objection, Payment, Proposal, Revocation, Ruling, Run, Void,
};
use crate::render::sheets::{Cell, Table};

/// The entries as a JSON array: each entry's columns, its facts parsed.
pub fn json(entries: &[&Entry]) -> String {
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "seq": e.seq,
                "recorded": e.recorded,
                "who": e.who,
                "kind": e.kind.as_ref().map_or_else(|k| k.clone(), |k| k.name().to_owned()),
                "award": e.award,
                "year": e.year,
                "applicant": e.applicant,
                "corrects": e.corrects,
                "facts": serde_json::from_str::<serde_json::Value>(&e.body).unwrap_or_default(),
                "hash": e.hash,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&list).unwrap_or_default();
    out.push('\n');
    out
}

/// The entries chosen, a line each, then each of their years' decisions as they stand (read
/// from `all`, so a correction outside the years shown still counts).
pub fn text(all: &[Entry], chosen: &[&Entry], year: Option<i32>, lang: Lang) -> String {
    let mut out = String::new();
    if chosen.is_empty() {
        let none = match year {
            Some(y) => lang.pick(
                format!("台账中没有 {y} 年度的记录。\n"),
                format!("The ledger holds nothing of {y}.\n"),
            ),
            None => lang
                .pick("台账中没有记录。\n", "The ledger holds no entries.\n")
                .to_owned(),
        };
        out.push_str(&none);
        return out;
    }
    for e in chosen {
        let kind = e
            .kind
            .as_ref()
            .map_or_else(|k| k.clone(), |k| k.title().get(lang).to_owned());
        let voided = Book::of(&e.award, all).is_voided(e.seq);
        let _ = writeln!(
            out,
            "#{:<4} {} {:<6} {}{}{}{}",
            e.seq,
            &e.recorded[..e.recorded.len().min(10)],
            e.year,
            kind,
            e.applicant
                .as_deref()
                .map(|a| format!(" · {a}"))
                .unwrap_or_default(),
            facts(e, lang),
            if voided {
                lang.pick("（已作废）", " (voided)")
            } else {
                ""
            }
        );
    }
    let mut years: Vec<(&str, i32)> = chosen.iter().map(|e| (e.award.as_str(), e.year)).collect();
    years.sort_unstable();
    years.dedup();
    for (award, year) in years {
        out.push('\n');
        out.push_str(&year_state(all, award, year, lang));
    }
    out
}

/// What an entry says, briefly.
fn facts(e: &Entry, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let Ok(kind) = e.kind else {
        return String::new();
    };
    match kind {
        Kind::Run => e.facts::<Run>().map_or_else(String::new, |r| {
            if zh {
                format!("：{}，{}，获评 {} 个", r.policy, r.cohort, r.placed.len())
            } else {
                format!(": {}, {}, {} placed", r.policy, r.cohort, r.placed.len())
            }
        }),
        Kind::Propose => e.facts::<Proposal>().map_or_else(String::new, |p| {
            let window = p
                .publicity
                .map(|(a, b)| {
                    if zh {
                        format!("，公示 {a} 至 {b}")
                    } else {
                        format!(", notice {a} to {b}")
                    }
                })
                .unwrap_or_default();
            if zh {
                format!(
                    "：候选 {} 个{window}（据第 {} 条）",
                    p.candidates.len(),
                    p.run
                )
            } else {
                format!(
                    ": {} candidates{window} (from entry {})",
                    p.candidates.len(),
                    p.run
                )
            }
        }),
        Kind::Object => e.facts::<Objection>().map_or_else(String::new, |o| {
            if zh {
                format!("：{} 收到，“{}”", o.received, o.text)
            } else {
                format!(": received {}, “{}”", o.received, o.text)
            }
        }),
        Kind::Uphold | Kind::Dismiss => e.facts::<Ruling>().map_or_else(String::new, |r| {
            if zh {
                format!("：第 {} 条异议，{}，{}", r.objection, r.date, r.reason)
            } else {
                format!(": objection {}, {}, {}", r.objection, r.date, r.reason)
            }
        }),
        Kind::Approve => e.facts::<Approval>().map_or_else(String::new, |a| {
            if zh {
                format!(
                    "：{}（{}），批准 {} 个",
                    a.document,
                    a.date,
                    a.approved.len()
                )
            } else {
                format!(
                    ": {} ({}), {} approved",
                    a.document,
                    a.date,
                    a.approved.len()
                )
            }
        }),
        Kind::Pay => e.facts::<Payment>().map_or_else(String::new, |p| {
            let amount = crate::decimal::parse(&p.amount)
                .map(|d| crate::words::amount(d, &p.currency, lang))
                .unwrap_or(p.amount.clone());
            if zh {
                format!("：{}，{amount}，{}", p.tier, p.date)
            } else {
                format!(": {}, {amount}, {}", p.tier, p.date)
            }
        }),
        Kind::Revoke => e.facts::<Revocation>().map_or_else(String::new, |r| {
            let amount = crate::decimal::parse(&r.recover)
                .map(|d| crate::words::amount(d, &r.currency, lang))
                .unwrap_or(r.recover.clone());
            if zh {
                format!(
                    "：{}，{}（{}），收回奖金 {amount}",
                    r.ground, r.document, r.date
                )
            } else {
                format!(
                    ": {}, {} ({}), money to recover {amount}",
                    r.ground, r.document, r.date
                )
            }
        }),
        Kind::Void => e.facts::<Void>().map_or_else(String::new, |v| {
            let target = e.corrects.unwrap_or_default();
            if zh {
                format!("：作废第 {target} 条，{}", v.reason)
            } else {
                format!(": voids entry {target}, {}", v.reason)
            }
        }),
    }
}

/// A year's decisions as they stand: each candidate and what became of it.
fn year_state(all: &[Entry], award: &str, year: i32, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let book = Book::of(award, all);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        if zh {
            format!("{year} 年度（{award}）")
        } else {
            format!("{year} ({award})")
        }
    );
    let Some((p_entry, proposal)) = book.proposal(year) else {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick("尚未提出候选名单", "no candidates proposed yet")
        );
        return out;
    };
    let approval = book.approval(year);
    let objections = book.objections(p_entry.seq);
    for c in &proposal.candidates {
        let name = c.name.as_deref().unwrap_or(&c.identity);
        let mut steps: Vec<String> = Vec::new();
        for o in objections
            .iter()
            .filter(|o| o.entry.applicant.as_deref() == Some(&c.identity))
        {
            let said = &o.objection.text;
            steps.push(match (o.upheld, zh) {
                (Some(true), true) => format!("异议“{said}”成立（第 {} 条）", o.entry.seq),
                (Some(false), true) => format!("异议“{said}”不成立（第 {} 条）", o.entry.seq),
                (None, true) => format!("异议“{said}”待认定（第 {} 条）", o.entry.seq),
                (Some(true), false) => format!("objection “{said}” upheld (entry {})", o.entry.seq),
                (Some(false), false) => {
                    format!("objection “{said}” dismissed (entry {})", o.entry.seq)
                }
                (None, false) => format!("objection “{said}” open (entry {})", o.entry.seq),
            });
        }
        let wins = book.wins(&c.identity);
        let win = approval
            .as_ref()
            .and_then(|(a, _)| wins.iter().find(|w| w.approval == a.seq));
        match (win, approval.is_some()) {
            (Some(w), _) => {
                steps.push(lang.pick("已批准", "approved").to_owned());
                if let Some((paid, currency)) = &w.paid {
                    let amount = crate::words::amount(*paid, currency, lang);
                    steps.push(if zh {
                        format!("已发放 {amount}")
                    } else {
                        format!("paid {amount}")
                    });
                }
                if let Some((seq, r)) = &w.revoked {
                    steps.push(if zh {
                        format!("已撤销（第 {seq} 条，{}）", r.ground)
                    } else {
                        format!("revoked (entry {seq}, {})", r.ground)
                    });
                }
            }
            (None, true) => steps.push(lang.pick("未获批准", "not approved").to_owned()),
            (None, false) => {}
        }
        let _ = writeln!(
            out,
            "  {} {} · {} · {}{}",
            c.id,
            name,
            c.identity,
            c.tier,
            if steps.is_empty() {
                String::new()
            } else {
                format!(" — {}", steps.join(lang.pick("；", "; ")))
            }
        );
    }
    for r in &proposal.left_out {
        let _ = writeln!(
            out,
            "  {} {}",
            r.identity,
            if zh {
                format!("未列入候选名单：{}", r.reason)
            } else {
                format!("left off the list: {}", r.reason)
            }
        );
    }
    out
}

/// The entries as a sheet: one row each, its facts said briefly.
pub(crate) fn entries_sheet(all: &[Entry], chosen: &[&Entry], lang: Lang) -> Table {
    let zh = lang == Lang::Zh;
    let rows = chosen
        .iter()
        .map(|e| {
            let kind = e
                .kind
                .as_ref()
                .map_or_else(|k| k.clone(), |k| k.title().get(lang).to_owned());
            let said = facts(e, lang);
            let said = said.trim_start_matches(['：', ':', ' ']).to_owned();
            let voided = Book::of(&e.award, all).is_voided(e.seq);
            vec![
                Cell::Number(e.seq.into()),
                Cell::Text(e.recorded.clone()),
                Cell::Text(e.who.clone()),
                Cell::Text(kind),
                Cell::Text(e.award.clone()),
                Cell::Number(e.year.into()),
                Cell::Text(e.applicant.clone().unwrap_or_default()),
                e.corrects.map_or(Cell::Empty, |c| Cell::Number(c.into())),
                Cell::Text(said),
                Cell::Text(if voided {
                    lang.pick("已作废", "voided").to_owned()
                } else {
                    String::new()
                }),
                Cell::Text(e.hash.clone()),
            ]
        })
        .collect();
    let h = |a: &str, b: &str| if zh { a.to_owned() } else { b.to_owned() };
    Table {
        name: h("台账", "ledger"),
        headers: vec![
            h("编号", "entry"),
            h("记录时间（UTC）", "recorded (UTC)"),
            h("记录人", "by"),
            h("类型", "kind"),
            h("奖项", "award"),
            h("年度", "year"),
            h("申报者", "applicant"),
            h("更正", "voids"),
            h("内容", "facts"),
            h("状态", "state"),
            h("哈希", "hash"),
        ],
        rows,
    }
}

/// The entries as CSV (UTF-8 with a BOM; no cell a spreadsheet would run as a formula).
pub fn csv(all: &[Entry], chosen: &[&Entry], lang: Lang) -> String {
    crate::render::sheets::table_csv(&entries_sheet(all, chosen, lang))
}

/// Every approved win of the years chosen, a row each: who, which tier, the approval, the
/// money paid and any revocation, amounts as numbers a spreadsheet can add up.
pub(crate) fn wins_sheet(all: &[Entry], chosen: &[&Entry], lang: Lang) -> Table {
    let zh = lang == Lang::Zh;
    let mut years: Vec<(&str, i32)> = chosen.iter().map(|e| (e.award.as_str(), e.year)).collect();
    years.sort_unstable();
    years.dedup();
    let mut rows = Vec::new();
    for (award, year) in years {
        let book = Book::of(award, all);
        let Some((a_entry, approval)) = book.approval(year) else {
            continue;
        };
        let payments = book.payments();
        for p in &approval.approved {
            let win = book
                .wins(&p.identity)
                .into_iter()
                .find(|w| w.approval == a_entry.seq);
            let paid = payments.iter().find(|(e, f)| {
                f.approval == a_entry.seq && e.applicant.as_deref() == Some(p.identity.as_str())
            });
            let revoked = win.as_ref().and_then(|w| w.revoked.clone());
            let num = |d: Option<rust_decimal::Decimal>| d.map_or(Cell::Empty, Cell::Number);
            rows.push(vec![
                Cell::Number(year.into()),
                Cell::Text(p.id.clone()),
                Cell::Text(p.name.clone().unwrap_or_default()),
                Cell::Text(p.identity.clone()),
                Cell::Text(p.tier.clone()),
                Cell::Text(approval.document.clone()),
                Cell::Text(approval.date.clone()),
                num(paid.and_then(|(_, f)| crate::decimal::parse(&f.amount).ok())),
                Cell::Text(paid.map(|(_, f)| f.date.clone()).unwrap_or_default()),
                Cell::Text(
                    revoked
                        .as_ref()
                        .map(|(_, r)| r.date.clone())
                        .unwrap_or_default(),
                ),
                Cell::Text(
                    revoked
                        .as_ref()
                        .map(|(_, r)| r.ground.clone())
                        .unwrap_or_default(),
                ),
                num(revoked
                    .as_ref()
                    .and_then(|(_, r)| crate::decimal::parse(&r.recover).ok())),
            ]);
        }
    }
    let h = |a: &str, b: &str| if zh { a.to_owned() } else { b.to_owned() };
    Table {
        name: h("获奖与奖金", "wins and money"),
        headers: vec![
            h("年度", "year"),
            h("编号", "id"),
            h("名称", "name"),
            h("身份", "identity"),
            h("奖项", "tier"),
            h("批准文件", "approving document"),
            h("批准日期", "approved on"),
            h("奖金", "paid"),
            h("发放日期", "paid on"),
            h("撤销日期", "revoked on"),
            h("撤销事由", "ground"),
            h("应收回", "to recover"),
        ],
        rows,
    }
}

/// The entries and the wins as a workbook of two sheets.
pub fn xlsx(
    all: &[Entry],
    chosen: &[&Entry],
    lang: Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    crate::render::sheets::workbook(&[
        entries_sheet(all, chosen, lang),
        wins_sheet(all, chosen, lang),
    ])
}
