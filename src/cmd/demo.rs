//! `vigil demo`: the whole mechanism on built-in data, offline.
//!
//! For now the demo screens built-in queries against the built-in sample list
//! (`data/demo/sample_list.ftm.json`, facts from OFAC and the UN with their
//! references). The maritime, open-source and alert streams join it as they
//! land.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;
use vigil_match::{Index, Query, SearchOptions};
use vigil_model::{PartialDate, Schema};

use crate::shared::{self, Outcome};

/// The built-in sample list, FollowTheMoney JSON lines written by the project.
pub const SAMPLE_LIST: &str = include_str!("../../data/demo/sample_list.ftm.json");

/// Arguments of `vigil demo`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil demo
  vigil demo --out demo-out")]
pub struct DemoArgs {
    /// Where to write the demo's outputs.
    #[arg(long, default_value = "vigil-demo")]
    pub out: PathBuf,
}

/// A built-in screening case: what a compliance desk might type, and what a
/// correct engine must answer.
struct DemoCase {
    label: &'static str,
    query: Query,
    expect_hit: Option<&'static str>,
    /// For a hit that qualifiers should weaken: the score it must stay below.
    max_score: Option<f64>,
}

#[derive(Serialize)]
struct DemoResult<'a> {
    case: &'a str,
    expected: Option<&'a str>,
    found: Option<&'a str>,
    score: Option<f64>,
    explanation: Option<&'a vigil_match::Explanation>,
    ok: bool,
}

pub fn run(args: DemoArgs) -> anyhow::Result<Outcome> {
    let list = vigil_lists::parse_bytes("sample_list.ftm.json", SAMPLE_LIST.as_bytes())
        .context("the built-in sample list failed to parse")?;
    let vigil_lists::Contents::Full(entities) = list.contents else {
        anyhow::bail!("the built-in sample list is not a full list");
    };
    let n_entities = entities.len();
    let index = Index::build(entities);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create the output folder", args.out.display()))?;
    let out_path = args.out.join("screening.jsonl");
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&out_path).with_context(|| format!("{}", out_path.display()))?,
    );
    let options = SearchOptions { threshold: vigil_match::DEFAULT_THRESHOLD, limit: 1 };
    let cases = demo_cases();
    let mut n_ok = 0;
    println!(
        "vigil demo: screening {} built-in queries against {n_entities} listed entities\n",
        cases.len()
    );
    for case in &cases {
        let hits = index.search(&case.query, &options);
        let best = hits.first();
        let found = best.map(|hit| index.entity(hit.entity).id.as_str());
        let weakened = match (case.max_score, best) {
            (Some(max), Some(hit)) => hit.score < max,
            _ => true,
        };
        let ok = found == case.expect_hit && weakened;
        n_ok += usize::from(ok);
        let verdict = match (best, ok) {
            (Some(hit), _) => format!("{} ({:.2})", index.entity(hit.entity).caption, hit.score),
            (None, _) => "no match".to_string(),
        };
        println!("  {} {:<44} -> {verdict}", if ok { "ok " } else { "BAD" }, case.label);
        let result = DemoResult {
            case: case.label,
            expected: case.expect_hit,
            found,
            score: best.map(|hit| hit.score),
            explanation: best.map(|hit| &hit.explanation),
            ok,
        };
        shared::write_json_line(&mut file, &result)?;
    }
    file.flush()?;
    println!("\n{n_ok}/{} answers as expected; details in {}", cases.len(), out_path.display());
    Ok(if n_ok == cases.len() { Outcome::Found } else { Outcome::NotFound })
}

fn demo_cases() -> Vec<DemoCase> {
    let person = |name: &str| Query {
        schema: Some(Schema::Person),
        names: vec![name.into()],
        ..Query::default()
    };
    let named = |schema: Schema, name: &str| Query {
        schema: Some(schema),
        names: vec![name.into()],
        ..Query::default()
    };
    vec![
        DemoCase {
            label: "person: Kim Jong-un",
            query: person("Kim Jong-un"),
            expect_hit: Some("vigil-demo-ofac-20157"),
            max_score: None,
        },
        DemoCase {
            label: "person in Hangul: 김정은",
            query: person("김정은"),
            expect_hit: Some("vigil-demo-ofac-20157"),
            max_score: None,
        },
        DemoCase {
            label: "person, other romanisation: Choe Ryong-hae",
            query: Query {
                birth_date: PartialDate::parse_iso("1950-01-15"),
                ..person("Choi Ryong Hae")
            },
            expect_hit: Some("vigil-demo-ofac-23213"),
            max_score: None,
        },
        DemoCase {
            label: "vessel by IMO 8660313 only",
            query: Query {
                schema: Some(Schema::Vessel),
                imo: Some("8660313".into()),
                ..Query::default()
            },
            expect_hit: Some("vigil-demo-ofac-23729"),
            max_score: None,
        },
        DemoCase {
            label: "vessel: NAMSAN 8",
            query: named(Schema::Vessel, "NAMSAN 8"),
            expect_hit: Some("vigil-demo-ofac-23727"),
            max_score: None,
        },
        DemoCase {
            label: "decoy vessel: NAM SAN 3 (a different ship)",
            query: named(Schema::Vessel, "NAM SAN 3"),
            expect_hit: None,
            max_score: None,
        },
        DemoCase {
            label: "company: Korea Mining Development Trading Corp",
            query: named(Schema::Company, "Korea Mining Development Trading Corp."),
            expect_hit: Some("vigil-demo-ofac-9345"),
            max_score: None,
        },
        DemoCase {
            label: "company: Ocean Maritime Management Co Ltd",
            query: named(Schema::Company, "Ocean Maritime Management Co Ltd"),
            expect_hit: Some("vigil-demo-un-KPe.020"),
            max_score: None,
        },
        DemoCase {
            label: "unrelated person: John Smith",
            query: person("John Smith"),
            expect_hit: None,
            max_score: None,
        },
        DemoCase {
            label: "same name, other birth date: scored down",
            query: Query {
                birth_date: PartialDate::parse_iso("1990-06-01"),
                ..person("Kim Jong Un")
            },
            expect_hit: Some("vigil-demo-ofac-20157"),
            max_score: Some(0.9),
        },
    ]
}
