//! The committee's paper seen in a real browser (issue 13): headless Chromium opens the eval
//! report, lays out the Chinese text with a real font (not empty boxes), draws the chart with
//! the threshold lines where the bars say they are, and prints it to PDF on A4. A screenshot
//! and the PDF are kept under `target/browser/` (not committed).
//!
//! `.ci/run` installs Chromium and a CJK font (Debian: chromium, fonts-noto-cjk) when missing;
//! on a developer's machine without Chromium the test says so and passes, unless `CI` is set.

use crate::common::*;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The Chromium to drive: `QAWARD_CHROMIUM`, else the first of the usual names on the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("QAWARD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
    .find(|p| p.is_file())
}

fn headless(browser: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(args)
        .output()
        .expect("chromium runs")
}

/// What the page measures of itself once laid out, written into its title for `--dump-dom`.
const PROBE: &str = r#"<script>
(function () {
  function pixels(text) {
    var c = document.createElement('canvas'); c.width = 48; c.height = 48;
    var g = c.getContext('2d');
    g.font = '36px ' + getComputedStyle(document.body).fontFamily;
    g.fillText(text, 4, 40);
    return Array.prototype.join.call(g.getImageData(0, 0, 48, 48).data, ',');
  }
  var han = pixels('锡'), box = pixels('\uE000'), blank = pixels(' ');
  var h1 = document.querySelector('h1').getBoundingClientRect();
  var bar = document.querySelector('rect.bar'), marks = [];
  if (bar) {
    var b = bar.getBoundingClientRect(), v = parseFloat(bar.getAttribute('data-value'));
    marks = Array.prototype.map.call(document.querySelectorAll('line.mark'), function (m) {
      var r = m.getBoundingClientRect();
      return { value: parseFloat(m.getAttribute('data-value')), x: r.left, expected: b.left + b.width * parseFloat(m.getAttribute('data-value')) / v };
    });
  }
  // The print layout: the page's print rules applied on screen, at A4's printable width; then
  // every text cell of four characters or more must be at least four characters wide.
  var print = '';
  Array.prototype.forEach.call(document.styleSheets, function (sheet) {
    Array.prototype.forEach.call(sheet.cssRules, function (r) {
      if (r.media && r.media.mediaText === 'print') {
        Array.prototype.forEach.call(r.cssRules, function (x) { print += x.cssText + '\n'; });
      }
    });
  });
  var st = document.createElement('style');
  st.textContent = print + 'body { width: 182mm; }';
  document.head.appendChild(st);
  var narrow = [];
  Array.prototype.forEach.call(document.querySelectorAll('td:not(.num)'), function (td) {
    var cs = getComputedStyle(td), fs = parseFloat(cs.fontSize);
    var inner = td.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    var text = td.textContent.trim();
    // A cell that is not printed (inside folded details) has no box to measure.
    if (td.getClientRects().length === 0) { return; }
    if (text.length >= 4 && inner < 4 * fs - 1) {
      narrow.push(text.slice(0, 12) + ' (' + (Math.round(inner / fs * 10) / 10) + ' chars)');
    }
  });
  // No two labels of a chart overlap (threshold labels, move marks, names in boxes).
  var overlaps = [];
  Array.prototype.forEach.call(document.querySelectorAll('svg'), function (svg) {
    var boxes = Array.prototype.map.call(svg.querySelectorAll('text'), function (t) {
      return { r: t.getBoundingClientRect(), s: t.textContent };
    });
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        var a = boxes[i].r, b = boxes[j].r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
          overlaps.push(boxes[i].s + ' / ' + boxes[j].s);
        }
      }
    }
  });
  document.title = 'PROBE' + JSON.stringify({
    overlaps: overlaps,
    han_is_glyph: han !== box && han !== blank,
    h1_width: h1.width, h1_chars: document.querySelector('h1').textContent.length,
    bars: document.querySelectorAll('rect.bar').length,
    // Reviewers' dots drawn inside their strip (the panels' spread), and each panel's score
    // line where its value puts it on the strip's scale.
    dots: Array.prototype.filter.call(document.querySelectorAll('svg.spread circle.reviewer'), function (c) {
      var r = c.getBoundingClientRect(), s = c.ownerSVGElement.getBoundingClientRect();
      return r.width > 0 && r.left >= s.left - 1 && r.right <= s.right + 1;
    }).length,
    marks: marks,
    narrow: narrow
  }) + 'END';
})();
</script>"#;

/// Opens `report` (written by `args`) in Chromium: the probe's measurements, a screenshot and
/// an A4 PDF, kept in `out` under `name`.
fn check(browser: &Path, out: &Path, name: &str, args: &[&str]) -> serde_json::Value {
    let report = out.join(format!("{name}.html"));
    let html = ok_stdout(&qaward(args));
    std::fs::write(&report, &html).unwrap();
    let probe = out.join(format!("{name}-probe.html"));
    std::fs::write(&probe, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let url = |p: &Path| format!("file://{}", p.display());

    // Laid out: the Chinese heading is drawn with glyphs, at a plausible width.
    let dom = headless(
        browser,
        &["--virtual-time-budget=3000", "--dump-dom", &url(&probe)],
    );
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    let json = dom
        .split("PROBE")
        .nth(1)
        .and_then(|s| s.split("END").next())
        .unwrap_or_else(|| panic!("{name}: the probe ran: {dom}"));
    let m: serde_json::Value = serde_json::from_str(&json.replace("&quot;", "\"")).unwrap();
    assert_eq!(
        m["han_is_glyph"], true,
        "{name}: Chinese drawn as glyphs, not boxes: {m}"
    );
    let width = m["h1_width"].as_f64().unwrap();
    let chars = m["h1_chars"].as_f64().unwrap();
    assert!(
        width > chars * 8.0 && width < chars * 40.0,
        "{name}: the heading's width is plausible for {chars} characters: {width}"
    );
    // Each threshold and cut-off line sits where a bar of its value would end.
    for mark in m["marks"].as_array().unwrap() {
        let (x, want) = (
            mark["x"].as_f64().unwrap(),
            mark["expected"].as_f64().unwrap(),
        );
        assert!((x - want).abs() < 2.0, "{name}: line at {mark}");
    }

    // A screenshot, kept as an artefact.
    let shot = out.join(format!("{name}.png"));
    let o = headless(
        browser,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,2200",
            &url(&report),
        ],
    );
    assert!(
        shot.is_file(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 30_000,
        "{name}: a page was drawn"
    );

    // Printed to PDF on A4 (595 × 842 points).
    let pdf = out.join(format!("{name}.pdf"));
    let o = headless(
        browser,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
            &url(&report),
        ],
    );
    let bytes = std::fs::read(&pdf)
        .unwrap_or_else(|_| panic!("{name}: {}", String::from_utf8_lossy(&o.stderr)));
    assert!(bytes.starts_with(b"%PDF"), "{name}");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/MediaBox"), "{name}: a PDF with pages");
    let a4 = text.match_indices("/MediaBox [0 0 ").all(|(i, m)| {
        let rest = &text[i + m.len()..];
        let mut nums = rest.split([' ', ']']).filter_map(|s| s.parse::<f64>().ok());
        matches!((nums.next(), nums.next()), (Some(w), Some(h)) if (w - 595.3).abs() < 2.0 && (h - 841.9).abs() < 2.0)
    });
    assert!(a4, "{name}: every page is A4");
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count();
    eprintln!("{name}: {pages} A4 pages");
    assert_eq!(
        m["overlaps"].as_array().map_or(0, Vec::len),
        0,
        "{name}: chart labels overlap: {}",
        m["overlaps"]
    );
    // Printed, every text column stays readable: none narrower than four characters.
    assert_eq!(
        m["narrow"].as_array().map_or(0, Vec::len),
        0,
        "{name}: text cells squeezed in print: {}",
        m["narrow"]
    );
    let mut m = m;
    m["pages"] = serde_json::json!(pages);
    m
}

#[test]
fn each_paper_renders_chinese_draws_its_charts_and_prints_on_a4() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install Chromium (see .ci/run)"
        );
        eprintln!("skipped: no Chromium on this machine (install chromium and fonts-noto-cjk)");
        return;
    };
    let started = Instant::now();
    let out = repo().join("target").join("browser");
    std::fs::create_dir_all(&out).unwrap();
    let eval = check(
        &browser,
        &out,
        "eval",
        &["eval", SAMPLE, "--format", "html"],
    );
    assert!(eval["bars"].as_u64().unwrap() >= 20, "{eval}");
    // Headings no longer force a page each (it printed on 12 pages; 9 now, with the eligible
    // applicants not shortlisted and the readings the result rests on).
    assert!(eval["pages"].as_u64().unwrap() <= 9, "{eval}");
    assert_eq!(
        eval["marks"].as_array().unwrap().len(),
        3,
        "two thresholds and the cut-off"
    );
    // Reviewers' scores: the panels' spread, a strip per shortlisted applicant and stage.
    let reviews = check(
        &browser,
        &out,
        "eval-reviews",
        &[
            "eval",
            "examples/reviews/cohort-2024.json",
            "--reviews",
            "examples/reviews/reviews-2024.json",
            "--format",
            "html",
        ],
    );
    // 8 applicants × 3 stages × 5 reviewers, less S3 who stepped aside from WX2024-002 and
    // M4's 8 disqualified sheets (drawn as crosses, not dots).
    assert_eq!(reviews["dots"], 8 * 3 * 5 - 1 - 8, "{reviews}");
    assert!(reviews["pages"].as_u64().unwrap() <= 5, "{reviews}");
    // One applicant's explanation with its panels' tables and arithmetic.
    let explained = check(
        &browser,
        &out,
        "explain-reviews",
        &[
            "explain",
            "examples/reviews/cohort-2024.json",
            "--applicant",
            "WX2024-002",
            "--reviews",
            "examples/reviews/reviews-2024.json",
            "--format",
            "html",
        ],
    );
    assert!(explained["pages"].as_u64().unwrap() <= 6, "{explained}");
    let explain = check(
        &browser,
        &out,
        "explain",
        &[
            "explain",
            SAMPLE,
            "--applicant",
            "WX2024-029",
            "--format",
            "html",
        ],
    );
    assert!(explain["pages"].as_u64().unwrap() <= 4, "{explain}");
    check(
        &browser,
        &out,
        "whatif",
        &[
            "whatif",
            SAMPLE,
            "--set",
            "tiers.award.quota=6",
            "--format",
            "html",
        ],
    );
    // Many movers: the award cut to one place and the nomination threshold raised.
    check(
        &browser,
        &out,
        "whatif-many",
        &[
            "whatif",
            SAMPLE,
            "--set",
            "tiers.award.quota=1",
            "--set",
            "tiers.nomination.threshold=0.7",
            "--format",
            "html",
        ],
    );
    let diff = check(
        &browser,
        &out,
        "diff",
        &[
            "diff",
            "wuxi-2024",
            "examples/amendments/wuxi-2024-rank5",
            "--cohort",
            SAMPLE,
            "--format",
            "html",
        ],
    );
    assert!(diff["pages"].as_u64().unwrap() <= 3, "{diff}");
    // A year's decisions from the ledger: candidates, notice, approval, payments.
    let db = crate::ledger::story_2024("browser-ledger");
    let db = db.to_str().unwrap();
    let year = check(
        &browser,
        &out,
        "ledger-2024",
        &[
            "ledger", "--ledger", db, "show", "--year", "2024", "--format", "html",
        ],
    );
    assert!(year["pages"].as_u64().unwrap() <= 3, "{year}");
    eprintln!(
        "browser checks of seven papers took {:.1} s; artefacts in {}",
        started.elapsed().as_secs_f64(),
        out.display()
    );
}
