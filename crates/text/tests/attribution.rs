//! Who makes a claim, and which weak vessel names count, on sentences written
//! for these cases (each one a mistake an earlier build made).

use vigil_model::{Entity, NameKind, Provenance, Schema};
use vigil_text::{Category, Findings, Scanner};

fn scan(entities: Vec<Entity>, text: &str) -> Findings {
    Scanner::new(entities).session().scan(text, &[])
}

/// A listed entity; its list is the id's prefix ("ofac-…" is us_ofac_sdn).
fn listed(id: &str, schema: Schema, name: &str) -> Entity {
    let list = match id.split('-').next() {
        Some("ofac") => "us_ofac_sdn",
        Some("un") => "un_sc",
        _ => "gb_fcdo",
    };
    Entity::new(id, schema, name, Provenance::new(list, id, "t"))
}

fn kim() -> Entity {
    listed("ofac-kim", Schema::Person, "KIM, Jong Un")
}

fn vessel(id: &str, name: &str) -> Entity {
    listed(id, Schema::Vessel, name)
}

fn claimants(findings: &Findings, category: Category) -> Vec<Option<String>> {
    findings
        .indicators
        .iter()
        .filter(|i| i.category == category)
        .map(|i| i.claimed_by.clone())
        .collect()
}

#[test]
fn a_verb_after_an_aside_is_claimed_by_the_clause_before_it() {
    let text = "North Korea sent coal abroad. The Multilateral Sanctions Monitoring Team, set up \
                after Russia vetoed the renewal of the Panel of Experts in 2024, said the vessels \
                involved turned off their AIS transponders.";
    let findings = scan(vec![kim()], text);
    assert_eq!(
        claimants(&findings, Category::VesselIdentityFraud),
        [Some("Multilateral Sanctions Monitoring Team".to_string())]
    );
}

#[test]
fn said_before_a_title_or_name_is_claimed_by_what_follows() {
    let text = "North Korea shipped artillery shells to Russia, said the spokesperson for the \
                State Department.";
    let findings = scan(vec![kim()], text);
    let claimed = claimants(&findings, Category::ArmsTransfer);
    assert_eq!(claimed.len(), 1);
    assert!(
        claimed[0].as_deref().is_some_and(|c| c.starts_with("the spokesperson")),
        "{claimed:?}"
    );
}

#[test]
fn report_says_is_claimed_by_the_report() {
    let text = "North Korean coal shipped to China despite ban, report says\n\nMore follows.";
    let findings = scan(vec![kim()], text);
    assert_eq!(claimants(&findings, Category::CoalMineralsExport), [Some("report".to_string())]);
}

#[test]
fn in_breach_of_resolutions_is_no_cyber_theft() {
    let text = "North Korea exported seafood to China in breach of U.N. resolutions, earning an \
                estimated $300 million.";
    let findings = scan(vec![kim()], text);
    let categories: Vec<Category> = findings.indicators.iter().map(|i| i.category).collect();
    assert!(categories.contains(&Category::SeafoodTextilesExport), "{categories:?}");
    assert!(!categories.contains(&Category::CyberCryptoTheft), "{categories:?}");
}

#[test]
fn an_ordinary_word_vessel_needs_a_ship_word_beside_it() {
    let mut oslo = vessel("nolan", "NOLAN");
    oslo.add_name("OSLO", NameKind::WeakAlias);
    let team = vessel("team", "TEAM");
    let entities = || vec![oslo.clone(), team.clone()];
    let far = "Shares of tanker owners rose on the Oslo stock exchange. The Monitoring Team, a \
               group of states, said vessels went dark.";
    assert!(scan(entities(), far).mentions.is_empty());
    let beside = "The tanker Team was seen off Nampo. The Oslo, a Panama-flagged oil tanker, \
                  called there too.";
    let named: Vec<String> =
        scan(entities(), beside).mentions.iter().map(|m| m.text.clone()).collect();
    assert_eq!(named, ["Team", "Oslo"]);
}

#[test]
fn chinese_and_japanese_text_is_cut_at_names_and_terms() {
    let zh = "美国和韩国官员表示，朝鲜向俄罗斯提供了数百万发炮弹。朝鲜领导人金正恩视察了工厂。";
    let findings = scan(vec![kim()], zh);
    let named: Vec<&str> = findings.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(named, ["金正恩"]);
    let arms: Vec<_> =
        findings.indicators.iter().filter(|i| i.category == Category::ArmsTransfer).collect();
    assert_eq!(arms.len(), 1, "{:?}", findings.indicators);
    assert_eq!(arms[0].trigger, "提供 + 炮弹");
    assert_eq!(arms[0].claimed_by.as_deref(), Some("美国和韩国官员"));

    let ja = "北朝鮮のタンカーが公海上で瀬取りにより石油製品を受け取っていた。";
    let categories: Vec<Category> =
        scan(vec![kim()], ja).indicators.iter().map(|i| i.category).collect();
    assert!(categories.contains(&Category::ShipToShipTransfer), "{categories:?}");
    assert!(categories.contains(&Category::PetroleumOil), "{categories:?}");
}

#[test]
fn an_organisation_may_go_on_with_another_legal_form() {
    let green_pine =
        listed("un-greenpine", Schema::Organization, "GREEN PINE ASSOCIATED CORPORATION");
    let text = "The filing names Green Pine Associated Corp, which sells weapons abroad.";
    let named: Vec<String> =
        scan(vec![green_pine], text).mentions.iter().map(|m| m.text.clone()).collect();
    assert_eq!(named, ["Green Pine Associated"]);
}

#[test]
fn a_claim_inside_a_relative_clause_is_claimed_by_its_subject() {
    let text =
        "Pak has overseen North Korean artillery production that Seoul says is being shipped \
                to Russia.";
    let findings = scan(vec![kim()], text);
    assert_eq!(claimants(&findings, Category::ArmsTransfer), [Some("Seoul".to_string())]);
}

#[test]
fn russian_names_are_found_in_other_spellings_and_cases() {
    let shoigu = listed("ofac-shoigu", Schema::Person, "SHOIGU, Sergei Kuzhugetovich");
    let belousov = listed("uk-belousov", Schema::Person, "BELOUSOV, Andrei Removich");
    let text = "Sergey Shoigu met Kim Jong Un. Делегацию возглавил министр обороны Андрей \
                Белоусов. Ким Чен Ын встретился с Андреем Белоусовым.";
    let named: Vec<String> =
        scan(vec![shoigu, belousov, kim()], text).mentions.iter().map(|m| m.text.clone()).collect();
    assert_eq!(
        named,
        ["Sergey Shoigu", "Kim Jong Un", "Андрей Белоусов", "Ким Чен Ын", "Андреем Белоусовым"]
    );
}

#[test]
fn korean_terms_whose_first_syllable_is_a_surname_still_count() {
    // 석유 reads `seok yu` and 정제유 `jeong je yu`: SEOK and JEONG are
    // surnames, which used to keep the lexicon word off the token.
    let someone = listed("ofac-seok", Schema::Person, "SEOK, Jeong Ho");
    for text in ["북한에 석유를 공급했다.", "북한에 정제유를 공급했다."] {
        let categories: Vec<Category> = scan(vec![someone.clone(), kim()], text)
            .indicators
            .iter()
            .map(|i| i.category)
            .collect();
        assert_eq!(categories, [Category::PetroleumOil], "{text}");
    }
    let long =
        "북한이 2023년 이후 러시아에 포탄 900만 발 이상과 탄도미사일 100여 발을 제공했다고 밝혔다.";
    let categories: Vec<Category> =
        scan(vec![kim()], long).indicators.iter().map(|i| i.category).collect();
    assert_eq!(categories, [Category::ArmsTransfer]);
}
