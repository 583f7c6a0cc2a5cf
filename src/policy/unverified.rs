//! What of a policy is not verified against the official text: listed by path, named as a
//! Chinese reader knows it, placed in the policy document, and said as the warning every
//! result of the policy carries.

use super::{Citation, Policy, Provenance};

/// Whether an unverified item is a rule of reviewers' scores, leaned on only when a stage's
/// score is made from them.
pub fn is_panel_item(name: &str) -> bool {
    name.starts_with("criteria.") || name == "reviewers"
}

impl Policy {
    /// The warning a result carries about the unverified items, if there are any (kept in
    /// [`Policy::unverified_note`] when the policy is loaded). The rules of reviewers' scores
    /// are left to [`Policy::unverified_panel_warning`]: a result leans on them only when its
    /// scores were made from reviewers' scores.
    pub fn unverified_warning(&self) -> Option<crate::diag::Text> {
        let items: Vec<String> = self
            .unverified()
            .into_iter()
            .filter(|u| !is_panel_item(u))
            .collect();
        self.said_unverified(&items, None)
    }

    /// The warning a result made from reviewers' scores carries about the unverified rules of
    /// those scores (the criteria, the panel's stepping aside and disqualification).
    pub fn unverified_panel_warning(&self) -> Option<crate::diag::Text> {
        let items: Vec<String> = self
            .unverified()
            .into_iter()
            .filter(|u| is_panel_item(u))
            .collect();
        self.said_unverified(
            &items,
            Some((
                "评审员评分所依据的规则",
                "the rules the reviewers' scores follow",
            )),
        )
    }

    fn said_unverified(
        &self,
        unverified: &[String],
        of: Option<(&str, &str)>,
    ) -> Option<crate::diag::Text> {
        (!unverified.is_empty()).then(|| {
            let (of_zh, of_en) = of.map_or((String::new(), String::new()), |(zh, en)| {
                (format!("{zh}中"), format!(" in {en}"))
            });
            crate::diag::text!(
                format!(
                    "规则版本 {} {of_zh}含 {} 项未经核实的内容（须以官方文本核对）：{}",
                    self.meta.id,
                    unverified.len(),
                    unverified
                        .iter()
                        .map(|u| self.item_zh(u))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                format!(
                    "policy `{}` has {} unverified item(s){of_en} (to be checked against the official text): {}",
                    self.meta.id,
                    unverified.len(),
                    unverified.join(", ")
                )
            )
        })
    }

    /// Everything not marked verified, named by its path (`params.loss_free_years`,
    /// `conditions.ID`, `tiers.ID`, `policy` for the metadata), in file order.
    pub fn unverified(&self) -> Vec<String> {
        self.unverified_places()
            .into_iter()
            .map(|(name, _, _)| name)
            .collect()
    }

    /// An item of [`Policy::unverified`] as a Chinese reader knows it: by its title.
    pub fn item_zh(&self, name: &str) -> String {
        let (head, id) = name.split_once('.').unwrap_or((name, ""));
        let words = match head {
            "policy" => Some("规则版本基本信息".to_owned()),
            "params" => self
                .params
                .iter()
                .find(|p| p.name == id)
                .and_then(|p| p.title.as_ref())
                .map(|t| format!("参数“{}”", t.zh)),
            "conditions" => self.conditions.iter().find(|c| c.id == id).map(|c| {
                // A title two categories share is told apart by the category.
                let shared = self
                    .conditions
                    .iter()
                    .filter(|o| o.title.zh == c.title.zh)
                    .count()
                    > 1;
                let of: Vec<&str> = c
                    .categories
                    .iter()
                    .flatten()
                    .filter_map(|&k| self.categories.get(k))
                    .map(|k| k.title.zh.as_str())
                    .collect();
                if shared && !of.is_empty() {
                    format!("条件“{}”（{}）", c.title.zh, of.join("、"))
                } else {
                    format!("条件“{}”", c.title.zh)
                }
            }),
            "scoring" => Some("评定标准总分".to_owned()),
            "stages" => self
                .stages
                .iter()
                .find(|s| s.id == id)
                .map(|s| format!("{}权重", s.title.zh)),
            "criteria" => self
                .criteria
                .iter()
                .find(|c| c.id == id)
                .map(|c| format!("评分准则“{}”", c.title.zh)),
            "reviewers" => Some("评审员回避和取消资格的规则".to_owned()),
            "shortlist" => Some("入围规则".to_owned()),
            "ranking" => Some("排名规则".to_owned()),
            "tiers" => {
                // A category's own tier is named `ID@CATEGORY`.
                let (id, category) = id.split_once('@').unwrap_or((id, ""));
                let tiers = match self.categories.iter().find(|c| c.id == category) {
                    Some(c) => &c.policy.tiers,
                    None => &self.tiers,
                };
                tiers
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| format!("{}名额、得分要求和奖励", t.title.zh))
            }
            "caps" => self
                .caps
                .iter()
                .find(|c| c.tier == id)
                .map(|c| format!("“{}”各类别合计上限", self.cap_title(c).zh)),
            "publicity" => Some("公示期".to_owned()),
            _ => None,
        };
        words.unwrap_or_else(|| name.to_owned())
    }

    /// The unverified items with the JSON pointer of each in the policy document, and whether
    /// it says `verified = true` but is unverified only because its article number is not
    /// known (`cite = "unknown"`), which makes an item unverified whatever it says.
    pub fn unverified_places(&self) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        // Point at the `verified` key when there is one, else at the item.
        let mut check =
            |name: String, pointer: String, p: &Provenance, cites: &[Option<&Citation>]| {
                let unknown = cites.iter().flatten().any(|c| c.is_unknown());
                if !p.verified || unknown {
                    out.push((name, format!("{pointer}/verified"), p.verified));
                }
            };
        check(
            "policy".into(),
            "/policy".into(),
            &self.meta.provenance,
            &[],
        );
        for p in &self.params {
            check(
                format!("params.{}", p.name),
                format!("/params/{}", crate::pointer::escape(&p.name)),
                &p.provenance,
                &[p.cite.as_ref()],
            );
        }
        for (i, c) in self.conditions.iter().enumerate() {
            let group_unknown = c
                .clauses
                .iter()
                .find_map(|k| k.cite.as_ref().filter(|c| c.is_unknown()));
            check(
                format!("conditions.{}", c.id),
                format!("/conditions/{i}"),
                &c.provenance,
                &[Some(&c.cite), group_unknown],
            );
        }
        check(
            "scoring".into(),
            "/scoring".into(),
            &self.scoring.provenance,
            &[self.scoring.cite.as_ref()],
        );
        for (i, s) in self.stages.iter().enumerate() {
            check(
                format!("stages.{}", s.id),
                format!("/stages/{i}"),
                &s.provenance,
                &[s.cite.as_ref()],
            );
        }
        for (i, c) in self.criteria.iter().enumerate() {
            check(
                format!("criteria.{}", c.id),
                format!("/criteria/{i}"),
                &c.provenance,
                &[c.cite.as_ref()],
            );
        }
        if let Some(r) = &self.reviewers {
            check(
                "reviewers".into(),
                "/reviewers".into(),
                &r.provenance,
                &[r.conflict_cite.as_ref(), r.disqualification_cite.as_ref()],
            );
        }
        if let Some(s) = &self.shortlist {
            check(
                "shortlist".into(),
                "/shortlist".into(),
                &s.provenance,
                &[s.cite.as_ref()],
            );
        }
        check(
            "ranking".into(),
            "/ranking".into(),
            &self.ranking.provenance,
            &[self.ranking.cite.as_ref()],
        );
        for (i, t) in self.tiers.iter().enumerate() {
            check(
                format!("tiers.{}", t.id),
                format!("/tiers/{i}"),
                &t.provenance,
                &[
                    t.quota_cite.as_ref(),
                    t.threshold_cite.as_ref(),
                    t.amount_cite.as_ref(),
                ],
            );
        }
        // Each category's own tiers, where they are not the shared ones already listed.
        for c in &self.categories {
            for t in &c.policy.tiers {
                let shared = self
                    .tiers
                    .iter()
                    .any(|s| s.id == t.id && s.title == t.title);
                if !shared {
                    check(
                        format!("tiers.{}@{}", t.id, c.id),
                        "/tiers".into(),
                        &t.provenance,
                        &[
                            t.quota_cite.as_ref(),
                            t.threshold_cite.as_ref(),
                            t.amount_cite.as_ref(),
                        ],
                    );
                }
            }
        }
        check(
            "publicity".into(),
            "/publicity".into(),
            &self.publicity.provenance,
            &[self.publicity.cite.as_ref()],
        );
        for (i, c) in self.caps.iter().enumerate() {
            check(
                format!("caps.{}", c.tier),
                format!("/caps/{i}"),
                &c.provenance,
                &[c.cite.as_ref()],
            );
        }
        out
    }
}
