//! From bytes to documents: the format (plain text, HTML, RSS or Atom), the
//! character set, and for each document its title, date, language, main text
//! and boilerplate spans.
//!
//! # Character sets
//! UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Other
//! encodings are taken from the HTTP `Content-Type` header the caller passes,
//! then from the page's `<meta charset>` or the XML declaration, and decoded
//! with `encoding_rs`. Bytes that are neither valid UTF-8 nor declared are
//! decoded as Windows-1252 only when they look like text (no control bytes);
//! anything with NUL or other control bytes is rejected as binary.
//!
//! # Boilerplate
//! Page furniture stays in the text (so offsets still point into what the
//! page says) but is marked: in HTML, the text of `nav`, `header`, `footer`,
//! `aside`, `form` and elements whose class or id names a sidebar, share bar,
//! related links, comments or an author bio, and everything outside
//! `<article>`/`<main>` when the page has one; in any text, the lines and
//! paragraphs [`crate::boilerplate`] recognises.

use crate::{boilerplate, language, Span};

/// The largest input read whole (HTML and feeds); plain text beyond it is
/// streamed by the caller (see [`split_chunks`]).
pub const MAX_MARKUP_BYTES: usize = 64 * 1024 * 1024;
/// The most entries read from one feed.
pub const MAX_FEED_ENTRIES: usize = 10_000;

/// What a file or response holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// An RSS or Atom feed (or RDF/RSS 1.0).
    Feed,
}

/// Why bytes could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtractError {
    /// The bytes hold NUL or other control bytes: an image, a PDF, an archive.
    /// Remedy: convert it to text first.
    Binary,
    /// The declared character set is unknown to `encoding_rs`.
    UnknownCharset(String),
    /// The input exceeds [`MAX_MARKUP_BYTES`].
    TooLarge(usize),
    /// A feed with no readable entry at all.
    EmptyFeed,
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExtractError::Binary => {
                write!(f, "binary input (control bytes found), not text, HTML or a feed")
            }
            ExtractError::UnknownCharset(c) => write!(f, "unknown character set {c:?}"),
            ExtractError::TooLarge(n) => {
                write!(f, "{n} bytes of markup, more than the {MAX_MARKUP_BYTES} read whole")
            }
            ExtractError::EmptyFeed => write!(f, "a feed without any readable entry"),
        }
    }
}

impl std::error::Error for ExtractError {}

/// One document ready to scan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The title, when found.
    pub title: Option<String>,
    /// The publication date as ISO 8601 (`YYYY-MM-DD`, or with time), when found.
    pub date: Option<String>,
    /// The language as an ISO 639-1 code, declared or detected.
    pub language: Option<String>,
    /// The text every offset refers to.
    pub text: String,
    /// Page furniture within `text`, sorted.
    pub boilerplate: Vec<Span>,
    /// The entry's link, for feed entries.
    pub link: Option<String>,
}

/// A feed entry that could not be read, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// 1-based position of the entry in the feed.
    pub entry: usize,
    /// What was wrong.
    pub message: String,
}

/// The documents of one input, and the entries skipped.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// One document for a page or text file, one per entry for a feed.
    pub documents: Vec<Extracted>,
    /// Feed entries skipped.
    pub errors: Vec<EntryError>,
    /// Whether the bytes were decoded from a legacy encoding (its name).
    pub decoded_from: Option<String>,
}

/// Guesses the format from the first bytes, then the file name.
pub fn sniff(bytes: &[u8], name: &str) -> Format {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("<?xml")
        || start.starts_with("<rss")
        || start.starts_with("<feed")
        || start.starts_with("<rdf")
    {
        if head.contains("<rss")
            || head.contains("<feed")
            || head.contains("<rdf:rdf")
            || head.contains("<channel")
        {
            return Format::Feed;
        }
        if head.contains("<html") {
            return Format::Html;
        }
    }
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<head")
    {
        return Format::Html;
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return Format::Html;
    }
    if lower.ends_with(".rss")
        || lower.ends_with(".atom")
        || (lower.ends_with(".xml") && start.starts_with('<'))
    {
        return Format::Feed;
    }
    if start.starts_with('<')
        && (head.contains("<body") || head.contains("<p>") || head.contains("<div"))
    {
        return Format::Html;
    }
    Format::Text
}

/// Whether bytes look binary: NUL or many control bytes in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) && !(head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF])) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1A))
        .count();
    control * 100 > head.len().max(1)
}

/// Decodes bytes to text: BOMs, then the declared charset (`declared`, e.g.
/// from an HTTP header), then one found in the markup, then UTF-8, then
/// Windows-1252 for text that is not UTF-8.
pub fn decode(
    bytes: &[u8],
    declared: Option<&str>,
) -> Result<(String, Option<String>), ExtractError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = encoding.decode(&bytes[bom..]);
        let from = (encoding != encoding_rs::UTF_8).then(|| encoding.name().to_string());
        return Ok((text.into_owned(), from));
    }
    if looks_binary(bytes) {
        return Err(ExtractError::Binary);
    }
    let declared = declared.map(str::to_string).or_else(|| charset_in_markup(bytes));
    if let Some(label) = declared {
        let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| ExtractError::UnknownCharset(label.clone()))?;
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            return Ok((text.into_owned(), Some(encoding.name().to_string())));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), Some("windows-1252".to_string())))
        }
    }
}

/// `charset=` in a meta tag or `encoding=` in the XML declaration, within the
/// first 4 KiB.
fn charset_in_markup(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let value_after = |key: &str| -> Option<String> {
        let p = head.find(key)? + key.len();
        let rest = head[p..].trim_start_matches(['"', '\'', ' ']);
        let v: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
            .collect();
        (!v.is_empty()).then_some(v)
    };
    if head.trim_start().starts_with("<?xml") {
        if let Some(v) = value_after("encoding=") {
            return Some(v);
        }
    }
    value_after("charset=")
}

/// Reads bytes of a known format into documents. `content_type` is the HTTP
/// header, when the bytes came from a URL.
pub fn extract(
    bytes: &[u8],
    format: Format,
    content_type: Option<&str>,
) -> Result<Extraction, ExtractError> {
    if format != Format::Text && bytes.len() > MAX_MARKUP_BYTES {
        return Err(ExtractError::TooLarge(bytes.len()));
    }
    let declared = content_type.and_then(|c| {
        let lower = c.to_ascii_lowercase();
        lower.split(';').find_map(|p| {
            p.trim().strip_prefix("charset=").map(|v| v.trim_matches('"').to_string())
        })
    });
    let (text, decoded_from) = decode(bytes, declared.as_deref())?;
    let mut extraction = match format {
        Format::Text => Extraction { documents: vec![from_text(&text)], ..Extraction::default() },
        Format::Html => Extraction { documents: vec![from_html(&text)], ..Extraction::default() },
        Format::Feed => from_feed(&text)?,
    };
    extraction.decoded_from = decoded_from;
    Ok(extraction)
}

/// A plain-text document: the title is the first line that reads like one,
/// short labels before it are boilerplate.
pub fn from_text(text: &str) -> Extracted {
    let boiler = boilerplate::detect(text);
    let (title, mut labels) = text_title(text);
    let mut spans = boiler;
    spans.append(&mut labels);
    let spans = merge(spans);
    Extracted {
        title,
        date: find_date(&text[..floor_char(text, 2000)]),
        language: language::detect(text),
        text: text.to_string(),
        boilerplate: spans,
        link: None,
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first line of 4 to 30 words without a final stop among the first
/// lines; shorter lines before it (section labels) are boilerplate.
fn text_title(text: &str) -> (Option<String>, Vec<Span>) {
    let mut labels = Vec::new();
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        if trimmed.is_empty() {
            continue;
        }
        if n > 12 {
            break;
        }
        // Chinese and Japanese headlines have no spaces: count characters.
        let cjk = trimmed.chars().filter(|&c| crate::tokens::is_cjk(c)).count();
        let words = trimmed.split_whitespace().count().max(cjk / 2);
        if (4..=30).contains(&words) && !trimmed.ends_with(['.', '。']) {
            return (
                Some(
                    trimmed.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}').to_string(),
                ),
                labels,
            );
        }
        if words <= 3 {
            labels.push(Span { start, end: start + trimmed.len() });
        } else {
            break;
        }
    }
    (None, Vec::new())
}

/// Sorts spans and merges overlapping or touching ones.
pub(crate) fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// An HTML page.
pub fn from_html(html: &str) -> Extracted {
    let mut page = Page::default();
    crate::markup::read(html, &mut |piece| page.take(piece));
    page.finish()
}

/// Classes and ids that mark furniture.
const FURNITURE: &[&str] = &[
    "nav",
    "menu",
    "share",
    "social",
    "related",
    "comment",
    "breadcrumb",
    "cookie",
    "newsletter",
    "author-bio",
    "authorbio",
    "about-author",
    "sidebar",
    "footer",
    "subscribe",
    "advert",
    "promo",
    "banner",
    "skip",
    "byline-bio",
    "tags",
    "popular",
    "trending",
    "recommend",
    "widget",
];

#[derive(Default)]
struct Page {
    text: String,
    /// Open elements: (name, furniture, main).
    stack: Vec<(String, bool, bool)>,
    furniture_depth: usize,
    main_depth: usize,
    /// Text pieces: (span, in furniture, in main).
    pieces: Vec<(Span, bool, bool)>,
    title: Option<String>,
    og_title: Option<String>,
    h1: Option<String>,
    in_title: bool,
    in_h1: bool,
    date: Option<String>,
    language: Option<String>,
    any_main: bool,
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "dl",
    "pre",
    "form",
    "main",
    "hr",
    "title",
    "address",
    "time",
];
const VOID: &[&str] = &[
    "br", "hr", "img", "meta", "link", "input", "source", "wbr", "col", "area", "base", "embed",
    "param", "track",
];

impl Page {
    fn paragraph_break(&mut self) {
        let t = self.text.trim_end_matches([' ', '\t']);
        let len = t.len();
        self.text.truncate(len);
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            if self.text.ends_with('\n') {
                self.text.push('\n');
            } else {
                self.text.push_str("\n\n");
            }
        }
    }

    fn take(&mut self, piece: crate::markup::Piece<'_>) {
        use crate::markup::Piece;
        match piece {
            Piece::Start { name, attrs, self_closing } => {
                let attr = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
                match name.as_str() {
                    "html" => {
                        if let Some(lang) = attr("lang") {
                            self.language = language::normalize_code(lang);
                        }
                    }
                    "meta" => self.meta(&attrs),
                    "time" if self.date.is_none() => {
                        self.date = attr("datetime").and_then(normalize_date);
                    }
                    _ => {}
                }
                if BLOCKS.contains(&name.as_str()) {
                    self.paragraph_break();
                }
                if self_closing || VOID.contains(&name.as_str()) {
                    return;
                }
                let class = format!("{} {}", attr("class").unwrap_or(""), attr("id").unwrap_or(""))
                    .to_ascii_lowercase();
                let role = attr("role").unwrap_or("");
                let furniture = matches!(
                    name.as_str(),
                    "nav" | "header" | "footer" | "aside" | "form" | "button" | "menu"
                ) || role == "navigation"
                    || role == "banner"
                    || role == "contentinfo"
                    || FURNITURE.iter().any(|f| {
                        class
                            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                            .any(|w| w == *f || w.starts_with(&format!("{f}-")))
                    });
                let main = matches!(name.as_str(), "article" | "main") || role == "main";
                if furniture {
                    self.furniture_depth += 1;
                }
                if main {
                    self.main_depth += 1;
                    self.any_main = true;
                }
                if name == "title" {
                    self.in_title = true;
                }
                if name == "h1" && self.h1.is_none() {
                    self.in_h1 = true;
                    self.h1 = Some(String::new());
                }
                self.stack.push((name, furniture, main));
            }
            Piece::End { name } => {
                if let Some(pos) = self.stack.iter().rposition(|(n, _, _)| *n == name) {
                    for (n, furniture, main) in self.stack.drain(pos..).rev() {
                        if furniture {
                            self.furniture_depth -= 1;
                        }
                        if main {
                            self.main_depth -= 1;
                        }
                        if n == "title" {
                            self.in_title = false;
                        }
                        if n == "h1" {
                            self.in_h1 = false;
                        }
                    }
                }
                if BLOCKS.contains(&name.as_str()) {
                    self.paragraph_break();
                }
            }
            Piece::Text(text) => self.push_text(&text),
            Piece::Cdata(text) => self.push_text(text),
        }
    }

    fn meta(&mut self, attrs: &[(String, String)]) {
        let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.trim());
        let key = get("property")
            .or_else(|| get("name"))
            .or_else(|| get("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = get("content") else {
            return;
        };
        match key.as_str() {
            "og:title" | "twitter:title" if self.og_title.is_none() => {
                self.og_title = Some(content.to_string())
            }
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "dc.date"
            | "dc.date.issued"
            | "publish-date"
            | "sailthru.date"
            | "parsely-pub-date"
                if self.date.is_none() =>
            {
                self.date = normalize_date(content)
            }
            "og:locale" | "language" | "content-language" if self.language.is_none() => {
                self.language = language::normalize_code(content)
            }
            _ => {}
        }
        if get("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("content-language"))
            && self.language.is_none()
        {
            self.language = language::normalize_code(content);
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.in_title {
            let title = self.title.get_or_insert_with(String::new);
            title.push_str(text);
            return;
        }
        if self.stack.iter().any(|(n, _, _)| {
            matches!(
                n.as_str(),
                "script" | "style" | "template" | "noscript" | "svg" | "math" | "head"
            )
        }) {
            return;
        }
        // Collapse whitespace as a browser does.
        let mut collapsed = String::with_capacity(text.len());
        let mut space = self.text.is_empty() || self.text.ends_with([' ', '\n']);
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                if !space {
                    collapsed.push(' ');
                    space = true;
                }
            } else {
                collapsed.push(c);
                space = false;
            }
        }
        if collapsed.trim().is_empty() {
            if !collapsed.is_empty() && !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
                self.text.push(' ');
            }
            return;
        }
        if self.in_h1 {
            if let Some(h1) = self.h1.as_mut() {
                h1.push_str(&collapsed);
            }
        }
        let start = self.text.len();
        self.text.push_str(&collapsed);
        self.pieces.push((
            Span { start, end: self.text.len() },
            self.furniture_depth > 0,
            self.main_depth > 0,
        ));
    }

    fn finish(mut self) -> Extracted {
        let len = self.text.trim_end().len();
        self.text.truncate(len);
        let mut spans: Vec<Span> = self
            .pieces
            .iter()
            .filter(|(_, furniture, main)| *furniture || (self.any_main && !*main))
            .map(|(s, _, _)| Span { start: s.start, end: s.end.min(len) })
            .filter(|s| s.start < s.end)
            .collect();
        spans.extend(boilerplate::detect(&self.text));
        let clean = |s: &str| {
            Some(s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty())
        };
        let title = self
            .og_title
            .as_deref()
            .and_then(clean)
            .or_else(|| self.h1.as_deref().and_then(clean))
            .or_else(|| self.title.as_deref().and_then(clean));
        let language = self.language.clone().or_else(|| language::detect(&self.text));
        Extracted {
            title,
            date: self
                .date
                .clone()
                .or_else(|| find_date(&self.text[..floor_char(&self.text, 2000)])),
            language,
            text: self.text,
            boilerplate: merge(spans),
            link: None,
        }
    }
}

/// An RSS 2.0, RSS 1.0 (RDF) or Atom feed: one document per entry.
fn from_feed(xml: &str) -> Result<Extraction, ExtractError> {
    use crate::markup::Piece;
    #[derive(Default)]
    struct Entry {
        title: String,
        link: Option<String>,
        date: Option<String>,
        summary: String,
        content: String,
        language: Option<String>,
    }
    let mut out = Extraction::default();
    let mut channel_language: Option<String> = None;
    let mut entry: Option<Entry> = None;
    let mut n_entries = 0usize;
    let mut field: Option<String> = None;
    let mut buf = String::new();
    let mut depth_in_field = 0usize;
    let mut finished: Vec<(usize, Result<Entry, String>)> = Vec::new();
    crate::markup::read(xml, &mut |piece| match piece {
        Piece::Start { name, attrs, self_closing } => {
            let local = name.rsplit(':').next().unwrap_or(&name).to_string();
            if field.is_some() {
                // Markup inside a field (Atom type="xhtml"): keep it as markup.
                depth_in_field += usize::from(!self_closing);
                buf.push('<');
                buf.push_str(&name);
                buf.push('>');
                return;
            }
            if matches!(local.as_str(), "item" | "entry") {
                if let Some(open) = entry.take() {
                    finished.push((
                        n_entries,
                        Err(format!(
                            "entry not closed before the next one (title {:?})",
                            open.title
                        )),
                    ));
                }
                n_entries += 1;
                entry = Some(Entry::default());
                return;
            }
            if let Some(e) = entry.as_mut() {
                if local == "link" {
                    let rel = attrs
                        .iter()
                        .find(|(k, _)| k == "rel")
                        .map(|(_, v)| v.as_str())
                        .unwrap_or("alternate");
                    if let Some((_, href)) = attrs.iter().find(|(k, _)| k == "href") {
                        if rel == "alternate" && e.link.is_none() {
                            e.link = Some(href.clone());
                        }
                        return;
                    }
                }
                if !self_closing
                    && matches!(
                        local.as_str(),
                        "title"
                            | "link"
                            | "pubdate"
                            | "date"
                            | "published"
                            | "updated"
                            | "description"
                            | "summary"
                            | "content"
                            | "encoded"
                            | "language"
                    )
                {
                    field = Some(local);
                    buf.clear();
                    depth_in_field = 0;
                }
            } else if local == "language" && !self_closing {
                field = Some("channel_language".to_string());
                buf.clear();
            }
        }
        Piece::End { name } => {
            let local = name.rsplit(':').next().unwrap_or(&name).to_string();
            if let Some(f) = field.clone() {
                if depth_in_field > 0 {
                    depth_in_field -= 1;
                    buf.push_str("</");
                    buf.push_str(&name);
                    buf.push('>');
                    return;
                }
                if local == f || (f == "channel_language" && local == "language") {
                    let value = std::mem::take(&mut buf);
                    field = None;
                    match (f.as_str(), entry.as_mut()) {
                        ("channel_language", _) => {
                            channel_language = language::normalize_code(value.trim())
                        }
                        ("title", Some(e)) => e.title = value.trim().to_string(),
                        ("link", Some(e)) if e.link.is_none() => {
                            e.link = Some(value.trim().to_string());
                        }
                        ("pubdate" | "date" | "published" | "updated", Some(e))
                            if e.date.is_none() || f == "published" =>
                        {
                            e.date = normalize_date(value.trim());
                        }
                        ("description" | "summary", Some(e)) => e.summary = value,
                        ("content" | "encoded", Some(e)) => e.content = value,
                        ("language", Some(e)) => {
                            e.language = language::normalize_code(value.trim())
                        }
                        _ => {}
                    }
                }
                return;
            }
            if matches!(local.as_str(), "item" | "entry") {
                if let Some(e) = entry.take() {
                    let ok = if e.title.trim().is_empty()
                        && e.summary.trim().is_empty()
                        && e.content.trim().is_empty()
                    {
                        Err("entry has no title, description or content".to_string())
                    } else {
                        Ok(e)
                    };
                    finished.push((n_entries, ok));
                }
            }
        }
        Piece::Text(text) => {
            if field.is_some() {
                buf.push_str(&text);
            }
        }
        Piece::Cdata(text) => {
            if field.is_some() {
                buf.push_str(text);
            }
        }
    });
    if let Some(open) = entry.take() {
        finished.push((
            n_entries,
            Err(format!("entry not closed at the end of the feed (title {:?})", open.title)),
        ));
    }
    for (index, result) in finished {
        if out.documents.len() >= MAX_FEED_ENTRIES {
            out.errors.push(EntryError {
                entry: index,
                message: format!("more than {MAX_FEED_ENTRIES} entries"),
            });
            continue;
        }
        match result {
            Ok(e) => {
                let body = if e.content.trim().is_empty() { &e.summary } else { &e.content };
                let mut doc = from_html(body);
                let title = crate::markup::decode_entities(&e.title);
                // The entry's title heads the text, so that it is scanned too.
                let heading = format!("{}\n\n", title.trim());
                doc.text.insert_str(0, &heading);
                for span in doc.boilerplate.iter_mut() {
                    span.start += heading.len();
                    span.end += heading.len();
                }
                doc.title = Some(title.trim().to_string()).filter(|t| !t.is_empty()).or(doc.title);
                doc.date = e.date.or(doc.date);
                doc.language = e
                    .language
                    .or_else(|| channel_language.clone())
                    .or_else(|| language::detect(&doc.text));
                doc.link = e.link;
                out.documents.push(doc);
            }
            Err(message) => out.errors.push(EntryError { entry: index, message }),
        }
    }
    if out.documents.is_empty() && !out.errors.is_empty() {
        return Ok(out);
    }
    if out.documents.is_empty() {
        return Err(ExtractError::EmptyFeed);
    }
    Ok(out)
}

/// Cuts plain text into chunks of about `target` bytes at paragraph breaks
/// (else line breaks, else spaces), for streaming a huge file. Returns the
/// length of the first chunk to process; the rest is kept for later.
pub fn split_chunks(text: &str, target: usize) -> usize {
    if text.len() <= target {
        return text.len();
    }
    let window = &text[..floor_char(text, target)];
    if let Some(p) = window.rfind("\n\n") {
        if p > target / 4 {
            return p + 2;
        }
    }
    if let Some(p) = window.rfind('\n') {
        if p > target / 4 {
            return p + 1;
        }
    }
    window.rfind(' ').map_or(window.len(), |p| p + 1).max(1)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date given as ISO 8601, RFC 822 (RSS) or `Month D, YYYY` / `D Month YYYY`, as ISO.
pub fn normalize_date(value: &str) -> Option<String> {
    let v = value.trim();
    let b = v.as_bytes();
    if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && v.is_char_boundary(10)
    {
        let date = &v[..10];
        if b.len() >= 16 && (b[10] == b'T' || b[10] == b' ') {
            return Some(v.replace(' ', "T"));
        }
        return Some(date.to_string());
    }
    find_date(v)
}

/// The first date written in words or as ISO in a piece of text.
pub fn find_date(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(400)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_ascii_lowercase())
        .collect();
    let month = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || *m == w))
            .map(|m| m + 1)
    };
    let day = |w: &str| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let year = |w: &str| w.parse::<u32>().ok().filter(|y| (1990..=2100).contains(y));
    for k in 0..words.len() {
        let w = words[k].as_str();
        if w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
            if let (Some(_), Some(m), Some(d)) =
                (year(&w[..4]), w[5..7].parse::<u32>().ok(), w[8..10].parse::<u32>().ok())
            {
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    return Some(w.to_string());
                }
            }
        }
        let get = |o: usize| words.get(k + o).map(String::as_str).unwrap_or("");
        if let Some(m) = month(w) {
            if let (Some(d), Some(y)) = (day(get(1)), year(get(2))) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
        if let Some(d) = day(w) {
            if let (Some(m), Some(y)) = (month(get(1)), year(get(2))) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(sniff(b"<?xml version='1.0'?><rss><channel>", "x"), Format::Feed);
        assert_eq!(sniff(b"<!DOCTYPE html><html>", "x"), Format::Html);
        assert_eq!(sniff(b"Plain words.", "a.txt"), Format::Text);
        assert_eq!(sniff(b"<feed xmlns='http://www.w3.org/2005/Atom'>", "x"), Format::Feed);
    }

    #[test]
    fn charsets() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Caf\xe9</body></html>";
        let (text, from) = decode(latin1, None).unwrap();
        assert!(text.contains("Café"));
        assert_eq!(from.as_deref(), Some("windows-1252"));
        let koi8 = b"\xf0\xd5\xd4\xc9\xce";
        let (text, _) = decode(koi8, Some("koi8-r")).unwrap();
        assert_eq!(text, "Путин");
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None), Err(ExtractError::Binary));
        assert!(matches!(
            decode(b"x", Some("no-such-charset")),
            Err(ExtractError::UnknownCharset(_))
        ));
    }

    #[test]
    fn html_furniture_is_boilerplate() {
        let html = "<html lang='en'><head><title>T | Site</title><meta property='article:published_time' content='2024-06-18T10:00:00Z'></head>\
            <body><nav><a>Skip to content</a> Home</nav><article><h1>Putin visits</h1><p>Kim met Putin.</p></article>\
            <footer>Copyright</footer></body></html>";
        let doc = from_html(html);
        assert_eq!(doc.title.as_deref(), Some("Putin visits"));
        assert_eq!(doc.date.as_deref(), Some("2024-06-18T10:00:00Z"));
        assert_eq!(doc.language.as_deref(), Some("en"));
        let boiler: Vec<&str> = doc.boilerplate.iter().map(|s| &doc.text[s.start..s.end]).collect();
        assert!(boiler.iter().any(|b| b.contains("Skip to content")), "{boiler:?}");
        assert!(boiler.iter().any(|b| b.contains("Copyright")), "{boiler:?}");
        assert!(!boiler.iter().any(|b| b.contains("Kim met Putin")), "{boiler:?}");
    }

    #[test]
    fn feeds_skip_bad_entries() {
        let rss = "<?xml version='1.0'?><rss><channel><language>en</language>\
            <item><title>One</title><pubDate>Tue, 18 Jun 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;Body one.&lt;/p&gt;</description><link>http://x/1</link></item>\
            <item></item>\
            <item><title>Two</title><description><![CDATA[<p>Body two</p>]]></description></item></channel></rss>";
        let out = extract(rss.as_bytes(), Format::Feed, None).unwrap();
        assert_eq!(out.documents.len(), 2);
        assert_eq!(out.errors.len(), 1);
        assert_eq!(out.errors[0].entry, 2);
        assert_eq!(out.documents[0].date.as_deref(), Some("2024-06-18"));
        assert!(out.documents[0].text.contains("Body one."));
        assert_eq!(out.documents[0].link.as_deref(), Some("http://x/1"));
        assert!(out.documents[1].text.contains("Body two"));
    }

    #[test]
    fn dates() {
        assert_eq!(find_date("SEOUL, June 18, 2024 (AP)"), Some("2024-06-18".into()));
        assert_eq!(find_date("Published 3 March 2023 by"), Some("2023-03-03".into()));
        assert_eq!(normalize_date("Tue, 18 Jun 2024 10:00:00 GMT"), Some("2024-06-18".into()));
        assert_eq!(find_date("no date here, 24 years"), None);
    }

    #[test]
    fn chunks_end_at_paragraphs() {
        let text = "aaaa aaaa\n\nbbbb bbbb\n\ncccc";
        let n = split_chunks(text, 15);
        assert_eq!(&text[..n], "aaaa aaaa\n\n");
    }
}
