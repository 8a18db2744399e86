//! Builds an index from a few names and prints the hits of one query
//! (debugging aid).
//!
//! Run: `cargo run -p vigil-match --example search_one -- "Gim Jeong-eun" "KIM JONG UN" "KIM JONG NAM"`
use vigil_match::{Index, Query, SearchOptions};
use vigil_model::{Entity, Provenance, Schema};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let entities: Vec<Entity> = args[1..]
        .iter()
        .enumerate()
        .map(|(i, n)| match n.strip_prefix("V:") {
            Some(v) => {
                Entity::new(&format!("t-{i}"), Schema::Vessel, v, Provenance::new("t", "1", "v"))
            }
            None => {
                Entity::new(&format!("t-{i}"), Schema::Person, n, Provenance::new("t", "1", "v"))
            }
        })
        .collect();
    let index = Index::build(entities);
    let query = Query { names: vec![args[0].clone()], ..Query::default() };
    for hit in index.search(&query, &SearchOptions { threshold: 0.0, limit: 10 }) {
        println!("{:.3} {} {:?}", hit.score, index.entity(hit.entity).caption, hit.explanation);
    }
}
