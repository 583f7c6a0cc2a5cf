//! What changed between two policy versions, as a paper: which documents, the rule changes as
//! tables under the article they concern (old and new side by side), the provenance and
//! metadata changes folded away, and the impact on a cohort as a table.

use std::fmt::Write as _;

use super::page::{escape, page, table};
use crate::compare::Comparison;
use crate::diag::Lang;
use crate::diff::{Change, PolicyDiff};
use crate::policy::{Citation, Policy};

/// What a change is, in words.
fn kind_word(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("added", Lang::Zh) => "新增",
        ("removed", Lang::Zh) => "删除",
        (_, Lang::Zh) => "修改",
        ("added", Lang::En) => "added",
        ("removed", Lang::En) => "removed",
        (_, Lang::En) => "changed",
    }
}

/// The sentence without the article it starts with (the heading says it).
fn without_lead<'s>(sentence: &'s str, cite: Option<&str>, lang: Lang) -> &'s str {
    let Some(c) = cite.and_then(|c| Citation::parse(c).ok()) else {
        return sentence;
    };
    let lead = match lang {
        Lang::Zh => format!("{}：", c.render(Lang::Zh)),
        Lang::En => format!("{c}: "),
    };
    sentence.strip_prefix(lead.as_str()).unwrap_or(sentence)
}

/// An old or new value as the reader's language writes it: in Chinese, yes/no as 是/否, an
/// article in its Chinese form (第N条第（I）项, not `Art. N(I)`), an amount with its currency as 20万元.
fn value(v: Option<&str>, lang: Lang) -> String {
    let Some(v) = v else {
        return "—".to_owned();
    };
    if lang == Lang::En {
        return v.to_owned();
    }
    match v {
        "true" => return "是".to_owned(),
        "false" => return "否".to_owned(),
        _ => {}
    }
    if let Some((n, currency)) = v.split_once(' ') {
        if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()) {
            if let Ok(d) = crate::decimal::parse(n) {
                return crate::words::amount(d, currency, Lang::Zh);
            }
        }
    }
    if v.starts_with("Art.") {
        if let Ok(c) = Citation::parse(v) {
            return c.render(Lang::Zh);
        }
    }
    v.to_owned()
}

/// Changes grouped under their article, in the regulation's order, as tables.
fn grouped(changes: &[&Change], lang: Lang) -> String {
    let mut out = String::new();
    let headers: Vec<String> = [
        lang.pick("改动", "Change"),
        lang.pick("内容", "What"),
        lang.pick("原规定", "Before"),
        lang.pick("新规定", "After"),
    ]
    .map(str::to_owned)
    .to_vec();
    let mut i = 0;
    while i < changes.len() {
        let cite = changes[i].cite.clone();
        let mut j = i;
        while j < changes.len() && changes[j].cite == cite {
            j += 1;
        }
        let heading = cite
            .as_deref()
            .and_then(|c| Citation::parse(c).ok())
            .map_or_else(
                || lang.pick("未注明条文", "No article").to_owned(),
                |c| c.render(lang),
            );
        let _ = writeln!(out, "<h3>{}</h3>", escape(&heading));
        let rows: Vec<(Option<&str>, Vec<String>)> = changes[i..j]
            .iter()
            .map(|c| {
                let mut what = escape(without_lead(c.sentence.get(lang), cite.as_deref(), lang));
                if !c.script.is_empty() {
                    what.push_str("<pre>");
                    for l in &c.script {
                        let class = match l.tag {
                            '-' => "old",
                            '+' => "new",
                            _ => "same",
                        };
                        let _ = write!(what, "<span class=\"{class}\">{}", l.tag);
                        for (emph, s) in &l.pieces {
                            if *emph {
                                let _ = write!(what, "<mark>{}</mark>", escape(s));
                            } else {
                                what.push_str(&escape(s));
                            }
                        }
                        what.push_str("</span>\n");
                    }
                    what.push_str("</pre>");
                }
                (
                    None,
                    vec![
                        kind_word(c.kind, lang).to_owned(),
                        what,
                        format!(
                            "<span class=\"old\">{}</span>",
                            escape(&value(c.before.as_deref(), lang))
                        ),
                        format!(
                            "<span class=\"new\">{}</span>",
                            escape(&value(c.after.as_deref(), lang))
                        ),
                    ],
                )
            })
            .collect();
        out.push_str(&table(&headers, &[], &rows));
        i = j;
    }
    out
}

/// The paper for two versions and, when given, the impact on a cohort named `cohort`.
pub fn render(
    d: &PolicyDiff,
    old: &Policy,
    new: &Policy,
    impact_on: Option<(&Comparison, &str)>,
    notices: &[crate::diag::Text],
    lang: Lang,
) -> String {
    let describe = |p: &Policy| {
        // A title that already names the id (an amendment's "（修正 ID）") is not told it again.
        let title = p.meta.title.get(lang);
        let mut s = if title.contains(p.meta.id.as_str()) {
            title.to_owned()
        } else {
            format!("{title}（{}）", p.meta.id)
        };
        if let Some(doc) = &p.meta.document {
            let _ = write!(s, "，{doc}");
        }
        let _ = write!(
            s,
            "，{}{}",
            lang.pick("有效期 ", "in force "),
            p.meta.window().get(lang)
        );
        s
    };
    let mut header = vec![
        (lang.pick("原版本", "Old version").to_owned(), describe(old)),
        (lang.pick("新版本", "New version").to_owned(), describe(new)),
        (
            lang.pick("原规则摘要", "Old digest").to_owned(),
            old.digest.clone(),
        ),
        (
            lang.pick("新规则摘要", "New digest").to_owned(),
            new.digest.clone(),
        ),
    ];
    if let Some((_, name)) = impact_on {
        header.push((lang.pick("申报名单", "Cohort").to_owned(), name.to_owned()));
    }
    header.push((
        lang.pick("程序版本", "Engine").to_owned(),
        format!("qaward {}", env!("CARGO_PKG_VERSION")),
    ));
    let (rules, readings, text) = crate::render::diff::sections(d);
    let mut body = String::new();
    let ws: Vec<String> = notices.iter().map(|n| n.get(lang).to_owned()).collect();
    body.push_str(&super::page::notes(&ws));
    let _ = writeln!(
        body,
        "<h2 class=\"first\">{}</h2>",
        escape(&lang.pick(
            format!("规则改动（{} 处）", rules.len()),
            format!("Rule changes ({})", rules.len())
        ))
    );
    if rules.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            lang.pick("规则没有改动。", "No rule changes.")
        );
    }
    body.push_str(&grouped(&rules, lang));
    if !readings.is_empty() {
        let _ = writeln!(
            body,
            "<h2>{}</h2>",
            escape(&lang.pick(
                format!("读法改动（{} 处）", readings.len()),
                format!("Readings ({})", readings.len())
            ))
        );
        body.push_str(&grouped(&readings, lang));
    }
    if let Some((c, _)) = impact_on {
        let _ = writeln!(
            body,
            "<h2>{}</h2>",
            escape(&lang.pick(
                format!("对{}的影响", c.applicant.zh),
                "Impact on the cohort".to_owned()
            ))
        );
        body.push_str(&super::compare::impact(c, lang));
    }
    if !text.is_empty() {
        // Folded on screen; on paper a line says where they are, so the heading never stands
        // alone at the foot of a page.
        let _ = writeln!(
            body,
            "<section class=\"folded\">\n<h2>{}</h2>\n<p class=\"print-only\">{}</p>\n<details>\n<summary>{}</summary>",
            escape(&lang.pick(
                format!("出处与元数据（{} 处）", text.len()),
                format!("Provenance and metadata ({})", text.len())
            )),
            escape(lang.pick(
                "出处、核实状态等的改动不影响评定，纸本中不逐条列出；需要时用 qaward diff --format md 查看。",
                "Changes to sources, verification and the like do not change an outcome and are not listed on paper; see qaward diff --format md."
            )),
            lang.pick("展开", "Show")
        );
        body.push_str(&grouped(&text, lang));
        body.push_str("</details>\n</section>\n");
    }
    let title = lang.pick(
        format!("规则版本差异：{} → {}", d.old, d.new),
        format!("Policy changes: {} → {}", d.old, d.new),
    );
    page(lang, &title, &header, &body)
}
