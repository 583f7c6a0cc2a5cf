//! JSON pointers (RFC 6901): how problems name a place inside a cohort or policy document.

/// Escapes one pointer segment: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The pointer of the place a typed read failed, from serde_path_to_error's path.
pub fn of_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", escape(key))),
            Segment::Enum { variant } => out.push_str(&format!("/{}", escape(variant))),
            Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        applicants: Vec<App>,
        cycle: Option<Cycle>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct App {
        scores: Option<Scores>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Scores {
        visit: Option<u32>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Cycle {
        year: u32,
    }

    fn pointer_of_failure(json: &str) -> String {
        let mut de = serde_json::Deserializer::from_str(json);
        match serde_path_to_error::deserialize::<_, Doc>(&mut de) {
            Err(e) => of_path(e.path()),
            Ok(doc) => panic!("expected a failure, read {doc:?}"),
        }
    }

    #[test]
    fn serde_paths_become_pointers() {
        let bad_visit = r#"{"applicants":[{},{},{},{"scores":{"visit":"x"}}]}"#;
        assert_eq!(pointer_of_failure(bad_visit), "/applicants/3/scores/visit");
        assert_eq!(
            pointer_of_failure(r#"{"applicants":[],"cycle":{"year":"x"}}"#),
            "/cycle/year"
        );
        assert_eq!(pointer_of_failure("[]"), "");
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }
}
