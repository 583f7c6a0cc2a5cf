//! Changes to the policy's metadata: the validity window, the title, the document and its
//! provenance.

use super::{provenance, Builder};
use crate::diag::text;
use crate::policy::Policy;

pub(super) fn metadata(b: &mut Builder, old: &Policy, new: &Policy) {
    let (o, n) = (&old.meta, &new.meta);
    let cite = n.validity_cite.as_ref().or(o.validity_cite.as_ref());
    if o.effective != n.effective || o.expires != n.expires {
        let (a, z) = (o.span(), n.span());
        // The end of the window is a rule (the issuer's); a new start is an amendment's own.
        let path = if o.expires == n.expires {
            "policy.window"
        } else {
            "policy.expires"
        };
        // Said with dates as each language writes them; the values stay ISO dates.
        let (ow, nw) = (o.window(), n.window());
        b.push(
            cite,
            path.into(),
            "changed",
            text!(
                format!("有效期 {} → {}", ow.zh, nw.zh),
                format!("validity window {a} → {z}")
            ),
            Some(a.clone()),
            Some(z.clone()),
        );
    }
    if o.title != n.title {
        b.push(
            cite,
            "policy.title".into(),
            "changed",
            text!(
                format!("标题“{}” → “{}”", o.title.zh, n.title.zh),
                format!("title \"{}\" → \"{}\"", o.title.en, n.title.en)
            ),
            Some(o.title.en.clone()),
            Some(n.title.en.clone()),
        );
    }
    if o.document != n.document {
        b.push(
            cite,
            "policy.document".into(),
            "changed",
            text!(
                format!(
                    "文件 {} → {}",
                    o.document.as_deref().unwrap_or("—"),
                    n.document.as_deref().unwrap_or("—")
                ),
                format!(
                    "document {} → {}",
                    o.document.as_deref().unwrap_or("—"),
                    n.document.as_deref().unwrap_or("—")
                )
            ),
            o.document.clone(),
            n.document.clone(),
        );
    }
    let words = |x: &crate::diag::Text| format!("{} · {}", x.zh, x.en);
    if o.issuer != n.issuer {
        b.changed(
            cite,
            "policy.issuer",
            ("发布机关", "issuer"),
            &words(&o.issuer),
            &words(&n.issuer),
        );
    }
    if o.family != n.family {
        b.changed(
            cite,
            "policy.family",
            ("奖项", "award (family)"),
            &o.family,
            &n.family,
        );
    }
    if o.issued != n.issued {
        let day =
            |d: Option<crate::date::Date>| d.map_or_else(|| "—".to_owned(), |d| d.to_string());
        b.changed(
            cite,
            "policy.issued",
            ("发布日期", "issued"),
            &day(o.issued),
            &day(n.issued),
        );
    }
    if o.supersedes != n.supersedes {
        let list = |l: &[String]| {
            if l.is_empty() {
                "—".to_owned()
            } else {
                l.join(", ")
            }
        };
        let (was, now) = (list(&o.supersedes), list(&n.supersedes));
        b.push(
            cite,
            "policy.supersedes".into(),
            "changed",
            if o.supersedes.is_empty() {
                text!(format!("取代 {now}"), format!("supersedes {now}"))
            } else {
                text!(
                    format!("所取代的版本 {was} → {now}"),
                    format!("supersedes {was} → {now}")
                )
            },
            Some(was),
            Some(now),
        );
    }
    provenance(b, cite, "policy", "policy", &o.provenance, &n.provenance);
}
