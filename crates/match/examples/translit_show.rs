//! Prints the transliteration variants of each argument (debugging aid).
//!
//! Run: `cargo run -p vigil-match --example translit_show -- 金正恩 Αλέξανδρος`
fn main() {
    for a in std::env::args().skip(1) {
        println!("{a}: {:?}", vigil_match::translit::latin_variants(&a));
    }
}
