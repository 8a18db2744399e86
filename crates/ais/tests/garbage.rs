//! The decoder survives any bytes: random lines, and real sentences mutated
//! byte by byte, never panic, and every line is either a message, ignored,
//! or counted. A stable stand-in for the fuzz targets in `fuzz/`.

use vigil_ais::{parse_pghp, parse_tag_block, parse_trailing_epoch, Decoder, Options};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SEEDS: &[&[u8]] = &[
    b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A",
    b"!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,0*74",
    b"!AIVDM,2,2,7,B,Q1C`8888880,2*63",
    br"\g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37\!AIVDM,2,1,6,A,53@o0E000001Q0CG37U8u<Tp4q@D00000000000018330400000000000000,0*63",
    br"\s:rORBCOMM104,q:u,c:1418172113*55\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78",
    b"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26",
    b"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62,1327658220",
    b"!AIVDM,1,1,,A,ENk`sG6T4V69Q93T@1bb@1h1T@6=3BiM7uUb`00003vP00`<Mh0,2*4A",
];

const ALPHABET: &[u8] = b"!$\\*,0123456789ABCDEFVDMOabcw`@:;<>?-\r\n \xff";

#[test]
fn random_and_mutated_lines_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let options = Options { max_pending: 4, max_group_age: 8, ..Options::default() };
    let mut decoder = Decoder::new(options);
    let mut line = Vec::new();
    let mut n_messages = 0u64;
    for line_no in 1..=200_000u64 {
        line.clear();
        if rng.below(3) == 0 {
            let len = rng.below(120);
            line.extend((0..len).map(|_| ALPHABET[rng.below(ALPHABET.len())]));
        } else {
            line.extend_from_slice(SEEDS[rng.below(SEEDS.len())]);
            for _ in 0..rng.below(4) {
                if line.is_empty() {
                    break;
                }
                let idx = rng.below(line.len());
                match rng.below(3) {
                    0 => line[idx] = ALPHABET[rng.below(ALPHABET.len())],
                    1 => {
                        line.remove(idx);
                    }
                    _ => line.insert(idx, ALPHABET[rng.below(ALPHABET.len())]),
                }
            }
        }
        if decoder.push_line(&line, line_no).is_some() {
            n_messages += 1;
        }
        let _ = parse_tag_block(&line);
        let _ = parse_pghp(&line);
        let _ = parse_trailing_epoch(&line);
    }
    decoder.finish();
    let stats = decoder.stats();
    assert_eq!(stats.lines, 200_000);
    assert_eq!(stats.messages, n_messages);
    // Unmutated seeds decode, mutated ones are mostly rejected.
    assert!(n_messages > 10_000, "{stats:?}");
    assert!(stats.rejected_total() > 10_000, "{stats:?}");
}

#[test]
fn interleaved_duplicated_and_missing_parts() {
    let part1 = "!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,0*74";
    let part2 = "!AIVDM,2,2,7,B,Q1C`8888880,2*63";
    let single = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
    // Interleaved with a single-part message, part 1 repeated, then a
    // lone part 2 (orphan) and a part 1 that never completes.
    let text = [part1, single, part1, part1, part2, part2, part1].join("\n");
    let (messages, stats) = vigil_ais::decode_text(&text);
    let types: Vec<u8> = messages.iter().map(|m| m.msg_type).collect();
    assert_eq!(types, [1, 5]);
    assert_eq!(messages[1].line, 5);
    use vigil_ais::Reason;
    // Two part-1s superseded, one left open at the end.
    assert_eq!(stats.rejected(Reason::IncompleteGroup), 3);
    assert_eq!(stats.rejected(Reason::OrphanFragment), 1);
}

/// A sentence with its checksum.
fn sentence(body: &str) -> String {
    let checksum = body.bytes().fold(0u8, |acc, b| acc ^ b);
    format!("!{body}*{checksum:02X}")
}

#[test]
fn duplicate_part_is_counted() {
    let first = sentence("AIVDM,3,1,1,A,5,0");
    let second = sentence("AIVDM,3,2,1,A,5,0");
    let text = [first.as_str(), &second, &second].join("\n");
    let (messages, stats) = vigil_ais::decode_text(&text);
    assert!(messages.is_empty());
    assert_eq!(stats.rejected(vigil_ais::Reason::DuplicateFragment), 1);
    assert_eq!(stats.rejected(vigil_ais::Reason::IncompleteGroup), 1);
}
