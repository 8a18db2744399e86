//! Page furniture in any text: navigation lines, share buttons, "Back to
//! top", source footers and author bios, as scrapers leave them behind.
//!
//! Three rules, each a span:
//! - a *furniture line*: a short line made of known furniture phrases
//!   (`Skip to content`, `Share on Facebook`, `Back to top button`);
//! - a *footer*: from a footer opener (`News Source :`, `About the author`,
//!   `Related articles`) in the second half of the text to the end, when
//!   that is the last fifth of the text or less than 3,000 bytes;
//! - a *bio*: a paragraph near the top or the bottom of the text with two or
//!   more biography cues (`began writing`, `in his free time`, `graduated`).
//!
//! # Examples
//! ```
//! use vigil_text::detect_boilerplate;
//! let text = "Skip to content\n\nThe article, which says more than its footer.\n\n\
//!             News Source :\nGn world\n\nBack to top button";
//! let spans = detect_boilerplate(text);
//! assert_eq!(&text[spans[0].start..spans[0].end], "Skip to content");
//! assert!(text[spans[1].start..spans[1].end].starts_with("News Source"));
//! ```

use crate::Span;

const FURNITURE_PHRASES: &[&str] = &[
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "back to top",
    "back to top button",
    "scroll to top",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "share via email",
    "tweet",
    "email",
    "print",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "copy link",
    "menu",
    "search",
    "home",
    "subscribe",
    "sign in",
    "log in",
    "login",
    "register",
    "close",
    "advertisement",
    "sponsored",
    "read more",
    "read next",
    "continue reading",
    "show comments",
    "leave a comment",
    "comments",
    "related",
    "related articles",
    "related posts",
    "more stories",
    "you may also like",
    "follow us",
    "newsletter",
    "sign up",
    "cookie settings",
    "accept cookies",
    "privacy policy",
    "terms of use",
    "all rights reserved",
    "button",
    "next",
    "previous",
    "top",
    "world news",
    "news",
    "latest",
    "trending",
];

const FOOTER_OPENERS: &[&str] = &[
    "news source",
    "source :",
    "about the author",
    "related articles",
    "related posts",
    "related stories",
    "more from",
    "recommended for you",
    "you may also like",
    "leave a reply",
    "leave a comment",
    "share this article",
    "copyright ©",
    "© copyright",
    "all rights reserved",
];

const BIO_CUES: &[&str] = &[
    "began writing",
    "writing at an early age",
    "in his free time",
    "in her free time",
    "in their free time",
    "graduated",
    "editor-in-chief",
    "is a journalist",
    "is a reporter",
    "is a writer",
    "has covered",
    "his passion",
    "her passion",
    "enjoys hiking",
    "enjoys",
    "penchant for",
    "studied journalism",
    "study journalism",
    "news writer",
    "is a freelance",
    "follow him on",
    "follow her on",
    "contributor to",
];

/// Furniture spans of `text`, sorted and merged.
pub fn detect(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut offset = 0;
    let mut footer_at: Option<usize> = None;
    for line in lines_inclusive(text) {
        let trimmed = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        if trimmed.is_empty() {
            continue;
        }
        if is_furniture_line(trimmed) {
            spans.push(Span { start, end: start + trimmed.len() });
        } else if let Some(pos) = furniture_suffix(trimmed) {
            // "...Back to top button" glued to the end of a line.
            spans.push(Span { start: start + pos, end: start + trimmed.len() });
        }
        // A footer opens in the second half of the page: a share bar under
        // the headline ("Share this article: [X] [Email]") opens none.
        if footer_at.is_none()
            && start * 2 >= text.len()
            && trimmed.len() < 80
            && FOOTER_OPENERS.iter().any(|o| starts_with_ignore_case(trimmed, o))
        {
            footer_at = Some(start);
        }
    }
    if let Some(at) = footer_at {
        let tail = text.len() - at;
        if tail * 5 <= text.len() || tail < 3000 {
            spans.push(Span { start: at, end: text.trim_end().len().max(at) });
        }
    }
    spans.extend(bios(text));
    crate::extract::merge(spans.into_iter().filter(|s| s.start < s.end).collect())
}

fn is_furniture_line(line: &str) -> bool {
    if line.len() > 80 {
        return false;
    }
    let lower = line.to_lowercase();
    let cleaned: String =
        lower.chars().map(|c| if c.is_alphanumeric() || c == ' ' { c } else { ' ' }).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.is_empty() {
        return !line.chars().any(char::is_alphanumeric);
    }
    // Every word belongs to some furniture phrase, and the line is short.
    words.len() <= 8
        && FURNITURE_PHRASES.iter().any(|p| cleaned.contains(p))
        && words.iter().all(|w| {
            FURNITURE_PHRASES.iter().any(|p| p.split(' ').any(|pw| pw == *w)) || w.len() <= 2
        })
}

fn furniture_suffix(line: &str) -> Option<usize> {
    ["back to top button", "back to top"].iter().find_map(|p| {
        let n = line.len().checked_sub(p.len())?;
        let tail = line.get(n..)?;
        (n > 0 && tail.eq_ignore_ascii_case(p)).then_some(n)
    })
}

/// ASCII case-insensitive `starts_with`, without lower-casing the line.
fn starts_with_ignore_case(line: &str, prefix: &str) -> bool {
    line.len() >= prefix.len()
        && line.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn bios(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for para in paragraphs_inclusive(text) {
        let start = offset + (para.len() - para.trim_start().len());
        offset += para.len();
        let trimmed = para.trim();
        // Bios sit at the top or the bottom of a page.
        let at_edge = start < 6000 || start + trimmed.len() + 12_000 > text.len();
        if trimmed.is_empty() || trimmed.len() > 3000 || !at_edge {
            continue;
        }
        // The cues are lower case, as they are written mid-sentence; searching
        // the paragraph as written saves lower-casing every paragraph.
        let cues =
            bio_cue_finders().iter().filter(|f| f.find(trimmed.as_bytes()).is_some()).count();
        if cues >= 2 {
            out.push(Span { start, end: start + trimmed.len() });
        }
    }
    out
}

/// A searcher per [`BIO_CUES`] entry, built once: the edge paragraphs of
/// every chunk are searched for each cue, and the general substring search
/// was a fifth of the boilerplate rules' cost.
fn bio_cue_finders() -> &'static [memchr::memmem::Finder<'static>] {
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    FINDERS.get_or_init(|| BIO_CUES.iter().map(memchr::memmem::Finder::new).collect())
}

/// The pieces of `text.split_inclusive('\n')`, the newlines found by
/// `memchr` (16 bytes at a step): the rules look at every line of every
/// text, and finding the line ends was most of their cost.
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |k| start + k + 1);
        // Cuts fall after ASCII newlines, so on character boundaries.
        let piece = &text[start..end];
        start = end;
        Some(piece)
    })
}

/// The pieces of `text.split_inclusive("\n\n")`, found by jumping from
/// newline to newline (`memchr`) rather than by the general substring
/// searcher, which cost more than the rest of the boilerplate rules together.
fn paragraphs_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut i = start;
        let end = loop {
            match memchr::memchr(b'\n', &bytes[i..]).map(|k| i + k) {
                Some(k) if bytes.get(k + 1) == Some(&b'\n') => break k + 2,
                Some(k) => i = k + 1,
                None => break bytes.len(),
            }
        };
        // Cuts fall after ASCII newlines, so on character boundaries.
        let piece = &text[start..end];
        start = end;
        Some(piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_lines_are_not_furniture() {
        assert!(is_furniture_line("Share on Facebook"));
        assert!(is_furniture_line("Back to top button"));
        assert!(!is_furniture_line("Putin said the countries would share technology."));
        assert!(!is_furniture_line("Kim Jong Un"));
    }

    #[test]
    fn paragraphs_and_lines_split_as_split_inclusive_does() {
        let long = "word ".repeat(40) + "\n\n" + &"x".repeat(37) + "\n";
        for text in
            ["", "a", "\n", "\n\n", "\n\n\n", "a\n\nb", "a\nb\n\n\n\nc\n", "é\n\nü\n \n\n", &long]
        {
            let want: Vec<&str> = text.split_inclusive("\n\n").collect();
            let got: Vec<&str> = paragraphs_inclusive(text).collect();
            assert_eq!(got, want, "{text:?}");
            let want: Vec<&str> = text.split_inclusive('\n').collect();
            let got: Vec<&str> = lines_inclusive(text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn a_share_bar_under_the_headline_opens_no_footer() {
        let body = "The FBI attributed the theft to the Lazarus Group. ".repeat(12);
        let text = format!(
            "How the heist was laundered\n\nShare this article: [X] [LinkedIn] [Email]\n\n{body}\n\n\
             Related articles\n- Why bridges fail"
        );
        let spans = detect(&text);
        let kept: String = {
            let mut kept = text.clone();
            for s in spans.iter().rev() {
                kept.replace_range(s.start..s.end, "");
            }
            kept
        };
        assert!(kept.contains("Lazarus Group"), "{spans:?}");
        assert!(!kept.contains("Share this article"));
        assert!(!kept.contains("Why bridges fail"));
    }

    #[test]
    fn bios_need_two_cues() {
        let text = "Body.\n\nWith a penchant for words, jack began writing at an early age.\n\nHe enjoys the sea.";
        let spans = detect(text);
        assert_eq!(spans.len(), 1);
        assert!(text[spans[0].start..spans[0].end].starts_with("With a penchant"));
    }
}
