//! The word lists the scanner reasons with, written by the project: indicator
//! terms per prohibition of the UN DPRK regime, the cue words for stance and
//! attribution, ship and title words, and the common English words that make
//! a listed name ambiguous.
//!
//! Every list is data, not code, so that an analyst can read and extend it.
//! Inflected forms are listed explicitly (no stemmer), which keeps matching a
//! table lookup. Terms of several words are phrases matched token by token.
//!
//! # References
//! The categories follow the measures of UN Security Council resolutions
//! 1718 (2006), 1874 (2009), 2094 (2013), 2270 and 2321 (2016), 2371, 2375
//! and 2397 (2017), as summarised by the 1718 Committee's fact sheet, and the
//! Panel of Experts' report chapters (maritime, finance, cyber, overseas
//! workers, luxury goods, arms and WMD).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

/// A prohibition of the UN DPRK sanctions regime that a sentence can report
/// a breach of, or a fact about the regime itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Arms and related materiel to or from the DPRK (res. 1718 §8, 1874 §9–10).
    ArmsTransfer,
    /// Luxury goods to the DPRK (res. 1718 §8(a)(iii), 2094 annex IV).
    LuxuryGoods,
    /// Crude oil and refined petroleum beyond the caps (res. 2375, 2397).
    PetroleumOil,
    /// Coal, iron, ores and other minerals from the DPRK (res. 2270, 2321, 2371).
    CoalMineralsExport,
    /// Seafood and textiles from the DPRK (res. 2371, 2375).
    SeafoodTextilesExport,
    /// DPRK nationals earning income abroad (res. 2375 §17, 2397 §8).
    OverseasWorkers,
    /// Ship-to-ship transfers to or from DPRK-flagged vessels (res. 2375 §11).
    ShipToShipTransfer,
    /// Disabled AIS, false flags, renamed or disguised ships (res. 2321, 2397).
    VesselIdentityFraud,
    /// Theft of cryptocurrency and cyber intrusions to raise revenue.
    CyberCryptoTheft,
    /// Banking, front companies, laundering and other financial evasion (res. 2094, 2270).
    FinanceEvasion,
    /// Procurement for nuclear, ballistic missile and other WMD programmes (res. 1718, 2270).
    WmdMissileProcurement,
    /// About the Panel of Experts, the MSMT or sanctions monitoring itself.
    MonitoringMechanism,
    /// New designations (listings) of people, entities or vessels.
    Designation,
}

impl Category {
    /// Every category, in output order.
    pub const ALL: [Category; 13] = [
        Category::ArmsTransfer,
        Category::LuxuryGoods,
        Category::PetroleumOil,
        Category::CoalMineralsExport,
        Category::SeafoodTextilesExport,
        Category::OverseasWorkers,
        Category::ShipToShipTransfer,
        Category::VesselIdentityFraud,
        Category::CyberCryptoTheft,
        Category::FinanceEvasion,
        Category::WmdMissileProcurement,
        Category::MonitoringMechanism,
        Category::Designation,
    ];

    /// The snake_case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::ArmsTransfer => "arms_transfer",
            Category::LuxuryGoods => "luxury_goods",
            Category::PetroleumOil => "petroleum_oil",
            Category::CoalMineralsExport => "coal_minerals_export",
            Category::SeafoodTextilesExport => "seafood_textiles_export",
            Category::OverseasWorkers => "overseas_workers",
            Category::ShipToShipTransfer => "ship_to_ship_transfer",
            Category::VesselIdentityFraud => "vessel_identity_fraud",
            Category::CyberCryptoTheft => "cyber_crypto_theft",
            Category::FinanceEvasion => "finance_evasion",
            Category::WmdMissileProcurement => "wmd_missile_procurement",
            Category::MonitoringMechanism => "monitoring_mechanism",
            Category::Designation => "designation",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }

    pub(crate) fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Roles a word plays in the rules (bit set).
pub(crate) mod role {
    pub const TRANSFER: u32 = 1;
    pub const ILLICIT: u32 = 1 << 1;
    pub const PROCURE: u32 = 1 << 2;
    pub const ABROAD: u32 = 1 << 3;
    pub const THEFT: u32 = 1 << 4;
    pub const CRYPTO: u32 = 1 << 5;
    pub const DISABLE: u32 = 1 << 6;
    pub const FALSIFY: u32 = 1 << 7;
    pub const SHIP: u32 = 1 << 8;
    pub const SANCTION: u32 = 1 << 9;
    pub const AUTHORITY: u32 = 1 << 10;
    pub const PANEL: u32 = 1 << 11;
    pub const DPRK: u32 = 1 << 12;
    /// Speech verbs: say, said, told, stated ...
    pub const SAY: u32 = 1 << 13;
    /// Allegation words: accuse, allege, suspected, concerns ...
    pub const ALLEGE: u32 = 1 << 14;
    /// Denials: deny, denied, rejected ...
    pub const DENY: u32 = 1 << 15;
    /// `according` (to).
    pub const ACCORDING: u32 = 1 << 16;
    /// Titles before a name: President, leader, Mr ...
    pub const TITLE: u32 = 1 << 17;
    /// Words that may stay lower case inside a name: of, and, the, al, bin ...
    pub const CONNECTOR: u32 = 1 << 18;
    /// The word is a verb (for SAY/ALLEGE/DENY: its subject is the claimant).
    pub const VERB: u32 = 1 << 19;
    /// A word heading a trailing clause that is not the claimant (`which`).
    pub const ORG: u32 = 1 << 20;
    /// Words that negate a following claim: not, no, never.
    pub const NEGATE: u32 = 1 << 21;
    /// Words that make a following claim hypothetical: would, could, plans to.
    pub const HYPO: u32 = 1 << 24;
    /// Money words, the object of a theft.
    pub const FUNDS: u32 = 1 << 25;
    /// Nouns for a ship (a transfer between two of them is ship-to-ship).
    pub const VESSEL: u32 = 1 << 26;
    /// Where a transfer between ships happens: at sea, alongside.
    pub const AT_SEA: u32 = 1 << 27;
    /// The `imo` of an IMO number.
    pub const IMO: u32 = 1 << 22;
    /// Words that make a designation a standing fact rather than news:
    /// `is designated`, `already sanctioned`.
    pub const STATIVE: u32 = 1 << 23;
    /// Phrases whose words are not the terms they contain: `soybean oil`
    /// is no petroleum, `gold medal` no mineral.
    pub const MASK: u32 = 1 << 28;
    /// Reports other than the news at hand, to come or gone (`would publish
    /// reports on`, `previous reports covered`): the categories after it are
    /// their subjects, not claims.
    pub const PLANNED: u32 = 1 << 29;
    /// What the sanctions do (ban, cap, prohibit, embargo): with a
    /// resolution before it and no breach, a sentence states the rules.
    pub const BAN: u32 = 1 << 30;
    /// Goods controlled for their use in missiles and nuclear weapons
    /// (machine tools, gyroscopes, carbon fibre): sold or shipped to North
    /// Korea, they are procurement too. Only in the lexicon's definitions: a
    /// word's tables keep it as [`super::CONTROLLED_TOPIC`], since bit 31 of
    /// a word's roles is the build's name-token bit.
    pub const CONTROLLED: u32 = 1 << 31;
}

/// The topic bit, beside the categories' bits, of goods defined with
/// [`role::CONTROLLED`].
pub(crate) const CONTROLLED_TOPIC: u16 = 1 << 15;

use role::*;
use Category as C;

/// One term: a word or a phrase, with the categories it is a topic of, the
/// categories it triggers alone (strong), and its roles.
pub(crate) struct TermDef {
    pub words: &'static str,
    pub topic: &'static [Category],
    pub strong: &'static [Category],
    pub roles: u32,
}

const fn t(
    words: &'static str,
    topic: &'static [Category],
    strong: &'static [Category],
    roles: u32,
) -> TermDef {
    TermDef { words, topic, strong, roles }
}

/// Expands `a|b|c` groups: each alternative is its own term with the same definition.
pub(crate) fn expand(def: &TermDef) -> impl Iterator<Item = &'static str> {
    def.words.split('|').map(str::trim).filter(|w| !w.is_empty())
}

const NONE_C: &[Category] = &[];

/// The indicator and cue lexicon (English).
pub(crate) static TERMS: &[TermDef] = &[
    // Arms.
    t("arms deal|arms deals|arms transfer|arms transfers|arms trade|arms trafficking|arms shipment|arms shipments|arms sales|arms exports|arms supplies|weapons transfer|weapons transfers|weapons shipments|weapons shipment|weapons deal|arms embargo", NONE_C, &[C::ArmsTransfer], 0),
    t("arms|weapons|weaponry|munitions|ammunition|artillery|shells|rockets|missiles|rifles|grenades|military equipment|materiel|howitzers|ballistic missiles|rocket launchers", &[C::ArmsTransfer], NONE_C, 0),
    // Luxury goods.
    t("luxury goods|luxury items|luxury products|luxury cars|luxury vehicles|luxury car|luxury vehicle|luxury ban", NONE_C, &[C::LuxuryGoods], 0),
    t("limousine|limousines|mercedes|rolls royce|lexus|maybach|yacht|yachts|cognac|whisky|whiskey|jewelry|jewellery|furs|cosmetics|luxury|aurus|vodka|wine|liquor|cigars|cigarettes|pianos|wristwatches|swiss watches|luxury watches", &[C::LuxuryGoods], NONE_C, 0),
    // Petroleum.
    t("refined petroleum|refined petroleum products|oil smuggling|fuel smuggling|petroleum cap|oil cap", NONE_C, &[C::PetroleumOil], 0),
    t("oil|petroleum|diesel|gasoline|fuel|crude|kerosene|jet fuel|oil products|barrels", &[C::PetroleumOil], NONE_C, 0),
    // Coal and minerals.
    t("coal|anthracite|iron ore|ore|ores|minerals|rare earth|rare earths|zinc|copper|molybdenum|titanium|vanadium|iron|steel|gold|silver|statues", &[C::CoalMineralsExport], NONE_C, 0),
    // Seafood and textiles.
    t("seafood|fish|fishing rights|crab|crabs|clams|squid|textiles|textile|garments|clothing|apparel|fabrics", &[C::SeafoodTextilesExport], NONE_C, 0),
    // Workers.
    t("it workers|it worker|overseas workers|workers abroad|laborers abroad|labourers abroad|north korean workers|north korean laborers|north korean labourers|forced labor|labour export|labor export|worker dispatch", NONE_C, &[C::OverseasWorkers], 0),
    t("workers|laborers|labourers|labor|labour|employees|construction workers", &[C::OverseasWorkers], NONE_C, 0),
    // Ship-to-ship.
    t("ship-to-ship|ship to ship|sts transfer|sts transfers|transshipment|transshipments|trans-shipment|transshipping|transhipment|transhipments", NONE_C, &[C::ShipToShipTransfer], 0),
    t("transfer|transfers|transferred|transferring|offloaded|offloading|transferring cargo", &[C::ShipToShipTransfer], NONE_C, TRANSFER),
    t("alongside|at sea|offshore|off the coast|mid-sea|high seas|on the high seas|moored together", NONE_C, NONE_C, AT_SEA),
    // Vessel identity.
    t("went dark|going dark|goes dark|flag hopping|false flag|false flags|identity laundering|spoofing|spoofed|fraudulent registration|fraudulently registered|fake identity|false identity|disguised its identity|fraudulent flag|fraudulently flagged|ais manipulation", NONE_C, &[C::VesselIdentityFraud], 0),
    t("ais|transponder|transponders|automatic identification system|tracking system|name|names|flag|identity|registration|imo number|hull", &[C::VesselIdentityFraud], NONE_C, 0),
    t("disabled|switched off|turned off|off|manipulated|manipulating|dark|gaps|renamed|repainted|disguised|disguise|falsified|falsely|forged|fake|fraudulent|fraudulently|changed|false", NONE_C, NONE_C, DISABLE | FALSIFY),
    // Cyber.
    t("crypto heist|crypto heists|cryptocurrency heist|cryptocurrency heists|cyber heist|cyber heists|cyber theft|crypto theft|cryptocurrency theft|crypto hack|crypto hacks|stolen cryptocurrency|stolen crypto", NONE_C, &[C::CyberCryptoTheft], THEFT),
    t("cyberattack|cyberattacks|cyber attack|cyber attacks|hacking group|hacker group|hacking groups|cybercriminals", &[C::CyberCryptoTheft], NONE_C, THEFT),
    // Not "breach": "in breach of U.N. resolutions" is a violation, not an intrusion.
    t("hack|hacks|hacked|hacking|hackers|heist|heists|theft|thefts|stole|stolen|steal|stealing|exploit|exploited|drained|looted|phishing|malware|ransomware", &[C::CyberCryptoTheft], NONE_C, THEFT),
    t("cryptocurrency|cryptocurrencies|crypto|bitcoin|ether|ethereum|tokens|blockchain|defi|wallet|wallets|virtual currency|digital assets|crypto exchange|exchange|bridge|stablecoins|usdt", NONE_C, NONE_C, CRYPTO),
    // Finance.
    t("money laundering|laundered|launder|laundering|front company|front companies|shell company|shell companies|illicit finance|illicit financing|illicit revenue|illicit funds|financial facilitator|financial facilitators", NONE_C, &[C::FinanceEvasion], 0),
    t("bank|banks|banking|accounts|account|funds|financial|payments|payment|transactions|remittances|remitted|wire transfers|correspondent accounts", &[C::FinanceEvasion], NONE_C, 0),
    // WMD.
    t("dual-use|dual use", NONE_C, NONE_C, 0),
    t("nuclear|uranium|enrichment|plutonium|ballistic|chemical weapons|biological weapons|wmd|weapons of mass destruction|components|parts|missile technology|nuclear technology", &[C::WmdMissileProcurement], NONE_C, 0),
    t("centrifuge|centrifuges|rocket engines|machine tools|cnc machines|cnc machine tools|machining centres|machining centers|machining centre|machining center|lathes|carbon fiber|carbon fibre|maraging steel|turbopumps|aluminium tubes|aluminum tubes|dual-use goods|dual-use items|gyroscope|gyroscopes|accelerometer|accelerometers|guidance systems|navigation systems|navigation components|guidance components|microelectronics|microcircuits", &[C::WmdMissileProcurement], NONE_C, CONTROLLED),
    // What the goods are for: "acquire materials for solid-propellant missile production".
    t("missile program|missile programs|missile programme|missile programmes|missile production|missiles production", &[C::WmdMissileProcurement], NONE_C, 0),
    // Missile parts are no missiles ("미사일 부품", ミサイル部品 read word by word).
    t("missile components|missile parts|missiles components|missiles parts", &[C::WmdMissileProcurement], NONE_C, MASK | CONTROLLED),
    // Supplying a weapons industry is procurement for it, no arms transfer
    // ("supplies the country's weapons plants").
    t("weapons industry|weapons industries|weapons plants|weapons plant|weapons factories|weapons factory|arms industry|arms factories|munitions industry|munitions factories|munitions plants|missile industry|missile plants|missile factories", &[C::WmdMissileProcurement], NONE_C, MASK | CONTROLLED),
    // Not "source": "a source of revenue for weapons" is no procurement.
    t("procure|procures|procured|procuring|procurement|acquire|acquires|acquired|acquiring|acquisition|purchase|purchases|purchased|purchasing|buy|buys|bought|buying|obtain|obtained|obtaining|sourced|sourcing|import|imported|imports|importing", NONE_C, NONE_C, PROCURE | TRANSFER),
    // Monitoring.
    t("panel of experts|expert panel|panel's mandate|msmt|multilateral sanctions monitoring team|1718 committee|sanctions committee|monitoring mechanism|monitoring team|sanctions monitoring|sanctions monitors", NONE_C, &[C::MonitoringMechanism], PANEL),
    t("monitoring|monitor|monitors|monitored|oversight|mandate|veto|vetoed|panel|mechanism", &[C::MonitoringMechanism], NONE_C, 0),
    // Designation.
    t("designated|designates|designating|designation|designations|blacklisted|blacklists|blacklisting|sanctioned|sanctioning|imposed sanctions on|imposed sanctions against|imposed unilateral sanctions on|imposed unilateral sanctions against|imposed independent sanctions on|imposed fresh sanctions on|imposed additional sanctions on|imposed further sanctions on|imposes unilateral sanctions on|imposes additional sanctions on|imposes sanctions on|imposed new sanctions on|imposed new sanctions against|announced sanctions on|announced sanctions against|announced new sanctions|slapped sanctions on|imposed an asset freeze on|imposed asset freezes on|added to the sdn list|added to its sanctions list|sanctions list|sanctions lists|blacklist", &[C::Designation], NONE_C, 0),
    t("treasury|ofac|sdn|state department|foreign ministry|ministry|government|european union|eu|council|united kingdom|uk|japan|australia|security council|department|washington|seoul|tokyo|brussels|london|canberra", NONE_C, NONE_C, AUTHORITY),
    // Cues.
    t("supply|supplies|supplied|supplying|ship|ships|shipped|shipping|shipment|shipments|deliver|delivers|delivered|delivering|delivery|deliveries|export|exports|exported|exporting|sell|sells|sold|selling|sale|sales|buy|buys|bought|buying|provide|provides|provided|providing|send|sends|sent|sending|smuggle|smuggled|smuggling|smuggles|trade|traded|trading|receive|received|receiving|transport|transported|transporting|carry|carries|carried|carrying|procured|bound for|destined for|in exchange for|brought|bring|bringing", NONE_C, NONE_C, TRANSFER),
    t("ban|bans|banned|banning|prohibited|prohibits|prohibition|illicit|illicitly|illegal|illegally|unlawful|violate|violates|violated|violating|violation|violations|breach|breaches|breached|evade|evading|evasion|circumvent|circumvention|covert|covertly|secret|secretly|clandestine|embargo|resolution|resolutions|cap|exceeding|laundering|disguised|concealed|conceal|falsified|front|illegitimate", NONE_C, NONE_C, ILLICIT),
    // Money moved out of sight: "funnelling money earned by North Korean IT
    // workers", "nominee directors", "to hide the North Korean origin".
    t("hide|hid|hides|hiding|funnel|funnels|funnelled|funneled|funnelling|funneling|nominee|nominees|fronts|obscure|obscured|obscuring", NONE_C, NONE_C, ILLICIT),
    // Goods passed off as another country's: "relabelled 'Made in China'".
    t("relabeled|relabelled|relabeling|relabelling|mislabeled|mislabelled|re-labelled|re-labeled", NONE_C, NONE_C, ILLICIT),
    t("sanction|sanctions|sanctions regime|un sanctions|u.n. sanctions|security council|resolution|resolutions", NONE_C, NONE_C, SANCTION),
    t("ban|bans|banned|prohibit|prohibits|prohibited|cap|caps|capped|limits|restrict|restricts|forbid|forbids|forbade|forbidden|outlawed|embargo|bars|barred|prohibition|prohibitions", NONE_C, NONE_C, BAN),
    t("overseas|abroad|dispatched|dispatch|sent|earn|earning|earned|earns|revenue|wages|remit|remitted|hired|employed|employ|employs|employing|working in|work in|in russia|in china|in laos|in the middle east|restaurants|logging", NONE_C, NONE_C, ABROAD),
    t("vessel|vessels|ship|ships|tanker|tankers|freighter|freighters|bulk carrier|cargo ship|cargo vessel|oil tanker|mv|m/v|mt|boat|boats|carrier|carriers|vlcc|vlccs|ulcc|aframax|aframaxes|suezmax|suezmaxes|panamax|kamsarmax|supramax|ultramax|handysize|handymax|capesize|newcastlemax|bulker|bulkers|trawler|trawlers", NONE_C, NONE_C, SHIP | VESSEL),
    t("flagged|hull|crew|port|at sea|berth|anchorage|imo|shipping|maritime", NONE_C, NONE_C, SHIP),
    t("north korea|north korean|north koreans|dprk|pyongyang|democratic people's republic of korea|kim jong un|kim jong-un|kndr|bukhan|korea's north", NONE_C, NONE_C, DPRK),
    // Other languages' single words for it (the gate, and the namesake rule, need them).
    t("nordkorea|nordkoreas|nordkoreanisch|nordkoreanische|nordkoreanischen|nordkoreanischer|pjongjang|norcorea|norcoreano|norcoreana|norcoreanos|nordcoree|nordcorea|nordcoreano", NONE_C, NONE_C, DPRK),
    t("coree du nord|nord coreen|nord coreens|nord coreenne|nord coreennes|corea del norte|nordkoreaner|nordkoreanern|nordkoreanerinnen|norcoreanas|rpdc", NONE_C, NONE_C, DPRK),
    // French, German and Spanish, as the tokenizer folds them (pétrole →
    // petrole, Öl → ol; an apostrophe joins: d'experts → dexperts). Only the
    // main terms of each category, and words no English text uses (not
    // Spanish carbón, which folds to English carbon): a missed indicator is
    // better than a false one.
    t("produits petroliers raffines|produits petroliers|petrole raffine|raffinierte olprodukte|olprodukte|erdolprodukte|productos petroliferos refinados|productos refinados|petroleo refinado", NONE_C, &[C::PetroleumOil], 0),
    t("petrole|carburant|carburants|gazole|ol|erdol|rohol|treibstoff|kraftstoff|petroleo|combustible|combustibles|gasoleo|crudo|barils|barriles|fass", &[C::PetroleumOil], NONE_C, 0),
    t("transbordement de navire a navire|transbordements de navire a navire|transfert de navire a navire|transferts de navire a navire|de navire a navire|transbordement|transbordements|schiff zu schiff|umladung auf see|umladungen auf see|umladung|umladungen|de buque a buque|transferencia de buque a buque|transferencias de buque a buque|transbordos de buque a buque|transbordo en alta mar|transbordos en alta mar", NONE_C, &[C::ShipToShipTransfer], 0),
    t("transfert|transferts|transfere|transferes|transferencia|transferencias|transfirio|transfirieron|umgeladen", &[C::ShipToShipTransfer], NONE_C, TRANSFER),
    t("en mer|en haute mer|au large|auf see|auf hoher see|en alta mar|alta mar", NONE_C, NONE_C, AT_SEA),
    t("navire|navires|petrolier|petroliers|schiff|schiffe|schiffen|frachter|buque|buques|barco|barcos|petrolero|petroleros", NONE_C, NONE_C, SHIP | VESSEL),
    t("faux pavillon|faux pavillons|fausse identite|falsche flagge|falscher flagge|bandera falsa|identidad falsa", NONE_C, &[C::VesselIdentityFraud], 0),
    t("systeme didentification automatique|didentification automatique|transpondeur|transpondeurs|automatische identifikationssystem|automatischen identifikationssystems|identifikationssystem|sistema de identificacion automatica|identificacion automatica|transpondedor|transpondedores", &[C::VesselIdentityFraud], NONE_C, 0),
    t("coupe|desactive|desactivee|desactives|desactivait|eteint|eteints|abgeschaltet|ausgeschaltet|deaktiviert|apagado|apagados|apagaron|apago|desactivado|desactivaron|desconectado|desconectaron", NONE_C, NONE_C, DISABLE),
    t("armes|munitions|obus|missiles balistiques|roquettes|waffen|munition|artilleriegranaten|granaten|raketen|ballistische raketen|artilleriemunition|armas|municiones|proyectiles|proyectiles de artilleria|misiles|misiles balisticos", &[C::ArmsTransfer], NONE_C, 0),
    t("livraisons darmes|livraison darmes|waffenlieferungen|waffenlieferung|rustungsexporte|envios de armas|envio de armas|trafico de armas", NONE_C, &[C::ArmsTransfer], 0),
    t("charbon|minerai de fer|kohle|eisenerz|mineral de hierro", &[C::CoalMineralsExport], NONE_C, 0),
    t("travailleurs nord coreens|nordkoreanische arbeiter|nordkoreanischen arbeiter|trabajadores norcoreanos", NONE_C, &[C::OverseasWorkers], 0),
    t("travailleurs|ouvriers|arbeiter|arbeitskrafte|trabajadores|obreros", &[C::OverseasWorkers], NONE_C, 0),
    t("letranger|a letranger|im ausland|ausland|entsandt|entsandte|en el extranjero|extranjero", NONE_C, NONE_C, ABROAD),
    t("groupe dexperts|groupe d experts|comite des sanctions|surveillance des sanctions|expertengremium|expertengremiums|expertenpanel|sanktionsausschuss|sanktionsuberwachung|grupo de expertos|panel de expertos|comite de sanciones|monitoreo de sanciones|vigilancia de sanciones|vigilancia de las sanciones", NONE_C, &[C::MonitoringMechanism], PANEL),
    t("sanktionen|sanktion|sanciones|sancion", NONE_C, NONE_C, SANCTION),
    t("livre|livrent|livraient|livraison|livraisons|fourni|fournit|fournissent|exporte|exportes|exportations|importations|recu|recoivent|vendu|vendus|contrebande|liefert|liefern|lieferte|lieferten|geliefert|lieferung|lieferungen|gebracht|geschickt|exportiert|verkauft|geschmuggelt|versorgt|suministro|suministra|suministraron|suministrado|envio|enviado|enviaron|entrego|entregado|exporto|exportado|exportaciones|importaciones|recibio|recibido|vendio|vendido|contrabando", NONE_C, NONE_C, TRANSFER),
    t("violation|illegal|illegale|illegales|illegaux|illicite|illicites|interdit|interdits|verstoss|verstossen|verstosst|verboten|verbotene|schmuggel|violacion|ilegal|ilegales|ilegalmente|ilicito|ilicitos|prohibido|prohibidos", NONE_C, NONE_C, ILLICIT),
    t("said|says|say|saying|told|tells|stated|states|added|noted|wrote|reported|reports|report|announced|concluded|found|finds|estimated|estimates|warned|believe|believes|believed", NONE_C, NONE_C, SAY | VERB),
    t("accuse|accuses|accused|accusing|allege|alleges|alleged|alleging|claim|claims|claimed|claiming|suspect|suspects|suspected|charge|charged|charges", NONE_C, NONE_C, ALLEGE | VERB),
    t("allegedly|reportedly|purportedly|possibly|apparently|accusations|accusation|allegations|allegation|concerns|suspicions|suspicion|suspected of|believed to|is said to|are said to", NONE_C, NONE_C, ALLEGE),
    t("deny|denies|denied|denying|rejected|rejects|reject|dismissed|dismisses|refuted|refutes|rebuffed", NONE_C, NONE_C, DENY | VERB),
    t("denial|denials|no evidence|baseless|groundless|fabricated", NONE_C, NONE_C, DENY),
    t("according", NONE_C, NONE_C, ACCORDING),
    t("president|leader|chairman|premier|minister|secretary|general|gen|marshal|comrade|mr|mrs|ms|dr|sir|lord|prime|foreign|deputy|vice|director|ambassador|envoy|spokesman|spokeswoman|spokesperson|captain|capt|colonel|col|lieutenant|lt|commander|chief|governor|supreme|dictator|official|officials|senator|sen|rep|representative|king|queen|prince|princess|sister|brother|wife|husband|daughter|son|mother|father|uncle|aunt|adviser|advisor|aide|judge|professor|prof", NONE_C, NONE_C, TITLE),
    t("of|and|the|al|el|bin|ibn|bint|abu|de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|y|e|et|und|for|in|on|at|to|ul|ud|al-|ben|zu|st", NONE_C, NONE_C, CONNECTOR),

    t("which|who|whom|that|whose", NONE_C, NONE_C, ORG),
    t("not|no|never|without|nor|neither|none|nothing|rather|unlike", NONE_C, NONE_C, NEGATE),
    t("if|whether|would|could|might|may|should|efforts|plans|seeks|threatened|threatens|considering|proposed|urged", NONE_C, NONE_C, HYPO),
    t("funds|money|million|billion|dollars|bank|banks|revenue|assets", NONE_C, NONE_C, FUNDS),
    t("imo", NONE_C, NONE_C, IMO),
    t("is|are|already|previously|remains|remain|been|formerly|earlier|prior", NONE_C, NONE_C, STATIVE),
    t("will publish|would publish|plans to publish|planned to publish|is to publish|are to publish|will report on|would report on|plans to report on|would focus on|will focus on|plans to focus on|next report|previous reports|previous report|earlier reports|earlier report|past reports|prior reports|covered|focused on", NONE_C, NONE_C, PLANNED),
    t("soybean oil|soya oil|palm oil|vegetable oil|vegetable oils|cooking oil|edible oil|edible oils|sunflower oil|olive oil|corn oil|rapeseed oil|fish oil|essential oils|gold medal|gold medals|gold medalist|oil painting|oil paintings|weapons program|weapons programs|weapons programme|weapons programmes|weapons development|missiles development|identity laundering|veto power|veto powers|veto-wielding|right of veto|solid fuel|solid-fuel|liquid fuel|liquid-fuel|rocket fuel|missile fuel|textile machinery|textile machines|textile equipment|former member of the panel of experts|former member of the un panel of experts|former member of the u.n. panel of experts|former member of the panel|former panel member|former un panel member|anti-money laundering|anti money laundering|anti-money-laundering|transshipment volumes|transshipment volume|transshipment hub|transshipment port|transshipment cargo|transshipment traffic|transshipment container|transshipment demand|transhipment volumes|transhipment hub|transhipment port|payments act|foreign trade act|foreign exchange and foreign trade act|build statues|built statues|building statues|stolen identities|stolen identity|stolen and rented identities", NONE_C, NONE_C, MASK),
];

/// Korean and Russian stems mapped to the English lexicon word they stand
/// for; a native word starting with a stem reads as that word too. Korean
/// words carry particles (석탄을, 북한은), Russian words case endings
/// (угля, санкций), hence prefixes.
pub(crate) static NATIVE_TERMS: &[(&str, &str)] = &[
    // Korean.
    ("북한", "dprk"),
    ("조선민주주의인민공화국", "dprk"),
    ("평양", "pyongyang"),
    ("제재", "sanctions"),
    ("위반", "violated"),
    ("밀수", "smuggling"),
    ("불법", "illegal"),
    ("석탄", "coal"),
    ("철광석", "ore"),
    ("수출", "export"),
    // Export controls (수출통제) are no export.
    ("수출통제", "controls"),
    // Passed off as Chinese (북한산이 중국산으로 둔갑).
    ("둔갑", "disguised"),
    ("수입", "import"),
    ("환적", "transshipment"),
    ("선박간", "transshipment"),
    // Busan's container transshipment (환적 화물, 환적 물동량) is port
    // business: masked as "transshipment cargo" is.
    ("화물선", "freighter"),
    ("화물", "cargo"),
    ("물동량", "volumes"),
    ("물량", "volume"),
    ("컨테이너", "container"),
    ("수요", "demand"),
    ("거점", "hub"),
    // A crypto exchange (거래소) is no trade (거래).
    ("거래소", "exchange"),
    ("비트코인", "bitcoin"),
    ("랜섬웨어", "ransomware"),
    // Manpower (북한 IT 인력): IT workers.
    ("인력", "workers"),
    // Loaded with, carrying (북한산 석탄을 싣고).
    ("싣고", "carrying"),
    ("실은", "carrying"),
    ("실어", "carrying"),
    ("실린", "carried"),
    ("이름", "name"),
    ("선명", "name"),
    ("바꿔", "changed"),
    ("바꾼", "changed"),
    ("바꾸", "changed"),
    ("개발", "development"),
    // Hearsay after its subject (북한 소행이라는 관측도 나왔으나).
    ("관측", "speculation"),
    ("추측", "speculation"),
    ("소문", "rumors"),
    ("선박", "vessel"),
    ("유조선", "tanker"),
    ("정제유", "petroleum"),
    ("정유", "petroleum"),
    ("휘발유", "gasoline"),
    ("유류", "fuel"),
    ("넘긴", "transferred"),
    ("넘겼", "transferred"),
    ("넘겨", "transferred"),
    ("석유", "petroleum"),
    ("원유", "crude"),
    ("무기", "weapons"),
    ("탄약", "munitions"),
    ("포탄", "shells"),
    ("미사일", "missiles"),
    ("탄도미사일", "missiles"),
    ("사치품", "luxury"),
    ("노동자", "workers"),
    ("해외", "overseas"),
    ("파견", "dispatched"),
    ("해킹", "hacking"),
    // The listed hacking group as the Korean press spells it.
    ("라자루스", "lazarus"),
    ("그룹", "group"),
    ("해커", "hackers"),
    ("가상화폐", "cryptocurrency"),
    ("가상자산", "cryptocurrency"),
    ("암호화폐", "cryptocurrency"),
    ("탈취", "stole"),
    ("자금세탁", "laundering"),
    ("돈세탁", "laundering"),
    // The verb forms only: 세탁기 is a washing machine.
    // 세탁 alone is a cue, not money laundering: 자금 세탁 (funds laundered),
    // but 원산지 세탁 relabels a product's origin (and 세탁기 is a washing
    // machine).
    ("돈세탁", "laundering"),
    ("세탁", "concealed"),
    ("세탁기", "appliance"),
    ("자금", "funds"),
    ("세탁했", "laundered"),
    ("세탁하", "laundering"),
    ("세탁해", "laundering"),
    ("위장", "disguised"),
    ("위조", "forged"),
    ("껐", "off"),
    ("끄고", "off"),
    ("끈", "off"),
    ("전문가패널", "msmt"),
    // Experts in general (전문가들은 …); the Panel is 전문가 패널.
    ("전문가", "experts"),
    ("패널", "panel"),
    ("대북제재", "sanctions"),
    ("감시", "monitoring"),
    ("거부권", "veto"),
    ("지정", "designated"),
    // 재무부가 지정한 선박: a relative clause, a ship designated before
    // (지정한다 is news).
    ("지정한", "listed"),
    ("지정한다", "designated"),
    ("독자제재", "sanctions"),
    // Authorities that designate (정부는 … 지정했다고 외교부가 밝혔다).
    ("정부", "government"),
    ("외교부", "ministry"),
    ("재무부", "treasury"),
    ("안보리", "council"),
    ("부인", "denied"),
    ("주장", "claimed"),
    ("의혹", "allegations"),
    ("밝혔", "said"),
    ("말했", "said"),
    ("따르면", "according"),
    ("공급", "supply"),
    // Electronic parts and materials bought for missiles (미사일 관련 물자,
    // 전자부품): procurement, no missiles bought.
    ("전자부품", "components"),
    ("물자", "components"),
    // Procured, bought (미사일 부품을 조달, 사들여).
    ("조달", "procurement"),
    ("구매", "purchased"),
    ("구입", "purchased"),
    ("사들", "bought"),
    // A front company is a cue, not a finance topic: fronts charter
    // tankers and buy missile parts too (위장회사를 통해 유조선을 용선).
    ("위장업체", "front"),
    ("위장회사", "front"),
    ("유령회사", "front"),
    ("페이퍼컴퍼니", "front"),
    ("송금", "remittances"),
    ("수산물", "seafood"),
    ("꽃게", "crab"),
    ("바지락", "clams"),
    ("의류", "clothing"),
    ("섬유", "textiles"),
    ("수입", "imported"),
    ("반입", "imported"),
    ("반출", "exported"),
    ("들여", "imported"),
    ("공작기계", "lathes"),
    ("부품", "parts"),
    ("계좌", "accounts"),
    ("원심분리기", "centrifuge"),
    ("우라늄", "uranium"),
    ("핵개발", "nuclear"),
    ("핵무기", "nuclear"),
    ("제공", "provided"),
    ("지원", "supply"),
    ("거래", "trade"),
    ("이전", "transfer"),
    // Russian (lower case).
    ("кндр", "dprk"),
    ("северокор", "dprk"),
    ("пхеньян", "pyongyang"),
    ("санкц", "sanctions"),
    ("нарушен", "violation"),
    ("наруша", "violated"),
    ("контрабанд", "smuggling"),
    ("незаконн", "illegal"),
    // Not угол-, угл-: уголовное ("criminal"), углерод ("carbon").
    ("уголь", "coal"),
    ("угля", "coal"),
    ("углем", "coal"),
    ("углём", "coal"),
    ("краб", "crab"),
    ("морепродукт", "seafood"),
    ("ввоз", "imported"),
    ("запрет", "ban"),
    ("ограничени", "restrict"),
    ("нефт", "oil"),
    ("топлив", "fuel"),
    ("оружи", "weapons"),
    ("вооружен", "weapons"),
    ("боеприпас", "munitions"),
    ("снаряд", "shells"),
    ("ракет", "missiles"),
    ("постав", "supply"),
    // Sent (отправлены в Пхеньян, отправка строителей за рубеж).
    ("отправ", "sent"),
    // Luxury goods (предметы роскоши, коньяк, виски).
    ("роскош", "luxury"),
    ("люкс", "luxury"),
    ("коньяк", "cognac"),
    ("виски", "whisky"),
    ("водк", "vodka"),
    ("алкогол", "liquor"),
    ("мерседес", "mercedes"),
    ("лексус", "lexus"),
    ("майбах", "maybach"),
    ("экспорт", "export"),
    ("танкер", "tanker"),
    // Перегрузка с судна на судно: ship-to-ship transshipment.
    ("перегруз", "transshipment"),
    ("перевалк", "transshipment"),
    ("судн", "vessel"),
    ("суда", "vessel"),
    ("рабоч", "workers"),
    // Working (рабочее открытие, рабочая группа), not workers.
    ("рабочее", "working"),
    // Hired (нанимал рабочих из КНДР), their labour (труд граждан КНДР).
    ("наним", "hired"),
    ("нанял", "hired"),
    ("труда", "labour"),
    ("трудом", "labour"),
    ("рабочая", "working"),
    // Builders (not строительство, "construction").
    ("строители", "workers"),
    ("строителей", "workers"),
    ("работник", "workers"),
    ("работал", "employed"),
    // To or in Russia, from North Korea: abroad (рабочих прибыли в Россию).
    ("россию", "abroad"),
    // за рубеж, за рубежом: abroad.
    ("рубеж", "abroad"),
    ("россии", "abroad"),
    // In Vladivostok: in Russia (not Primorye, where Russia's own builders
    // are news too).
    ("владивосток", "abroad"),
    ("направил", "dispatched"),
    ("направля", "dispatched"),
    ("хакер", "hackers"),
    ("криптовалют", "cryptocurrency"),
    ("похищ", "stole"),
    ("отрица", "denied"),
    ("обвиня", "accused"),
    ("заяв", "said"),
    ("сообщ", "reported"),
    ("эксперт", "panel"),
    ("мониторинг", "monitoring"),
    ("вето", "veto"),
    ("мандат", "mandate"),
    ("резолюц", "resolution"),
    ("ввел", "imposed"),
    ("ввод", "imposed"),
    ("против", "against"),
    ("минфин", "treasury"),
    ("правительств", "government"),
    ("отмыв", "laundering"),
    ("закуп", "procurement"),
    ("перевоз", "transported"),
    ("перевез", "transported"),
    // With a cargo of (с грузом дизельного топлива).
    ("грузом", "carrying"),
    // Carry, carried (возят топливо к берегам КНДР).
    ("возят", "carry"),
    ("возил", "carried"),
    ("везли", "carried"),
    // Switched off its AIS (отключало систему АИС).
    ("отключ", "off"),
    ("аис", "ais"),
    ("транспондер", "transponder"),
    ("ограничива", "restricts"),
    // Chinese (simplified, traditional) and Japanese: a run of Han or kana
    // is cut at these terms (`crate::tokens`), so the stem is the whole word.
    ("朝鲜", "dprk"),
    ("朝鮮", "dprk"),
    ("北韩", "dprk"),
    ("北韓", "dprk"),
    ("北朝鮮", "dprk"),
    ("朝鮮民主主義人民共和国", "dprk"),
    ("平壤", "pyongyang"),
    ("平壌", "pyongyang"),
    ("制裁", "sanctions"),
    ("违反", "violated"),
    ("違反", "violated"),
    ("违规", "violated"),
    ("走私", "smuggling"),
    ("密輸", "smuggling"),
    ("非法", "illegal"),
    ("違法", "illegal"),
    ("不正", "illegal"),
    ("煤炭", "coal"),
    ("石炭", "coal"),
    ("铁矿石", "ore"),
    ("鐵礦石", "ore"),
    ("鉄鉱石", "ore"),
    ("出口", "export"),
    ("输出", "export"),
    ("輸出", "export"),
    ("进口", "import"),
    ("進口", "import"),
    ("輸入", "import"),
    ("过驳", "transshipment"),
    ("過駁", "transshipment"),
    ("船对船", "transshipment"),
    ("船對船", "transshipment"),
    ("瀬取り", "transshipment"),
    ("瀬取", "transshipment"),
    // 转运 is transshipment through a port too (经大连港转运至中东): a
    // transfer, which needs two ships or one at sea (海上转运, 公海上).
    ("转运", "transfer"),
    ("轉運", "transfer"),
    ("海上", "offshore"),
    ("公海", "offshore"),
    ("水域", "offshore"),
    ("驳船", "vessel"),
    ("駁船", "vessel"),
    ("渔船", "vessel"),
    ("漁船", "vessel"),
    // 積み替え is reloading in port too (大連で別のコンテナに積み替えられ):
    // a transfer, which needs two ships or one at sea, as 转运.
    ("積み替え", "transfer"),
    // Parts (ミサイル部品, 零部件): with a missile word before them, missile parts.
    ("部品", "parts"),
    ("零部件", "components"),
    ("零组件", "components"),
    ("零組件", "components"),
    ("船只", "vessel"),
    ("船隻", "vessel"),
    ("船舶", "vessel"),
    ("油轮", "tanker"),
    ("油輪", "tanker"),
    ("タンカー", "tanker"),
    ("ラザルス", "lazarus"),
    ("グループ", "group"),
    ("货船", "vessel"),
    ("貨船", "vessel"),
    ("货轮", "vessel"),
    ("貨輪", "vessel"),
    ("轮船", "vessel"),
    ("輪船", "vessel"),
    ("貨物船", "vessel"),
    ("石油", "oil"),
    ("成品油", "petroleum"),
    ("石油製品", "petroleum"),
    ("石油精製品", "petroleum"),
    ("軽油", "diesel"),
    ("ガソリン", "gasoline"),
    ("運び込", "delivered"),
    ("流入", "imported"),
    ("移し替え", "transferring"),
    ("供給", "supply"),
    ("バレル", "barrels"),
    ("精炼石油", "petroleum"),
    ("燃油", "fuel"),
    ("燃料", "fuel"),
    ("柴油", "diesel"),
    ("原油", "crude"),
    ("武器", "weapons"),
    ("军火", "arms"),
    ("軍火", "arms"),
    ("弹药", "ammunition"),
    ("彈藥", "ammunition"),
    ("弾薬", "ammunition"),
    ("炮弹", "shells"),
    ("砲彈", "shells"),
    ("砲弾", "shells"),
    ("导弹", "missiles"),
    ("導彈", "missiles"),
    ("ミサイル", "missiles"),
    ("提供", "supplied"),
    ("供应", "supply"),
    ("供應", "supply"),
    ("供与", "supplied"),
    ("运送", "delivered"),
    ("载运", "carried"),
    ("載運", "carried"),
    ("运载", "carried"),
    ("運載", "carried"),
    ("運送", "delivered"),
    ("出售", "sold"),
    ("売却", "sold"),
    ("购买", "purchased"),
    ("購買", "purchased"),
    ("購入", "purchased"),
    ("采购", "procurement"),
    ("採購", "procurement"),
    ("調達", "procurement"),
    ("受け取", "received"),
    ("奢侈品", "luxury"),
    ("豪华", "luxury"),
    ("豪華", "luxury"),
    ("贅沢品", "luxury"),
    ("高級車", "luxury"),
    ("高級品", "luxury"),
    ("高級ウイスキー", "whisky"),
    ("ウイスキー", "whisky"),
    ("洋酒", "whisky"),
    ("化粧品", "cosmetics"),
    ("化妆品", "cosmetics"),
    ("高档", "luxury"),
    ("高檔", "luxury"),
    ("劳工", "workers"),
    ("勞工", "workers"),
    ("工人", "workers"),
    ("劳动者", "workers"),
    ("勞動者", "workers"),
    ("労働者", "workers"),
    ("派遣", "dispatched"),
    ("女工", "workers"),
    // A ship's name disguised (船名を偽装).
    ("船名", "name"),
    ("偽装", "disguised"),
    ("伪装", "disguised"),
    ("偽裝", "disguised"),
    // IT engineers (北朝鮮のIT技術者) read as "IT workers".
    ("技術者", "workers"),
    ("技术人员", "workers"),
    ("技術人員", "workers"),
    ("ビットコイン", "bitcoin"),
    ("比特币", "bitcoin"),
    ("比特幣", "bitcoin"),
    ("输送", "transported"),
    ("輸送", "transported"),
    ("雇用", "employed"),
    ("雇佣", "employed"),
    ("雇傭", "employed"),
    // Missile development (ミサイル開発, 导弹开发) is what the money is for,
    // no arms transfer: masked as "missiles development".
    ("開発", "development"),
    ("开发", "development"),
    ("開發", "development"),
    ("研发", "development"),
    ("研發", "development"),
    // Crypto drained from an exchange (暗号資産が不正に流出).
    ("流出", "drained"),
    ("海外", "overseas"),
    ("黑客", "hackers"),
    ("駭客", "hackers"),
    ("ハッカー", "hackers"),
    ("加密货币", "cryptocurrency"),
    ("加密貨幣", "cryptocurrency"),
    ("虚拟货币", "cryptocurrency"),
    ("虛擬貨幣", "cryptocurrency"),
    ("暗号資産", "cryptocurrency"),
    ("仮想通貨", "cryptocurrency"),
    ("窃取", "stole"),
    ("竊取", "stole"),
    ("盗取", "stole"),
    ("盜取", "stole"),
    ("被盗", "stolen"),
    ("盗ん", "stole"),
    ("盗ま", "stolen"),
    // Shell and front companies: a cue, as 위장회사.
    ("空壳公司", "front"),
    ("空殼公司", "front"),
    ("掩护公司", "front"),
    ("掩護公司", "front"),
    ("幌子公司", "front"),
    ("ペーパーカンパニー", "front"),
    ("银行账户", "accounts"),
    ("銀行帳戶", "accounts"),
    ("账户", "accounts"),
    ("帳戶", "accounts"),
    ("口座", "accounts"),
    ("规避", "evading"),
    ("規避", "evading"),
    ("汇款", "remittances"),
    ("匯款", "remittances"),
    ("代收代付", "payments"),
    ("洗钱", "laundering"),
    ("洗錢", "laundering"),
    ("資金洗浄", "laundering"),
    ("マネーロンダリング", "laundering"),
    ("专家小组", "panel"),
    ("專家小組", "panel"),
    ("专家组", "panel"),
    ("專家組", "panel"),
    ("専門家パネル", "panel"),
    ("监测", "monitoring"),
    ("監測", "monitoring"),
    ("监督", "monitoring"),
    ("監督", "monitoring"),
    ("監視", "monitoring"),
    ("否决", "veto"),
    ("否決", "veto"),
    ("拒否権", "veto"),
    ("海产品", "seafood"),
    ("海產品", "seafood"),
    ("水产品", "seafood"),
    ("水產品", "seafood"),
    ("水産物", "seafood"),
    ("纺织品", "textiles"),
    ("紡織品", "textiles"),
    ("繊維", "textiles"),
    ("关闭", "disabled"),
    ("關閉", "disabled"),
    ("自动识别系统", "transponder"),
    ("自動識別系統", "transponder"),
    // Chinese negations before what they deny (未出现煤炭: "no coal appeared").
    ("未出现", "not"),
    ("未出現", "not"),
    ("没有", "not"),
    ("沒有", "not"),
    // Not 指定 alone: 制裁対象に指定されている, 被制裁指定 are standing listings.
    ("新たに指定", "designated"),
    // Newly added to the asset-freeze list (資産凍結の対象に新たに加える,
    // 追加指定した).
    ("新たに加え", "designated"),
    ("追加指定", "designated"),
    // Added to the targets (資産凍結の対象に追加する).
    ("対象に追加", "designated"),
    ("資産凍結", "sanctions"),
    ("资产冻结", "sanctions"),
    ("政府", "government"),
    ("否认", "denied"),
    ("否認", "denied"),
    ("否定", "denied"),
    ("指控", "accused"),
    ("表示", "said"),
    ("发表", "announced"),
    ("發表", "announced"),
    ("発表", "announced"),
    ("述べ", "said"),
    ("官员", "officials"),
    ("官員", "officials"),
];

/// The length in bytes of the longest Chinese or Japanese term of
/// [`NATIVE_TERMS`] that `text` starts with.
pub(crate) fn cjk_term_at(text: &str) -> Option<usize> {
    static BY_FIRST: OnceLock<HashMap<char, Vec<&'static str>>> = OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| {
        let mut map: HashMap<char, Vec<&'static str>> = HashMap::new();
        for (term, _) in NATIVE_TERMS {
            let first = term.chars().next().unwrap_or(' ');
            if crate::tokens::is_cjk(first) {
                map.entry(first).or_default().push(term);
            }
        }
        for terms in map.values_mut() {
            terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        }
        map
    });
    let first = text.chars().next()?;
    by_first.get(&first)?.iter().find(|t| text.starts_with(*t)).map(|t| t.len())
}

/// The common Korean surnames written in Han (simplified and traditional),
/// where a Chinese or Japanese text may start a Korean name.
const KOREAN_SURNAMES_HAN: &str = "金李朴崔郑鄭赵趙姜尹张張林韩韓吴吳申权權黄黃安宋全洪高文孙孫梁裴白许許刘劉南沈卢盧河丁成车車具禹朱任罗羅千玄延方太池元蔡孔卞廉吕呂边邊康奇明石玉都马馬吉表杨楊严嚴陈陳秋柳徐郑";

/// Whether `c` is one of [`KOREAN_SURNAMES_HAN`].
pub(crate) fn is_korean_surname_han(c: char) -> bool {
    KOREAN_SURNAMES_HAN.contains(c)
}

/// Korean particles and endings cut off a Hangul word before it is read as a
/// name, longest first.
pub(crate) static KOREAN_PARTICLES: &[&str] = &[
    "에게서",
    "으로서",
    "으로써",
    "에서는",
    "에서도",
    "이라고",
    "이라는",
    "께서는",
    "에게",
    "에서",
    "으로",
    "까지",
    "부터",
    "처럼",
    "보다",
    "라고",
    "라는",
    "께서",
    "과의",
    "와의",
    "이다",
    "이며",
    "이고",
    "하고",
    "측은",
    "측이",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
    "로",
    "만",
    "측",
];

/// Russian case endings, longest first, cut off a Cyrillic word for its
/// alternative reading (Путина → Путин).
pub(crate) static RUSSIAN_ENDINGS: &[&str] = &[
    "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ом", "ем", "ым", "им", "ую", "юю", "ов",
    "ев", "ам", "ям", "ах", "ях", "а", "я", "у", "ю", "е", "ы",
];

/// Verbs of supplying among the `TRANSFER` cues: alone they make no export
/// (see `indicators::supplied_at_home`).
pub(crate) static SUPPLY_WORDS: &[&str] = &[
    "supply",
    "supplies",
    "supplied",
    "supplying",
    "provide",
    "provides",
    "provided",
    "providing",
];

/// The connectors (see the `CONNECTOR` terms) that are English function
/// words: in lower case they may stand inside a name (BANK OF EAST LAND)
/// but start none.
pub(crate) static FUNCTION_CONNECTORS: &[&str] =
    &["of", "and", "the", "for", "in", "on", "at", "to", "y", "e", "et", "und", "st"];

/// Korean surnames in their common romanisations: a person name starting
/// with one is written surname first, so its surname is its first word.
pub(crate) static KOREAN_SURNAMES: &[&str] = &[
    "kim", "gim", "ri", "rhee", "lee", "yi", "pak", "park", "bak", "choe", "choi", "chae", "jo",
    "cho", "jong", "jeong", "chong", "jung", "han", "o", "oh", "yun", "yoon", "kang", "gang",
    "hyon", "hyun", "hwang", "jang", "chang", "jon", "jeon", "chon", "ko", "go", "kwon", "gwon",
    "ryu", "yu", "yoo", "song", "son", "sin", "shin", "an", "ahn", "mun", "moon", "ju", "chu",
    "paek", "baek", "ho", "heo", "nam", "no", "roh", "ha", "kye", "ryom", "ra", "rim", "im", "lim",
    "u", "woo", "sim", "shim", "pang", "bang", "tae", "thae", "om", "eom", "ma", "myong", "kil",
    "gil", "so", "seo", "hong", "cha", "chon",
];

/// Common English words (written for this project): a listed name made only
/// of these, such as a vessel called NEW HOPE, needs support from context.
pub(crate) static COMMON_WORDS: &str = include_str!("common_words.txt");

/// Adjectives of the countries news names organisations by ("the Russian
/// Ministry of Defence"), with their ISO codes; a country's name itself
/// ("Russia's", "South Korea's") is read through `vigil_model::country_code`.
/// Marks for words some rules look up by spelling, with no role bit of
/// their own (the role bits are all taken): [`crate::build::Tables::mark`].
pub(crate) mod mark {
    /// A duty: must, required, shall (`indicators::states_a_duty`).
    pub const OBLIGE: u32 = 1;
    /// Service on the monitors: member, specialist, chaired
    /// (`indicators::background_monitors`).
    pub const SERVICE: u32 = 2;
    /// Memory: remembers, recalled.
    pub const MEMORY: u32 = 4;
    /// Before a year that dates a sentence: in, since, from.
    pub const DATING: u32 = 8;
    /// A practice in general: common, routine.
    pub const GENERAL: u32 = 16;
    /// Hearsay: speculation, rumours (`scan::hearsay`).
    pub const HEARSAY: u32 = 32;
    /// The news of the day: today, Tuesday, this, latest.
    pub const NEWS_DAY: u32 = 64;
    /// `be` (an infinitive: "to be sent").
    pub const BE: u32 = 128;
    /// Another country's demonym than North Korea's (`Iranian`).
    pub const DEMONYM: u32 = 256;
    /// A word for the monitors: panel, committee, MSMT.
    pub const MONITORS: u32 = 512;
    /// `years` (of service: "his years on the panel").
    pub const YEARS: u32 = 1024;
    /// `rules`, `ruled` (out): a denial.
    pub const RULE: u32 = 2048;
    /// `out`.
    pub const OUT: u32 = 4096;
    /// `may` (not): a rule's permission withheld.
    pub const MAY: u32 = 8192;
    /// Time gone by before `years`: recent, past (`in recent years`).
    pub const PAST: u32 = 16384;
    /// A word for "year" after the number: Russian в 2021 году.
    pub const YEAR_AFTER: u32 = 32768;
    /// `had` (a first suspicion: "had pointed to North Korea").
    pub const HAD: u32 = 1 << 16;
    /// What a first suspicion did: pointed, blamed, suspected.
    pub const SUSPICION: u32 = 1 << 17;
    /// `ago`: a designation "years ago" is a standing one.
    pub const AGO: u32 = 1 << 18;
    /// `already`: "designations already exist" are standing ones.
    pub const ALREADY: u32 = 1 << 19;
}

/// The words of each [`mark`].
pub(crate) static MARKED_WORDS: &[(&str, u32)] = &[
    (
        "must|required|requires|require|obliged|obliges|oblige|obligated|obligates|shall|meant|supposed|cannot",
        mark::OBLIGE,
    ),
    (
        "member|members|specialist|specialists|investigator|investigators|coordinator|chaired|chair|served|serving|left|joined|worked|work|spent|veteran|sat|adviser|advisor|consultant|expert",
        mark::SERVICE,
    ),
    ("remembers|remembered|remember|recalls|recalled", mark::MEMORY),
    ("in|since|from", mark::DATING),
    ("году|года|godu|goda", mark::YEAR_AFTER),
    ("had", mark::HAD),
    ("pointed|blamed|suspected", mark::SUSPICION),
    ("ago", mark::AGO),
    ("already", mark::ALREADY),
    ("common|commonplace|routine|widespread|typical|frequent", mark::GENERAL),
    ("speculation|speculated|speculating|speculate|speculates|rumour|rumours|rumor|rumors|initially|hypothesis|tip|tipped", mark::HEARSAY),
    (
        "today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this|new|latest",
        mark::NEWS_DAY,
    ),
    ("be", mark::BE),
    ("panel|committee|msmt", mark::MONITORS),
    ("years|decades", mark::YEARS),
    ("recent|past|previous|earlier", mark::PAST),
    ("rule|rules|ruled|ruling", mark::RULE),
    ("out", mark::OUT),
    ("may", mark::MAY),
];

/// Roles no listed North Korean holds, beside a Korean name: the person is
/// a namesake (`scan::civilian_namesake`).
pub(crate) static CIVILIAN_ROLES: &[&str] = &[
    "analyst",
    "researcher",
    "professor",
    "lawmaker",
    "legislator",
    "rep",
    "assemblyman",
    "assemblywoman",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "reporter",
    "journalist",
    "correspondent",
    "economist",
    "scholar",
    "fellow",
    "lecturer",
    "novelist",
    "author",
    "footballer",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "coach",
    "singer",
    "actor",
    "actress",
    "student",
    "lawyer",
    "attorney",
    "mayor",
    "interpreter",
    "translator",
    "teacher",
    "schoolteacher",
    "retiree",
    "pensioner",
    "tourist",
    "runner",
    "marathoner",
    "athlete",
    "prosecutor",
    "detective",
    "nurse",
    "farmer",
    "pastor",
];

pub(crate) static DEMONYMS: &[(&str, &str)] = &[
    ("american", "us"),
    ("belarusian", "by"),
    ("british", "gb"),
    ("chinese", "cn"),
    ("cuban", "cu"),
    ("egyptian", "eg"),
    ("emirati", "ae"),
    ("french", "fr"),
    ("german", "de"),
    ("indian", "in"),
    ("indonesian", "id"),
    ("iranian", "ir"),
    ("israeli", "il"),
    ("japanese", "jp"),
    ("malaysian", "my"),
    ("mongolian", "mn"),
    ("north korean", "kp"),
    ("pakistani", "pk"),
    ("russian", "ru"),
    ("singaporean", "sg"),
    ("south korean", "kr"),
    ("syrian", "sy"),
    ("taiwanese", "tw"),
    ("thai", "th"),
    ("turkish", "tr"),
    ("ukrainian", "ua"),
    ("u s", "us"),
    ("us", "us"),
    ("venezuelan", "ve"),
    ("vietnamese", "vn"),
];

/// The words North Korean organisation names are built from, in Hangul, with
/// the English words the lists use for them: 조선안산해운회사 is KOREA ANSAN
/// SHIPPING COMPANY, 정찰총국 the RECONNAISSANCE GENERAL BUREAU. A compound
/// Hangul word with one of these reads as the English words and the
/// romanised rest (`crate::native`).
pub(crate) static KOREAN_ORG_WORDS: &[(&str, &str)] = &[
    ("조선", "korea"),
    ("광업", "mining"),
    ("개발", "development"),
    ("무역", "trading"),
    ("해운", "shipping"),
    ("선박", "ship"),
    ("회사", "company"),
    ("총회사", "general corporation"),
    ("합영회사", "joint venture"),
    ("합작회사", "joint venture"),
    ("합영", "joint venture"),
    ("은행", "bank"),
    ("신용", "credit"),
    ("국제", "international"),
    ("상업", "commercial"),
    ("금융", "financial"),
    ("보험", "insurance"),
    ("투자", "investment"),
    ("무역은행", "trade bank"),
    // 진명합영은행, JINMYONG JOINT BANK: a joint bank, not a joint venture.
    ("합영은행", "joint bank"),
    ("정찰총국", "reconnaissance general bureau"),
    ("총국", "general bureau"),
    ("기술", "technology"),
    ("건설", "construction"),
    ("경제위원회", "economic committee"),
    ("위원회", "committee"),
    ("공업", "industry"),
    ("엑스포", "expo"),
    ("그룹", "group"),
];
