//! Measures the cost of the steps of name preparation (debugging aid).
//!
//! Run: `cargo run --release -p vigil-match --example prep_cost`
use std::time::Instant;

fn main() {
    let names = [
        "Patricia Lucas Wheeler",
        "Mohammed bin Salman Al Saud",
        "KIM Jong Un",
        "TACTICAL MISSILES CORPORATION JSC",
    ];
    let non_latin = ["حسین موسوی", "Владимир Путин", "김정은", "王伟"];
    let n = 20000;
    for set in [&names[..], &non_latin[..]] {
        let t = Instant::now();
        for _ in 0..n {
            for name in set {
                std::hint::black_box(vigil_match::normalize::tokenize(
                    &vigil_match::normalize::fold(name),
                ));
            }
        }
        println!(
            "fold+tokenize: {:.2} µs/name",
            t.elapsed().as_secs_f64() / (n * set.len()) as f64 * 1e6
        );
        let t = Instant::now();
        for _ in 0..n {
            for name in set {
                std::hint::black_box(vigil_match::prepare::latin_forms(name));
            }
        }
        println!(
            "latin_forms: {:.2} µs/name",
            t.elapsed().as_secs_f64() / (n * set.len()) as f64 * 1e6
        );
        let t = Instant::now();
        for _ in 0..n {
            for name in set {
                std::hint::black_box(vigil_match::prepare::prepare(
                    name,
                    vigil_match::prepare::NameClass::Person,
                ));
            }
        }
        println!(
            "prepare: {:.2} µs/name",
            t.elapsed().as_secs_f64() / (n * set.len()) as f64 * 1e6
        );
    }
}
