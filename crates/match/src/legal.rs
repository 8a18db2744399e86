//! Words that are not the distinctive part of a name: legal forms (`LLC`,
//! `OOO`, `Aktiengesellschaft`), honorifics and titles (`Mr`, `Sheikh`,
//! `President` in several languages), particles (`al`, `bin`, `van`, `the`)
//! and generic organisation words (`Group`, `Trading`, `International`).
//!
//! Recognised words keep their place in the token list but get a kind; the
//! scorer weighs them little. Legal forms map to a [`LegalClass`], so that
//! `OAO`, `JSC` and `Open Joint Stock Company` agree while `AG` and `GmbH`
//! do not. Multi-word forms are matched as phrases, and a trailing `*` in a
//! pattern matches any word with that prefix (transliterated Russian forms
//! such as `obshchestvo`/`obschestvo` vary in their endings).

/// Families of legal forms that denote the same kind of company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalClass {
    /// `Company`, `Co.`: says nothing about the form.
    Generic,
    /// Limited liability companies: LLC, OOO, GmbH, SRL, SARL, Sp. z o.o.
    LimitedLiability,
    /// Private or public limited companies: Ltd, Limited, PLC, Pty, B.V.
    Limited,
    /// Joint-stock companies: JSC, OAO, PAO, ZAO, AO, AG, S.A., N.V.
    JointStock,
    /// US-style corporations: Inc, Corp, Corporation.
    Corporation,
    /// Partnerships: LP, LLP, KG.
    Partnership,
    /// Non-profit organisations: ANO, NKO.
    NonProfit,
}

/// What a recognised word or phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    /// A legal form.
    Legal(LegalClass),
    /// An honorific, title or rank ("Mr", "Dr", "General", "Sheikh").
    Title,
    /// A particle; equal numbers denote interchangeable particles
    /// (`bin`/`ibn`/`ben`).
    Particle(u8),
    /// A generic word of organisation names ("Group", "Trading").
    OrgWord,
}

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// Short-string keys hash with FNV-1a (see `index::IdentityHasher`), much
/// cheaper than SipHash for these fixed tables.
type Fnv = BuildHasherDefault<crate::index::IdentityHasher>;

type Phrase = (&'static [&'static str], Term);

use LegalClass::*;
use Term::*;

const LEGAL: &[Phrase] = &[
    (&["open", "joint", "stock", "company"], Legal(JointStock)),
    (&["closed", "joint", "stock", "company"], Legal(JointStock)),
    (&["public", "joint", "stock", "company"], Legal(JointStock)),
    (&["private", "joint", "stock", "company"], Legal(JointStock)),
    (&["joint", "stock", "company"], Legal(JointStock)),
    (&["joint", "stock", "co"], Legal(JointStock)),
    (&["joint", "stock", "commercial", "bank"], Legal(JointStock)),
    (&["publichno*", "aktsion*", "obshch*"], Legal(JointStock)),
    (&["otkryto*", "aktsion*", "obshch*"], Legal(JointStock)),
    (&["zakryto*", "aktsion*", "obshch*"], Legal(JointStock)),
    (&["aktsion*", "obshch*"], Legal(JointStock)),
    (&["aktsion*", "obsch*"], Legal(JointStock)),
    (&["aktienges*"], Legal(JointStock)),
    (&["societe", "anonyme"], Legal(JointStock)),
    (&["sociedad", "anonima"], Legal(JointStock)),
    (&["societa", "per", "azioni"], Legal(JointStock)),
    (&["naamloze", "vennootschap"], Legal(JointStock)),
    (&["jsc"], Legal(JointStock)),
    (&["ojsc"], Legal(JointStock)),
    (&["cjsc"], Legal(JointStock)),
    (&["pjsc"], Legal(JointStock)),
    (&["jtsc"], Legal(JointStock)),
    (&["oao"], Legal(JointStock)),
    (&["zao"], Legal(JointStock)),
    (&["pao"], Legal(JointStock)),
    (&["ao"], Legal(JointStock)),
    (&["ag"], Legal(JointStock)),
    (&["sa"], Legal(JointStock)),
    (&["spa"], Legal(JointStock)),
    (&["nv"], Legal(JointStock)),
    (&["sas"], Legal(JointStock)),
    (&["ab"], Legal(JointStock)),
    (&["kabushiki", "kaisha"], Legal(Corporation)),
    (&["obshch*", "s", "ogranich*", "otvetstv*"], Legal(LimitedLiability)),
    (&["obsch*", "s", "ogranich*", "otvetstv*"], Legal(LimitedLiability)),
    (&["limited", "liability", "company"], Legal(LimitedLiability)),
    (&["limited", "liability", "co"], Legal(LimitedLiability)),
    (&["limited", "liability", "partnership"], Legal(Partnership)),
    (&["gesellschaft", "mit", "beschrankter", "haftung"], Legal(LimitedLiability)),
    (&["societatea", "cu", "raspundere", "limitata"], Legal(LimitedLiability)),
    (&["societe", "a", "responsabilite", "limitee"], Legal(LimitedLiability)),
    (&["sociedad", "de", "responsabilidad", "limitada"], Legal(LimitedLiability)),
    (&["sp", "z", "oo"], Legal(LimitedLiability)),
    (&["spzoo"], Legal(LimitedLiability)),
    (&["llc"], Legal(LimitedLiability)),
    (&["ooo"], Legal(LimitedLiability)),
    (&["gmbh"], Legal(LimitedLiability)),
    (&["srl"], Legal(LimitedLiability)),
    (&["sarl"], Legal(LimitedLiability)),
    (&["sro"], Legal(LimitedLiability)),
    (&["doo"], Legal(LimitedLiability)),
    (&["ltda"], Legal(LimitedLiability)),
    (&["lda"], Legal(LimitedLiability)),
    (&["kft"], Legal(LimitedLiability)),
    (&["tov"], Legal(LimitedLiability)),
    (&["bvba"], Legal(LimitedLiability)),
    (&["sl"], Legal(LimitedLiability)),
    (&["public", "limited", "company"], Legal(Limited)),
    (&["private", "limited", "company"], Legal(Limited)),
    (&["private", "limited"], Legal(Limited)),
    (&["sdn", "bhd"], Legal(Limited)),
    (&["limited"], Legal(Limited)),
    (&["ltd"], Legal(Limited)),
    (&["plc"], Legal(Limited)),
    (&["pty"], Legal(Limited)),
    (&["pte"], Legal(Limited)),
    (&["pvt"], Legal(Limited)),
    (&["bhd"], Legal(Limited)),
    (&["bv"], Legal(Limited)),
    (&["incorporated"], Legal(Corporation)),
    (&["corporation"], Legal(Corporation)),
    (&["inc"], Legal(Corporation)),
    (&["corp"], Legal(Corporation)),
    // A close corporation (South Africa, Namibia).
    (&["cc"], Legal(Corporation)),
    (&["limited", "partnership"], Legal(Partnership)),
    (&["lp"], Legal(Partnership)),
    (&["llp"], Legal(Partnership)),
    (&["lllp"], Legal(Partnership)),
    (&["kg"], Legal(Partnership)),
    (&["gbr"], Legal(Partnership)),
    (&["ano"], Legal(NonProfit)),
    (&["avtonomnaya", "nekommercheskaya", "organizatsiya"], Legal(NonProfit)),
    (&["de", "cv"], Legal(Generic)),
    (&["company"], Legal(Generic)),
    (&["co"], Legal(Generic)),
    (&["companies"], Legal(Generic)),
    (&["pt"], Legal(Generic)),
    (&["cv"], Legal(Generic)),
];

/// Legal forms made only of single letters ("A/S", "S.A." split by spaces)
/// look like initials in a person's name, so they count only for
/// organisations.
const ORG_ONLY: &[Phrase] = &[
    (&["a", "s"], Legal(JointStock)),
    (&["s", "a"], Legal(JointStock)),
    (&["n", "v"], Legal(JointStock)),
    (&["b", "v"], Legal(Limited)),
    (&["group"], OrgWord),
    (&["grupo"], OrgWord),
    (&["gruppe"], OrgWord),
    (&["groupe"], OrgWord),
    (&["holding"], OrgWord),
    (&["holdings"], OrgWord),
    (&["international"], OrgWord),
    (&["trading"], OrgWord),
    (&["enterprise"], OrgWord),
    (&["enterprises"], OrgWord),
    (&["industries"], OrgWord),
    (&["services"], OrgWord),
    (&["global"], OrgWord),
];

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "general",
    "gen",
    "colonel",
    "col",
    "major",
    "maj",
    "captain",
    "capt",
    "lieutenant",
    "lt",
    "admiral",
    "adm",
    "marshal",
    "brigadier",
    "sergeant",
    "sgt",
    "sheikh",
    "shaikh",
    "sheik",
    "shaykh",
    "sheikha",
    "shaikha",
    "haji",
    "hajji",
    "hadji",
    "alhaj",
    "alhaji",
    "mullah",
    "mulla",
    "maulvi",
    "maulavi",
    "mawlawi",
    "moulvi",
    "maulana",
    "qari",
    "mufti",
    "imam",
    "ayatollah",
    "hojatoleslam",
    "sayyid",
    "sayyed",
    "president",
    "presidente",
    "praesident",
    "prasident",
    "prezident",
    "presiden",
    "predsjednik",
    "presedintele",
    "prezydent",
    "elnok",
    "monsieur",
    "mme",
    "madame",
    "mlle",
    "herr",
    "frau",
    "senor",
    "senora",
    "jr",
    "junior",
    "excellency",
    "honorable",
    "honourable",
    "hon",
    "rev",
    "reverend",
    "minister",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "mv",
    "mt",
];

/// Particles by interchangeable class.
fn particle_class(word: &str) -> Option<u8> {
    Some(match word {
        "al" | "el" | "ul" | "ud" | "ur" | "ad" | "ash" | "ar" => 1,
        "bin" | "ibn" | "ben" | "bint" | "binti" | "ibni" | "bn" | "ould" | "ebn" => 2,
        "de" | "da" | "do" | "dos" | "das" | "del" | "della" | "di" | "du" | "des" | "la"
        | "le" => 3,
        "van" | "von" | "der" | "den" | "ter" | "vom" | "zu" => 4,
        "the" => 5,
        "of" => 6,
        "and" | "und" | "et" | "y" => 7,
        _ => return None,
    })
}

/// Expands a few abbreviations that are not legal forms.
pub fn expand_abbreviation(word: &str) -> Option<&'static str> {
    Some(match word {
        "intl" => "international",
        "natl" => "national",
        "govt" => "government",
        "dept" => "department",
        "univ" => "university",
        "assn" => "association",
        "bros" => "brothers",
        "mfg" => "manufacturing",
        _ => return None,
    })
}

/// Long words of legal forms tolerate one typo (`Compan`, `Joynt`).
fn pattern_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None if pattern.len() >= 5 && word.len() >= 4 => {
            pattern == word
                || (pattern.as_bytes()[0] == word.as_bytes()[0]
                    && crate::jaro::osa(pattern.as_bytes(), word.as_bytes(), 1).is_some())
        }
        None => pattern == word,
    }
}

/// Lookup tables over a phrase list, built once.
struct PhraseTable {
    phrases: &'static [Phrase],
    /// Phrases by exact first word.
    by_first: HashMap<&'static str, Vec<usize>, Fnv>,
    /// Phrases whose first word is a prefix pattern or long enough to
    /// tolerate a typo, by the first byte of that word (in list order).
    loose: Vec<Vec<usize>>,
}

impl PhraseTable {
    fn new(phrases: &'static [Phrase]) -> PhraseTable {
        let mut by_first: HashMap<&'static str, Vec<usize>, Fnv> = HashMap::default();
        let mut loose = vec![Vec::new(); 256];
        for (i, (words, _)) in phrases.iter().enumerate() {
            let first = words[0];
            if first.ends_with('*') || first.len() >= 5 {
                loose[usize::from(first.as_bytes()[0])].push(i);
            }
            if !first.ends_with('*') {
                by_first.entry(first).or_default().push(i);
            }
        }
        PhraseTable { phrases, by_first, loose }
    }

    /// The longest phrase starting at `pos`.
    fn at<S: AsRef<str>>(&self, tokens: &[S], pos: usize) -> Option<(usize, Term)> {
        let word = tokens[pos].as_ref();
        let mut best: Option<(usize, Term)> = None;
        let mut consider = |i: usize| {
            let (words, term) = &self.phrases[i];
            let n = words.len();
            if pos + n > tokens.len() || best.is_some_and(|(len, _)| len >= n) {
                return;
            }
            if words.iter().zip(&tokens[pos..pos + n]).all(|(p, w)| pattern_matches(p, w.as_ref()))
            {
                best = Some((n, *term));
            }
        };
        if let Some(list) = self.by_first.get(word) {
            list.iter().for_each(|i| consider(*i));
        }
        if word.len() >= 4 {
            for &i in &self.loose[usize::from(word.as_bytes()[0])] {
                consider(i);
            }
        }
        best
    }
}

type Tables = (PhraseTable, PhraseTable, HashSet<&'static str, Fnv>);

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        (PhraseTable::new(LEGAL), PhraseTable::new(ORG_ONLY), TITLES.iter().copied().collect())
    })
}

/// Whether one folded word is a legal form on its own (`corp`, `ltd`,
/// `pjsc`), as [`classify`] reads it after an organisation's name. Asked
/// directly because `classify` leaves a legal form that is the whole name
/// ("Company") unclassified.
pub fn is_legal_form(word: &str) -> bool {
    let (legal, org_only, _) = tables();
    let tokens = [word];
    let found = match (legal.at(&tokens, 0), org_only.at(&tokens, 0)) {
        (Some(l), Some(o)) if o.0 > l.0 => Some(o),
        (l, o) => l.or(o),
    };
    matches!(found, Some((1, Legal(_))))
}

/// Whether one folded word is a legal form or a generic organisation word
/// (`group`, `holding`, `trading`: [`classify`]'s organisation-only words),
/// as the press may write it in lower case after a name: "the Lazarus group".
pub fn is_organisation_word(word: &str) -> bool {
    let (_, org_only, _) = tables();
    is_legal_form(word) || matches!(org_only.at(&[word], 0), Some((1, _)))
}

/// Classifies each token: `Some(term)` for recognised words, `None` for the
/// distinctive part of the name. `organization` enables the forms that would
/// be ambiguous in a person's name; `person` enables titles.
///
/// # Examples
/// ```
/// use vigil_match::legal::{classify, Term, LegalClass};
/// let tokens: Vec<String> = ["open", "joint", "stock", "company", "gazprom"].iter().map(|s| s.to_string()).collect();
/// let kinds = classify(&tokens, true, false);
/// assert_eq!(kinds[0], Some(Term::Legal(LegalClass::JointStock)));
/// assert_eq!(kinds[4], None);
/// ```
pub fn classify(tokens: &[String], organization: bool, person: bool) -> Vec<Option<Term>> {
    let (legal, org_only, titles) = tables();
    let mut out = vec![None; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        let mut found = legal.at(tokens, i);
        if organization {
            if let Some((n, term)) = org_only.at(tokens, i) {
                if found.is_none_or(|(m, _)| n > m) {
                    found = Some((n, term));
                }
            }
        }
        if let Some((n, term)) = found {
            // A legal form alone is the name itself ("Company"), leave it be.
            if n < tokens.len() {
                for slot in &mut out[i..i + n] {
                    *slot = Some(term);
                }
                i += n;
                continue;
            }
        }
        let word = tokens[i].as_str();
        if let Some(class) = particle_class(word) {
            out[i] = Some(Particle(class));
        } else if person && titles.contains(word) && tokens.len() > 1 {
            out[i] = Some(Title);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_alone() {
        for word in ["corp", "corporation", "ltd", "co", "llc", "pjsc"] {
            assert!(is_legal_form(word), "{word}");
        }
        for word in ["pine", "bank", "kim", "group", ""] {
            assert!(!is_legal_form(word), "{word}");
        }
        for word in ["group", "corp", "company"] {
            assert!(is_organisation_word(word), "{word}");
        }
        for word in ["pine", "kim", "lazarus", ""] {
            assert!(!is_organisation_word(word), "{word}");
        }
    }

    fn kinds(text: &str, org: bool) -> Vec<Option<Term>> {
        let tokens: Vec<String> = text.split(' ').map(str::to_string).collect();
        classify(&tokens, org, !org)
    }

    #[test]
    fn phrases() {
        assert_eq!(kinds("faberlic europe sp z oo", true)[2], Some(Legal(LimitedLiability)));
        assert_eq!(kinds("siemens aktiengeselschaft", true)[1], Some(Legal(JointStock)));
        assert_eq!(kinds("mr rami makhlouf", false)[0], Some(Title));
        assert_eq!(kinds("isa bin tarif", false)[1], Some(Particle(2)));
        assert_eq!(kinds("ali a s", false)[1], None);
        assert_eq!(kinds("company", true)[0], None);
    }
}
