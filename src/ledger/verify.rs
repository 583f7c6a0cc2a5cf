//! `ledger verify`: every entry numbered in turn, pointing at the hash of the one before, its
//! own hash what its contents call for, and each recorded result the one its run names — so an
//! entry edited, removed or inserted outside qaward is found, at its number.

use super::entry::{Entry, Kind, Run, GENESIS};
use crate::diag::{text, Text};

/// One thing wrong with the chain, at an entry.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The entry's number.
    pub seq: i64,
    /// What is wrong.
    pub what: Text,
}

/// What is wrong with `entries` and `results` (run number → result document); empty when the
/// chain holds.
pub fn verify(entries: &[Entry], results: &[(i64, String)]) -> Vec<Broken> {
    let mut out = Vec::new();
    let mut prev = GENESIS.to_owned();
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.seq != expected_seq {
            out.push(Broken {
                seq: e.seq,
                what: text!(
                    format!("编号不连续：应为第 {expected_seq} 条（其前有记录被删除或插入）"),
                    format!("numbered out of turn: entry {expected_seq} was expected (one before it was removed or inserted)")
                ),
            });
        }
        if e.prev != prev {
            out.push(Broken {
                seq: e.seq,
                what: text!(
                    "与前一条记录的链接不符（前一条被改动、删除或替换）",
                    "does not point at the entry before it (that one was edited, removed or replaced)"
                ),
            });
        }
        if e.hash != e.expected_hash() {
            out.push(Broken {
                seq: e.seq,
                what: text!(
                    "内容与其哈希不符：在 qaward 之外被改动",
                    "its contents do not match its hash: edited outside qaward"
                ),
            });
        }
        if let Err(kind) = &e.kind {
            out.push(Broken {
                seq: e.seq,
                what: text!(
                    format!("未知的记录类型 `{kind}`"),
                    format!("an unknown kind of entry `{kind}`")
                ),
            });
        }
        if e.is(Kind::Run) {
            let named = e.facts::<Run>().map(|r| r.result_digest);
            let stored = results
                .iter()
                .find(|(s, _)| *s == e.seq)
                .map(|(_, r)| crate::digest::of_bytes(r.as_bytes()));
            if named.is_none() || named != stored {
                out.push(Broken {
                    seq: e.seq,
                    what: text!(
                        "所存的评定结果与记录中的摘要不符（结果被改动或缺失）",
                        "the stored result does not match the digest its entry names (edited or missing)"
                    ),
                });
            }
        }
        prev = e.hash.clone();
    }
    for (seq, _) in results {
        if !entries.iter().any(|e| e.seq == *seq && e.is(Kind::Run)) {
            out.push(Broken {
                seq: *seq,
                what: text!(
                    "存有评定结果，却没有对应的评定记录",
                    "a result is stored without the run entry it belongs to"
                ),
            });
        }
    }
    out
}

/// The entry whose hash was noted (on a paper, or by an earlier `verify`) must still be in the
/// chain: the chain alone cannot tell entries cut from its end, the noted hash can.
pub fn still_there(entries: &[Entry], noted: &str) -> Option<Broken> {
    if entries.iter().any(|e| e.hash == noted) {
        return None;
    }
    Some(Broken {
        seq: entries.last().map_or(0, |e| e.seq),
        what: text!(
            format!("记下的链尾哈希 {noted} 已不在台账中：其后（或其本身）的记录被删除或改动"),
            format!("the noted hash {noted} is no longer in the ledger: it, or entries up to it, were removed or changed")
        ),
    })
}
