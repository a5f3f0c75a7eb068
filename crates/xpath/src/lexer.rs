//! Tokenizer: XPath text into raw tokens.
//!
//! XPath lexing depends on context (`*` is a wildcard or a multiplication,
//! `div` a name or an operator); the lexer only splits, and the parser
//! decides what each token means where it stands.

use crate::error::Error;

/// One raw token with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub offset: usize,
}

/// Raw token kinds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// A name, possibly prefixed (`ram:ID`), or `prefix:*` / `*:local`.
    Name(String),
    /// `*`
    Star,
    /// `$name`
    Var(String),
    /// String literal (quotes removed, doubled quotes unescaped).
    Str(String),
    /// Numeric literal as written.
    Number(String),
    /// Punctuation and operators: `( ) [ ] , / // @ . .. :: = != < <= > >= + - | << >>`.
    Sym(&'static str),
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '\u{B7}'
}

/// Splits `src` into tokens.
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, Error> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let off = |i: usize| chars.get(i).map_or(src.len(), |&(o, _)| o);
    while let Some(c) = at(i) {
        let start = off(i);
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // XPath comment `(: ... :)`, possibly nested.
        if c == '(' && at(i + 1) == Some(':') {
            let mut depth = 1;
            i += 2;
            while depth > 0 {
                match (at(i), at(i + 1)) {
                    (Some('('), Some(':')) => {
                        depth += 1;
                        i += 2;
                    }
                    (Some(':'), Some(')')) => {
                        depth -= 1;
                        i += 2;
                    }
                    (Some(_), _) => i += 1,
                    (None, _) => return Err(Error::syntax(start, "unterminated comment")),
                }
            }
            continue;
        }
        let kind = if c == '"' || c == '\'' {
            let mut s = String::new();
            i += 1;
            loop {
                match at(i) {
                    Some(q) if q == c => {
                        if at(i + 1) == Some(c) {
                            s.push(c);
                            i += 2;
                        } else {
                            i += 1;
                            break;
                        }
                    }
                    Some(ch) => {
                        s.push(ch);
                        i += 1;
                    }
                    None => return Err(Error::syntax(start, "unterminated string literal")),
                }
            }
            Tok::Str(s)
        } else if c.is_ascii_digit() || (c == '.' && at(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let b = i;
            while at(i).is_some_and(|d| d.is_ascii_digit()) {
                i += 1;
            }
            if at(i) == Some('.') {
                i += 1;
                while at(i).is_some_and(|d| d.is_ascii_digit()) {
                    i += 1;
                }
            }
            if matches!(at(i), Some('e' | 'E')) {
                let save = i;
                i += 1;
                if matches!(at(i), Some('+' | '-')) {
                    i += 1;
                }
                if at(i).is_some_and(|d| d.is_ascii_digit()) {
                    while at(i).is_some_and(|d| d.is_ascii_digit()) {
                        i += 1;
                    }
                } else {
                    i = save;
                }
            }
            Tok::Number(src.get(off(b)..off(i)).unwrap_or_default().to_string())
        } else if c == '$' {
            i += 1;
            let b = i;
            i = scan_qname(&chars, i);
            if i == b {
                return Err(Error::syntax(start, "expected a variable name after $"));
            }
            Tok::Var(src.get(off(b)..off(i)).unwrap_or_default().to_string())
        } else if is_name_start(c) {
            let b = i;
            i = scan_qname(&chars, i);
            // `prefix:*`
            if at(i) == Some(':') && at(i + 1) == Some('*') {
                i += 2;
            }
            Tok::Name(src.get(off(b)..off(i)).unwrap_or_default().to_string())
        } else if c == '*' {
            if at(i + 1) == Some(':') && at(i + 2).is_some_and(is_name_start) {
                let b = i;
                i += 2;
                while at(i).is_some_and(is_name_char) {
                    i += 1;
                }
                Tok::Name(src.get(off(b)..off(i)).unwrap_or_default().to_string())
            } else {
                i += 1;
                Tok::Star
            }
        } else {
            let two: String = [Some(c), at(i + 1)].iter().flatten().collect();
            let sym2 = ["//", "..", "::", "!=", "<=", ">=", "<<", ">>"]
                .into_iter()
                .find(|s| *s == two);
            if let Some(s) = sym2 {
                i += 2;
                Tok::Sym(s)
            } else {
                let s = match c {
                    '(' => "(",
                    ')' => ")",
                    '[' => "[",
                    ']' => "]",
                    ',' => ",",
                    '/' => "/",
                    '@' => "@",
                    '.' => ".",
                    '=' => "=",
                    '<' => "<",
                    '>' => ">",
                    '+' => "+",
                    '-' => "-",
                    '|' => "|",
                    '?' => "?",
                    _ => return Err(Error::syntax(start, format!("unexpected character {c:?}"))),
                };
                i += 1;
                Tok::Sym(s)
            }
        };
        out.push(Token {
            kind,
            offset: start,
        });
    }
    Ok(out)
}

/// Scans an NCName, optionally followed by `:NCName`, from index `i`.
fn scan_qname(chars: &[(usize, char)], mut i: usize) -> usize {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    if !at(i).is_some_and(is_name_start) {
        return i;
    }
    while at(i).is_some_and(is_name_char) {
        i += 1;
    }
    if at(i) == Some(':') && at(i + 1).is_some_and(is_name_start) {
        i += 1;
        while at(i).is_some_and(is_name_char) {
            i += 1;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn names_numbers_and_symbols() {
        assert_eq!(
            kinds("ram:ID != '' and $x-1 >= 1.5e2"),
            vec![
                Tok::Name("ram:ID".into()),
                Tok::Sym("!="),
                Tok::Str(String::new()),
                Tok::Name("and".into()),
                Tok::Var("x-1".into()),
                Tok::Sym(">="),
                Tok::Number("1.5e2".into()),
            ]
        );
        assert_eq!(
            kinds("//*:a/ram:*[1]"),
            vec![
                Tok::Sym("//"),
                Tok::Name("*:a".into()),
                Tok::Sym("/"),
                Tok::Name("ram:*".into()),
                Tok::Sym("["),
                Tok::Number("1".into()),
                Tok::Sym("]"),
            ]
        );
        assert_eq!(kinds("'it''s'"), vec![Tok::Str("it's".into())]);
        assert_eq!(kinds("(: c :) ."), vec![Tok::Sym(".")]);
    }
}
