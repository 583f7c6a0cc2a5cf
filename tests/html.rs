//! Papers for the committee (issue 13): one self-contained page, a header block naming what it
//! rests on, and pictures whose lines sit at the policy's numbers.

use crate::common::*;

fn paper(lang: &str) -> String {
    ok_stdout(&qaward(&[
        "eval", SAMPLE, "--format", "html", "--lang", lang,
    ]))
}

#[test]
fn the_eval_paper_is_self_contained_and_says_what_it_rests_on() {
    let html = paper("zh");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    for needed in [
        "<html lang=\"zh-CN\">",
        "<th scope=\"row\">规则版本</th><td>《无锡市市长质量奖评定管理办法》（2024年）（wuxi-2024）</td>",
        "<th scope=\"row\">印发文件</th>",
        "<th scope=\"row\">有效期</th><td>2024年4月1日至2029年3月31日</td>",
        "<th scope=\"row\">参考日期</th><td>2024年9月1日</td>",
        "<th scope=\"row\">申报名单</th><td>cohort-2024.json</td>",
        "<th scope=\"row\">名单摘要</th><td>sha256:",
        "<th scope=\"row\">规则摘要</th><td>sha256:",
        "<th scope=\"row\">程序版本</th><td>qaward ",
        "\"Noto Sans CJK SC\"",
        "\"Microsoft YaHei\"",
        "@page { size: A4;",
        "thead { display: table-header-group; }",
        "拟授予 5 / 名额 5",
        "<span class=\"cite\">第十条第（三）项</span>",
    ] {
        assert!(html.contains(needed), "{needed} missing");
    }
    // No scripts, no links out, no images from elsewhere: one file that prints as it is.
    for banned in ["<script", "href=", "src=", "@import", "url("] {
        assert!(!html.contains(banned), "{banned} found");
    }
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count(),
        "the only address is SVG's namespace"
    );
    // Deterministic: the same inputs give the same bytes.
    assert_eq!(html, paper("zh"));
}

#[test]
fn the_pictures_put_thresholds_cut_off_and_quotas_at_their_numbers() {
    let html = paper("en");
    // Thresholds at 60% and 50% of the standard's total of 1000; the material cut-off at 665.
    assert!(
        html.contains("<line class=\"mark\" data-value=\"600\""),
        "{html}"
    );
    assert!(
        html.contains("<line class=\"mark\" data-value=\"500\""),
        "{html}"
    );
    assert!(
        html.contains("<line class=\"mark\" data-value=\"665\""),
        "{html}"
    );
    // The threshold line sits where a bar of that value ends.
    let x_of_mark = |v: &str| -> f64 {
        let at = html.find(&format!("data-value=\"{v}\" x1=\"")).unwrap();
        let rest = &html[at + format!("data-value=\"{v}\" x1=\"").len()..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    let left = 170.0;
    let plot = 900.0 - 170.0 - 190.0;
    assert!((x_of_mark("600") - (left + plot * 0.6)).abs() < 0.11);
    assert!((x_of_mark("500") - (left + plot * 0.5)).abs() < 0.11);
    // A bar per ranked applicant in the totals chart, and quota lines after the 5th and 11th.
    assert_eq!(html.matches("<line class=\"quota\"").count(), 2, "{html}");
    assert!(
        html.contains("Mayor's Quality Award: 5 proposed / 5 places"),
        "{html}"
    );
    assert!(
        html.contains("<rect class=\"bar\" data-value=\"852.35\""),
        "{html}"
    );
}

#[test]
fn the_diff_paper_groups_rule_changes_by_article_and_shows_the_impact_as_a_table() {
    let html = ok_stdout(&qaward(&[
        "diff",
        "wuxi-2024",
        "examples/amendments/wuxi-2024-rank5",
        "--cohort",
        SAMPLE,
        "--format",
        "html",
    ]));
    for needed in [
        "<th scope=\"row\">原版本</th>",
        "<th scope=\"row\">新规则摘要</th><td>sha256:",
        "<th scope=\"row\">申报名单</th><td>cohort-2024.json</td>",
        "<h2 class=\"first\">规则改动（1 处）</h2>",
        "<h3>第十条第（三）项</h3>",
        "<td>修改</td><td>参数“市内同行业排名上限”：3 → 5</td><td><span class=\"old\">3</span></td><td><span class=\"new\">5</span></td>",
        "<h2>对申报组织的影响</h2>",
        "其余 10 个申报组织仅排名或总分变化，结果不变",
        "<details>",
    ] {
        assert!(html.contains(needed), "{needed} missing:\n{html}");
    }
    // The impact is a table, not terminal text in a <pre>.
    assert!(!html.contains("<pre class=\"impact\">"), "{html}");
}

#[test]
fn the_what_if_paper_shows_who_moves_between_tiers() {
    let html = ok_stdout(&qaward(&[
        "whatif",
        SAMPLE,
        "--set",
        "params.industry_rank_limit=5",
        "--set",
        "tiers.award.quota=6",
        "--format",
        "html",
    ]));
    for needed in [
        "<th scope=\"row\">假设的改动</th><td>params.industry_rank_limit=5; tiers.award.quota=6</td>",
        "<th scope=\"row\">申报名单</th><td>cohort-2024.json</td>",
        "<p>注意：第三条第二款由无锡市人民政府规定",
        // Each move marked on its line with how many make it, the names listed by mark
        // (names on the lines ran over the boxes and each other).
        ">① 1个</text>",
        "：无锡示例新能源装备有限公司</li>",
        "：无锡示例物流有限公司、无锡示例智能制造有限公司</li>",
        "奖励合计</strong>：",
        "<td><span class=\"id\">WX2024-028</span></td>",
    ] {
        assert!(html.contains(needed), "{needed} missing:\n{html}");
    }
    // Three moves: nominee → award; shortlisted → off the list (two applicants); ineligible → nominee.
    assert_eq!(html.matches("<line class=\"move\"").count(), 3, "{html}");
    assert!(!html.contains("<script"));
    // compare takes it too.
    let html = ok_stdout(&qaward(&[
        "compare",
        SAMPLE,
        "--policy",
        "wuxi-2017",
        "--policy",
        "wuxi-2024",
        "--format",
        "html",
    ]));
    assert!(
        html.contains("<h1>版本比较：wuxi-2017 → wuxi-2024</h1>"),
        "{html}"
    );
}

#[test]
fn the_explain_paper_traces_one_applicant_with_citations() {
    let html = ok_stdout(&qaward(&[
        "explain",
        SAMPLE,
        "--applicant",
        "WX2024-029",
        "--format",
        "html",
    ]));
    for needed in [
        "<h1>WX2024-029 无锡示例船舶配件有限公司：评定过程说明</h1>",
        "<th scope=\"row\">规则摘要</th><td>sha256:",
        "<strong>申报资格：不符合申报条件</strong>",
        "<span class=\"cite\">第十条第（三）项</span>",
        "&emsp;近三年未发生亏损</td><td><span class=\"fail\">不符合</span></td><td>年度利润（亏损为负数）2022年度为-35.2",
        "读法：经营规模、实现利税、总资产贡献率三项排名均须位居前3位",
    ] {
        assert!(html.contains(needed), "{needed} missing:\n{html}");
    }
    assert!(
        !html.contains(">true<") && !html.contains(">false<"),
        "{html}"
    );
}

/// The digest a paper names is of the cohort's bytes as given: the file's, or the same bytes
/// given on standard input.
#[test]
fn the_paper_names_the_cohorts_own_digest_from_a_file_or_standard_input() {
    use sha2::{Digest, Sha256};
    use std::io::Write;
    let bytes = std::fs::read(workdir().join(SAMPLE)).unwrap();
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let row = format!("<th scope=\"row\">名单摘要</th><td>sha256:{hex}</td>");
    assert!(paper("zh").contains(&row), "{row} missing");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["eval", "-", "--format", "html"])
        .current_dir(workdir())
        .env_remove("QAWARD_POLICIES")
        .env_remove("QAWARD_LANG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let html = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    assert!(
        html.contains(&row),
        "{row} missing from the paper of standard input"
    );
}
