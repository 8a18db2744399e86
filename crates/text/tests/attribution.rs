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

/// The categories a text about Kim Jong Un's country raises, in text order.
fn categories_of(text: &str) -> Vec<Category> {
    scan(vec![kim()], text).indicators.iter().map(|i| i.category).collect()
}

fn claimants(findings: &Findings, category: Category) -> Vec<Option<String>> {
    findings
        .indicators
        .iter()
        .filter(|i| i.category == category)
        .map(|i| i.claimed_by.as_deref().map(str::to_string))
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
        scan(entities(), beside).mentions.iter().map(|m| m.text.to_string()).collect();
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
        scan(vec![green_pine], text).mentions.iter().map(|m| m.text.to_string()).collect();
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
    let named: Vec<String> = scan(vec![shoigu, belousov, kim()], text)
        .mentions
        .iter()
        .map(|m| m.text.to_string())
        .collect();
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

fn categories(findings: &Findings) -> Vec<Category> {
    findings.indicators.iter().map(|i| i.category).collect()
}

fn mentioned(findings: &Findings) -> Vec<usize> {
    findings.mentions.iter().map(|m| m.entity).collect()
}

/// A person listed under a DPRK programme.
fn dprk_person(id: &str, name: &str) -> Entity {
    let mut entity = listed(id, Schema::Person, name);
    entity.programs = vec!["DPRK2".to_string()];
    entity
}

#[test]
fn soybean_oil_is_no_petroleum() {
    let text = "China's main exports to North Korea were soybean oil, rice and sugar.";
    let findings = scan(vec![kim()], text);
    assert!(!categories(&findings).contains(&Category::PetroleumOil), "{findings:?}");
    let text = "China's main exports to North Korea were diesel, rice and sugar.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::PetroleumOil), "{findings:?}");
}

#[test]
fn a_standing_designation_is_no_new_one() {
    let text = "North Korean ships carried coal. The vessel is designated by the U.S. Treasury.";
    let findings = scan(vec![kim()], text);
    assert!(!categories(&findings).contains(&Category::Designation), "{findings:?}");
    for text in [
        "The sanctioned North Korean tanker was photographed at Vostochny, Seoul said.",
        "North Korea's tanker, which the U.S. Treasury blacklisted in 2018, sailed again.",
        "North Korea's tanker Chon Ma San was designated by the Security Council in 2018.",
        "The Foreign Trade Bank of North Korea was designated by the United States in 2013.",
        "A North Korean cargo ship on the U.N. blacklist broadcast a fake name.",
    ] {
        let findings = scan(vec![kim()], text);
        assert!(!categories(&findings).contains(&Category::Designation), "{text}");
    }
    for text in [
        "South Korea imposed unilateral sanctions on seven North Korean officials, the ministry said.",
        "The Treasury announced the designation of five North Korean firms.",
        "The Treasury on Tuesday designated five North Korean firms that shipped coal in 2019.",
        "Two North Korean officials were sanctioned by the Treasury on Thursday.",
        "Seoul added three North Korean firms to its sanctions list on Monday.",
    ] {
        let findings = scan(vec![kim()], text);
        assert!(categories(&findings).contains(&Category::Designation), "{text}");
    }
    let text =
        "North Korean ships carried coal. The U.S. Treasury designated the vessel on Tuesday.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::Designation), "{findings:?}");
}

#[test]
fn a_source_of_revenue_for_weapons_is_no_arms_transfer() {
    let text = "North Korean IT workers are a source of revenue for the regime's weapons \
                programs, an FBI official said.";
    let findings = scan(vec![kim()], text);
    assert!(!categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
}

#[test]
fn vessels_that_carry_coal_export_it() {
    let text = "North Korean vessels continued to carry coal to Chinese anchorages.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::CoalMineralsExport), "{findings:?}");
}

#[test]
fn who_watches_evasion_is_no_luxury() {
    let text = "Without U.N. experts, who watches North Korea's sanctions evasion?";
    let findings = scan(vec![kim()], text);
    assert!(!categories(&findings).contains(&Category::LuxuryGoods), "{findings:?}");
}

#[test]
fn a_south_korean_namesake_of_a_dprk_person_is_not_flagged() {
    let entities = || vec![dprk_person("ofac-kimjongsik", "KIM, Jong Sik")];
    let seoul =
        "K-content is a major export industry, Culture Minister Kim Jong-sik said in Seoul.";
    let findings = scan(entities(), seoul);
    assert!(findings.mentions.is_empty(), "{:?}", findings.mentions);
    // With North Korea in the text (in any language the gate knows), the name counts.
    for text in [
        "North Korean missile official Kim Jong-sik watched the launch.",
        "Der nordkoreanische Raketenexperte Kim Jong-sik war anwesend.",
    ] {
        assert_eq!(mentioned(&scan(entities(), text)), [0], "{text}");
    }
    // The leader's name is itself a word for North Korea: never a namesake.
    let mut leader = kim();
    leader.programs = vec!["DPRK3".to_string()];
    let findings = scan(vec![leader], "Kim Jong Un met the Chinese president in Beijing.");
    assert_eq!(mentioned(&findings), [0]);
}

#[test]
fn a_denied_north_korean_link_does_not_make_a_hack_its_business() {
    let text = "Hackers stole $120 million in crypto tokens from a DeFi protocol, with no sign of \
                North Korean involvement.";
    let findings = scan(vec![kim()], text);
    assert!(findings.indicators.is_empty(), "{:?}", findings.indicators);
    // Nor does a listed North Korean name in a sentence that denies it a part.
    let mut lazarus = listed("ofac-lazarus", Schema::Organization, "LAZARUS GROUP");
    lazarus.programs = vec!["DPRK3".to_string()];
    let text =
        "Hackers stole $120 million in crypto tokens from a DeFi protocol. Researchers said \
                the attack did not carry the hallmarks of North Korea's Lazarus Group. None of \
                it matches what we see from North Korean actors, one said.";
    let findings = scan(vec![lazarus.clone()], text);
    assert!(findings.indicators.is_empty(), "{:?}", findings.indicators);
    assert_eq!(mentioned(&findings), [0], "the name is still a mention");
    let text = "Hackers stole $120 million in crypto tokens from a DeFi protocol. Researchers \
                blamed the Lazarus Group.";
    let findings = scan(vec![lazarus], text);
    assert!(categories(&findings).contains(&Category::CyberCryptoTheft), "{findings:?}");
    let text = "Hackers stole $120 million in crypto tokens from a DeFi protocol, and North \
                Korean involvement is suspected.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::CyberCryptoTheft), "{findings:?}");
}

#[test]
fn a_name_listed_with_its_acronym_is_found_without_it() {
    let ftb = listed("uk-ftb", Schema::Organization, "FOREIGN TRADE BANK (FTB)");
    let findings = scan(vec![ftb], "Brokers laundered funds for North Korea's Foreign Trade Bank.");
    assert_eq!(mentioned(&findings), [0]);
}

#[test]
fn a_weak_vessel_name_beside_another_listed_vessel_counts() {
    let entities = || vec![vessel("ofac-angara", "ANGARA"), vessel("ofac-ladyrania", "LADY RANIA")];
    let text = "Britain sanctioned four vessels. Among the vessels sanctioned were the Angara and \
                the Lady Rania.";
    assert_eq!(mentioned(&scan(entities(), text)), [0, 1]);
    // Without a ship word the pair is two rivers, or two anythings.
    let text = "Among the places visited were the Angara and the Lady Rania.";
    assert!(!mentioned(&scan(entities(), text)).contains(&0));
}

#[test]
fn a_weak_vessel_name_in_an_aside_after_a_ship_word_counts() {
    let angara = || vec![vessel("ofac-angara", "ANGARA")];
    let text = "One of the ships identified in satellite images, the Angara, has been under U.S. \
                sanctions since 2022.";
    assert_eq!(mentioned(&scan(angara(), text)), [0]);
    let text = "Tourists who visited Irkutsk, the Angara, and Lake Baikal were pleased.";
    assert!(mentioned(&scan(angara(), text)).is_empty());
}

#[test]
fn a_russian_ship_word_supports_a_weak_vessel_name() {
    let text = "В список также включено судно «Ангара», которое уже находилось под санкциями.";
    assert_eq!(mentioned(&scan(vec![vessel("ofac-angara", "ANGARA")], text)), [0]);
}

#[test]
fn russian_designation_and_monitoring_are_classified() {
    let text =
        "Минфин США ввел санкции против трех российских компаний за поставки оружия из КНДР.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::Designation), "{findings:?}");
    let text =
        "Россия наложила вето на проект резолюции о продлении мандата группы экспертов по КНДР.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::MonitoringMechanism), "{findings:?}");
}

#[test]
fn korean_laundering_and_a_switched_off_ais_are_classified() {
    let text = "북한 해커들은 탈취한 자금의 상당 부분을 이미 세탁했다. 북한 유조선은 환적 이틀 전 \
                선박자동식별장치(AIS)를 끈 것으로 파악됐다.";
    let found = categories(&scan(vec![kim()], text));
    assert!(found.contains(&Category::FinanceEvasion), "{found:?}");
    assert!(found.contains(&Category::VesselIdentityFraud), "{found:?}");
    // A washing machine (세탁기) is no laundering.
    let found = categories(&scan(vec![kim()], "북한은 세탁기를 수입했다."));
    assert!(!found.contains(&Category::FinanceEvasion), "{found:?}");
}

#[test]
fn an_office_with_a_number_is_a_name_of_its_own() {
    let office = listed("ofac-office39", Schema::Organization, "OFFICE 39");
    let text = "The earnings are remitted to Office 39 of the Workers' Party.";
    assert_eq!(mentioned(&scan(vec![office], text)), [0]);
}

#[test]
fn weapons_programs_are_no_arms_transfer() {
    let text = "North Korea is trying to obtain defence technology through hacking to advance \
                its weapons programs, a police official said.";
    let findings = scan(vec![kim()], text);
    assert!(!categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
    let text = "North Korea is trying to obtain weapons from Russia, a police official said.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
}

#[test]
fn a_chinese_switched_off_ais_is_identity_fraud() {
    let text = "报告称，这些朝鲜船只在离开朝鲜水域后关闭了船舶自动识别系统，以掩盖其航行轨迹。";
    let found = categories(&scan(vec![kim()], text));
    assert!(found.contains(&Category::VesselIdentityFraud), "{found:?}");
}

#[test]
fn south_korean_arms_exports_are_no_north_korean_arms_transfer() {
    let text = "South Korea's Hanwha signed a contract to supply 152 K9 howitzers to Poland, the \
                latest in a string of arms deals. South Korea built its defence industry to \
                deter North Korea.";
    let findings = scan(vec![kim()], text);
    assert!(findings.about_dprk);
    assert!(!categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
    // The same trade with North Korea in the sentence is one.
    let text = "North Korea signed a contract to supply 152 howitzers to Russia.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
    // And one calling it "the North", as a story about it does.
    let text =
        "North Korea denies it. Officials accuse the North of supplying Russia with artillery.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
    // Or one right after a sentence that names North Korea.
    let text = "North Korea's economy grew last year, the central bank said. Mining rose as the \
                isolated country increased coal output, much of it smuggled to China.";
    let findings = scan(vec![kim()], text);
    assert!(categories(&findings).contains(&Category::CoalMineralsExport), "{findings:?}");
    // So is one naming a listed entity.
    let text =
        "North Korea is under sanctions. KOMID signed a contract to supply howitzers to Iran.";
    let komid = listed("un-komid", Schema::Organization, "KOMID");
    let findings = scan(vec![komid], text);
    assert!(categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
}

#[test]
fn north_koreans_make_a_text_about_north_korea() {
    let text = "Thousands of North Koreans loaded artillery shells onto cargo ships bound for \
                Russia last year, officials said.";
    let findings = scan(vec![kim()], text);
    assert!(findings.about_dprk, "{findings:?}");
    // Arms are a trade category: the sentence's own "North Koreans" anchors it.
    assert!(categories(&findings).contains(&Category::ArmsTransfer), "{findings:?}");
    // South Koreans are not.
    let text = "Thousands of South Koreans loaded artillery shells onto cargo ships bound for \
                Poland last year, officials said.";
    let findings = scan(vec![kim()], text);
    assert!(!findings.about_dprk && findings.indicators.is_empty(), "{findings:?}");
}

#[test]
fn a_hangul_vessel_name_with_its_number_is_found() {
    let vessels = || vec![vessel("ofac-yj2", "YU JONG 2"), vessel("ofac-cms", "CHON MA SAN")];
    let text = "보고서에 따르면 북한 유조선 '유정2호'가 상하이 인근 해상에서 토고 선적 선박과 \
                나란히 정박했다. 천마산호도 인근에 있었다.";
    let findings = scan(vessels(), text);
    let named: Vec<(usize, &str)> =
        findings.mentions.iter().map(|m| (m.entity, m.text.as_str())).collect();
    // The quote before the particle joins it to the word, as in 'Kim's'.
    assert_eq!(named, [(0, "유정2호'가"), (1, "천마산호도")], "{findings:?}");
    // With a particle after the number, and without the 호.
    for text in ["북한 유조선 유정2호가 정박했다.", "북한 유조선 유정2가 정박했다."]
    {
        let findings = scan(vessels(), text);
        assert_eq!(findings.mentions.len(), 1, "{text}: {findings:?}");
        assert_eq!(findings.mentions[0].entity, 0, "{text}");
    }
    // Another number is another vessel.
    let findings = scan(vessels(), "북한 유조선 유정3호가 정박했다.");
    assert!(findings.mentions.is_empty(), "{findings:?}");
    // A number with a counter is no name: 25일 (the 25th) is not `il`
    // before 전 (`jon`).
    let jon = listed("un-jon", Schema::Person, "JON, Il Chun");
    let findings = scan(vec![jon, kim()], "북한 노동자 파견을 정보위원들이 25일 전했다.");
    assert!(findings.mentions.is_empty(), "{findings:?}");
}

#[test]
fn french_german_and_spanish_articles_raise_their_categories() {
    let cases: [(&str, &[Category]); 3] = [
        (
            "Des pétroliers nord-coréens ont reçu des produits pétroliers raffinés de navires \
             étrangers en haute mer. Le navire togolais avait coupé son système d'identification \
             automatique. La Corée du Nord en a obtenu plus grâce à des transbordements de \
             navire à navire.",
            &[Category::PetroleumOil, Category::VesselIdentityFraud, Category::ShipToShipTransfer],
        ),
        (
            "Nordkorea hat mehr als zwölf Millionen Artilleriegranaten an Russland geliefert, \
             teilte der Geheimdienst mit.",
            &[Category::ArmsTransfer],
        ),
        (
            "Rusia suministró más de un millón de barriles de petróleo a Corea del Norte, según \
             un informe del Grupo de Expertos. Pyongyang envió a Rusia millones de proyectiles \
             de artillería.",
            &[Category::PetroleumOil, Category::MonitoringMechanism, Category::ArmsTransfer],
        ),
    ];
    for (text, expected) in cases {
        let findings = scan(vec![kim()], text);
        assert!(findings.about_dprk, "{text}");
        let found = categories(&findings);
        for category in expected {
            assert!(found.contains(category), "{category:?} in {text}: {found:?}");
        }
    }
}

#[test]
fn corea_del_sur_is_no_north_korea() {
    // Corée du Nord and Corea del Norte are the North: the South's arms
    // trade, in any language, is no North Korean arms transfer.
    for text in [
        "Corea del Sur suministró a Polonia cientos de proyectiles de artillería.",
        "La Corée du Sud a livré des obus et des munitions à la Pologne.",
    ] {
        let findings = scan(vec![kim()], text);
        assert!(!findings.about_dprk && findings.indicators.is_empty(), "{findings:?}");
    }
}

#[test]
fn a_plan_to_report_on_a_category_is_no_claim_of_it() {
    let text = "North Korea's hackers are under scrutiny. Diplomats said the new group would \
                publish further reports on cyber theft and overseas workers later this year.";
    let found = categories(&scan(vec![kim()], text));
    assert!(!found.contains(&Category::CyberCryptoTheft), "{found:?}");
    assert!(!found.contains(&Category::OverseasWorkers), "{found:?}");
    // A report published is one.
    let text = "North Korea's hackers are under scrutiny. The group's report said cyber theft \
                and overseas workers earned Pyongyang billions.";
    let found = categories(&scan(vec![kim()], text));
    assert!(found.contains(&Category::CyberCryptoTheft), "{found:?}");
    assert!(found.contains(&Category::OverseasWorkers), "{found:?}");
}

// Mistakes found by a blind probe set written after the rules (session 8).

#[test]
fn a_north_korean_listed_under_another_regime_is_a_namesake_where_north_korea_is_absent() {
    // The UK lists this North Korean general under its Russia regime, with
    // his name in Hangul; the Go player Lee Chang-ho is someone else.
    let mut general = listed("uk-rus2451", Schema::Person, "RI CHANG HO");
    general.add_name("LEE CHANG-HO", NameKind::StrongAlias);
    general.add_name("리창호", NameKind::StrongAlias);
    general.add_program("The Russia (Sanctions) (EU Exit) Regulations 2019");
    let text = "Go legend Lee Chang-ho won the final in Seoul on Sunday.";
    let findings = scan(vec![general.clone()], text);
    assert!(findings.mentions.is_empty(), "{findings:?}");
    let text = "North Korean general Ri Chang Ho led troops in Kursk, Seoul said.";
    let findings = scan(vec![general], text);
    assert_eq!(mentioned(&findings), [0], "{findings:?}");
}

#[test]
fn two_han_characters_are_no_korean_name() {
    let people = vec![
        listed("un-ri", Schema::Person, "RI SONG HYOK"),
        listed("ofac-li", Schema::Person, "LI, Cheng Yu"),
        kim(),
    ];
    let text = "监测小组是在专家小组任期结束之后成立的。";
    let findings = scan(people.clone(), text);
    assert!(findings.mentions.is_empty(), "{findings:?}");
    let findings = scan(people, "金正恩视察了工厂。");
    assert_eq!(mentioned(&findings), [2], "{findings:?}");
}

#[test]
fn non_english_terms_found_blind() {
    let cases: [(&str, Category); 4] = [
        (
            "정부는 북한 해킹조직 연계 개인 4명을 독자제재 대상으로 신규 지정했다고 외교부가 \
             12일 밝혔다.",
            Category::Designation,
        ),
        (
            "Тысячи северокорейских рабочих прибыли в Россию по студенческим визам.",
            Category::OverseasWorkers,
        ),
        (
            "北朝鮮のタンカー2隻はホースで結ばれており、石油精製品を移し替えていた。",
            Category::PetroleumOil,
        ),
        (
            "He was accused of buying gyroscopes for North Korea's ballistic missile program.",
            Category::WmdMissileProcurement,
        ),
    ];
    for (text, category) in cases {
        let findings = scan(vec![kim()], text);
        assert!(categories(&findings).contains(&category), "{text}: {findings:?}");
    }
}

#[test]
fn the_lazarus_group_in_korean_and_japanese() {
    let lazarus = listed("ofac-lazarus", Schema::Organization, "LAZARUS GROUP");
    for text in [
        "북한 해킹조직 라자루스 그룹이 가상자산을 탈취했다.",
        "北朝鮮のハッカー集団ラザルス・グループが暗号資産を盗んだ。",
    ] {
        let findings = scan(vec![lazarus.clone()], text);
        assert_eq!(mentioned(&findings), [0], "{text}: {findings:?}");
    }
}

#[test]
fn lazarus_alone_is_the_lazarus_group_in_a_text_about_north_korea() {
    let mut lazarus = listed("ofac-lazarus", Schema::Organization, "LAZARUS GROUP");
    lazarus.add_program("DPRK3");
    let text = "Hackers from North Korea's Lazarus stole $600 million in cryptocurrency.";
    let findings = scan(vec![lazarus.clone()], text);
    assert_eq!(mentioned(&findings), [0], "{findings:?}");
    let text = "Emma Lazarus wrote the poem that is now on the Statue of Liberty.";
    let findings = scan(vec![lazarus], text);
    assert!(findings.mentions.is_empty(), "{findings:?}");
}

#[test]
fn a_listed_ship_name_with_another_imo_number_is_a_namesake() {
    let mut maria_e = vessel("ofac-maria-e", "MARIA E");
    maria_e.add_name("MARIA", NameKind::WeakAlias);
    maria_e.add_identifier(vigil_model::IdKind::Imo, "9045156");
    let mut maria = vessel("ofac-maria", "MARIA");
    maria.add_identifier(vigil_model::IdKind::Imo, "8517839");
    let text = "North Korean cargo moved on three ships. Maria (IMO 8517839), a smaller general \
                cargo vessel, appeared at Rajin. The Maria later sailed to Vladivostok.";
    let found = scan(vec![maria_e.clone(), maria.clone()], text);
    let ids: std::collections::BTreeSet<&str> =
        found.mentions.iter().map(|m| found_id(&[&maria_e, &maria], m.entity)).collect();
    assert_eq!(ids, ["ofac-maria"].into_iter().collect(), "{:?}", found.mentions);
    // Given its own IMO number too, the listed ship stays.
    let both = format!("{text} The tanker Maria E (IMO 9045156) was seen nearby.");
    let found = scan(vec![maria_e.clone(), maria.clone()], &both);
    assert!(found.mentions.iter().any(|m| m.entity == 0), "{:?}", found.mentions);
}

#[test]
fn a_ship_listed_for_north_korea_is_a_namesake_where_north_korea_is_absent() {
    let mut jin_tai = vessel("ofac-jin-tai", "JIN TAI");
    jin_tai.programs = vec!["DPRK".to_string()];
    let mut russian = vessel("uk-rus-ship", "SIRIUS STAR");
    russian.programs = vec!["Russia".to_string()];
    let fire = "The Supramax bulk carrier Jin Tai caught fire off Kalimantan while carrying \
                Indonesian coal to China. The tanker Sirius Star picked up the crew.";
    let found = scan(vec![jin_tai.clone(), russian.clone()], fire);
    let ids: Vec<&str> =
        found.mentions.iter().map(|m| found_id(&[&jin_tai, &russian], m.entity)).collect();
    assert_eq!(ids, ["uk-rus-ship"], "{:?}", found.mentions);
    // Where the text speaks of North Korea, the listed ship stays.
    let smuggling = format!("{fire} The Jin Tai has carried North Korean coal before.");
    let found = scan(vec![jin_tai.clone(), russian.clone()], &smuggling);
    assert!(found.mentions.iter().any(|m| m.entity == 0), "{:?}", found.mentions);
}

fn found_id<'e>(entities: &[&'e Entity], position: usize) -> &'e str {
    entities[position].id.as_str()
}

#[test]
fn an_organisation_named_as_another_countrys_is_not_the_listed_one() {
    let mut ministry = listed("un-mnd", Schema::Organization, "MINISTRY OF NATIONAL DEFENCE");
    ministry.countries.push("kp".into());
    let found = |text: &str| scan(vec![ministry.clone()], text).mentions.len();
    assert_eq!(
        found("South Korea's Ministry of National Defence said it confirmed the report."),
        0
    );
    assert_eq!(found("The Russian Ministry of National Defence denied it."), 0);
    assert_eq!(found("North Korea's Ministry of National Defence ordered the tests."), 1);
    assert_eq!(found("A Ministry of National Defence unit bought the parts, Seoul said."), 1);
}

#[test]
fn what_the_resolutions_forbid_is_no_breach() {
    let categories = |text: &str| -> Vec<Category> {
        scan(vec![kim()], text).indicators.iter().map(|i| i.category).collect()
    };
    let rules = "North Korea tested a missile. The resolutions adopted between 2006 and 2017 \
                 banned most of North Korea's coal exports and capped its imports of fuel.";
    assert_eq!(categories(rules), []);
    let breach = "North Korea tested a missile. North Korea exported coal to China in violation \
                  of the ban the resolutions impose.";
    assert_eq!(categories(breach), [Category::CoalMineralsExport]);
}

#[test]
fn a_name_does_not_start_inside_a_korean_word() {
    let po = listed("ofac-po", Schema::Person, "PO, Kong");
    let text = "국정원은 \"북한의 사이버 공격은 핵심 수단이 됐다\"고 말했다. 김정은은 침묵했다.";
    let found = scan(vec![po, kim()], text);
    let texts: Vec<&str> = found.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["김정은은"], "{:?}", found.mentions);
}

#[test]
fn a_korean_name_listed_given_name_first_is_a_namesake_where_north_korea_is_absent() {
    let mut kim_yong_chol = listed("uk-kyc", Schema::Person, "Yong Chol KIM");
    kim_yong_chol.programs.push("The Democratic People's Republic of Korea".into());
    kim_yong_chol.add_name("KIM Yong Chol", NameKind::StrongAlias);
    let seoul = "더불어민주당 김영철 원내수석부대표는 예산안 합의가 어렵다고 말했다.";
    assert_eq!(scan(vec![kim_yong_chol.clone()], seoul).mentions.len(), 0);
    let north = "북한 김영철 통일전선부장이 서울을 비난했다.";
    assert_eq!(scan(vec![kim_yong_chol], north).mentions.len(), 1);
}

#[test]
fn goods_acquired_in_the_passive_are_procurement() {
    let text = "Precision machine tools made in Europe were acquired by North Korea's missile \
                industry through trading companies in China, documents show.";
    let found = scan(vec![kim()], text);
    let categories: Vec<Category> = found.indicators.iter().map(|i| i.category).collect();
    assert_eq!(categories, [Category::WmdMissileProcurement]);
}

#[test]
fn a_designation_as_a_participle_with_its_agent_is_background() {
    let designations = |text: &str| {
        let found = scan(vec![kim()], text);
        found.indicators.iter().filter(|i| i.category == Category::Designation).count()
    };
    let background = "North Korea moved the money through two banks, both designated by the \
                      United Nations and the U.S. Treasury.";
    assert_eq!(designations(background), 0);
    let news = "North Korea moved the money through two banks designated by the U.S. Treasury \
                on Tuesday.";
    assert_eq!(designations(news), 1);
}

#[test]
fn a_korean_organisation_name_reads_through_its_words() {
    let company = listed("un-kas", Schema::Organization, "KOREA ANSAN SHIPPING COMPANY");
    let bureau = listed("un-rgb", Schema::Organization, "RECONNAISSANCE GENERAL BUREAU");
    let text =
        "외교부는 북한 조선안산해운회사를 제재 대상으로 지정했다. 정찰총국 산하 조직도 포함됐다.";
    let found = scan(vec![company, bureau], text);
    let texts: Vec<&str> = found.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["조선안산해운회사를", "정찰총국"], "{:?}", found.mentions);
}

#[test]
fn a_korean_name_reads_as_the_listed_romanisation() {
    let park = listed("ofac-pjh", Schema::Person, "PARK, Jin Hyok");
    let text = "북한 해커 박진혁이 최근에도 활동 중이라는 정보가 보고됐다.";
    let found = scan(vec![park], text);
    let texts: Vec<&str> = found.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["박진혁이"], "{:?}", found.mentions);
}

#[test]
fn veto_power_is_no_news_about_the_monitors() {
    let text = "North Korea tested a missile. Russia, a permanent member of the Security Council \
                with veto power, has moved closer to Pyongyang.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
    let ended = "North Korea tested a missile. Russia's veto ended the mandate of the Panel of \
                 Experts in 2024.";
    let found = scan(vec![kim()], ended);
    let categories: Vec<Category> = found.indicators.iter().map(|i| i.category).collect();
    assert_eq!(categories, [Category::MonitoringMechanism]);
}

#[test]
fn korean_fuel_words_are_petroleum() {
    let text = "코티호는 서해 공해상에서 북한 선박에 휘발유 등 정유제품을 넘긴 정황이 포착됐다.";
    let found = scan(vec![kim()], text);
    assert!(
        found.indicators.iter().any(|i| i.category == Category::PetroleumOil),
        "{:?}",
        found.indicators
    );
}

#[test]
fn a_mixer_listed_under_other_programmes_too_does_not_make_a_text_about_north_korea() {
    let mut lazarus = listed("ofac-lazarus", Schema::Organization, "LAZARUS GROUP");
    lazarus.programs.push("DPRK3".into());
    let mut mixer = listed("ofac-tornado", Schema::Organization, "TORNADO CASH");
    mixer.programs.extend(["DPRK3".to_string(), "CYBER2".to_string()]);
    let entities = vec![lazarus, mixer];
    let hack = "The hacker stole 41 million dollars in ether from the exchange and sent 6 \
                million of it through Tornado Cash.";
    assert!(scan(entities.clone(), hack).indicators.is_empty());
    let lazarus_hack = "Lazarus Group stole 100 million dollars in cryptocurrency from an \
                        exchange, investigators said.";
    let categories: Vec<Category> =
        scan(entities, lazarus_hack).indicators.iter().map(|i| i.category).collect();
    assert_eq!(categories, [Category::CyberCryptoTheft]);
}

/// From probe12 (blind): South Korea buying Patriot interceptors, in a story
/// about North Korea's missiles. PATRIOT is a listed ship; "Patriot" there is
/// no ship (nothing supports the weak name), so it cannot anchor a trade
/// category as a listed name in the sentence would.
#[test]
fn a_weak_name_without_support_anchors_no_trade() {
    let patriot = vessel("un-patriot", "PATRIOT");
    let text = "South Korea will buy additional Patriot interceptors, the state arms \
                procurement agency said.\n\nNorth Korea has test-fired dozens of ballistic \
                missiles this year. Analysts say North Korea's missiles are harder to track.";
    let findings = scan(vec![patriot.clone()], text);
    assert!(findings.mentions.is_empty(), "{:?}", findings.mentions);
    assert!(!categories(&findings).contains(&Category::ArmsTransfer), "{:?}", findings.indicators);
    // The same ship named as one anchors its sentence.
    let text = "The tanker Patriot delivered arms to the port, the agency said.\n\n\
                North Korea has test-fired dozens of ballistic missiles this year. Analysts \
                say North Korea's missiles are harder to track.";
    let findings = scan(vec![patriot], text);
    assert_eq!(findings.mentions.len(), 1, "{:?}", findings.mentions);
    assert!(categories(&findings).contains(&Category::ArmsTransfer), "{:?}", findings.indicators);
}

/// From probe12 (blind): after 리창호 (RI Chang Ho), Korean words whose first
/// syllable is 이 (`i`, a spelling of the surname Ri) were taken for his
/// surname: 이후 ("after"), 이들이 ("they"), 이라며 ("saying").
#[test]
fn a_korean_word_starting_with_a_surname_syllable_is_no_surname() {
    let ri = dprk_person("gb-ri", "RI, Chang Ho");
    let text = "영국 정부가 북한 리창호 정찰총국장을 제재했다. 외무부는 이들이 파병을 지휘했으며 \
                이후 북한이 러시아에 포탄을 공급했다고 밝혔다.";
    let findings = scan(vec![ri], text);
    let texts: Vec<&str> = findings.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["리창호"], "{:?}", findings.mentions);
}

/// From probe12 (blind): what an authority did before, in a relative clause,
/// is no new designation; an asset freeze imposed is one (the UK's word for
/// a designation).
#[test]
fn a_designation_in_a_relative_clause_is_background() {
    let background = "North Korean ships carried crab to China. The operator belongs to a \
                      conglomerate that the U.S. Treasury has sanctioned, the official said.";
    let findings = scan(vec![kim()], background);
    assert!(!categories(&findings).contains(&Category::Designation), "{findings:?}");
    for news in [
        "North Korean ships carried crab to China. Officials said that the U.S. Treasury has \
         sanctioned five firms that shipped it.",
        "North Korea imported fuel from Russia. The UK government has imposed an asset freeze \
         on a Russian fuel company that supplied it.",
    ] {
        let findings = scan(vec![kim()], news);
        assert!(categories(&findings).contains(&Category::Designation), "{news}: {findings:?}");
    }
}

/// From probe12 (blind): Chinese writes a cargo ship 貨輪 (货轮), which
/// supports a listed ship's name as "cargo ship" does.
#[test]
fn chinese_cargo_ship_words_support_a_vessel_name() {
    let ship = vessel("ofac-ab1", "ASIA BRIDGE 1");
    for text in
        ["貨輪（ASIA BRIDGE 1）亦曾多次往來北韓港口。", "货轮 ASIA BRIDGE 1 多次往来北韩港口。"]
    {
        assert_eq!(mentioned(&scan(vec![ship.clone()], text)), [0], "{text}");
    }
    let text = "（ASIA BRIDGE 1）亦曾多次往來北韓港口。";
    assert!(scan(vec![ship], text).mentions.is_empty(), "{text}");
}

/// From probe12 (blind): a Hong Kong company listed with its Chinese name is
/// found in a Chinese text, in traditional or simplified characters, with
/// brackets of either width; a piece of the name is not it.
#[test]
fn a_company_listed_in_chinese_is_found_in_chinese_text() {
    let mut chang_an = listed("gb-changan", Schema::Organization, "CHANG AN SHIPPING & TECHNOLOGY");
    chang_an.add_name("長安海連技術有限公司", NameKind::StrongAlias);
    let mut huaxin = listed("gb-huaxin", Schema::Organization, "HUAXIN SHIPPING HONGKONG LTD");
    huaxin.add_name("華信船務(香港)有限公司", NameKind::StrongAlias);
    let entities = vec![chang_an, huaxin];
    for (text, named) in [
        ("報告指，香港註冊的長安海連技術有限公司是該船的船東。", "長安海連技術有限公司"),
        ("报告指，香港注册的长安海连技术有限公司是该船的船东。", "长安海连技术有限公司"),
        ("另一間港企華信船務（香港）有限公司管理的貨輪。", "華信船務（香港）有限公司"),
    ] {
        let findings = scan(entities.clone(), text);
        let texts: Vec<&str> = findings.mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, [named], "{text}");
    }
    let findings = scan(entities, "長安海連的船隻在港口停泊。");
    assert!(findings.mentions.is_empty(), "{:?}", findings.mentions);
}

/// From probe13 (blind): 지방 ("region") reads `chi bang`, an alias of a
/// Chinese trafficker on the OFAC list; a Hangul word is read only as the
/// name of someone with Korean ties.
#[test]
fn a_hangul_word_is_read_only_as_a_korean_name() {
    let mut wong = listed("ofac-wong", Schema::Person, "WONG, Moon Chi");
    wong.add_name("CHI BANG", NameKind::StrongAlias);
    let jo = dprk_person("ofac-jo", "JO, Yong Won");
    let text = "북한 김정은 위원장이 공장 준공식에 참석했으며 조용원 당 비서가 동행했다. \
                지방 경제 수준을 끌어올리겠다고 밝혔다.";
    let findings = scan(vec![wong, jo, kim()], text);
    let texts: Vec<&str> = findings.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["김정은", "조용원"], "{:?}", findings.mentions);
}

/// From probe13 (blind): a relative clause without "has" is background too,
/// unless its day makes it news; missile fuel and textile machinery are no
/// petroleum and no textiles.
#[test]
fn past_relative_designations_and_lookalike_terms_raise_nothing() {
    let background = "North Korean munitions reached Russia by sea. A second ship, the Lady R, \
                      a vessel that Washington sanctioned last year, was also seen there.";
    let findings = scan(vec![kim()], background);
    assert!(!categories(&findings).contains(&Category::Designation), "{findings:?}");
    let news = "North Korean munitions reached Russia by sea. The ships, which Washington \
                sanctioned on Tuesday, carried them.";
    let findings = scan(vec![kim()], news);
    assert!(categories(&findings).contains(&Category::Designation), "{findings:?}");
    let lookalikes = "The procurement web behind Pyongyang's solid-fuel push. Two North Korean \
                      front firms re-exported textile machinery to Dandong.";
    let found = categories(&scan(vec![kim()], lookalikes));
    assert!(!found.contains(&Category::PetroleumOil), "{found:?}");
    assert!(!found.contains(&Category::SeafoodTextilesExport), "{found:?}");
}

/// From probe13 (blind): the cargo of a ship-to-ship transfer is moved by
/// the evasion itself, so the transfer anchors it as North Korea would.
#[test]
fn the_cargo_of_a_ship_to_ship_transfer_needs_no_other_anchor() {
    let text = "Japan photographed a North Korean tanker in the East China Sea.\n\n\
                Hoses appeared to connect the two ships. The ministry said the two vessels were \
                conducting a ship-to-ship transfer of refined petroleum products.\n\n\
                North Korea denied it.";
    let found = categories(&scan(vec![kim()], text));
    assert!(found.contains(&Category::ShipToShipTransfer), "{found:?}");
    assert!(found.contains(&Category::PetroleumOil), "{found:?}");
}

/// From probe13 (blind): a DPRK-listed organisation named only with common
/// words (FAR EASTERN BANK) is found in a text about North Korea, and not in
/// one about something else; a Korean bank's name through the glossary
/// (대동신용은행 → DAEDONG CREDIT BANK).
#[test]
fn a_dprk_organisation_of_common_words_needs_a_text_about_north_korea() {
    let mut bank = listed("ofac-feb", Schema::Organization, "FAR EASTERN BANK");
    bank.programs = vec!["DPRK3".to_string()];
    let about = "Accounts at Far Eastern Bank were opened for companies run by North Koreans. \
                 North Korea used them to move funds.";
    assert_eq!(mentioned(&scan(vec![bank.clone()], about)), [0]);
    let elsewhere = "Far Eastern Bank raised its deposit rates in Vladivostok this week.";
    assert!(scan(vec![bank], elsewhere).mentions.is_empty());
    let mut dcb = listed("un-dcb", Schema::Organization, "DAEDONG CREDIT BANK");
    dcb.programs = vec!["DPRK".to_string()];
    let korean = "북한 대동신용은행도 단체 제재 대상에 포함됐다.";
    assert_eq!(mentioned(&scan(vec![dcb], korean)), [0]);
}

/// From probe13 (blind): Russian перегрузка (transshipment) is a
/// ship-to-ship transfer.
#[test]
fn russian_transshipment_is_ship_to_ship() {
    let text = "В январе танкер провел перегрузку с судна на судно около 1,5 тыс. тонн \
                нефтепродуктов на северокорейские суда.";
    let found = categories(&scan(vec![kim()], text));
    assert!(found.contains(&Category::ShipToShipTransfer), "{found:?}");
}

/// A lower-case English function word starts no name (half the walks of the
/// name automaton on news text began at `the`, `in`, `to` or `at`); a name
/// listed with THE is entered without it too, and a name's own particle
/// (al-) may still start it in lower case.
#[test]
fn lower_case_function_words_start_no_name() {
    let kumsan = listed("gb-kumsan", Schema::Organization, "THE KUMSAN SHIPPING COMPANY");
    let qaida = listed("un-qaida", Schema::Organization, "AL-QA'IDA");
    let text = "Shares of the Kumsan Shipping Company fell after a statement by al-Qa'ida.";
    let findings = scan(vec![kumsan, qaida], text);
    let texts: Vec<&str> = findings.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Kumsan Shipping Company", "al-Qa'ida"], "{:?}", findings.mentions);
}

/// From probe9 (its last negative): a ship named with an IMO number whose
/// check digit is wrong is another ship when the number is far from the
/// listed one ("Lucky Star (IMO 9512368)" against LUCKY STAR, IMO 9015278),
/// and the listed ship, mistyped, when one digit is off.
#[test]
fn a_far_invalid_imo_makes_a_namesake_and_a_near_one_a_typo() {
    let mut lucky = vessel("ofac-lucky", "LUCKY STAR");
    lucky.add_identifier(vigil_model::IdKind::Imo, "9015278");
    let text = |imo: &str| {
        format!(
            "The bulk carrier Lucky Star (IMO {imo}) struck a tanker off Singapore. The Lucky \
             Star was loaded with coal for India."
        )
    };
    // 9512368: four digits off and a wrong check digit.
    assert!(scan(vec![lucky.clone()], &text("9512368")).mentions.is_empty());
    // 9015279: the listed number with its last digit slipped.
    assert!(!scan(vec![lucky], &text("9015279")).mentions.is_empty());
}

/// From probe13 (its negative): North Korea's own coal "supplied to power
/// stations" is its economy, not an export; supplied abroad, or against the
/// sanctions, it is one.
#[test]
fn coal_supplied_at_home_is_no_export() {
    for home in [
        "North Korean media said the coal produced this year was supplied to power stations \
         and fertiliser factories.",
        "북한 통신은 이렇게 생산된 석탄이 화력발전소와 비료공장 등에 공급돼 전력 사정이 나아졌다고 전했다.",
    ] {
        let found = categories(&scan(vec![kim()], home));
        assert!(!found.contains(&Category::CoalMineralsExport), "{home}: {found:?}");
    }
    for export in [
        "North Korea supplied 100,000 tonnes of coal to Vietnam last year.",
        "North Korea supplied coal to traders in violation of U.N. sanctions.",
        "North Korea exported coal to power stations.",
    ] {
        let found = categories(&scan(vec![kim()], export));
        assert!(found.contains(&Category::CoalMineralsExport), "{export}: {found:?}");
    }
}

/// From probe14 (blind): a designation dated by "in <year>" later in its
/// clause is background; a hack the text says was not North Korea's raises
/// nothing. North Korea's own thefts recalled "in earlier years" are
/// history (probe26), those of this year are news.
#[test]
fn dated_designations_and_hacks_denied_to_north_korea_raise_nothing() {
    let dated = "North Korea shipped munitions to Russia. The U.S. Treasury imposed sanctions \
                 on Mkrtychev and Verus in 2023, describing the plan.";
    let found = categories(&scan(vec![kim()], dated));
    assert!(!found.contains(&Category::Designation), "{found:?}");
    let denied = "Crypto exchange hack traced to teen crew, not North Korea, investigators say\n\n\
                  Investigators probing the $46 million theft from the exchange say it was not \
                  carried out by North Korean state operators. North Korea's hackers stole \
                  billions in earlier years, analysts said.";
    let found = categories(&scan(vec![kim()], denied));
    assert!(found.is_empty(), "{found:?}");
    let this_year = denied.replace("in earlier years", "this year");
    let found = categories(&scan(vec![kim()], &this_year));
    assert_eq!(found, [Category::CyberCryptoTheft], "only the sentence about North Korea's own");
}

/// From probe14 (blind): an analyst introduced as a former member of the
/// Panel of Experts is no news about the monitors.
#[test]
fn a_former_panel_member_is_no_monitoring_news() {
    let text = "\"Ship-to-ship transfers remain the main pipeline for refined fuel into North \
                Korea,\" said Neil Watts, a former member of the UN Panel of Experts.";
    let found = categories(&scan(vec![kim()], text));
    assert!(!found.contains(&Category::MonitoringMechanism), "{found:?}");
    let news = "North Korea lost its monitors when Russia vetoed the Panel of Experts' mandate.";
    let found = categories(&scan(vec![kim()], news));
    assert!(found.contains(&Category::MonitoringMechanism), "{found:?}");
}

#[test]
fn an_explainer_of_the_rules_reports_nothing() {
    let primer = "Correspondent banking and representative offices of North Korean banks are \
                  prohibited. States are required to prohibit their vessels from engaging in \
                  ship-to-ship transfers with North Korean ships. All sales of luxury goods to \
                  North Korea have been prohibited since 2006.";
    let found = scan(vec![kim()], primer);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
    // The same rule beside a sentence that reports an act counts.
    let report = format!(
        "{primer} The tanker conducted a ship-to-ship transfer with a North Korean ship last week."
    );
    let found = scan(vec![kim()], &report);
    assert!(categories(&found).contains(&Category::ShipToShipTransfer), "{:?}", found.indicators);
}

#[test]
fn service_on_the_monitors_is_no_news_about_them() {
    let text = "As a maritime specialist on the UN Panel of Experts, she studied North Korean \
                freighters. For two years he chaired the council's 1718 Committee, the body \
                that oversees sanctions on North Korea.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn the_monitors_end_in_an_earlier_year_is_history() {
    let text =
        "North Korea tested a missile. The Panel's mandate ended in 2024 after a Russian veto.";
    let session = |date| Scanner::new(vec![kim()]).session().scan_dated(text, &[], date).indicators;
    assert!(session(Some("2026-09-12")).is_empty());
    let news: Vec<Category> = session(Some("2024-04-30")).iter().map(|i| i.category).collect();
    assert_eq!(news, [Category::MonitoringMechanism]);
}

#[test]
fn a_standing_listing_is_no_designation_and_its_reason_no_report() {
    // Participle after a preposition, and a place on a list far from `on`.
    let text = "Many states can impose secondary sanctions on banks that deal with designated \
                North Korean entities. A website noted that a vessel named Lucky Star appears \
                on the United States Treasury's sanctions list for North Korean oil deliveries.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
    let news = "On Tuesday the Treasury added two firms to its Specially Designated Nationals \
                list for shipping North Korean coal.";
    let found = scan(vec![kim()], news);
    assert!(categories(&found).contains(&Category::Designation), "{:?}", found.indicators);
}

#[test]
fn another_countrys_procurement_is_not_north_koreas() {
    let text = "The course covers North Korea's sanctions. Other cases cover Iranian \
                procurement of carbon fibre in the 2000s.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn hearsay_of_north_korea_does_not_anchor_where_the_text_denies_it() {
    let text = "Seized tanker ran smuggled diesel, no North Korea link. The tanker, seized \
                amid speculation that it was part of a North Korean network, was carrying \
                smuggled diesel.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn an_anti_money_laundering_law_is_no_laundering() {
    let text = "Pyongyang has a new airport. Officials said they could seize assets of North \
                Korean traders under the anti-money laundering law.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn a_text_that_rules_north_korea_out_keeps_its_hearsay_apart() {
    // "rather than" and "unlike" deny; a name or North Korea in hearsay
    // ("initially linked to", "the North Korea hypothesis") anchors nothing.
    let lazarus = listed("ofac-lazarus", Schema::Organization, "LAZARUS GROUP");
    let text = "The exploit was carried out by a former developer rather than North Korean \
                hackers. The attack, which drained the protocol's ether pools, was initially \
                linked on social media to the Lazarus Group. \"We looked hard at the North \
                Korea hypothesis, because the laundering looked familiar,\" she said. The \
                funds were spent on watches, unlike the disciplined laundering of state hackers.";
    let found = scan(vec![kim(), lazarus], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn plans_infinitives_and_past_service_are_no_reports() {
    let text = "North Korea is under sanctions. All workers earning income abroad were meant to \
                be sent home by the end of 2019. Haugland is reluctant to talk about his years \
                on the panel, except to say that its reports to the 1718 Committee taught him \
                much.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
    // A plan is news about the monitors, not a report of what it will cover.
    let plan = "The MSMT said its next report would focus on North Korean cyber operations and \
                overseas IT workers.";
    let found = scan(vec![kim()], plan);
    assert_eq!(categories(&found), [Category::MonitoringMechanism], "{:?}", found.indicators);
}

#[test]
fn a_designation_in_a_month_of_a_year_is_background() {
    let text = "North Korea imports liquor. The United States Treasury sanctioned two firms in \
                August 2018 for exporting alcohol to North Korea.";
    let found = scan(vec![kim()], text);
    assert!(!categories(&found).contains(&Category::Designation), "{:?}", found.indicators);
}

#[test]
fn a_korean_name_in_a_civilians_role_is_a_namesake() {
    let jang = dprk_person("un-jang", "JANG SONG CHOL");
    let yu = dprk_person("ofac-yu", "YU, Jin");
    let north = jang.clone();
    let text = "North Korea sold coal, said Jang Song-chol, a maritime analyst at the Korea \
                Maritime Institute in Busan. Kairos spokesperson Yu Jin said so.";
    let found = scan(vec![kim(), jang, yu], text);
    assert!(found.mentions.is_empty(), "{:?}", found.mentions);
    // The listed North Korean in his own role is still found.
    let text = "North Korea sold coal through Jang Song Chol, a bank representative in Shenyang.";
    let found = scan(vec![kim(), north], text);
    assert_eq!(found.mentions.len(), 1, "{:?}", found.mentions);
    // Once a civilian, the name is the civilian's throughout the text.
    let kim_kyong_ok = dprk_person("uk-kko", "KIM KYONG OK");
    let text = "North Korea won the final. Goalkeeper Kim Kyong-ok saved two penalties. \
                Kim Kyong-ok, 16, was named the tournament's best goalkeeper.";
    let found = scan(vec![kim(), kim_kyong_ok], text);
    assert!(found.mentions.iter().all(|m| m.entity == 0), "{:?}", found.mentions);
}

#[test]
fn speculation_about_north_korea_opens_no_gate_and_anchors_no_trade() {
    // A fraud whose only North Korea is online speculation, then denied.
    let text = "A judge sentenced a man for laundering money stolen from victims of a crypto \
                fraud. Online speculation tied the case to North Korean hackers. Prosecutors \
                found no evidence connecting the scheme to North Korea.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
    // Laundering is a trade of North Korea's only beside it or a listed name.
    let fraud = "North Korea tested a missile. Asian markets rose on Tuesday. Separately, two \
                 men were convicted of money laundering for a pig-butchering scam.";
    let found = scan(vec![kim()], fraud);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn remembered_monitors_and_designations_of_earlier_years_are_history() {
    let text = "He remembers it as a busy period: the committee's Panel of Experts was \
                investigating a North Korean freighter. Students read how the 1718 Committee \
                later designated the ship's operator, Ocean Maritime Management Company, in 2014.";
    let found = Scanner::new(vec![kim()]).session().scan_dated(text, &[], Some("2026-07-01"));
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn a_latin_acronym_is_not_read_from_cyrillic() {
    let mut mid = listed("un-mid", Schema::Organization, "MUNITIONS INDUSTRY DEPARTMENT");
    mid.add_name("MID", NameKind::StrongAlias);
    mid.programs = vec!["DPRK2".to_string()];
    let text = "В МИД КНДР ранее отвергали обвинения в передаче оружия России.";
    let found = scan(vec![mid], text);
    assert!(found.mentions.is_empty(), "{:?}", found.mentions);
}

#[test]
fn a_text_whose_every_claim_is_history_reports_nothing() {
    let text = "The customs service released the ship on Monday after finding its coal was \
                Russian. South Korea has seized several ships since 2017 for carrying North \
                Korean coal or transferring oil to North Korean vessels at sea.";
    let session = |date| Scanner::new(vec![kim()]).session().scan_dated(text, &[], date).indicators;
    assert!(session(Some("2026-11-02")).is_empty());
    // Undated, or dated in 2017 itself, the same words are a report.
    assert!(!session(None).is_empty());
}

#[test]
fn a_practice_in_general_is_no_report() {
    let text = "North Korea's navy held drills. The tanker Orion Star was intercepted east of \
                Batam, a congested area where ship-to-ship transfers are common.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn a_headline_and_a_question_report_nothing_alone() {
    let text = "Explainer: What North Korea is allowed to import — oil caps and luxury goods\n\n\
                HOW MUCH OIL CAN NORTH KOREA IMPORT? Fabrics and clothing made in North Korea \
                cannot be imported.";
    let title =
        Some("Explainer: What North Korea is allowed to import — oil caps and luxury goods");
    let scanned = |title| Scanner::new(vec![kim()]).session().scan_document(text, &[], None, title);
    assert!(scanned(title).indicators.is_empty(), "{:?}", scanned(title).indicators);
    // A headline counts beside a sentence of the text that reports something.
    let news = "North Korea smuggled oil in luxury yachts, officials say\n\nTwo North Korean \
                tankers took on refined petroleum from a foreign ship last week.";
    let title = Some("North Korea smuggled oil in luxury yachts, officials say");
    let found = Scanner::new(vec![kim()]).session().scan_document(news, &[], None, title);
    assert!(
        found.indicators.iter().any(|i| i.category == Category::LuxuryGoods),
        "{:?}",
        found.indicators
    );
    let alone = "North Korea smuggled oil in luxury yachts, officials say\n\nThe report was \
                 published.";
    let found = Scanner::new(vec![kim()]).session().scan_document(alone, &[], None, title);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn ruled_out_and_port_transshipment_are_no_reports() {
    let text = "Philippines holds tanker in fuel-smuggling probe, rules out North Korea link. The \
                tanker was seen transferring fuel to a fishing-boat carrier at night.";
    let found = scan(vec![kim()], text);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
    let port = "North Korea tested a missile. Transshipment volumes at Busan reached a record \
                13.4 million TEU.";
    let found = scan(vec![kim()], port);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

#[test]
fn a_ships_other_name_needs_a_ship_word() {
    let mut woory = vessel("gb-woory", "Woory Star");
    woory.add_name("Stella Polaris", NameKind::StrongAlias);
    let races = "North Korea tested a missile. Stella Polaris won the second race at Sha Tin.";
    let found = scan(vec![kim(), woory.clone()], races);
    assert!(found.mentions.iter().all(|m| m.entity != 1), "{:?}", found.mentions);
    let ship = "North Korea took delivery of the tanker Stella Polaris last week.";
    let found = scan(vec![kim(), woory], ship);
    assert!(found.mentions.iter().any(|m| m.entity == 1), "{:?}", found.mentions);
}

#[test]
fn may_not_states_a_rule_and_an_expert_on_the_panel_served_it() {
    let primer = "Forwarders ask whether a cargo counts under the UN measures on North Korea.\n\n\
                  Luxury goods. Member states may not supply, sell or transfer luxury items to \
                  the DPRK.\n\nLabour. States may not issue work authorisations to DPRK \
                  nationals, and workers already abroad were to be sent home by the end of 2019.";
    let found = scan(vec![kim()], primer);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
    let profile = "North Korea was his subject. He spent four years in New York as a maritime \
                   expert on the UN Panel of Experts.";
    let found = scan(vec![kim()], profile);
    assert!(found.indicators.is_empty(), "{:?}", found.indicators);
}

/// From probe17: a common word before a legal form (a KINGDOM LLC) is no
/// name by itself; as a candidate it hid the rule the sentence states.
#[test]
fn a_common_word_before_a_legal_form_hides_no_rule() {
    let mut kingdom = listed("ofac-kingdom", Schema::Company, "KINGDOM LLC");
    kingdom.programs = vec!["DPRK4".to_string()];
    let text = "The United Kingdom prohibits imports of textiles and seafood from North Korea.";
    let found = categories(&scan(vec![kim(), kingdom], text));
    assert!(found.is_empty(), "{found:?}");
}

/// From probe26/27 (blind): what earlier reports covered, what happened "in
/// recent years", a call for "one more designation" and rules that say
/// "forbidden" are no news; nor is a hack with "nothing" of North Korea's
/// tradecraft.
#[test]
fn looking_back_wishing_and_ruling_out_raise_nothing() {
    let looking_back = "The MSMT published its report on Tuesday. Previous reports covered North \
                        Korea's arms transfers to Russia, cyber theft and oil imports.";
    let found = categories(&scan(vec![kim()], looking_back));
    assert_eq!(found, [Category::MonitoringMechanism]);
    let recent_years = "A DeFi lender lost $40 million. North Korean hackers have been blamed for \
                        a large share of crypto thefts in recent years, but investigators named \
                        a local crew.";
    assert!(categories(&scan(vec![kim()], recent_years)).is_empty());
    let op_ed = "North Korea's imports of refined petroleum are capped; ship-to-ship transfers \
                 are forbidden. Washington should stop pretending that one more designation \
                 will change Kim Jong Un's calculus.";
    let found = categories(&scan(vec![kim()], op_ed));
    assert!(found.is_empty(), "{found:?}");
    let ruled_out = "A DeFi protocol was drained of $63 million. \"There is nothing here that \
                     resembles the tradecraft of the North Korean groups,\" an investigator \
                     said. The stolen funds went through a mixer.";
    let found = categories(&scan(vec![kim()], ruled_out));
    assert!(found.is_empty(), "{found:?}");
}

/// From probe27 (blind): another state's arms purchases are not North
/// Korea's arms trade; arms bought from North Korea are.
#[test]
fn another_states_arms_purchases_are_no_arms_transfer() {
    let seoul = "South Korea's arms procurement agency approved more missiles on Tuesday to \
                 counter North Korea's growing arsenal.";
    assert!(categories(&scan(vec![kim()], seoul)).is_empty());
    let russia = "Russia's arms purchases from North Korea grew this year.";
    assert_eq!(categories(&scan(vec![kim()], russia)), [Category::ArmsTransfer]);
    let shells = "Russia bought North Korean artillery shells this year.";
    assert_eq!(categories(&scan(vec![kim()], shells)), [Category::ArmsTransfer]);
}

/// From probe26/27 (blind): identities stolen to earn wages, statues built
/// abroad and a law's name are no theft, export or finance words.
#[test]
fn stolen_identities_statues_built_and_laws_are_no_categories() {
    let identities = "North Korean IT workers hide behind stolen and rented identities to earn \
                      money for the regime.";
    let found = categories(&scan(vec![kim()], identities));
    assert!(!found.contains(&Category::CyberCryptoTheft), "{found:?}");
    let statues = "North Korea sent workers to Africa to build statues this year.";
    let found = categories(&scan(vec![kim()], statues));
    assert!(!found.contains(&Category::CoalMineralsExport), "{found:?}");
    let law = "The men shipped pumps to North Korea and are charged with violating the Foreign \
               Trade and Payments Act.";
    let found = categories(&scan(vec![kim()], law));
    assert!(!found.contains(&Category::FinanceEvasion), "{found:?}");
}

/// From probe26/27 (blind): Russian уголовное ("criminal") is no coal;
/// crabs brought in from North Korea are seafood; Japanese luxury exports
/// and a new designation; Chinese shell companies' bank accounts.
#[test]
fn russian_japanese_and_chinese_terms_from_the_blind_sets() {
    let ru = "Таможня возбудила уголовное дело о контрабанде: компания ввозила живого краба из \
              КНДР.";
    let found = categories(&scan(vec![kim()], ru));
    assert!(!found.contains(&Category::CoalMineralsExport), "{found:?}");
    assert!(found.contains(&Category::SeafoodTextilesExport), "{found:?}");
    // A Russian sentence dated "в 2021 году" in a text of 2026 is history.
    let proposal = "Лавров напомнил, что Россия еще в 2021 году предлагала снять ограничения на \
                    экспорт из КНДР морепродуктов.";
    let findings =
        Scanner::new(vec![kim()]).session().scan_dated(proposal, &[], Some("2026-11-14"));
    assert!(categories(&findings).is_empty(), "{findings:?}");
    let ja = "県警は、高級車や洋酒を北朝鮮に輸出したとして社長を逮捕した。";
    assert!(categories(&scan(vec![kim()], ja)).contains(&Category::LuxuryGoods));
    // A sentence whose trigger runs to its next-to-last word is no heading.
    let ja = "洋酒を北朝鮮に輸出した。";
    assert!(categories(&scan(vec![kim()], ja)).contains(&Category::LuxuryGoods));
    let ja =
        "政府は、北朝鮮への石油の密輸に関与したとして、海運会社を資産凍結の対象に新たに指定した。";
    assert!(categories(&scan(vec![kim()], ja)).contains(&Category::Designation));
    let standing = "北朝鮮の海運会社は国連の制裁対象に指定されている。";
    assert!(!categories(&scan(vec![kim()], standing)).contains(&Category::Designation));
    let zh = "被告利用多家空壳公司的银行账户，为朝鲜银行代收代付款项，规避制裁。";
    assert!(categories(&scan(vec![kim()], zh)).contains(&Category::FinanceEvasion));
}

/// From probe28 (blind): Chinese 載運 ("carried") moves its cargo: diesel
/// carried to a North Korean tanker is petroleum.
#[test]
fn chinese_carried_diesel_is_petroleum() {
    let zh = "油輪先在香港外海載運柴油，再與北韓籍油輪以船對船轉運方式過駁燃油。";
    let found = categories(&scan(vec![kim()], zh));
    assert!(found.contains(&Category::PetroleumOil), "{found:?}");
}

/// A Hangul or Cyrillic word read in Latin letters may spell an English
/// function word: 노동자들이 reads `no tong ja`, Russian но ("but") reads
/// `no`. Neither negates what follows.
#[test]
fn korean_and_russian_words_that_spell_no_negate_nothing() {
    let ko = "북한 노동자들이 러시아에 파견됐다.";
    assert_eq!(categories(&scan(vec![kim()], ko)), [Category::OverseasWorkers]);
    let ru = "Власти молчат, но КНДР незаконно поставляла уголь в Китай, сообщили источники.";
    assert_eq!(categories(&scan(vec![kim()], ru)), [Category::CoalMineralsExport]);
}

/// From probe29/30 (blind): rules stated beside news about the monitors
/// alone are no reports; what a report covered or focused on is its
/// subject, not a claim; a standing listing's reason follows "for".
#[test]
fn rules_beside_monitor_news_and_report_subjects_raise_no_trade() {
    let lawyer = "She credits the reports of the former U.N. Panel of Experts on North Korea. \
                  Luxury goods cannot be sold to North Korea at all, and ship-to-ship transfers \
                  with North Korean vessels are banned outright.";
    let found = categories(&scan(vec![kim()], lawyer));
    assert_eq!(found, [Category::MonitoringMechanism]);
    let subjects = "The MSMT published its third report on Tuesday. Its first report covered arms \
                    transfers between North Korea and Russia; the second focused on cyber theft.";
    let found = categories(&scan(vec![kim()], subjects));
    assert_eq!(found, [Category::MonitoringMechanism]);
    let attribute = "Two North Korean tankers designated by the UN Security Council have carried \
                     out four ship-to-ship transfers of refined petroleum this year.";
    let found = categories(&scan(vec![kim()], attribute));
    assert!(found.contains(&Category::PetroleumOil), "{found:?}");
}

/// From probe30 (blind): "speculating that North Korean hackers had struck"
/// is hearsay, as "speculation" is: a hack the text then ascribes to an
/// insider raises nothing.
#[test]
fn speculating_is_hearsay() {
    let text = "An exchange lost $30 million. Social media accounts were speculating that North \
                Korean hackers had struck again. Police said an employee stole the funds.";
    let found = categories(&scan(vec![kim()], text));
    assert!(found.is_empty(), "{found:?}");
}

/// From probe30 (blind): the reason for a standing listing is no claim,
/// even in a text that reports something; what the sentence says after the
/// reason is.
#[test]
fn a_standing_listings_reason_is_no_claim() {
    let reason = "Customs seized 40 containers of coal bound for North Korea on Tuesday. \
                  Prosecutors say Zhao controlled Leader International, a company the Security \
                  Council blacklisted in 2013 for facilitating shipments for North Korea's main \
                  arms exporter.";
    let found = categories(&scan(vec![kim()], reason));
    assert!(!found.contains(&Category::ArmsTransfer), "{found:?}");
    let after =
        "A tanker that the Security Council blacklisted in 2018 for supplying fuel to North \
                 Korea appears to have resumed ship-to-ship transfers this month.";
    let found = categories(&scan(vec![kim()], after));
    assert!(found.contains(&Category::ShipToShipTransfer), "{found:?}");
    assert!(!found.contains(&Category::PetroleumOil), "{found:?}");
}

/// From probe30 (blind): North Korea's own construction sites are not
/// abroad ("feats of labor at the construction sites").
#[test]
fn labor_at_home_construction_sites_is_no_overseas_work() {
    let text = "North Korea is building houses. Shock brigades of youth are performing feats of \
                labor at the construction sites.";
    assert!(categories(&scan(vec![kim()], text)).is_empty());
}

/// From probe30 (blind): designations counted "since 2017", or that
/// "already exist", are standing ones.
#[test]
fn designations_since_a_year_or_already_made_are_standing() {
    for text in [
        "North Korea ships coal abroad. The U.S. Treasury has designated more than 40 North \
         Korean bank representatives abroad since 2017.",
        "North Korea ships coal abroad. \"Sanctions designations already exist for most of \
         these firms,\" a researcher said.",
    ] {
        let found = categories(&scan(vec![kim()], text));
        assert!(!found.contains(&Category::Designation), "{text}: {found:?}");
    }
}

/// From probe20/25: "sleuths had pointed to North Korea's Lazarus Group" is
/// a first suspicion, like speculation: it anchors no laundering claim in a
/// hack the text then puts on someone else.
#[test]
fn a_suspicion_that_had_pointed_to_north_korea_anchors_nothing() {
    let text = "A lending protocol lost $40 million on Tuesday. Within hours, sleuths had \
                pointed to the Lazarus Group, citing the speed of the laundering. Police later \
                arrested a former developer.";
    let lazarus = {
        let mut e = listed("ofac-lazarus", Schema::Organization, "LAZARUS GROUP");
        e.programs = vec!["DPRK3".to_string()];
        e
    };
    let found = categories(&scan(vec![kim(), lazarus], text));
    assert!(!found.contains(&Category::FinanceEvasion), "{found:?}");
}

/// Russian за рубеж ("abroad") sends workers abroad.
#[test]
fn russian_workers_sent_abroad_are_overseas_workers() {
    let ru = "КНДР направляет рабочих за рубеж, сообщили источники.";
    assert_eq!(categories(&scan(vec![kim()], ru)), [Category::OverseasWorkers]);
}

/// From probe32 (blind): tankers "blacklisted years ago" are standing
/// listings, not news of a designation.
#[test]
fn a_designation_years_ago_is_standing() {
    let text = "Two tankers that were blacklisted by the Security Council years ago for \
                supplying fuel to North Korea appear to have resumed ship-to-ship transfers.";
    let found = categories(&scan(vec![kim()], text));
    assert!(!found.contains(&Category::Designation), "{found:?}");
}

#[test]
fn claims_only_after_the_lead_are_background() {
    // Nine sentences of tanker-market news, then history: the history's
    // ship-to-ship transfers are background, not news.
    let market = "Tanker rates in Asia rose for a third week as refiners bought more crude.\n\n\
                  Charter rates for medium-range tankers climbed to their highest since March.\n\n\
                  Brokers said demand for gasoline cargoes from Singapore had picked up again.\n\n\
                  Owners of older ships have benefited most from the tighter market this year.\n\n\
                  Several new vessels will be delivered by Korean shipyards before the spring.\n\n\
                  Insurers said they expected premiums for older tankers to stay at their level.\n\n\
                  Port congestion in northern China eased after a week of fog and strong winds.\n\n\
                  Freight analysts expect rates to soften once the winter restocking is over.\n\n\
                  The market for product tankers remains tight, according to one Seoul broker.\n\n";
    let history =
        "Analysts say North Korean tankers receive fuel in ship-to-ship transfers at sea.";
    let background = format!("{market}{history}");
    let findings = scan(vec![kim()], &background);
    assert!(findings.indicators.is_empty(), "{:?}", findings.indicators);

    // The same history beside news in the lead counts.
    let news = "North Korean tankers received fuel in ship-to-ship transfers at sea last week, \
                officials said.\n\n";
    let reported = format!("{news}{market}{history}");
    let categories: Vec<Category> =
        scan(vec![kim()], &reported).indicators.iter().map(|i| i.category).collect();
    assert!(categories.contains(&Category::ShipToShipTransfer), "{categories:?}");

    // A lead whose claim is not North Korea's (Malaysia's rules for
    // ship-to-ship transfers) does not make the later history news.
    let rules =
        "Malaysia tightens ship-to-ship transfer rules off Johor as tanker traffic swells.\n\n";
    let findings = scan(vec![kim()], &format!("{rules}{market}{history}"));
    assert!(findings.indicators.is_empty(), "{:?}", findings.indicators);

    // A lead that speaks of sanctions counts (a summit story opening on
    // "U.S.-imposed sanctions" whose arms deal comes further down).
    let sanctions =
        "Tanker owners said U.S. sanctions on Russian oil had reshaped their trade.\n\n";
    let categories = categories_of(&format!("{sanctions}{market}{history}"));
    assert!(categories.contains(&Category::ShipToShipTransfer), "{categories:?}");
}

#[test]
fn a_lead_about_north_korea_keeps_later_claims_of_no_lawful_trade() {
    // A summit story whose lead never says "sanctions" and whose arms
    // shipments come after it.
    let summit = "Russian President Vladimir Putin welcomed North Korean leader Kim Jong Un to \
                  Vladivostok on Wednesday for talks that aides said would run late.\n\n\
                  Kim arrived aboard his armored green train after a journey of twenty hours.\n\n\
                  A military band played both anthems in a light drizzle on the windswept pier.\n\n\
                  Children in white shirts waved paper flags as the motorcade passed the campus.\n\n\
                  It was the first meeting of the two leaders on Russian soil in three years.\n\n\
                  Neither leader took questions from the reporters waiting outside the hall.\n\n\
                  A Kremlin spokesman said the agenda included trade, transport and tourism.\n\n\
                  A joint statement from the two delegations was expected on Thursday morning.\n\n";
    let arms = "Officials say North Korea has shipped millions of artillery shells to Russia.\n\n";
    let trade = "North Korea's coal exports to China rose by a tenth, customs figures show.";
    let categories = categories_of(&format!("{summit}{arms}{trade}"));
    assert!(categories.contains(&Category::ArmsTransfer), "{categories:?}");
    // Trade goods cross borders lawfully too: figures of that trade after
    // such a lead stay background.
    assert!(!categories.contains(&Category::CoalMineralsExport), "{categories:?}");
    // The same lead about a market with no North Korea in it keeps nothing.
    let market = summit.replace("North Korean leader Kim Jong Un", "Chinese Premier Li Qiang");
    let market = market.replace("Kim arrived", "Li arrived");
    let findings = scan(vec![kim()], &format!("{market}{arms}"));
    assert!(findings.indicators.is_empty(), "{:?}", findings.indicators);
}

#[test]
fn buying_parts_for_missiles_is_procurement_not_arms() {
    let text = "A North Korean agent of the academy that develops Pyongyang's ballistic missiles \
                bought gyroscope components from Russian suppliers, court filings show.";
    let categories = categories_of(text);
    assert!(categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    assert!(!categories.contains(&Category::ArmsTransfer), "{categories:?}");
    // What the goods are for names the procurement.
    let materials = "North Korea's Tangun Trading continued to acquire materials for \
                     solid-propellant missile production through intermediaries in China.";
    let categories = categories_of(materials);
    assert!(categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    // Missiles bought whole are an arms transfer.
    let arms = "Russia bought ballistic missiles from North Korea, officials said.";
    let categories = categories_of(arms);
    assert!(categories.contains(&Category::ArmsTransfer), "{categories:?}");
}

#[test]
fn controlled_goods_sold_to_north_korea_are_procurement() {
    let sold = "A German trader sold precision machine tools that ended up with a North Korean \
                company, prosecutors said.";
    let categories = categories_of(sold);
    assert!(categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    // Going out of North Korea they are not.
    let out = "North Korean engineers worked at the sites, and guidance components were shipped \
               from Pyongyang by air freight.";
    let categories = categories_of(out);
    assert!(!categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    // Parts in general, sold, are trade.
    let parts = "The firm sold vehicle parts to a North Korean importer, customs data show.";
    let categories = categories_of(parts);
    assert!(!categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    // Supplying weapons plants is procurement for them, no arms transfer.
    let plants = "Ryonha builds machines for North Korean industry, but officials say it also \
                  supplies the country's weapons plants.";
    let categories = categories_of(plants);
    assert!(categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    assert!(!categories.contains(&Category::ArmsTransfer), "{categories:?}");
}

#[test]
fn missile_parts_in_japanese_and_korean_are_procurement() {
    let ja = "北朝鮮の貿易会社がミサイル部品を中国経由で調達していた疑いがある。";
    let categories = categories_of(ja);
    assert!(categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    assert!(!categories.contains(&Category::ArmsTransfer), "{categories:?}");
    let ko = "북한 무역회사가 중국을 거쳐 미사일 부품을 조달했다고 당국이 밝혔다.";
    let categories = categories_of(ko);
    assert!(categories.contains(&Category::WmdMissileProcurement), "{categories:?}");
    assert!(!categories.contains(&Category::ArmsTransfer), "{categories:?}");
}

#[test]
fn reloading_in_port_is_no_ship_to_ship_transfer_in_japanese() {
    let port = "研削盤は大連で別のコンテナに積み替えられ、北朝鮮の南浦港に運ばれたとみられる。";
    let categories = categories_of(port);
    assert!(!categories.contains(&Category::ShipToShipTransfer), "{categories:?}");
}

#[test]
fn korean_funds_laundered_in_two_words_are_finance_evasion() {
    let ko = "경찰은 북한 해킹조직 안다리엘이 믹서를 거쳐 자금 세탁을 했다고 밝혔다.";
    let categories = categories_of(ko);
    assert!(categories.contains(&Category::FinanceEvasion), "{categories:?}");
    // A product's origin relabelled (원산지 세탁) launders no money.
    let origin = "관세청은 중국을 거친 북한산 의류의 원산지 세탁을 적발했다.";
    let categories = categories_of(origin);
    assert!(!categories.contains(&Category::FinanceEvasion), "{categories:?}");
}

#[test]
fn russian_luxury_cars_sent_to_pyongyang_are_luxury_goods() {
    let ru = "По данным таможни, автомобили Mercedes-Maybach и Lexus были отправлены по железной \
              дороге в Пхеньян.";
    let categories = categories_of(ru);
    assert!(categories.contains(&Category::LuxuryGoods), "{categories:?}");
    let cognac = "Компания отправила в КНДР французский коньяк и шотландский виски.";
    let categories = categories_of(cognac);
    assert!(categories.contains(&Category::LuxuryGoods), "{categories:?}");
}

#[test]
fn a_korean_relative_clause_of_designation_is_a_standing_listing() {
    let standing = "미국 재무부가 지정한 북한 유조선이 남포항에 다시 입항했다.";
    let categories = categories_of(standing);
    assert!(!categories.contains(&Category::Designation), "{categories:?}");
    let news = "정부는 북한 개인 2명을 독자제재 대상으로 지정한다고 밝혔다.";
    let categories = categories_of(news);
    assert!(categories.contains(&Category::Designation), "{categories:?}");
}

#[test]
fn goods_passed_off_as_chinese_are_exports() {
    let en = "North Korean garments were relabelled \"Made in China\" in Dandong.";
    let categories = categories_of(en);
    assert!(categories.contains(&Category::SeafoodTextilesExport), "{categories:?}");
    let ko = "북한산 바지락이 단둥에서 중국산으로 둔갑해 팔려나갔다.";
    let categories = categories_of(ko);
    assert!(categories.contains(&Category::SeafoodTextilesExport), "{categories:?}");
}

#[test]
fn japanese_additions_to_the_asset_freeze_are_designations() {
    let ja = "政府は25日の閣議で、北朝鮮のIT技術者による外貨獲得に関与したとして、2団体と1個人を\
              外為法に基づく資産凍結の対象に追加することを了解した。";
    let categories = categories_of(ja);
    assert!(categories.contains(&Category::Designation), "{categories:?}");
}

#[test]
fn missile_development_in_cjk_and_korean_is_no_arms_transfer() {
    let ja = "外務省幹部は「北朝鮮は石炭の不正輸出で得た外貨を核・ミサイル開発に充てている」と指摘した。";
    let categories = categories_of(ja);
    assert!(categories.contains(&Category::CoalMineralsExport), "{categories:?}");
    assert!(!categories.contains(&Category::ArmsTransfer), "{categories:?}");
}

#[test]
fn container_transshipment_at_busan_is_port_business() {
    let port = "북한 선박은 없었다. 부산항의 올해 환적 화물 처리량이 사상 처음으로 1천400만TEU를 넘어설 것으로 전망된다.";
    assert!(scan(vec![kim()], port).indicators.is_empty());
    let sts = "북한 유조선이 공해상에서 외국 선박과 선박 간 환적을 한 정황이 포착됐다.";
    let categories = categories_of(sts);
    assert!(categories.contains(&Category::ShipToShipTransfer), "{categories:?}");
}

#[test]
fn korean_speculation_about_north_korea_puts_its_part_in_doubt() {
    let text = "가상자산 거래소 해킹해 120억 빼돌린 20대 일당 검거\n\n\
                사건 초기 업계에서는 북한 해킹조직의 소행이라는 관측도 나왔으나, 경찰은 국내 일당의 \
                범행으로 결론 내렸다.";
    let findings = scan(vec![kim()], text);
    assert!(findings.indicators.is_empty(), "{:?}", findings.indicators);
}

#[test]
fn korean_goods_and_their_verb_may_stand_twelve_words_apart() {
    let text = "북한 신의주의 봉제공장에서 만든 의류가 중국 랴오닝성 단둥을 거쳐 '중국산' 라벨을 \
                달고 유럽과 동남아시아로 수출되고 있다는 증언이 나왔다.";
    assert_eq!(categories_of(text), [Category::SeafoodTextilesExport]);
}

#[test]
fn listings_in_a_passive_relative_clause_or_dated_before_are_standing() {
    let dated = |text: &str| {
        Scanner::new(vec![kim()])
            .session()
            .scan_dated(text, &[], Some("2026-11-02"))
            .indicators
            .iter()
            .map(|i| i.category)
            .collect::<Vec<Category>>()
    };
    let relative = "SEOUL, Oct 14 (Reuters) - Two Russian cargo ships that were sanctioned by the \
                    United States and Britain for their North Korea trade have resumed calls at \
                    Rajin, satellite images show.";
    assert!(!dated(relative).contains(&Category::Designation));
    let year = "In 2019 the US Treasury sanctioned two Taiwanese owners of North Korean tankers, \
                which were seen this week transferring fuel at sea.";
    assert!(!dated(year).contains(&Category::Designation));
    // An earlier year of another clause does not date the designation.
    let other_clause = "Hackers stole crypto from an exchange in 2018, and the Treasury imposed \
                        sanctions on two North Korean bankers on Monday.";
    assert!(dated(other_clause).contains(&Category::Designation));
}
