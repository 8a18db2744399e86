//! Which prohibitions of the UN DPRK regime a sentence reports a breach of,
//! who says so, and how firmly.
//!
//! # The rules
//! Each category has *strong* terms that suffice alone (`ship-to-ship
//! transfer`, `luxury goods`, `Panel of Experts`) and *topic* terms that need
//! a cue of the right kind within [`WINDOW`] tokens: a transfer verb for arms
//! (`supplying … artillery`), a theft word for crypto, a procurement verb
//! *before* a WMD term (or a transfer verb for controlled goods, machine
//! tools or gyroscopes, in a sentence naming North Korea and not as where
//! they come from), a sanctions authority for a designation. A negation
//! just before the trigger (`no evidence of`, `did not`) suppresses it; a
//! hypothetical (`plans to designate`) suppresses a designation. Every
//! indicator keeps its trigger words, so an analyst can see why it fired.
//!
//! Some sentences are *weak*: one stating a ban or a duty with no breach
//! and no past act (`are prohibited`, `must notify the 1718 Committee`), a
//! bare heading, the reason for a standing listing, a sentence dated to a
//! year before its document's or looking back (`in recent years`) with no
//! day of news. What earlier reports covered, like reports to come, is no
//! claim (`previous reports covered arms transfers`). A document whose every
//! indicator is weak (an explainer of the rules, a history) raises none;
//! beside a sentence that reports a breach or a designation they count
//! (beside news about the monitors alone they do not). The reason for a
//! standing listing (`blacklisted in 2013 for …`) is no claim at all. Mentions of the
//! monitors as someone's service (`a specialist on the UN Panel`) or their
//! past are not news about them.
//!
//! A document raises indicators only if it is about North Korea at all (a
//! DPRK word such as `Pyongyang`, or a mention of an entity listed under a
//! DPRK programme): the same words about Iranian tankers or a crypto
//! exchange hack elsewhere are not this regime's business. And only if its
//! lead (its first eight sentences of some length, the headline among them)
//! raises one in a sentence that names North Korea or a listed party, or
//! speaks of sanctions: news is told first, and a text whose
//! every claim comes later (a tanker-market report recalling how sanctioned
//! ships met at sea, a bridge opening beside a paragraph on what the
//! resolutions ban) is telling background. A lead that names North Korea
//! keeps later claims of what is no lawful trade (arms, workers abroad,
//! transfers at sea, false identities, hacks, procurement) in sentences
//! that name North Korea or a listed party: a summit story may report the
//! arms shipments at its twelfth sentence.
//!
//! # Stance and claimant
//! `denied` when a denial word is in the sentence (`deny`, `rejected`);
//! `alleged` when an allegation word precedes the trigger (`accuse`,
//! `allegedly`, `concerns`) or is a verb anywhere; `reported` when the
//! sentence is attributed (`said`, `according to`); else `asserted`. The
//! claimant is the subject of that verb (the words of its clause before it,
//! `U.S. and South Korean officials say`), the words after it when the
//! clause starts with the verb (`said the spokesperson`), or the words after
//! `according to`.

use serde::Serialize;

use crate::build::{hot, StandingWords, Tables, WordInfo};
use crate::lexicon::{self, mark, role, Category};
use crate::tokens::{flag, Token, NONE};

/// How far (in tokens) a cue may be from its topic term.
pub const WINDOW: usize = 8;

/// [`WINDOW`] for goods written in Hangul, Han or kana: Korean puts the verb
/// last (의류가 … 유럽으로 수출되고, twelve words apart), and Chinese and
/// Japanese words are read a character each.
const CASELESS_WINDOW: usize = WINDOW + 6;

/// How far (in tokens) a plan to report (`would publish reports on`) reaches
/// over the categories after it: a short list of subjects.
const PLANNED_REACH: usize = 10;

/// How firmly a sentence makes its claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Stated as fact by the text itself.
    Asserted,
    /// Accused, alleged, suspected.
    Alleged,
    /// Denied by the claimant.
    Denied,
    /// Attributed to a source (said, according to).
    Reported,
}

impl Stance {
    /// The snake_case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Asserted => "asserted",
            Stance::Alleged => "alleged",
            Stance::Denied => "denied",
            Stance::Reported => "reported",
        }
    }
}

/// A lexicon term found in a sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    tok: usize,
    len: usize,
    info: WordInfo,
}

/// Token ranges of a trigger's words, in order: one strong term, or a topic
/// term and its cue (kept in place: a vector each was an allocation per
/// raised category).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trigger {
    ranges: [(usize, usize); 2],
    len: usize,
}

impl Trigger {
    fn one(range: (usize, usize)) -> Trigger {
        Trigger { ranges: [range, range], len: 1 }
    }

    fn two(a: (usize, usize), b: (usize, usize)) -> Trigger {
        Trigger { ranges: [a.min(b), a.max(b)], len: 2 }
    }

    /// The ranges, in text order.
    pub fn ranges(&self) -> &[(usize, usize)] {
        &self.ranges[..self.len]
    }
}

/// One category raised by one sentence, before offsets are made absolute.
#[derive(Debug, Clone)]
pub(crate) struct Raised {
    pub category: Category,
    /// Token ranges of the trigger words.
    pub trigger: Trigger,
    pub stance: Stance,
    /// Token range of the claimant.
    pub claimant: Option<(usize, usize)>,
    /// The sentence reports nothing of its own (a rule or duty, a bare
    /// heading, history before the document's year, a practice in general,
    /// a standing listing's reason): it counts only in a text that reports
    /// something (see `DocumentScan::finish`).
    pub weak: bool,
}

/// The text a sentence's tokens index and the year of its document, to
/// read the years a sentence names.
#[derive(Clone, Copy)]
pub(crate) struct Dated<'t> {
    pub text: &'t str,
    pub year: Option<u16>,
}

impl Dated<'_> {
    /// Whether token `t` is a year before the document's.
    fn before_the_document(&self, t: &Token) -> bool {
        let Some(year) = self.year else {
            return false;
        };
        t.has(flag::DIGITS)
            && t.end - t.start == 4
            && self
                .text
                .get(t.start as usize..t.end as usize)
                .and_then(|y| y.parse::<u16>().ok())
                .is_some_and(|y| y < year)
    }
}

/// The categories one sentence raises, into `out` (`toks` are its tokens,
/// `in_name` is non-zero for the words of a listed name; `hits` and `out`
/// are room reused from sentence to sentence).
pub(crate) fn classify(
    tables: &Tables,
    toks: &[Token],
    in_name: &[u8],
    dated: Dated<'_>,
    hits: &mut Vec<Hit>,
    out: &mut Vec<Raised>,
) {
    out.clear();
    find_terms(tables, toks, dated.text, hits);
    // The words of a listed name are not claims (Korea Mining Development *Trading*).
    let named = |k: usize| in_name.get(k).is_some_and(|&w| w != 0);
    hits.retain(|h| !(h.tok..h.tok + h.len).any(named));
    unmask(hits);
    let hits = &hits[..];
    // A category fires only through a strong or topic term of its own.
    let present = hits.iter().fold(0u16, |bits, h| bits | h.info.topic | h.info.strong);
    let rules_only = states_the_rules(hits);
    for category in Category::ALL {
        if present & category.bit() == 0 {
            continue;
        }
        // "The resolutions banned most of North Korea's exports and capped
        // its imports of fuel": what the sanctions forbid, not a breach.
        if rules_only && !matches!(category, Category::MonitoringMechanism | Category::Designation)
        {
            continue;
        }
        let Some(trigger) = trigger_of(category, hits, toks) else {
            continue;
        };
        if EXPORTS.contains(&category) && supplied_at_home(tables, hits, toks, &trigger) {
            continue;
        }
        let first = trigger.ranges().iter().map(|r| r.0).min().unwrap_or(0);
        let last = trigger.ranges().iter().map(|r| r.1).max().unwrap_or(0);
        if preceded_by(hits, first, role::NEGATE, 3) {
            continue;
        }
        // "the group would publish further reports on cyber theft": a plan,
        // not a claim (the plan itself is news about the monitors).
        if category != Category::MonitoringMechanism
            && preceded_by(hits, first, role::PLANNED, PLANNED_REACH)
        {
            continue;
        }
        if category == Category::MonitoringMechanism
            && background_monitors(tables, toks, dated, first, last)
        {
            continue;
        }
        if category == Category::WmdMissileProcurement
            && (foreign_procurement(tables, hits, toks, first)
                || sold_from_north_korea(tables, hits, toks, &trigger))
        {
            continue;
        }
        if category == Category::ArmsTransfer
            && (foreign_arms_buyer(tables, hits, toks, dated, &trigger)
                || buys_for_weapons(hits, toks, &trigger))
        {
            continue;
        }
        if category == Category::Designation
            && (preceded_by(hits, first, role::HYPO, 4)
                || designation_wished(hits, &trigger)
                || standing(tables, hits, toks, dated, trigger.ranges()))
        {
            // "plans to designate": not a designation yet.
            continue;
        }
        let (stance, cue) = stance_of(hits, toks, first, last);
        let claimant = cue.and_then(|c| claimant_of(hits, toks, c));
        // "Luxury goods." (a heading of an explainer): nothing but the trigger
        // (`last` is the end of its last range: 石炭を北朝鮮に輸出した ends with
        // a word after it).
        let heading = toks.len() <= last - first;
        out.push(Raised { category, trigger, stance, claimant, weak: heading });
    }
    if out.is_empty() {
        return;
    }
    // Asked only of sentences that raise something.
    let rule_like = !(0..toks.len()).any(named) && states_a_duty(tables, hits, toks);
    // "South Korea has seized several ships since 2017 for carrying North
    // Korean coal": dated to an earlier year than the document's, with no
    // news of the day; "where ship-to-ship transfers are common".
    // The marks of all the sentence's words, read once: most sentences have
    // none of the words the history rules look for. A practice in general:
    // "a congested area where ship-to-ship transfers are common".
    let marks = toks.iter().fold(0, |m, t| m | tables.mark(t.id) | tables.mark(t.alt));
    let history = !news_of_the_day(marks)
        && (marks & (mark::DATING | mark::YEAR_AFTER) != 0 && dated_earlier(tables, toks, dated)
            || marks & mark::GENERAL != 0
            || marks & mark::PAST != 0 && marks & mark::YEARS != 0 && over_the_years(tables, toks));
    // The reason for a standing listing follows `for` ("blacklisted in 2013 for facilitating
    // shipments for North Korea's main arms exporter"): why something was
    // listed before is no claim of this text. What follows the reason is
    // ("a tanker blacklisted in 2018 for supplying fuel to North Korea
    // appears to have resumed ship-to-ship transfers"), and "tankers
    // designated by the Security Council have carried out transfers" gives
    // no reason at all.
    let for_word = tables.standing_words.for_word;
    let reason_at = || {
        if present & Category::Designation.bit() == 0 {
            return None;
        }
        let t = trigger_of(Category::Designation, hits, toks)?;
        let end = t.ranges().iter().map(|r| r.1).max().unwrap_or(0);
        if !standing(tables, hits, toks, dated, t.ranges()) {
            return None;
        }
        (end..toks.len()).find(|&k| toks[k].id == for_word)
    };
    if out.iter().any(|r| r.category != Category::Designation) {
        if let Some(at) = reason_at() {
            let in_reason = |r: &Raised| {
                r.trigger.ranges().iter().any(|&(start, _)| start > at && start <= at + WINDOW)
            };
            out.retain(|r| r.category == Category::Designation || !in_reason(r));
        }
    }
    if rule_like || history {
        out.iter_mut().for_each(|r| r.weak = true);
    }
}

/// Every lexicon word and phrase of the sentence, into `hits` (emptied
/// first: the caller's buffer, since allocating one per sentence cost more
/// than the rules themselves).
fn find_terms(tables: &Tables, toks: &[Token], text: &str, hits: &mut Vec<Hit>) {
    hits.clear();
    for (j, t) in toks.iter().enumerate() {
        // Most words of a sentence are none of the lexicon's (the tokenizer
        // set every token's `hot` bits).
        if t.hot & hot::LEXICON == 0 {
            continue;
        }
        // A Hangul or Cyrillic word read in Latin letters may spell an
        // English function word (노동자들이 reads `no tong ja`, Russian но
        // reads `no`): only its native term's English word is a cue.
        let native = native_reading(tables, text, t);
        // The second reading only when it is another word: when both are
        // the same, the first pass over it must still count.
        for id in t.readings() {
            if id == NONE {
                continue;
            }
            let info = tables.word_info(id);
            if native.is_some_and(|n| n != id) && info.topic | info.strong == 0 {
                continue;
            }
            if info.topic | info.strong != 0 || info.roles & !(1 << 31) != 0 {
                hits.push(Hit { tok: j, len: 1, info });
            }
            if info.phrase_head {
                for phrase in tables.phrases_going_on(id, &toks[j + 1..]) {
                    let info = WordInfo {
                        topic: phrase.topic,
                        strong: phrase.strong,
                        roles: phrase.roles,
                        ..WordInfo::default()
                    };
                    hits.push(Hit { tok: j, len: phrase.rest.len() + 1, info });
                }
            }
        }
    }
}

/// For a token of a Hangul or Cyrillic word, the vocabulary id of the
/// English word its native term stands for (`NONE` if none); `None` for
/// other scripts.
pub(crate) fn native_reading(tables: &Tables, text: &str, t: &Token) -> Option<u32> {
    // Most words are ASCII: one byte says so.
    if text.as_bytes().get(t.start as usize).is_none_or(|&b| b < 0x80) {
        return None;
    }
    let word = text.get(t.start as usize..t.end as usize)?;
    let first = word.chars().next()?;
    if !(crate::tokens::is_hangul(first) || crate::tokens::is_cyrillic(first)) {
        return None;
    }
    let lower = word.to_lowercase();
    Some(crate::native::native_term(&lower).map_or(NONE, |english| tables.vocab.get(english)))
}

/// Drops the terms inside a [`role::MASK`] phrase (the `oil` of `soybean
/// oil`), and the mask itself.
fn unmask(hits: &mut Vec<Hit>) {
    let Some(mask) = hits.iter().find(|h| h.info.roles & role::MASK != 0).copied() else {
        return;
    };
    let (start, end) = range(&mask);
    hits.retain(|h| h.tok + h.len <= start || h.tok >= end);
    // A mask may be a term of its own: "identity laundering" is vessel
    // identity fraud, and no money laundering.
    if mask.info.topic | mask.info.strong != 0 {
        let mut own = mask;
        own.info.roles &= !role::MASK;
        let at = hits.partition_point(|h| h.tok <= own.tok);
        hits.insert(at, own);
    }
    // A sentence rarely has two; the next is handled the same way.
    unmask(hits);
}

fn near(a: &Hit, b: &Hit, window: usize) -> bool {
    let (a0, a1) = (a.tok, a.tok + a.len);
    let (b0, b1) = (b.tok, b.tok + b.len);
    let overlap = a0 < b1 && b0 < a1;
    !overlap && (b0 >= a1 && b0 - a1 < window || a0 >= b1 && a0 - b1 < window)
}

fn range(h: &Hit) -> (usize, usize) {
    (h.tok, h.tok + h.len)
}

/// The trigger of a category in a sentence, if its rule fires.
fn trigger_of(category: Category, hits: &[Hit], toks: &[Token]) -> Option<Trigger> {
    let bit = category.bit();
    if let Some(strong) = hits.iter().find(|h| h.info.strong & bit != 0) {
        return Some(Trigger::one(range(strong)));
    }
    let topics = hits.iter().filter(|h| h.info.topic & bit != 0);
    let has_ship = hits.iter().any(|h| h.info.roles & role::SHIP != 0);
    for topic in topics {
        let cue = |roles: u32, window: usize| {
            hits.iter().find(|c| c.info.roles & roles != 0 && near(topic, c, window)).map(range)
        };
        // Korean puts the verb last and Chinese and Japanese words are a
        // character each: their cues stand further from the goods.
        let window = if toks[topic.tok].has(flag::CASELESS) { CASELESS_WINDOW } else { WINDOW };
        let found = match category {
            Category::ArmsTransfer => cue(role::TRANSFER, window),
            Category::LuxuryGoods
            | Category::PetroleumOil
            | Category::CoalMineralsExport
            | Category::SeafoodTextilesExport => cue(role::TRANSFER | role::ILLICIT, window),
            Category::OverseasWorkers => cue(role::ABROAD, window),
            Category::ShipToShipTransfer => {
                // A transfer between two ships: two ship nouns, or one and "at sea".
                let ships = hits
                    .iter()
                    .filter(|h| h.info.roles & role::VESSEL != 0 && near(topic, h, WINDOW + 4))
                    .count();
                if ships >= 2 {
                    cue(role::VESSEL, WINDOW + 4)
                } else if ships == 1 {
                    cue(role::AT_SEA, WINDOW + 4)
                } else {
                    None
                }
            }
            Category::VesselIdentityFraud => {
                if has_ship
                    || toks[topic.tok..topic.tok + topic.len].iter().any(|t| t.has(flag::ALL_CAPS))
                {
                    cue(role::DISABLE | role::FALSIFY, 5)
                } else {
                    None
                }
            }
            Category::CyberCryptoTheft => cue(role::CRYPTO | role::THEFT | role::FUNDS, 12),
            Category::FinanceEvasion => cue(role::ILLICIT, WINDOW),
            Category::WmdMissileProcurement => hits
                .iter()
                .find(|c| {
                    c.info.roles & role::PROCURE != 0
                        && ((c.tok < topic.tok && topic.tok - c.tok <= WINDOW)
                            // "machine tools made in Europe were acquired by"
                            || (c.tok > topic.tok && c.tok - (topic.tok + topic.len) < 6))
                })
                .map(range)
                // "selling precision machine tools that ended up with a North
                // Korean company": controlled goods sold to North Korea.
                .or_else(|| {
                    let to_north_korea = hits.iter().any(|h| h.info.roles & role::DPRK != 0);
                    (topic.info.topic & lexicon::CONTROLLED_TOPIC != 0 && to_north_korea)
                        .then(|| cue(role::TRANSFER, window))
                        .flatten()
                }),
            Category::MonitoringMechanism => {
                cue(role::SANCTION | role::PANEL, WINDOW).or_else(|| {
                    hits.iter().find(|c| c.info.topic & bit != 0 && near(topic, c, 6)).map(range)
                })
            }
            Category::Designation => cue(role::AUTHORITY | role::SANCTION, 12),
        };
        if let Some(cue) = found {
            return Some(Trigger::two(range(topic), cue));
        }
    }
    None
}

/// Whether a designation trigger states a standing listing rather than a
/// new one: "the vessel is designated", "already sanctioned", "the
/// sanctioned tanker", "which the Treasury blacklisted in 2018".
fn standing(
    tables: &Tables,
    hits: &[Hit],
    toks: &[Token],
    dated: Dated<'_>,
    trigger: &[(usize, usize)],
) -> bool {
    let bit = Category::Designation.bit();
    // Looked up once per scanner: this runs for many sentences.
    let StandingWords {
        articles,
        passive,
        lists,
        on,
        prepositions,
        in_word,
        by,
        have,
        relative_pronouns,
        recent,
        from_word: _,
        for_word: _,
    } = tables.standing_words;
    let year = |t: &Token| t.has(flag::DIGITS) && t.end - t.start == 4;
    trigger.iter().filter(|r| hits.iter().any(|h| h.tok == r.0 && h.info.topic & bit != 0)).any(
        |&(start, end)| {
            // "the sanctioned tanker", not "the designation of five firms".
            let attributive = start > 0
                && articles.contains(&toks[start - 1].id)
                && !hits.iter().any(|h| h.tok == end && h.info.roles & role::CONNECTOR != 0);
            // "designated in 2018", and further on in its clause after `in`:
            // "imposed sanctions on Mkrtychev and Verus in 2023" (not the
            // year of a relative clause: "designated on Tuesday five firms
            // that shipped coal in 2019").
            let in_year = !toks[start.saturating_sub(4)..start]
                .iter()
                .any(|t| t.id != NONE && recent.contains(&t.id))
                && toks[end..(end + 12).min(toks.len())]
                    .windows(2)
                    .take_while(|w| !w[1].has(flag::BREAK) && !relative_pronouns.contains(&w[0].id))
                    // "has designated more than 40 representatives since 2017"
                    .any(|w| tables.mark(w[0].id) & mark::DATING != 0 && year(&w[1]))
                || in_month_of_year(toks, end, in_word)
                || earlier_year_after(dated, toks, end, in_word);
            let year_after = toks[end..(end + 3).min(toks.len())].iter().any(year) || in_year;
            // "was designated by the Security Council in 2018": passive, with
            // a year in its clause (not "were sanctioned on Tuesday").
            let dated_passive =
                toks[start.saturating_sub(2)..start].iter().any(|t| passive.contains(&t.id))
                    && toks[end..(end + 8).min(toks.len())]
                        .iter()
                        .take_while(|t| !t.has(flag::BREAK))
                        .any(year);
            // "a cargo ship on the U.N. blacklist", "appears on the United
            // States Treasury's sanctions list": a place on a list.
            let on_a_list = lists.contains(&toks[end - 1].id)
                && toks[start.saturating_sub(8)..start]
                    .iter()
                    .rev()
                    .take_while(|t| !(t.has(flag::BREAK) || t.id != NONE && recent.contains(&t.id)))
                    .any(|t| t.id == on && on != NONE);
            // "companies that deal with designated North Korean entities": a
            // participle after a preposition qualifies a noun.
            let qualifies = start > 0
                && end == start + 1
                && toks[start - 1].id != NONE
                && prepositions.contains(&toks[start - 1].id)
                && toks[start]
                    .readings()
                    .into_iter()
                    .any(|id| id != NONE && tables.vocab.word(id).ends_with("ed"));
            let clause =
                || toks[end..(end + 10).min(toks.len())].iter().take_while(|t| !t.has(flag::BREAK));
            // "two banks, both designated by the United Nations and the U.S.
            // Treasury": a participle with its agent and no auxiliary, of no
            // day ("entities designated by OFAC on Tuesday" are news).
            let participle = toks.get(end).is_some_and(|t| t.id == by && by != NONE)
                && !toks[start.saturating_sub(2)..start]
                    .iter()
                    .any(|t| passive.contains(&t.id) || have.contains(&t.id))
                && !clause().any(|t| t.id != NONE && recent.contains(&t.id));
            // "a conglomerate that the U.S. Treasury has sanctioned": what the
            // authority did before, in a relative clause (not "officials said
            // that the Treasury has sanctioned five firms").
            // "a vessel that Washington sanctioned last year" too, but not
            // "firms that the Treasury sanctioned on Tuesday".
            let relative = start >= 2
                && (start.saturating_sub(8)..start - 1).rev().any(|j| {
                    relative_pronouns.contains(&toks[j].id)
                        && !toks[j + 1..start].iter().any(|t| t.has(flag::BREAK))
                        && hits.iter().any(|h| {
                            h.tok > j && h.tok < start && h.info.roles & role::AUTHORITY != 0
                        })
                        && !hits.iter().any(|h| {
                            h.tok + 1 == j && h.info.roles & (role::SAY | role::ALLEGE) != 0
                        })
                })
                && !clause().any(|t| t.id != NONE && recent.contains(&t.id));
            // "ships that were sanctioned by the United States for carrying
            // munitions": a relative clause in the passive (not "firms that
            // were sanctioned on Tuesday").
            let relative_passive = start >= 2
                && passive.contains(&toks[start - 1].id)
                && (start.saturating_sub(4)..start - 1).any(|j| {
                    relative_pronouns.contains(&toks[j].id)
                        && !toks[j + 1..start].iter().any(|t| t.has(flag::BREAK))
                })
                && !clause().any(|t| t.id != NONE && recent.contains(&t.id));
            // "In 2019 the US Treasury sanctioned …": dated before the
            // trigger, in its clause, with no news of the day in between.
            // Not "from an exchange in 2018, and the Treasury imposed
            // sanctions": the year's clause ends before the trigger.
            let year_before = in_word != NONE
                && (start.saturating_sub(8)..start.saturating_sub(1)).any(|j| {
                    // A comma after the year only when the date opens its
                    // clause ("In 2019, the Treasury sanctioned").
                    let fronted = j == 0 || toks[j].has(flag::BREAK);
                    toks[j].id == in_word
                        && dated.before_the_document(&toks[j + 1])
                        && (fronted || !toks.get(j + 2).is_some_and(|t| t.has(flag::BREAK)))
                        && !toks[(j + 3).min(start)..start]
                            .iter()
                            .any(|t| t.has(flag::BREAK) || t.id != NONE && recent.contains(&t.id))
                });
            attributive
                || year_after
                || relative
                || relative_passive
                || year_before
                || dated_passive
                || on_a_list
                || qualifies
                || participle
                || preceded_by(hits, start, role::STATIVE, 2)
                // "two tankers that were blacklisted years ago"
                || toks[end..(end + 8).min(toks.len())]
                    .iter()
                    .take_while(|t| !t.has(flag::BREAK))
                    .any(|t| tables.mark(t.id) & mark::AGO != 0)
                // "sanctions designations already exist for most of these firms"
                || toks[end..(end + 2).min(toks.len())]
                    .iter()
                    .any(|t| tables.mark(t.id) & mark::ALREADY != 0)
        },
    )
}

/// The categories of North Korea's exports.
const EXPORTS: [Category; 2] = [Category::CoalMineralsExport, Category::SeafoodTextilesExport];

/// Whether an export category's only cue is a verb of supplying, with
/// nothing abroad, at sea or illicit in the sentence: "the coal produced
/// was supplied to power stations and fertiliser plants" is North Korea's
/// own economy (state media report it), not an export.
fn supplied_at_home(tables: &Tables, hits: &[Hit], toks: &[Token], trigger: &Trigger) -> bool {
    // A topic and its cue, in text order; the topic is no verb of supplying.
    let [a, b] = trigger.ranges() else {
        return false;
    };
    let supplying = [a, b].iter().any(|&&(start, end)| {
        toks[start..end]
            .iter()
            .any(|t| [t.id, t.alt].iter().any(|id| *id != NONE && tables.supply_words.contains(id)))
    });
    let elsewhere = hits
        .iter()
        .any(|h| h.info.roles & (role::SHIP | role::ILLICIT | role::SANCTION | role::ABROAD) != 0)
        || toks.iter().any(|t| t.id != NONE && names_a_country_abroad(tables.vocab.word(t.id)));
    supplying && !elsewhere
}

/// Whether a word is a country's name other than Korea's (China, Vietnam):
/// not a two-letter code, which English words spell (`to` is Tonga's).
fn names_a_country_abroad(word: &str) -> bool {
    word.len() >= 4
        && vigil_model::country_code(word).is_some_and(|code| code != "kp" && code != "kr")
}

/// Whether the sentence states what the sanctions forbid (a resolution,
/// the sanctions or the Security Council, then a verb of banning) and
/// claims no breach: no illicit word but the ban's own words.
fn states_the_rules(hits: &[Hit]) -> bool {
    let Some(regime) = hits.iter().find(|h| h.info.roles & role::SANCTION != 0) else {
        return false;
    };
    let is_ban = |h: &Hit| h.len == 1 && h.info.roles & role::BAN != 0;
    let banned_after = hits.iter().any(|h| h.tok > regime.tok && is_ban(h));
    // The ban's own words are illicit words too (resolutions, embargo).
    let breach = hits.iter().any(|h| {
        h.info.roles & role::ILLICIT != 0 && h.info.roles & (role::BAN | role::SANCTION) == 0
    });
    banned_after && !breach
}

/// Whether the sentence states a ban or a duty and claims no act: a verb
/// of banning or obliging (`are prohibited`, `must notify`, `were required
/// to repatriate`), no breach word, no past verb of moving goods
/// (`shipped`, `sold`).
fn states_a_duty(tables: &Tables, hits: &[Hit], toks: &[Token]) -> bool {
    // "Member states may not supply, sell or transfer luxury items".
    let may_not = toks.windows(2).any(|w| {
        tables.mark(w[0].id) & mark::MAY != 0
            && w[1].id != NONE
            && tables.word_info(w[1].id).roles & role::NEGATE != 0
    });
    let rule = may_not
        || hits.iter().any(|h| h.len == 1 && h.info.roles & role::BAN != 0)
        || toks.iter().any(|t| tables.mark(t.id) & mark::OBLIGE != 0);
    let breach = hits.iter().any(|h| {
        h.info.roles & role::ILLICIT != 0 && h.info.roles & (role::BAN | role::SANCTION) == 0
    });
    // "were meant to be sent home": an infinitive is no act.
    let moved = hits.iter().any(|h| {
        h.len == 1
            && h.info.roles & role::TRANSFER != 0
            && !(h.tok > 0 && tables.mark(toks[h.tok - 1].id) & mark::BE != 0)
            && toks[h.tok].readings().into_iter().any(|id| {
                let w = tables.vocab.word(id);
                id != NONE
                    && (w.ends_with("ed") || ["sold", "sent", "bought", "brought"].contains(&w))
            })
    });
    rule && !breach && !moved
}

/// Whether a mention of the monitors is background: someone's service on
/// them (`a specialist on the UN Panel of Experts`, `he chaired the 1718
/// Committee`), or their past (`which was disbanded in 2024`, in a text of
/// a later year) in a sentence with no news of the day.
fn background_monitors(
    tables: &Tables,
    toks: &[Token],
    dated: Dated<'_>,
    first: usize,
    last: usize,
) -> bool {
    // Before the trigger or before an earlier word for the monitors: "his
    // years on the panel, … its reports to the 1718 Committee".
    let on = tables.standing_words.on;
    let served_before = |k: usize| {
        (k.saturating_sub(8)..k).any(|j| {
            let marks = tables.mark(toks[j].id);
            marks & mark::SERVICE != 0
                || marks & mark::YEARS != 0 && toks.get(j + 1).is_some_and(|t| t.id == on)
        })
    };
    // "He remembers it as an unusually busy period: the committee's Panel …".
    let remembered = toks[..first].iter().any(|t| tables.mark(t.id) & mark::MEMORY != 0);
    let in_service = remembered
        || served_before(first)
        || (0..first).any(|k| tables.mark(toks[k].id) & mark::MONITORS != 0 && served_before(k));
    // "ended in 2024", "expired in April 2024", "from 2009".
    let after = &toks[last..(last + 12).min(toks.len())];
    let in_year = (0..after.len()).any(|j| {
        tables.mark(after[j].id) & mark::DATING != 0
            && after[j + 1..(j + 3).min(after.len())].iter().any(|t| dated.before_the_document(t))
    });
    let marks = toks.iter().fold(0, |m, t| m | tables.mark(t.id));
    in_service || in_year && !news_of_the_day(marks)
}

/// Whether the rest of the sentence dates a designation "in" a year before
/// the document's ("later designated the ship's operator, Ocean Maritime
/// Management Company, in 2014", in a text of 2026).
fn earlier_year_after(dated: Dated<'_>, toks: &[Token], end: usize, in_word: u32) -> bool {
    in_word != NONE
        && toks[end..].windows(2).any(|w| w[0].id == in_word && dated.before_the_document(&w[1]))
}

/// Whether the clause after a designation dates it "in <month> <year>"
/// ("sanctioned SINSMS in August 2018"): the month is capitalised.
fn in_month_of_year(toks: &[Token], end: usize, in_word: u32) -> bool {
    let year = |t: &Token| t.has(flag::DIGITS) && t.end - t.start == 4;
    in_word != NONE
        && toks[end..(end + 12).min(toks.len())]
            .windows(3)
            .take_while(|w| !w[0].has(flag::BREAK))
            .any(|w| {
                w[0].id == in_word && w[1].has(flag::CAP) && !w[1].has(flag::BREAK) && year(&w[2])
            })
}

/// Whether a procurement is another country's, in a sentence that does not
/// speak of North Korea: "Iranian procurement of carbon fibre in the 2000s".
fn foreign_procurement(tables: &Tables, hits: &[Hit], toks: &[Token], first: usize) -> bool {
    let foreign = first > 0
        && toks[first - 1].readings().into_iter().any(|id| tables.mark(id) & mark::DEMONYM != 0);
    foreign && !hits.iter().any(|h| h.info.roles & role::DPRK != 0)
}

/// Whether a sentence looks back over time ("North Korean hackers have
/// been blamed for crypto thefts in recent years").
fn over_the_years(tables: &Tables, toks: &[Token]) -> bool {
    toks.windows(2)
        .any(|w| tables.mark(w[0].id) & mark::PAST != 0 && tables.mark(w[1].id) & mark::YEARS != 0)
}

/// Whether a designation is wished for or doubted rather than made:
/// "Washington should stop pretending that one more designation will
/// change" (a would, should or could shortly before the designation word).
fn designation_wished(hits: &[Hit], trigger: &Trigger) -> bool {
    let bit = Category::Designation.bit();
    trigger.ranges().iter().any(|&(start, _)| {
        hits.iter().any(|h| h.tok == start && h.info.topic & bit != 0)
            && preceded_by(hits, start, role::HYPO, WINDOW)
    })
}

/// Whether an arms trigger's verb buys missile parts for the weapons rather
/// than the weapons: "the body that develops Pyongyang's ballistic
/// missiles, bought precision bearings and gyroscope components" is
/// procurement, no arms transfer. Korean and Japanese put the parts before
/// the verb (미사일 부품을 조달).
fn buys_for_weapons(hits: &[Hit], toks: &[Token], trigger: &Trigger) -> bool {
    let wmd = Category::WmdMissileProcurement.bit();
    let arms = Category::ArmsTransfer.bit();
    // Not `ballistic` of "bought ballistic missiles": weapons bought whole.
    let in_arms = |h: &Hit| {
        hits.iter().any(|a| a.info.topic & arms != 0 && a.tok <= h.tok && h.tok < a.tok + a.len)
    };
    let is_verb = |h: &&Hit| {
        h.info.roles & role::PROCURE != 0
            && h.info.topic & arms == 0
            && trigger.ranges().contains(&range(h))
    };
    hits.iter().filter(is_verb).any(|verb| {
        let verb_last = toks[verb.tok].has(flag::CASELESS);
        hits.iter().any(|h| {
            let after = h.tok >= verb.tok + verb.len && h.tok - (verb.tok + verb.len) < WINDOW;
            let before = verb_last && h.tok + h.len <= verb.tok && verb.tok - h.tok < WINDOW;
            h.info.topic & wmd != 0 && h.info.topic & arms == 0 && (after || before) && !in_arms(h)
        })
    })
}

/// Whether the sentence says "from North Korea" (from Pyongyang, from the
/// DPRK).
fn from_north_korea(tables: &Tables, hits: &[Hit], toks: &[Token]) -> bool {
    let from = tables.standing_words.from_word;
    from != NONE
        && hits
            .iter()
            .any(|h| h.info.roles & role::DPRK != 0 && h.tok > 0 && toks[h.tok - 1].id == from)
}

/// Whether one of a trigger's terms is a procurement word (bought, import).
fn bought(hits: &[Hit], trigger: &Trigger) -> bool {
    trigger
        .ranges()
        .iter()
        .any(|&(start, _)| hits.iter().any(|h| h.tok == start && h.info.roles & role::PROCURE != 0))
}

/// Whether controlled goods go out of North Korea rather than in: "guidance
/// components were shipped from Pyongyang" is no procurement (bought, they
/// still are).
fn sold_from_north_korea(tables: &Tables, hits: &[Hit], toks: &[Token], trigger: &Trigger) -> bool {
    !bought(hits, trigger) && from_north_korea(tables, hits, toks)
}

/// Whether arms are bought by another state than North Korea: "South
/// Korea's arms procurement agency", "Japanese weapons purchases" (not
/// "Russia's purchases of North Korean shells", nor arms bought from North
/// Korea).
fn foreign_arms_buyer(
    tables: &Tables,
    hits: &[Hit],
    toks: &[Token],
    dated: Dated<'_>,
    trigger: &Trigger,
) -> bool {
    let bit = Category::ArmsTransfer.bit();
    if !bought(hits, trigger) || from_north_korea(tables, hits, toks) {
        return false;
    }
    let word =
        |k: usize| dated.text.get(toks[k].start as usize..toks[k].end as usize).unwrap_or("");
    trigger.ranges().iter().any(|&(start, _)| {
        let is_topic = hits.iter().any(|h| h.tok == start && h.info.topic & bit != 0);
        if !is_topic || start == 0 {
            return false;
        }
        let owner = &toks[start - 1];
        let demonym = owner.readings().into_iter().any(|id| tables.mark(id) & mark::DEMONYM != 0);
        let possessive_state = owner.has(flag::POSSESSIVE)
            && (tables.word_info(owner.id).roles & role::AUTHORITY != 0 || {
                // "South Korea's": the two words first, then the last.
                let two = (start >= 2)
                    .then(|| {
                        vigil_model::country_code(&format!(
                            "{} {}",
                            word(start - 2),
                            word(start - 1)
                        ))
                    })
                    .flatten();
                two.or_else(|| vigil_model::country_code(word(start - 1)))
                    .is_some_and(|code| code != "kp")
            });
        demonym || possessive_state
    })
}

/// Whether a sentence is dated "in", "since" or "from" a year before its
/// document's (the caller checks that it speaks of no day: `on Tuesday`).
fn dated_earlier(tables: &Tables, toks: &[Token], dated: Dated<'_>) -> bool {
    if dated.year.is_none() {
        return false;
    }
    // "in 2017", "in December 2017"; Russian "в 2021 году".
    (0..toks.len()).any(|j| {
        tables.mark(toks[j].id) & mark::DATING != 0
            && toks[j + 1..(j + 3).min(toks.len())].iter().enumerate().any(|(n, t)| {
                dated.before_the_document(t) && (n == 0 || toks[j + 1].has(flag::CAP))
            })
            || dated.before_the_document(&toks[j])
                && toks.get(j + 1).is_some_and(|t| {
                    t.readings().into_iter().any(|id| tables.mark(id) & mark::YEAR_AFTER != 0)
                })
    })
}

/// Whether a sentence whose words have `marks` speaks of the news of the
/// day (`on Tuesday`, `today`, `this week`, `the latest report`).
fn news_of_the_day(marks: u32) -> bool {
    marks & mark::NEWS_DAY != 0
}

fn preceded_by(hits: &[Hit], first: usize, roles: u32, within: usize) -> bool {
    hits.iter().any(|h| h.info.roles & roles != 0 && h.tok < first && first - h.tok <= within)
}

/// The stance of a trigger spanning tokens `first..last`, and the token of
/// the cue that decided it.
fn stance_of(hits: &[Hit], toks: &[Token], first: usize, last: usize) -> (Stance, Option<usize>) {
    let _ = toks;
    // "report says": the noun "report" is read as a verb too, so of two
    // verbs in a row the second is the verb.
    let is_verb = |h: &&Hit| h.info.roles & role::VERB != 0;
    let verb = |roles: u32| {
        hits.iter().filter(is_verb).find(|h| {
            h.info.roles & roles != 0
                && !hits.iter().filter(is_verb).any(|n| n.tok == h.tok + h.len)
        })
    };
    if let Some(deny) = hits.iter().find(|h| h.info.roles & role::DENY != 0) {
        let cue = verb(role::DENY).unwrap_or(deny);
        return (Stance::Denied, Some(cue.tok));
    }
    let allege_verb = verb(role::ALLEGE);
    let allege_before = hits.iter().find(|h| h.info.roles & role::ALLEGE != 0 && h.tok < first);
    if let Some(cue) = allege_verb.or(allege_before) {
        let _ = last;
        return (Stance::Alleged, Some(cue.tok));
    }
    if let Some(according) = hits.iter().find(|h| h.info.roles & role::ACCORDING != 0) {
        return (Stance::Reported, Some(according.tok));
    }
    if let Some(say) = verb(role::SAY) {
        return (Stance::Reported, Some(say.tok));
    }
    (Stance::Asserted, None)
}

/// Words that open a clause without being part of its subject.
fn is_opener(hits: &[Hit], tok: usize) -> bool {
    hits.iter().any(|h| h.tok == tok && h.info.roles & (role::CONNECTOR | role::HYPO) != 0)
}

/// The claimant of a cue at token `cue` (see the module docs).
fn claimant_of(hits: &[Hit], toks: &[Token], cue: usize) -> Option<(usize, usize)> {
    let cue_hit = hits.iter().find(|h| h.tok == cue)?;
    if cue_hit.info.roles & role::ACCORDING != 0 {
        // according to X
        let start = cue + 2;
        return following_run(toks, start);
    }
    if cue_hit.info.roles & role::VERB == 0 {
        return None;
    }
    let mut start = cue;
    while start > 0 && !toks[start].has(flag::BREAK) && cue - start < 10 {
        start -= 1;
    }
    if start == cue {
        if names_after(hits, toks, cue) {
            // said the spokesperson for the embassy; said John Kirby
            return following_run(toks, cue + 1);
        }
        // "The Team, set up after the veto, said the vessels …": the verb
        // follows an aside, and the claimant is the clause before it.
        return subject_before_aside(hits, toks, cue);
    }
    if !toks[start].has(flag::BREAK) && start > 0 {
        return None;
    }
    // Skip openers (and, but, which ...): a relative clause has no claimant.
    if hits.iter().any(|h| h.tok == start && h.info.roles & role::ORG != 0) {
        return None;
    }
    // "production that Seoul says is shipped": the claimant follows the
    // relative word nearest the verb.
    if let Some(relative) =
        hits.iter().rfind(|h| h.tok > start && h.tok < cue && h.info.roles & role::ORG != 0)
    {
        start = relative.tok + relative.len;
    }
    while start < cue && is_opener(hits, start) {
        start += 1;
    }
    (start < cue).then_some((start, cue))
}

/// Whether the words after a verb at `cue` name who speaks: a title word
/// ("said the spokesperson") or a capitalised name ("said John Kirby").
fn names_after(hits: &[Hit], toks: &[Token], cue: usize) -> bool {
    let after = cue + 1..(cue + 4).min(toks.len());
    let titled = hits.iter().any(|h| after.contains(&h.tok) && h.info.roles & role::TITLE != 0);
    titled || toks.get(cue + 1).is_some_and(|t| t.has(flag::CAP) && !t.has(flag::BREAK))
}

/// The sentence's first clause, when a verb right after an aside has it as
/// subject: up to ten words from the sentence start to the first hard break.
fn subject_before_aside(hits: &[Hit], toks: &[Token], cue: usize) -> Option<(usize, usize)> {
    let mut end = 1;
    while end < cue && !toks[end].has(flag::BREAK) {
        end += 1;
    }
    if end >= cue || end > 10 || !toks[0].has(flag::CAP) {
        return None;
    }
    let mut start = 0;
    while start < end && is_opener(hits, start) {
        start += 1;
    }
    (start < end).then_some((start, end))
}

/// Up to eight tokens from `start` to the next hard break.
fn following_run(toks: &[Token], start: usize) -> Option<(usize, usize)> {
    if start >= toks.len() {
        return None;
    }
    let mut end = start + 1;
    while end < toks.len() && !toks[end].has(flag::BREAK) && end - start < 8 {
        end += 1;
    }
    Some((start, end))
}
