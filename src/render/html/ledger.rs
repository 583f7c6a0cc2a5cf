//! A year's decisions as a paper for the file: the evaluation it rests on, the candidates put
//! to the committee, the public notice and every objection with its ruling, the approval, the
//! money paid and any revocation with its public notice — each section under the article the
//! policy cites for it, in the policy's own nouns.

use std::fmt::Write as _;

use super::page::{escape, page, table};
use crate::diag::Lang;
use crate::ledger::book::Book;
use crate::ledger::entry::{Entry, Placed};
use crate::policy::{Citation, Policy};

/// What the paper rests on beyond the entries: the ledger's file and whether its chain holds.
pub struct Source<'a> {
    /// The ledger file, as named.
    pub ledger: &'a str,
    /// The last entry's hash.
    pub last_hash: &'a str,
    /// Whether `ledger verify` finds the chain whole.
    pub intact: bool,
}

fn cite(c: Option<&Citation>, lang: Lang) -> String {
    c.filter(|c| !c.is_unknown())
        .map(|c| {
            format!(
                "<span class=\"cite\">{}</span>",
                escape(&match lang {
                    Lang::Zh => format!("（{}）", c.render(lang)),
                    Lang::En => format!(" ({})", c.render(lang)),
                })
            )
        })
        .unwrap_or_default()
}

/// The tier's title as the policy names it, in the winner's category.
fn tier_title(policy: &Policy, p: &Placed, lang: Lang) -> String {
    let own = p
        .category
        .as_deref()
        .and_then(|c| policy.categories.iter().find(|k| k.id == c))
        .map_or(policy, |k| &k.policy);
    own.tiers
        .iter()
        .find(|t| t.id == p.tier)
        .map_or_else(|| p.tier.clone(), |t| t.title.get(lang).to_owned())
}

fn date(d: &str, lang: Lang) -> String {
    match (lang, crate::date::Date::parse(d)) {
        (Lang::Zh, Ok(d)) => d.zh(),
        _ => d.to_owned(),
    }
}

/// The paper of `year`'s decisions of `policy`'s award.
pub fn year(all: &[Entry], policy: &Policy, year: i32, source: &Source<'_>, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let award = &policy.meta.family;
    let book = Book::of(award, all);
    let rules = policy.ledger.as_ref();
    let noun = policy.meta.applicant.get(lang);
    let identity_title = rules
        .and_then(|l| policy.model.field(&l.identity))
        .map_or_else(String::new, |(_, f)| f.title.get(lang).to_owned());
    let name = policy.meta.award_name.get(lang);
    let title = if zh {
        format!("{year}年度{name}评定决定记录")
    } else {
        format!("{name}: the decisions of {year}")
    };
    let mut header = vec![
        (
            lang.pick("规则版本", "policy").to_owned(),
            format!("{}（{}）", policy.meta.title.get(lang), policy.meta.id),
        ),
        (
            lang.pick("台账", "ledger").to_owned(),
            source.ledger.to_owned(),
        ),
        (
            lang.pick("台账核验", "ledger check").to_owned(),
            if source.intact {
                lang.pick(
                    format!("完好（链尾哈希 {}）", source.last_hash),
                    format!("intact (last hash {})", source.last_hash),
                )
            } else {
                lang.pick(
                    "不完好：台账在 qaward 之外被改动，见 qaward ledger verify".to_owned(),
                    "broken: the ledger was changed outside qaward; see qaward ledger verify"
                        .to_owned(),
                )
            },
        ),
    ];
    let mut body = String::new();
    let run = book.run(year);
    if let Some((e, r)) = &run {
        header.push((
            lang.pick("评定", "evaluation").to_owned(),
            if zh {
                format!(
                    "台账第 {} 条：{}，{}，参考日期 {}",
                    e.seq,
                    r.cohort,
                    r.engine,
                    date(&r.reference, lang)
                )
            } else {
                format!(
                    "entry {}: {}, {}, reference date {}",
                    e.seq, r.cohort, r.engine, r.reference
                )
            },
        ));
        header.push((
            lang.pick("名单摘要", "cohort digest").to_owned(),
            r.cohort_digest.clone(),
        ));
        if let Some((name, digest)) = &r.reviews {
            header.push((
                lang.pick("评审员评分", "reviewers' scores").to_owned(),
                format!("{name} · {digest}"),
            ));
        }
        header.push((
            lang.pick("结果摘要", "result digest").to_owned(),
            r.result_digest.clone(),
        ));
        header.push((
            lang.pick("规则摘要", "policy digest").to_owned(),
            r.policy_digest.clone(),
        ));
    }

    // The candidates.
    let proposal = book.proposal(year);
    let _ = writeln!(
        body,
        "<h2>{}{}</h2>",
        lang.pick("候选名单", "The candidates"),
        cite(rules.and_then(|l| l.proposal_cite.as_ref()), lang)
    );
    let Some((p_entry, proposal)) = proposal else {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            lang.pick(
                "尚未提出候选名单。",
                "No candidates have been proposed yet."
            )
        );
        return page(lang, &title, &header, &body);
    };
    let headers: Vec<String> = if zh {
        vec![
            "编号".into(),
            policy.meta.name_title.zh.clone(),
            identity_title.clone(),
            "拟授奖项".into(),
            "总分".into(),
        ]
    } else {
        vec![
            "id".into(),
            policy.meta.name_title.en.clone(),
            identity_title.clone(),
            "tier".into(),
            "total".into(),
        ]
    };
    let rows: Vec<(Option<&str>, Vec<String>)> = proposal
        .candidates
        .iter()
        .map(|c| {
            (
                None,
                vec![
                    format!("<span class=\"id\">{}</span>", escape(&c.id)),
                    escape(c.name.as_deref().unwrap_or("")),
                    format!("<span class=\"id\">{}</span>", escape(&c.identity)),
                    escape(&tier_title(policy, c, lang)),
                    escape(c.total.as_deref().unwrap_or("")),
                ],
            )
        })
        .collect();
    let _ = write!(
        body,
        "<p>{}</p>\n{}",
        escape(&if zh {
            format!(
                "据台账第 {} 条评定提出（台账第 {} 条），共 {} 个{noun}。",
                proposal.run,
                p_entry.seq,
                proposal.candidates.len()
            )
        } else {
            format!(
                "Proposed from the evaluation of entry {} (entry {}): {} {noun}.",
                proposal.run,
                p_entry.seq,
                proposal.candidates.len()
            )
        }),
        table(&headers, &[4], &rows)
    );
    for r in &proposal.left_out {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            escape(&if zh {
                format!("未列入候选名单：{}（{}）", r.identity, r.reason)
            } else {
                format!("Left off the list: {} ({})", r.identity, r.reason)
            })
        );
    }

    // The notice and its objections.
    let _ = writeln!(
        body,
        "<h2>{}{}</h2>",
        lang.pick("社会公示", "The public notice"),
        cite(rules.and_then(|l| l.objection_cite.as_ref()), lang)
    );
    if let Some((from, to)) = &proposal.publicity {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            escape(&if zh {
                format!(
                    "公示期：{}至{}（{}）。",
                    date(from, lang),
                    date(to, lang),
                    policy.publicity.length().zh
                )
            } else {
                format!("Notice: {from} to {to} ({}).", policy.publicity.length().en)
            })
        );
    }
    let objections = book.objections(p_entry.seq);
    if objections.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            lang.pick(
                "公示期内未收到异议。",
                "No objection was received during the notice."
            )
        );
    } else {
        let headers: Vec<String> = if zh {
            vec![
                "台账编号".into(),
                "被异议者".into(),
                "收到日期".into(),
                "异议内容".into(),
                "认定".into(),
            ]
        } else {
            vec![
                "entry".into(),
                "concerning".into(),
                "received".into(),
                "objection".into(),
                "ruling".into(),
            ]
        };
        let rows: Vec<(Option<&str>, Vec<String>)> = objections
            .iter()
            .map(|o| {
                let who = o.entry.applicant.as_deref().unwrap_or("");
                let named = proposal
                    .candidates
                    .iter()
                    .find(|c| c.identity == who)
                    .and_then(|c| c.name.clone())
                    .unwrap_or_else(|| who.to_owned());
                let ruling = ruling_of(&book, o.entry.seq, lang);
                (
                    None,
                    vec![
                        o.entry.seq.to_string(),
                        escape(&named),
                        escape(&date(&o.objection.received, lang)),
                        escape(&o.objection.text),
                        escape(&ruling),
                    ],
                )
            })
            .collect();
        body.push_str(&table(&headers, &[0], &rows));
    }

    // The approval.
    let approver = rules.map_or("", |l| l.approver.get(lang));
    let _ = writeln!(
        body,
        "<h2>{}{}</h2>",
        lang.pick("批准", "The approval"),
        cite(rules.and_then(|l| l.approval_cite.as_ref()), lang)
    );
    let approval = book.approval(year);
    match &approval {
        None => {
            let _ = writeln!(
                body,
                "<p>{}</p>",
                escape(&lang.pick(
                    format!("尚未记录{approver}的批准。"),
                    format!("No approval by the {approver} is recorded yet.")
                ))
            );
        }
        Some((a_entry, a)) => {
            let _ = writeln!(
                body,
                "<p>{}</p>",
                escape(&if zh {
                    format!(
                        "{approver}{}批准（{}，台账第 {} 条），共 {} 个{noun}。",
                        date(&a.date, lang),
                        a.document,
                        a_entry.seq,
                        a.approved.len()
                    )
                } else {
                    format!(
                        "Approved by the {approver} on {} ({}, entry {}): {} {noun}.",
                        a.date,
                        a.document,
                        a_entry.seq,
                        a.approved.len()
                    )
                })
            );
            let headers: Vec<String> = if zh {
                vec![
                    "编号".into(),
                    policy.meta.name_title.zh.clone(),
                    "奖项".into(),
                    "奖金".into(),
                    "撤销".into(),
                ]
            } else {
                vec![
                    "id".into(),
                    policy.meta.name_title.en.clone(),
                    "tier".into(),
                    "paid".into(),
                    "revoked".into(),
                ]
            };
            let mut paid_total = rust_decimal::Decimal::ZERO;
            let mut currency = String::new();
            let rows: Vec<(Option<&str>, Vec<String>)> = a
                .approved
                .iter()
                .map(|p| {
                    let win = book
                        .wins(&p.identity)
                        .into_iter()
                        .find(|w| w.approval == a_entry.seq);
                    let paid = win.as_ref().and_then(|w| w.paid.clone());
                    if let Some((d, c)) = &paid {
                        paid_total += *d;
                        currency.clone_from(c);
                    }
                    let revoked = win.as_ref().and_then(|w| w.revoked.clone());
                    (
                        Some("tier"),
                        vec![
                            format!("<span class=\"id\">{}</span>", escape(&p.id)),
                            escape(p.name.as_deref().unwrap_or(&p.identity)),
                            escape(&tier_title(policy, p, lang)),
                            escape(&paid.map_or_else(
                                || {
                                    let before = book
                                        .wins(&p.identity)
                                        .iter()
                                        .filter(|w| {
                                            w.year < year
                                                && w.placed.tier == p.tier
                                                && w.revoked.is_none()
                                        })
                                        .map(|w| w.year)
                                        .chain(p.won_before)
                                        .min();
                                    match before {
                                        Some(y) => lang.pick(
                                            format!("不发放（{y}年已获得，非首次）"),
                                            format!("none (won in {y}: not a first win)"),
                                        ),
                                        None => lang.pick("尚未发放", "not yet paid").to_owned(),
                                    }
                                },
                                |(d, c)| {
                                    let on = book
                                        .payments()
                                        .into_iter()
                                        .find(|(e, f)| {
                                            f.approval == a_entry.seq
                                                && e.applicant.as_deref()
                                                    == Some(p.identity.as_str())
                                        })
                                        .map(|(_, f)| date(&f.date, lang))
                                        .unwrap_or_default();
                                    format!("{}（{on}）", crate::words::amount(d, &c, lang))
                                },
                            )),
                            escape(&revoked.map_or_else(String::new, |(seq, r)| {
                                if zh {
                                    format!(
                                        "{}撤销（{}，台账第 {seq} 条）",
                                        date(&r.date, lang),
                                        r.document
                                    )
                                } else {
                                    format!("revoked {} ({}, entry {seq})", r.date, r.document)
                                }
                            })),
                        ],
                    )
                })
                .collect();
            body.push_str(&table(&headers, &[3], &rows));
            if !currency.is_empty() {
                let _ = writeln!(
                    body,
                    "<p>{}</p>",
                    escape(&if zh {
                        format!(
                            "奖金合计 {}；非首次获得者不发放奖金。",
                            crate::words::amount(paid_total, &currency, lang)
                        )
                    } else {
                        format!(
                            "Paid in all: {}; no money for a repeat win.",
                            crate::words::amount(paid_total, &currency, lang)
                        )
                    })
                );
            }
            for f in &a.forced {
                let _ = writeln!(
                    body,
                    "<p class=\"warnings\">{}</p>",
                    escape(&if zh {
                        format!("注意：{} 未经常规程序批准，理由：{}", f.identity, f.reason)
                    } else {
                        format!(
                            "Note: {} was approved outside the usual steps, because: {}",
                            f.identity, f.reason
                        )
                    })
                );
            }
        }
    }

    // Revocations of this year's wins, with their notices.
    let revoked: Vec<_> = book
        .revocations()
        .into_iter()
        .filter(|(e, _)| e.year == year)
        .collect();
    if !revoked.is_empty() {
        let _ = writeln!(body, "<h2>{}</h2>", lang.pick("撤销", "Revocations"));
        for (e, r) in revoked {
            let ground = rules.and_then(|l| l.revocations.iter().find(|g| g.id == r.ground));
            let _ = writeln!(
                body,
                "<h3>{}{}</h3>",
                escape(&ground.map_or_else(|| r.ground.clone(), |g| g.title.get(lang).to_owned())),
                cite(ground.and_then(|g| g.cite.as_ref()), lang)
            );
            let recover = crate::decimal::parse(&r.recover)
                .map(|d| crate::words::amount(d, &r.currency, lang))
                .unwrap_or_else(|_| r.recover.clone());
            let who = e.applicant.as_deref().unwrap_or("");
            let named = approval
                .as_ref()
                .and_then(|(_, a)| a.approved.iter().find(|p| p.identity == who))
                .and_then(|p| p.name.clone())
                .map_or_else(|| who.to_owned(), |n| format!("{n}（{who}）"));
            let _ = writeln!(
                body,
                "<p>{}</p>",
                escape(&if zh {
                    format!(
                        "{named}：{}撤销（{}，台账第 {} 条），应收回奖金 {recover}。",
                        date(&r.date, lang),
                        r.document,
                        e.seq
                    )
                } else {
                    format!(
                        "{named}: revoked on {} ({}, entry {}); money to recover {recover}.",
                        r.date, r.document, e.seq
                    )
                })
            );
            if !r.reason.is_empty() {
                let _ = writeln!(
                    body,
                    "<p>{}{}</p>",
                    lang.pick("查实的事实：", "Found: "),
                    escape(&r.reason)
                );
            }
            if let Some(n) = &r.notice {
                let _ = writeln!(body, "<blockquote>{}</blockquote>", escape(n));
            }
        }
    }
    // Corrections: entries of this year taken back, and why.
    let voids: Vec<&Entry> = all
        .iter()
        .filter(|e| e.award == *award && e.year == year && e.is(crate::ledger::entry::Kind::Void))
        .collect();
    if !voids.is_empty() {
        let _ = writeln!(body, "<h2>{}</h2>", lang.pick("更正", "Corrections"));
        let _ = writeln!(body, "<ul>");
        for v in voids {
            let why = v
                .facts::<crate::ledger::entry::Void>()
                .map(|f| f.reason)
                .unwrap_or_default();
            let target = v.corrects.unwrap_or_default();
            let what = all
                .iter()
                .find(|e| e.seq == target)
                .and_then(|e| e.kind.as_ref().ok())
                .map_or_else(String::new, |k| k.title().get(lang).to_owned());
            let _ = writeln!(
                body,
                "<li>{}</li>",
                escape(&if zh {
                    format!(
                        "台账第 {} 条作废第 {target} 条（{what}），理由：{why}（{}，{}）",
                        v.seq,
                        v.who,
                        &v.recorded[..v.recorded.len().min(10)]
                    )
                } else {
                    format!(
                        "entry {} voids entry {target} ({what}): {why} ({}, {})",
                        v.seq,
                        v.who,
                        &v.recorded[..v.recorded.len().min(10)]
                    )
                })
            );
        }
        let _ = writeln!(body, "</ul>");
    }
    page(lang, &title, &header, &body)
}

/// How objection `seq` was ruled on, in words.
fn ruling_of(book: &Book<'_>, seq: i64, lang: Lang) -> String {
    use crate::ledger::entry::{Kind, Ruling};
    let of = |kind| {
        book.live(kind)
            .filter_map(|e| e.facts::<Ruling>())
            .find(|r| r.objection == seq)
    };
    let ruled = of(Kind::Uphold)
        .map(|r| (true, r))
        .or_else(|| of(Kind::Dismiss).map(|r| (false, r)));
    match ruled {
        Some((true, r)) => lang.pick(
            format!("成立（{}，{}）", date(&r.date, lang), r.reason),
            format!("upheld ({}, {})", r.date, r.reason),
        ),
        Some((false, r)) => lang.pick(
            format!("不成立（{}，{}）", date(&r.date, lang), r.reason),
            format!("dismissed ({}, {})", r.date, r.reason),
        ),
        None => lang.pick("待认定", "not yet ruled on").to_owned(),
    }
}
