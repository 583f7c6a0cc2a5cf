//! A script's source read without running it: its tokens (comments and strings skipped), an
//! assignment to `params` (refused before Rhai sees it), the parameters it reads and the
//! numbers written into it (for the lints).

/// A token of a script's code (comments and string literals are skipped), with its 1-based
/// line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub kind: TokenKind,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Ident,
    Number,
    Punct,
}

/// Splits a script into identifiers, numbers and punctuation, skipping comments and strings.
/// Enough to find what a script reads and which literals it holds; not a parser.
pub fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0, 1, 1);
    let step = |i: &mut usize, line: &mut usize, col: &mut usize| {
        if chars[*i] == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                step(&mut i, &mut line, &mut col);
            }
        } else if c == '/' && next == Some('*') {
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                step(&mut i, &mut line, &mut col);
            }
            for _ in 0..2 {
                if i < chars.len() {
                    step(&mut i, &mut line, &mut col);
                }
            }
        } else if c == '`' {
            // A template string: its text is skipped, the code in each `${ … }` is read.
            step(&mut i, &mut line, &mut col);
            while i < chars.len() && chars[i] != '`' {
                if chars[i] == '$' && chars.get(i + 1) == Some(&'{') {
                    step(&mut i, &mut line, &mut col);
                    step(&mut i, &mut line, &mut col);
                    let (l, k) = (line, col);
                    let mut depth = 1;
                    let mut inner = String::new();
                    while i < chars.len() {
                        match chars[i] {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        if depth == 0 {
                            break;
                        }
                        inner.push(chars[i]);
                        step(&mut i, &mut line, &mut col);
                    }
                    out.extend(tokens(&inner).into_iter().map(|mut t| {
                        if t.line == 1 {
                            t.column += k - 1;
                        }
                        t.line += l - 1;
                        t
                    }));
                } else if chars[i] == '\\' {
                    step(&mut i, &mut line, &mut col);
                }
                if i < chars.len() {
                    step(&mut i, &mut line, &mut col);
                }
            }
            if i < chars.len() {
                step(&mut i, &mut line, &mut col);
            }
        } else if matches!(c, '"' | '\'') {
            step(&mut i, &mut line, &mut col);
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    step(&mut i, &mut line, &mut col);
                }
                if i < chars.len() {
                    step(&mut i, &mut line, &mut col);
                }
            }
            if i < chars.len() {
                step(&mut i, &mut line, &mut col);
            }
        } else if c.is_whitespace() {
            step(&mut i, &mut line, &mut col);
        } else {
            let (l, k) = (line, col);
            let mut text = String::new();
            let kind = if c.is_alphabetic() || c == '_' {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    text.push(chars[i]);
                    step(&mut i, &mut line, &mut col);
                }
                TokenKind::Ident
            } else if c.is_ascii_digit() {
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || chars[i] == '_'
                        || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
                {
                    text.push(chars[i]);
                    step(&mut i, &mut line, &mut col);
                }
                TokenKind::Number
            } else {
                text.push(c);
                step(&mut i, &mut line, &mut col);
                TokenKind::Punct
            };
            out.push(Token {
                text,
                kind,
                line: l,
                column: k,
            });
        }
    }
    out
}

/// Where a script assigns to `params` (`params.x = 1`, `params["x"] += 1`, `params?.x **= 2`,
/// also inside a template string's `${ … }`) or declares a variable of that name (`const
/// params = …`), as 1-based line and column of `params`. The parameters cannot be changed in
/// any case (a script sees them read-only); this says so when the policy is checked, instead
/// of failing for every applicant.
pub fn assigns_params(source: &str) -> Option<(usize, usize)> {
    let t = tokens(source);
    let is = |i: usize, s: &str| t.get(i).is_some_and(|x| x.text == s);
    for (start, tok) in t.iter().enumerate() {
        if tok.text != "params" || tok.kind != TokenKind::Ident {
            continue;
        }
        if start > 0 && (is(start - 1, "let") || is(start - 1, "const")) {
            return Some((tok.line, tok.column));
        }
        // Walk over `.name`, `?.name`, `[ … ]` and `?[ … ]` after it.
        let mut i = start + 1;
        loop {
            if is(i, "?") && (is(i + 1, ".") || is(i + 1, "[")) {
                i += 1;
            }
            if is(i, ".") && t.get(i + 1).is_some_and(|x| x.kind == TokenKind::Ident) {
                i += 2;
            } else if is(i, "[") {
                let mut depth = 0;
                while let Some(x) = t.get(i) {
                    match x.text.as_str() {
                        "[" => depth += 1,
                        "]" => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        let adjacent = |a: usize, b: usize| match (t.get(a), t.get(b)) {
            (Some(x), Some(y)) => x.line == y.line && x.column + 1 == y.column,
            _ => false,
        };
        let plain = is(i, "=") && !(is(i + 1, "=") && adjacent(i, i + 1));
        let compound = ["+", "-", "*", "/", "%", "&", "|", "^"]
            .iter()
            .any(|op| is(i, op))
            && is(i + 1, "=")
            && adjacent(i, i + 1)
            && !(is(i + 2, "=") && adjacent(i + 1, i + 2));
        // `**=`, `<<=`, `>>=`.
        let doubled = ["*", "<", ">"].iter().any(|op| is(i, op) && is(i + 1, op))
            && is(i + 2, "=")
            && adjacent(i, i + 1)
            && adjacent(i + 1, i + 2);
        if plain || compound || doubled {
            return Some((tok.line, tok.column));
        }
    }
    None
}

/// Every `params.NAME` the script reads, with the 1-based line and column of `NAME`.
pub fn param_reads(source: &str) -> Vec<(String, usize, usize)> {
    let t = tokens(source);
    t.windows(3)
        .filter(|w| {
            w[0].text == "params"
                && w[0].kind == TokenKind::Ident
                && w[1].text == "."
                && w[2].kind == TokenKind::Ident
        })
        .map(|w| (w[2].text.clone(), w[2].line, w[2].column))
        .collect()
}

/// Every numeric literal in the script's code.
pub fn numeric_literals(source: &str) -> Vec<Token> {
    tokens(source)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Number)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_to_params_are_found_and_reads_are_not() {
        for src in [
            "params.x = 1",
            "params[\"x\"] = 1",
            "params.a.b -= 2",
            "params[\"a\"][0] |= 1",
            "params.x **= 2",
            "params.x <<= 1",
            "params?.x = 1",
            "params?[\"x\"] >>= 1",
        ] {
            assert_eq!(assigns_params(src), Some((1, 1)), "{src}");
        }
        assert_eq!(assigns_params("const params = #{};"), Some((1, 7)));
        assert_eq!(assigns_params("let x = 1;\nlet params = 2;"), Some((2, 5)));
        assert_eq!(assigns_params("`a ${params.x = 2} b`"), Some((1, 6)));
        assert_eq!(assigns_params("`a\n ${1}${params.x += 2}`"), Some((2, 8)));
        assert_eq!(assigns_params("`a ${params.x} b`"), None);
        assert_eq!(assigns_params("params.x ** 2 <= 4"), None);
        for src in [
            "params.x == 1",
            "params.x <= 1 && params.y >= 2",
            "params[\"x\"] != 3",
            "let p = params.x; p = 2; p",
            "// params.x = 1\ntrue",
            "\"params.x = 1\"",
        ] {
            assert_eq!(assigns_params(src), None, "{src}");
        }
    }
    #[test]
    fn finds_param_reads_outside_comments_and_strings() {
        let src =
            "// params.nope\nlet x = params.limit; \"params.no\"\n/* params.x */ params.loss_years";
        let reads = param_reads(src);
        assert_eq!(
            reads,
            vec![
                ("limit".to_owned(), 2, 16),
                ("loss_years".to_owned(), 3, 23)
            ]
        );
    }

    #[test]
    fn finds_numeric_literals_in_code_only() {
        let src = "// 3 in a comment\nlet x = 3; \"4\" + 0.5 /* 6 */ + y2";
        let found: Vec<(String, usize, usize)> = numeric_literals(src)
            .into_iter()
            .map(|t| (t.text, t.line, t.column))
            .collect();
        assert_eq!(
            found,
            vec![("3".to_owned(), 2, 9), ("0.5".to_owned(), 2, 18)]
        );
    }
}
