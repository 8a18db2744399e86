//! Prints how two names align and score, for debugging the matcher.
//!
//! Run: `cargo run -p vigil-match --example explain_pair -- Person "Vladimir Putin" "PUTIN, Vladimir"`

use vigil_match::prepare::{prepare, NameClass};
use vigil_match::score::compare_toks;
use vigil_model::Schema;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let schema = Schema::parse(&args[0]);
    let class = NameClass::of(schema);
    for l in prepare(&args[1], class) {
        for r in prepare(&args[2], class) {
            let (lt, rt) = (l.toks(), r.toks());
            let m = compare_toks(&lt, &rt, class);
            let show = |t: &[vigil_match::prepare::Tok<'_>]| {
                t.iter()
                    .map(|t| format!("{}:{:?}", t.lex.text, t.kind))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            println!(
                "{}\n  vs {}\n  score {:.3} align {:.3} conflicts {} extras {:.2}",
                show(&lt),
                show(&rt),
                m.score,
                m.alignment,
                m.conflicts,
                m.extras
            );
            for p in &m.pairs {
                println!(
                    "    {:?} ~ {:?} {:.3} {:?}",
                    &lt[p.q.0..p.q.0 + p.q.1].iter().map(|t| &*t.lex.text).collect::<Vec<_>>(),
                    &rt[p.c.0..p.c.0 + p.c.1].iter().map(|t| &*t.lex.text).collect::<Vec<_>>(),
                    p.sim,
                    p.method
                );
            }
        }
    }
    println!("compare_names = {:.3}", vigil_match::compare_names(schema, &args[1], &args[2]));
}
