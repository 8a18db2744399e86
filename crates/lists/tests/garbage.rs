//! No input makes a parser panic: deterministic pseudo-random bytes, and
//! mutations of small valid inputs, fed to every format. (The `fuzz/`
//! targets do the same with coverage guidance.)

use vigil_lists::{parse_bytes, parse_bytes_as, Format};

/// Marsaglia's xorshift64: deterministic, seedable, no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FORMATS: [(Format, &str); 8] = [
    (Format::OfacSdn, "sdn.csv"),
    (Format::OfacConsolidated, "cons_prim.csv"),
    (Format::UnXml, "consolidated.xml"),
    (Format::UkOfsiCsv, "ConList.csv"),
    (Format::UkSanctionsJsonl, "uk.jsonl"),
    (Format::FtmEntities, "entities.ftm.json"),
    (Format::FtmDelta, "entities.delta.json"),
    (Format::EuFsfXml, "eu.xml"),
];

/// Small valid-looking seeds, so that mutations reach deep parser paths.
const SEEDS: [&str; 6] = [
    "10,\"A, B\",\"individual\",\"DPRK] [SDGT\",\"T\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1960 to 1962; a.k.a. 'X; Y'; Passport 1 (Russia); Vessel Registration Identification IMO 8660313; Linked To: A, B.\"\r\n\x1a",
    "<?xml version=\"1.0\"?><CONSOLIDATED_LIST dateGenerated=\"2020-01-01\"><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>KPi.1</REFERENCE_NUMBER><INDIVIDUAL_DATE_OF_BIRTH><FROM_YEAR>1</FROM_YEAR><TO_YEAR>3000</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH><COMMENTS1>IMO 1234567</COMMENTS1></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
    "Last Updated,13/04/2018\nName 6,Name 1,Group Type,Alias Type,Nationality,DOB,Other Information,Group ID\nA,B,Entity,Prime Alias,1) x 2) y,00/00/1980,IMO: 8660313 MMSI: 445123000,1\n",
    "{\"unique_id\":\"R1\",\"names\":{\"names\":[{\"name6\":\"IMO 9296377 (\\\"M\\\")\",\"name_type\":\"Primary Name\"}]},\"individual_entity_ship\":\"Ship\"}\n",
    "{\"op\":\"ADD\",\"entity\":{\"id\":\"a\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"A\"],\"addressEntity\":[\"b\"]}}}\n{\"op\":\"DEL\",\"entity\":{\"id\":\"b\"}}\n",
    "<export generationDate=\"2024-01-01\"><sanctionEntity logicalId=\"1\"><subjectType code=\"person\"/><nameAlias wholeName=\"A\" strong=\"true\"/><birthdate birthdate=\"1950-01-01\" year=\"1950\"/></sanctionEntity></export>",
];

fn run_all(bytes: &[u8]) {
    for (format, name) in FORMATS {
        let _ = parse_bytes_as(format, name, bytes);
    }
    let _ = parse_bytes("unknown", bytes);
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let len = rng.below(600);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        run_all(&bytes);
        // Mostly-ASCII punctuation, to get past the first checks.
        let alphabet = b"<>/\"',;:{}[]()\r\n 0123456789-.ADIMOPa=&#";
        let bytes: Vec<u8> = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        run_all(&bytes);
    }
}

#[test]
fn mutated_seeds_never_panic() {
    let mut rng = XorShift(42);
    for seed in SEEDS {
        run_all(seed.as_bytes());
        for _ in 0..400 {
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..1 + rng.below(8) {
                match rng.below(4) {
                    0 if !bytes.is_empty() => {
                        let at = rng.below(bytes.len());
                        bytes[at] = rng.next() as u8;
                    }
                    1 if !bytes.is_empty() => {
                        let at = rng.below(bytes.len());
                        bytes.truncate(at);
                    }
                    2 => {
                        let at = rng.below(bytes.len() + 1);
                        let specials = b"\"'<>;,\n\r{}[]&\xff\xe9";
                        let byte = specials[rng.below(specials.len())];
                        bytes.insert(at, byte);
                    }
                    _ if !bytes.is_empty() => {
                        let from = rng.below(bytes.len());
                        let to = (from + rng.below(40)).min(bytes.len());
                        let chunk = bytes[from..to].to_vec();
                        let at = rng.below(bytes.len() + 1);
                        bytes.splice(at..at, chunk);
                    }
                    _ => {}
                }
            }
            run_all(&bytes);
        }
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut xml = String::from("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>");
    for _ in 0..100_000 {
        xml.push_str("<a>");
    }
    let parsed = parse_bytes_as(Format::UnXml, "deep.xml", xml.as_bytes());
    assert!(parsed.is_err());
    let json = "[".repeat(100_000);
    let _ = parse_bytes_as(Format::FtmEntities, "deep.json", json.as_bytes());
}
