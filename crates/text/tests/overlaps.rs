//! Listed names that overlap in a text: the first is taken, one that
//! overlaps it is dropped, and a name that only overlapped the dropped one is
//! still found.

use vigil_model::{Entity, Provenance, Schema};
use vigil_text::Scanner;

fn organisation(id: &str, name: &str) -> Entity {
    Entity::new(id, Schema::Organization, name, Provenance::new("test", id, "v1"))
}

fn found_ids(scanner: &Scanner, text: &str) -> Vec<String> {
    let mut session = scanner.session();
    let found = session.scan(text, &[]);
    let mut ids: Vec<String> =
        found.mentions.iter().map(|m| scanner.entity(m.entity).id.clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn a_chain_of_three_overlapping_names_keeps_the_first_and_the_third() {
    let scanner = Scanner::new(vec![
        organisation("ab", "ALBATROSS BERYL"),
        organisation("bc", "BERYL AND CORMORANT"),
        organisation("cd", "CORMORANT OF DUNLIN"),
    ]);
    // Each name alone is found, so the chain below tests overlap handling only.
    // (A name followed by another capitalised word is taken as part of a longer
    // name, so the names of the chain are joined by lower-case connectors.)
    for (id, text) in [
        ("ab", "Funds went to Albatross Beryl last year."),
        ("bc", "Funds went to Beryl and Cormorant last year."),
        ("cd", "Funds went to Cormorant of Dunlin last year."),
    ] {
        assert_eq!(found_ids(&scanner, text), vec![id.to_string()], "{text}");
    }
    let chain = "Funds went to Albatross Beryl and Cormorant of Dunlin last year.";
    assert_eq!(found_ids(&scanner, chain), vec!["ab".to_string(), "cd".to_string()]);
}
