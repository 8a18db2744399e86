//! Extraction and sentence splitting survive any bytes and report what they
//! skip: random bytes, byte-mutated pages, feeds and articles, and markup
//! spliced in at random never panic; every span returned can be sliced out of
//! its text; a feed that reads never loses all its entries silently, and a
//! feed's entries are each a document or a reported error. A stable
//! stand-in for `fuzz/fuzz_targets/fuzz_text.rs`, run on every `cargo test`.
//!
//! Seeds are small documents written here, the development set's articles,
//! and the shared seed article when it is present.

use vigil_model::{Entity, Provenance, Schema};
use vigil_text::{
    detect_boilerplate, detect_language, extract, find_date, looks_binary, normalize_date,
    sentences, sniff, split_chunks, ExtractError, Format, Scanner, Span,
};

/// Marsaglia's xorshift64: deterministic, so a failure names its input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HTML_SEED: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Tanker seen off Nampo | Example News</title>
<meta property="article:published_time" content="2024-06-18T10:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Tanker seen off Nampo</h1><time datetime="2024-06-18">June 18, 2024</time>
<p>The tanker CHON MA SAN (IMO 8660313) was seen transferring oil off Nampo, officials said.</p>
<p>He said: &ldquo;We will come. Soon.&rdquo; U.S. officials agreed &amp; left.</p>
<script>var x = "<p>not text</p>";</script><!-- a comment --><![CDATA[ raw ]]></article>
<aside class="related">Related: more news</aside><footer>Copyright 2024</footer></body></html>"#;

const RSS_SEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Feed</title><language>en-us</language>
<item><title>Ship seen off Nampo</title><link>http://example.invalid/1</link><pubDate>Tue, 18 Jun 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The tanker &lt;b&gt;CHON MA SAN&lt;/b&gt; transferred oil to another ship.&lt;/p&gt;</description></item>
<item><title>Second entry</title><dc:date>2024-06-19</dc:date><description><![CDATA[<p>Kim Jong Un met envoys. Officials accuse Pyongyang of supplying shells.</p>]]></description></item>
</channel></rss>"#;

const ATOM_SEED: &str = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><title type="html">A &amp;amp; B</title><link rel="alternate" href="http://example.invalid/a"/><published>2024-06-18T10:00:00Z</published>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>He said: “We will come. Soon.” Then he left.</p></div></content></entry>
<entry><title>Only a title here</title><updated>2024-06-20</updated></entry></feed>"#;

const TEXT_SEED: &str = "World News\n\nPutin arrives in Pyongyang for talks with Kim Jong Un\n\n\
SEOUL, June 18, 2024 (AP) — Russian President Vladimir Putin arrived in Pyongyang. \
North Korean leader Kim Jong Un greeted him. «Мы будем сотрудничать», he said. 北朝鮮は。韓国は？\n\n\
Share this article\nBack to top";

/// Markup and text pieces spliced into seeds, to reach the tag, entity,
/// charset and date paths that byte edits rarely build.
const SPLICES: &[&str] = &[
    "<item>",
    "</item>",
    "<entry>",
    "</entry>",
    "<title>",
    "</title>",
    "<description>",
    "<content type=\"xhtml\"><div>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<article>",
    "<nav class=\"share\">",
    "&#x1F600;",
    "&#99999999;",
    "&amp;",
    "&",
    "<",
    ">",
    "<pubDate>2024-01-0\u{e9}</pubDate>",
    "<time datetime=\"2024-06-0\u{e9}\">",
    "<meta charset=\"windows-1251\">",
    "<meta charset=\"bogus-charset\">",
    "<?xml version=\"1.0\" encoding=\"shift_jis\"?>",
    "“",
    "”",
    "\"",
    ". ",
    "? ",
    "U.S. ",
    "\n\n",
    "\u{feff}",
    "\u{3002}",
    "IMO 8660313",
];

/// Bytes that matter to markup, quotes and sentences.
const ALPHABET: &[u8] =
    b"<>/&;#\"'=!?. \n\r\tabcxyzACMNPT0123456789\xe2\x80\x9c\x9d\xe3\x80\x82\xff\x00";

fn seeds() -> Vec<(String, Format)> {
    let mut seeds = vec![
        (HTML_SEED.to_owned(), Format::Html),
        (RSS_SEED.to_owned(), Format::Feed),
        (ATOM_SEED.to_owned(), Format::Feed),
        (TEXT_SEED.to_owned(), Format::Text),
    ];
    let devset = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/devset/articles.txt");
    if let Ok(text) = std::fs::read_to_string(devset) {
        // One article, not the whole set, to keep each round small.
        let first: String = text.split("\n=== ").nth(1).unwrap_or(&text).to_owned();
        seeds.push((first, Format::Text));
    }
    if let Some(path) = vigil_testdata::shared_file("osint/seed_article.txt") {
        if let Ok(text) = std::fs::read_to_string(path) {
            seeds.push((text, Format::Text));
        }
    }
    seeds
}

/// Spans lie within the text on character boundaries, sorted and disjoint;
/// sentences are never empty nor padded with whitespace.
fn check_spans(text: &str, spans: &[Span], are_sentences: bool) {
    let mut previous_end = 0;
    for span in spans {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?} of {}", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
        assert!(span.start >= previous_end, "{span:?} overlaps the span before");
        previous_end = span.end;
        if are_sentences {
            let sentence = &text[span.start..span.end];
            assert!(!sentence.is_empty() && sentence.trim() == sentence, "{sentence:?}");
        }
    }
}

/// A tiny scanner over two listed names, so scanning runs its automaton.
fn scanner() -> Scanner {
    let provenance = |id: &str| Provenance::new("test", id, "v1");
    Scanner::new(vec![
        Entity::new("p1", Schema::Person, "KIM, Jong Un", provenance("1")),
        Entity::new("v1", Schema::Vessel, "CHON MA SAN", provenance("2")),
    ])
}

/// Counts of what the inputs gave, so the test can check that both paths
/// (documents read, entries reported) were reached.
#[derive(Debug, Default)]
struct Tally {
    documents: usize,
    entry_errors: usize,
    refused: usize,
}

/// Runs every extraction and the splitter over `bytes`, checking the
/// results, and scans each document.
fn run_all(bytes: &[u8], scanner: &Scanner, tally: &mut Tally) {
    let _ = sniff(bytes, "page.html");
    let mut session = scanner.session();
    for format in [Format::Text, Format::Html, Format::Feed] {
        for content_type in [None, Some("text/html; charset=windows-1251")] {
            match extract(bytes, format, content_type) {
                Ok(extraction) => {
                    assert!(
                        !(extraction.documents.is_empty() && extraction.errors.is_empty()),
                        "{format:?} read to nothing without an error"
                    );
                    for error in &extraction.errors {
                        assert!(error.entry >= 1 && !error.message.is_empty(), "{error:?}");
                    }
                    tally.documents += extraction.documents.len();
                    tally.entry_errors += extraction.errors.len();
                    for document in &extraction.documents {
                        let text = &document.text;
                        check_spans(text, &document.boilerplate, false);
                        check_spans(text, &sentences(text), true);
                        let findings = session.scan(text, &document.boilerplate);
                        for mention in &findings.mentions {
                            assert!(text.get(mention.start..mention.end).is_some(), "{mention:?}");
                        }
                        for indicator in &findings.indicators {
                            let sentence = text.get(indicator.start..indicator.end);
                            assert!(sentence.is_some(), "{indicator:?}");
                        }
                    }
                }
                Err(error) => {
                    tally.refused += 1;
                    match error {
                        ExtractError::EmptyFeed => assert_eq!(format, Format::Feed),
                        ExtractError::Binary => assert!(looks_binary(bytes)),
                        ExtractError::TooLarge(_) => panic!("small input refused as too large"),
                        _ => {}
                    }
                }
            }
        }
    }
    let text = String::from_utf8_lossy(bytes);
    check_spans(&text, &sentences(&text), true);
    check_spans(&text, &detect_boilerplate(&text), false);
    let _ = detect_language(&text);
    let _ = find_date(&text);
    let _ = normalize_date(&text);
    let first = split_chunks(&text, 64);
    assert!(first <= text.len() && text.is_char_boundary(first), "{first}");
    assert!(first > 0 || text.is_empty());
}

/// One to six edits: bytes replaced, inserted or dropped, runs repeated, or
/// a piece of markup spliced in at a character boundary.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if at < bytes.len() => bytes[at] = ALPHABET[rng.below(ALPHABET.len())],
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            3 => {
                let len = rng.below(16).min(bytes.len().saturating_sub(at));
                let run: Vec<u8> = bytes[at..at + len].to_vec();
                bytes.splice(at..at, run);
            }
            4 => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            _ => {
                let piece = SPLICES[rng.below(SPLICES.len())].as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
        }
    }
    bytes
}

#[test]
fn seeds_extract_cleanly() {
    let scanner = scanner();
    for (seed, format) in seeds() {
        let extraction = extract(seed.as_bytes(), format, None).expect("a seed extracts");
        assert!(extraction.errors.is_empty(), "{:?}", extraction.errors);
        assert!(!extraction.documents.is_empty());
        run_all(seed.as_bytes(), &scanner, &mut Tally::default());
    }
}

#[test]
fn random_bytes_never_panic() {
    let scanner = scanner();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut tally = Tally::default();
    for _ in 0..150 {
        let len = rng.below(500);
        let raw: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        run_all(&raw, &scanner, &mut tally);
        let punctuation: Vec<u8> = (0..len).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect();
        run_all(&punctuation, &scanner, &mut tally);
        let spliced: String =
            (0..rng.below(40)).map(|_| SPLICES[rng.below(SPLICES.len())]).collect();
        run_all(spliced.as_bytes(), &scanner, &mut tally);
    }
    // Binary input is refused, and markup soup still gives documents.
    assert!(tally.refused > 50 && tally.documents > 50, "{tally:?}");
}

#[test]
fn mutated_documents_never_panic() {
    let scanner = scanner();
    let mut rng = Rng(42);
    for (seed, _) in seeds() {
        let mut tally = Tally::default();
        for _ in 0..60 {
            run_all(&mutate(&mut rng, seed.as_bytes()), &scanner, &mut tally);
        }
        assert!(tally.documents > 60, "{tally:?}");
    }
}

#[test]
fn every_feed_entry_is_a_document_or_a_reported_error() {
    let good = "<item><title>Tanker seen</title><description>Oil moved.</description></item>";
    let empty = "<item><link>http://example.invalid/2</link></item>";
    let unclosed = "<item><title>Cut short</title>";
    let layouts: [&[&str]; 4] =
        [&[good, empty, good], &[empty, empty], &[good, unclosed, good], &[good, good, unclosed]];
    for entries in layouts {
        let feed = format!("<rss version=\"2.0\"><channel>{}</channel></rss>", entries.concat());
        match extract(feed.as_bytes(), Format::Feed, None) {
            Ok(extraction) => {
                let n_read = extraction.documents.len() + extraction.errors.len();
                assert_eq!(n_read, entries.len(), "{feed}\n{:?}", extraction.errors);
                let n_bad = entries.iter().filter(|&&e| e != good).count();
                assert_eq!(extraction.errors.len(), n_bad, "{feed}\n{:?}", extraction.errors);
            }
            Err(error) => panic!("{feed}: {error}"),
        }
    }
}

#[test]
fn malformed_dates_are_ignored_not_fatal() {
    // A date whose tenth byte falls inside a multi-byte character.
    for value in ["2024-01-0\u{e9}", "2024-01-\u{e9}9", "2024-01-01\u{e9}", "2024-01-0\u{1F600}0"] {
        let _ = normalize_date(value);
        let feed = format!(
            "<rss><channel><item><title>T</title><pubDate>{value}</pubDate></item></channel></rss>"
        );
        let extraction = extract(feed.as_bytes(), Format::Feed, None).expect("one entry");
        assert_eq!(extraction.documents.len(), 1);
        let page =
            format!("<html><body><time datetime=\"{value}\">x</time><p>Text.</p></body></html>");
        let extraction = extract(page.as_bytes(), Format::Html, None).expect("a page");
        assert_eq!(extraction.documents.len(), 1);
    }
}

#[test]
fn a_cjk_stop_inside_a_quotation_keeps_the_quotation_whole() {
    let text = "그는 “북한은 。 준비됐다”라고 말했다. Then he left.";
    let spans = sentences(text);
    let got: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(got, ["그는 “북한은 。 준비됐다”라고 말했다.", "Then he left."]);
}
