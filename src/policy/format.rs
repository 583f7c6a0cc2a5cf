//! The shape of the policy format in one place: the format's name, the sections an amendment
//! or a what-if may set key by key, the lists whose entries are named by id, and the order
//! `qaward fmt` writes keys in. `schemas/policy.schema.json` is the full description; the tests
//! below hold these lists to it.

/// The `format` of a policy file.
pub const FORMAT: &str = "qaward.policy.v1";

/// Sections that are one table of keys, set key by key by amendments and overrides.
pub(crate) const KEYED_SECTIONS: [&str; 4] = ["scoring", "shortlist", "ranking", "publicity"];

/// Lists whose entries are named by their `id`.
pub(crate) const ID_LISTS: [&str; 3] = ["conditions", "stages", "tiers"];

/// The order in which `qaward fmt` writes sections and keys.
pub(crate) mod order {
    /// The order of top-level sections.
    pub(crate) const SECTIONS: &[&str] = &[
        "format",
        "articles",
        "policy",
        "amendment",
        "params",
        "categories",
        "conditions",
        "scoring",
        "stages",
        "criteria",
        "reviewers",
        "shortlist",
        "ranking",
        "tiers",
        "caps",
        "publicity",
        "authority",
        "ledger",
        "fields",
        "records",
    ];
    pub(crate) const META: &[&str] = &[
        "id",
        "extends",
        "family",
        "title",
        "issuer",
        "document",
        "issued",
        "effective",
        "expires",
        "supersedes",
        "decision",
        "committee",
        "validity_cite",
        "award_name",
        "applicant",
        "name_title",
        "next_steps",
        "verified",
        "source",
        "note",
        "reading",
    ];
    pub(crate) const FIELD: &[&str] = &[
        "type",
        "new",
        "title",
        "description",
        "values",
        "labels",
        "ordered",
        "unit",
        "place",
        "when_no",
        "min",
        "max",
        "required",
        "categories",
        "cite",
    ];
    pub(crate) const RECORD: &[&str] = &["new", "title", "categories", "fields"];
    pub(crate) const PARAM: &[&str] = &[
        "value", "new", "cite", "title", "verified", "source", "note", "reading",
    ];
    pub(crate) const CONDITION: &[&str] = &[
        "id",
        "change",
        "after",
        "cite",
        "verified",
        "source",
        "title",
        "note",
        "reading",
        "enabled",
        "categories",
        "clauses",
    ];
    pub(crate) const CLAUSE: &[&str] = &[
        "id",
        "kind",
        "title",
        "note",
        "reading",
        "when",
        "field",
        "years_param",
        "op",
        "value",
        "param",
        "ref",
        "record_kind",
        "window_param",
        "where",
        "except",
        "unless",
        "script",
        "inputs",
        "decides_with_missing",
        "cite",
        "any_of",
    ];
    pub(crate) const STAGE: &[&str] = &[
        "id",
        "category",
        "title",
        "weight",
        "criteria",
        "aggregate",
        "min_panel",
        "decimals",
        "cite",
        "verified",
        "source",
        "note",
        "reading",
    ];
    pub(crate) const REVIEWERS: &[&str] = &[
        "conflict_cite",
        "disqualification_cite",
        "disqualified_scores",
        "verified",
        "source",
        "note",
        "reading",
    ];
    pub(crate) const CRITERIA: &[&str] = &[
        "id", "title", "items", "cite", "verified", "source", "note", "reading",
    ];
    pub(crate) const CATEGORY: &[&str] = &[
        "id",
        "title",
        "applicant",
        "name_title",
        "cite",
        "verified",
        "source",
        "note",
        "reading",
    ];
    pub(crate) const TIER: &[&str] = &[
        "id",
        "category",
        "title",
        "quota",
        "may_be_fewer",
        "threshold",
        "amount",
        "currency",
        "cite",
        "verified",
        "source",
        "note",
        "reading",
    ];
    pub(crate) const SECTION: &[&str] = &[
        "category",
        "total",
        "standards_param",
        "stage",
        "size",
        "include_ties",
        "tie_break",
        "days",
        "day_kind",
        "civil_code",
        "calendar",
        "cite",
        "verified",
        "source",
        "note",
        "reading",
    ];
    pub(crate) const AUTHORITY: &[&str] = &["items", "by", "cite", "why"];
    pub(crate) const LEDGER: &[&str] = &[
        "identity",
        "proposal_cite",
        "approver",
        "approval_cite",
        "objection_cite",
        "verified",
        "source",
        "note",
        "reading",
        "revocation",
    ];
    pub(crate) const REVOCATION: &[&str] = &[
        "id",
        "title",
        "cite",
        "recovers",
        "recovers_money",
        "public_notice",
        "after_win",
    ];
    pub(crate) const CAP: &[&str] = &[
        "tier",
        "categories",
        "max",
        "rule",
        "cite",
        "verified",
        "source",
        "note",
        "reading",
    ];
    pub(crate) const INLINE: &[&str] = &[
        "zh",
        "en",
        "number",
        "date",
        "body",
        "may_change",
        "quota",
        "threshold",
        "amount",
        "field",
        "op",
        "value",
        "param",
        "ref",
    ];
}

#[cfg(test)]
mod tests {
    use super::order::*;
    use super::*;
    use serde_json::Value;

    fn keys(v: &Value) -> Vec<String> {
        v["properties"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn covers(order: &[&str], schema_keys: &[String], what: &str) {
        for k in schema_keys {
            assert!(
                order.contains(&k.as_str()),
                "{what}: fmt has no place for `{k}`"
            );
        }
    }

    /// Every key the schemas allow has a place in fmt's order, and the keyed sections and
    /// id lists are the schema's.
    #[test]
    fn the_lists_agree_with_the_schemas() {
        let policy: Value = serde_json::from_str(crate::schema::POLICY).unwrap();
        let amendment: Value = serde_json::from_str(crate::schema::AMENDMENT).unwrap();
        let p = &policy["properties"];
        covers(SECTIONS, &keys(&policy), "sections");
        covers(SECTIONS, &keys(&amendment), "amendment sections");
        covers(META, &keys(&p["policy"]), "policy");
        covers(PARAM, &keys(&policy["$defs"]["param"]), "params");
        covers(FIELD, &keys(&policy["$defs"]["field"]), "fields");
        covers(RECORD, &keys(&policy["$defs"]["record"]), "records");
        covers(
            CONDITION,
            &keys(&policy["$defs"]["condition"]),
            "conditions",
        );
        covers(CLAUSE, &keys(&policy["$defs"]["clause"]), "clauses");
        covers(STAGE, &keys(&p["stages"]["items"]), "stages");
        covers(TIER, &keys(&p["tiers"]["items"]), "tiers");
        covers(CATEGORY, &keys(&p["categories"]["items"]), "categories");
        covers(CAP, &keys(&p["caps"]["items"]), "caps");
        covers(AUTHORITY, &keys(&p["authority"]["items"]), "authority");
        for s in KEYED_SECTIONS {
            // A section written once per category is a table or a list of tables.
            let table = p[s].get("then").unwrap_or(&p[s]);
            covers(SECTION, &keys(table), s);
            assert!(table["type"] == "object", "{s} is a table");
            assert!(
                amendment["properties"].get(s).is_some(),
                "amendments may set {s}"
            );
        }
        for l in ID_LISTS {
            assert!(p[l]["type"] == "array", "{l} is a list");
        }
        assert_eq!(p["format"]["const"], FORMAT);
    }
}
