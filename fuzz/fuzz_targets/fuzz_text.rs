//! Fuzz target: `vigil-text` extraction (plain text, HTML, RSS/Atom, with and
//! without a declared charset) and sentence splitting never panic, and the
//! spans they return can be sliced out of the text they describe.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_text::{
    detect_boilerplate, detect_language, extract, find_date, normalize_date, sentences, sniff,
    split_chunks, ExtractError, Format, Span,
};

fuzz_target!(|data: &[u8]| {
    let _ = sniff(data, "fuzz.html");
    for format in [Format::Text, Format::Html, Format::Feed] {
        for content_type in [None, Some("text/html; charset=windows-1251")] {
            check_extraction(data, format, content_type);
        }
    }
    let text = String::from_utf8_lossy(data);
    check_spans(&text, &sentences(&text), true);
    check_spans(&text, &detect_boilerplate(&text), false);
    let _ = detect_language(&text);
    let _ = find_date(&text);
    let _ = normalize_date(&text);
    let first = split_chunks(&text, 64);
    assert!(first <= text.len() && text.is_char_boundary(first));
    assert!(first > 0 || text.is_empty());
});

fn check_extraction(data: &[u8], format: Format, content_type: Option<&str>) {
    match extract(data, format, content_type) {
        Ok(extraction) => {
            // A feed with neither documents nor reported entries would have
            // lost its input without a word.
            assert!(!(extraction.documents.is_empty() && extraction.errors.is_empty()));
            for document in &extraction.documents {
                check_spans(&document.text, &document.boilerplate, false);
                check_spans(&document.text, &sentences(&document.text), true);
            }
        }
        Err(ExtractError::EmptyFeed) => assert_eq!(format, Format::Feed),
        Err(_) => {}
    }
}

/// Spans lie within the text on character boundaries, sorted and disjoint;
/// sentences are also never empty nor padded with whitespace.
fn check_spans(text: &str, spans: &[Span], sentences: bool) {
    let mut previous_end = 0;
    for span in spans {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?} of {}", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
        assert!(span.start >= previous_end, "{span:?} overlaps the span before");
        previous_end = span.end;
        if sentences {
            let sentence = &text[span.start..span.end];
            assert!(!sentence.is_empty() && sentence.trim() == sentence, "{sentence:?}");
        }
    }
}
