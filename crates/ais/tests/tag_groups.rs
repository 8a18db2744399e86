//! Multi-sentence messages whose parts carry NMEA 4 tag-block groups
//! (`g:1-2-1278`), on the real logs that have them: exactEarth's
//! (`ee-multiline`, time on the first part only), Spire's (both parts on one
//! line, one with a malformed group), GFW's malformed-group sample and
//! AISdb's satellite log, plus interleaved groups that only their tag-block
//! IDs tell apart.

use vigil_ais::{Body, Decoder, Message, Timestamp};

fn decode_lines<'a>(lines: impl IntoIterator<Item = &'a [u8]>) -> Vec<Message> {
    let mut decoder = Decoder::default();
    let mut messages = Vec::new();
    for (idx, line) in lines.into_iter().enumerate() {
        messages.extend(decoder.push_line(line, idx as u64 + 1));
        while let Some(extra) = decoder.take_extra() {
            messages.push(extra);
        }
    }
    decoder.finish();
    messages
}

fn read(relative: &str) -> Option<Vec<u8>> {
    let path = vigil_testdata::shared_file(&format!("ais/nmea/{relative}"))?;
    Some(std::fs::read(path).expect("readable"))
}

fn decode_file(relative: &str) -> Option<Vec<Message>> {
    let bytes = read(relative)?;
    Some(decode_lines(bytes.split(|&b| b == b'\n')))
}

fn epoch(seconds: i64) -> Option<Timestamp> {
    Some(Timestamp(seconds * 1000))
}

#[test]
fn exact_earth_groups_take_the_first_parts_time() {
    let Some(messages) = decode_file("gfw_ais_tools/ee-multiline.nmea") else { return };
    assert_eq!(messages.len(), 8);
    let statics: Vec<_> = messages.iter().filter(|m| m.msg_type == 5).collect();
    assert_eq!(statics.len(), 2);
    // `\g:1-2-1278,s:66,c:1661782369*43\` then `\g:2-2-1278*51\`.
    assert_eq!((statics[0].line, statics[0].ts), (3, epoch(1_661_782_369)));
    assert_eq!((statics[1].line, statics[1].ts), (7, epoch(1_661_782_458)));
    let Body::StaticVoyage(voyage) = statics[0].body else { panic!("type 5") };
    assert!(!voyage.shipname.is_empty());
}

#[test]
fn spire_lines_with_both_parts_decode() {
    let Some(messages) = decode_file("gfw_ais_tools/spire-test.nmea") else { return };
    // Two lines, each with both parts of a type 5; the second line's second
    // part has a malformed group (`g:2-1-1`), so its sequence ID joins it.
    assert_eq!(messages.len(), 2);
    for (message, line) in messages.iter().zip([1, 2]) {
        assert_eq!((message.msg_type, message.line), (5, line));
        assert_eq!(message.ts, epoch(1_662_052_384));
    }
    assert_eq!(messages[0], Message { line: 1, ..messages[1] });
}

#[test]
fn malformed_group_id_still_joins() {
    let Some(messages) = decode_file("gfw_ais_tools/bad-tagblock-group.nmea") else { return };
    assert_eq!(messages.len(), 1);
    assert_eq!((messages[0].msg_type, messages[0].ts), (21, epoch(1_326_055_296)));
}

#[test]
fn libais_tagblock_groups() {
    let Some(messages) = decode_file("libais/tagblock.nmea") else { return };
    // The type 5's parts are lines 1 and 3, with a type 1 between them.
    let lines: Vec<_> = messages.iter().map(|m| (m.msg_type, m.line)).collect();
    assert_eq!(lines, [(1, 2), (5, 3), (1, 4), (1, 5)]);
    assert_eq!(messages[1].mmsi, 219_005_012);
    assert_eq!(messages[1].ts, epoch(1_418_169_601));
}

/// The NMEA checksum of a sentence body (between `!` and `*`).
fn with_checksum(tag: &str, body: &str) -> String {
    let sum = body.bytes().fold(0u8, |acc, b| acc ^ b);
    format!("{tag}!{body}*{sum:02X}")
}

/// (tag block, sentence body) of the 2-part type 5 messages of AISdb's log.
fn aisdb_groups(bytes: &[u8]) -> Vec<[(String, String); 2]> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let split = |line: &str| {
        let bang = line.find('!').expect("a sentence");
        let star = line.rfind('*').expect("a checksum");
        (line[..bang].to_string(), line[bang + 1..star].to_string())
    };
    lines
        .windows(2)
        .filter(|pair| pair[0].starts_with("\\g:1-2-") && pair[1].starts_with("\\g:2-2-"))
        .map(|pair| [split(pair[0]), split(pair[1])])
        .collect()
}

#[test]
fn aisdb_groups_decode_with_their_first_parts_time() {
    let Some(messages) = decode_file("aisdb/test_data_20211101.nm4") else { return };
    assert_eq!(messages.len(), 979);
    let statics: Vec<_> = messages.iter().filter(|m| m.msg_type == 5).collect();
    // The log has 18 two-part groups (`g:1-2-…` then `g:2-2-…`), all type 5.
    assert_eq!(statics.len(), 18);
    // Line 61 completes group 3454, whose first part (line 60) says c:1635731893.
    let first = statics.iter().find(|m| m.line == 61).expect("group 3454");
    assert_eq!(first.ts, epoch(1_635_731_893));
}

#[test]
fn interleaved_groups_are_told_apart_by_their_ids() {
    let Some(bytes) = read("aisdb/test_data_20211101.nm4") else { return };
    let groups = aisdb_groups(&bytes);
    assert!(groups.len() >= 4);
    // Give every group the same sequence ID (and, as in this log, no
    // channel), then interleave them: first parts of all, then second parts.
    let same_seq = |(tag, body): &(String, String)| {
        let mut fields: Vec<&str> = body.split(',').collect();
        fields[3] = "1";
        with_checksum(tag, &fields.join(","))
    };
    let in_order: Vec<String> =
        groups.iter().flat_map(|g| [same_seq(&g[0]), same_seq(&g[1])]).collect();
    let interleaved: Vec<String> =
        (0..2).flat_map(|part| groups.iter().map(move |g| same_seq(&g[part]))).collect();
    let expected = decode_lines(in_order.iter().map(|l| l.as_bytes()));
    assert_eq!(expected.len(), groups.len());
    let actual = decode_lines(interleaved.iter().map(|l| l.as_bytes()));
    let strip = |m: &Message| Message { line: 0, ..*m };
    let expected: Vec<_> = expected.iter().map(strip).collect();
    let actual: Vec<_> = actual.iter().map(strip).collect();
    assert_eq!(actual, expected);
    // Without the tag blocks, each first part supersedes the one before:
    // only the last group survives, and the other second parts are orphans.
    let bare: Vec<String> =
        interleaved.iter().map(|l| l[l.find('!').unwrap()..].to_string()).collect();
    assert_eq!(decode_lines(bare.iter().map(|l| l.as_bytes())).len(), 1);
}
