//! Arabic (with Persian and Urdu letters) and Hebrew, best effort.
//!
//! Both scripts usually omit short vowels, which no rule can restore: common
//! given names come from a small table, other words from the consonants and
//! the long-vowel letters (ا و ي, ו י), optionally with `a` inserted between
//! consonants, and for Arabic also read as a foreign name (`ف`→`v`,
//! `ب`→`p`: فلاديمير بوتين → vladimir putin).

use super::push_other;

/// One piece of output and whether it is a vowel.
#[derive(Clone, Copy)]
struct Piece {
    text: &'static str,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A consonant (possibly silent, like ع or א).
    Cons,
    /// A vowel, written or from a vowel point.
    Vowel,
    /// An explicit absence of vowel (sukun): no `a` is inserted after it.
    NoVowel,
    /// A character outside the tables, rendered by `push_other`.
    Other(char),
}

/// Where `a` is inserted between two consonants.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Epenthesis {
    None,
    All,
    /// Not between the first two consonants (foreign names start with clusters).
    NotInitial,
}

fn emit(pieces: &[Piece], ep: Epenthesis, out: &mut String) {
    let mut last: Option<Kind> = None;
    let mut consonants = 0;
    for p in pieces {
        if let Kind::Other(c) = p.kind {
            push_other(out, c);
            last = None;
            continue;
        }
        if p.kind == Kind::Cons {
            consonants += 1;
            let insert = last == Some(Kind::Cons)
                && match ep {
                    Epenthesis::None => false,
                    Epenthesis::All => true,
                    Epenthesis::NotInitial => consonants > 2,
                };
            if insert {
                out.push('a');
            }
        }
        out.push_str(p.text);
        last = Some(p.kind);
    }
}

fn cons(text: &'static str) -> Piece {
    Piece { text, kind: Kind::Cons }
}

fn vowel(text: &'static str) -> Piece {
    Piece { text, kind: Kind::Vowel }
}

/// Arabic letter normalisation for table lookups: alif forms to ا, ى to ي,
/// ة to ه, vowel points dropped.
fn arabic_key(word: &[char]) -> String {
    word.iter()
        .filter(|&&c| !matches!(c as u32, 0x064B..=0x065F | 0x0670))
        .map(|&c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ة' => 'ه',
            'ک' => 'ك',
            _ => c,
        })
        .collect()
}

static ARABIC_NAMES: &[(&str, &[&str])] = &[
    ("محمد", &["mohammed", "muhammad", "mohamed", "mohammad"]),
    ("احمد", &["ahmed", "ahmad"]),
    ("علي", &["ali"]),
    ("حسن", &["hassan", "hasan"]),
    ("حسين", &["hussein", "husayn", "hussain"]),
    ("محمود", &["mahmoud", "mahmud"]),
    ("خالد", &["khaled", "khalid"]),
    ("عمر", &["omar", "umar"]),
    ("عثمان", &["othman", "uthman", "osman"]),
    ("يوسف", &["yousef", "yusuf", "youssef"]),
    ("ابراهيم", &["ibrahim"]),
    ("مصطفي", &["mustafa", "mostafa"]),
    ("سعيد", &["saeed", "said"]),
    ("صالح", &["saleh", "salih"]),
    ("فاطمه", &["fatima", "fatma"]),
    ("عايشه", &["aisha"]),
    ("عائشه", &["aisha"]),
    ("مريم", &["maryam"]),
    ("عبد", &["abd", "abdul"]),
    ("الله", &["allah"]),
    ("عبدالله", &["abdullah", "abdallah", "abd allah"]),
    ("عبدالرحمن", &["abdulrahman", "abdelrahman", "abdul rahman"]),
    ("عبدالعزيز", &["abdulaziz", "abdelaziz", "abdul aziz"]),
    ("بن", &["bin", "ben"]),
    ("ابو", &["abu"]),
    ("ابن", &["ibn"]),
    ("اسد", &["assad", "asad"]),
    ("بشار", &["bashar"]),
    ("حافظ", &["hafez", "hafiz"]),
    ("كريم", &["karim", "kareem"]),
    ("جمال", &["jamal", "gamal"]),
    ("ناصر", &["nasser", "nasir", "naser"]),
    ("حمد", &["hamad"]),
    ("حمزه", &["hamza", "hamzah"]),
    ("حسني", &["hosni", "husni"]),
    ("صدام", &["saddam"]),
    ("اسامه", &["osama", "usama"]),
    ("لادن", &["laden"]),
    ("قاسم", &["qasim", "qassem", "kasim"]),
    ("جعفر", &["jaafar", "jafar"]),
    ("رضا", &["reza", "rida"]),
    ("سليمان", &["sulaiman", "suleiman", "soleiman"]),
    ("عيسي", &["issa", "isa"]),
    ("موسي", &["musa", "moussa"]),
    ("عباس", &["abbas"]),
    ("هادي", &["hadi"]),
    ("زين", &["zein", "zain"]),
    ("نور", &["nour", "noor"]),
    ("مهدي", &["mahdi", "mehdi"]),
    ("رحمن", &["rahman"]),
    ("عزيز", &["aziz"]),
    ("طارق", &["tariq", "tarek"]),
    ("فيصل", &["faisal", "faysal"]),
    ("سلمان", &["salman"]),
    ("ماهر", &["maher", "mahir"]),
    ("رامي", &["rami"]),
];

/// Arabic columns: skeleton, `a` inserted in every cluster, foreign reading,
/// foreign reading with `a` inserted after the first cluster.
pub(super) fn arabic_columns(tokens: &[Vec<char>]) -> Vec<String> {
    // Merge عبد + ال… so that عبد الله → abdullah.
    let mut words: Vec<Vec<char>> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if arabic_key(t) == "عبد" && tokens.get(i + 1).is_some_and(|n| n.starts_with(&['ا', 'ل']))
        {
            let mut m = t.clone();
            m.extend_from_slice(&tokens[i + 1]);
            if lookup(ARABIC_NAMES, &arabic_key(&m)).is_some() {
                words.push(m);
                i += 2;
                continue;
            }
        }
        words.push(t.clone());
        i += 1;
    }
    const PLAN: [(bool, Epenthesis); 4] = [
        (false, Epenthesis::None),
        (false, Epenthesis::All),
        (true, Epenthesis::None),
        (true, Epenthesis::NotInitial),
    ];
    PLAN.iter()
        .enumerate()
        .map(|(col, &(foreign, ep))| {
            let mut out = String::new();
            for w in &words {
                if !out.is_empty() {
                    out.push(' ');
                }
                let key = arabic_key(w);
                if let Some(names) = lookup(ARABIC_NAMES, &key) {
                    out.push_str(names.get(col).unwrap_or(&names[0]));
                    continue;
                }
                // The article: الاسد → al assad.
                let body: &[char] = if key.starts_with("ال") && w.len() > 3 {
                    out.push_str("al ");
                    let rest = &w[2..];
                    if let Some(names) = lookup(ARABIC_NAMES, &arabic_key(rest)) {
                        out.push_str(names.get(col).unwrap_or(&names[0]));
                        continue;
                    }
                    rest
                } else {
                    w
                };
                emit(&arabic_pieces(body, foreign), ep, &mut out);
            }
            out
        })
        .collect()
}

fn lookup(
    table: &'static [(&'static str, &'static [&'static str])],
    key: &str,
) -> Option<&'static [&'static str]> {
    table.iter().find(|e| e.0 == key).map(|e| e.1)
}

fn is_alif(c: char) -> bool {
    matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى')
}

fn arabic_pieces(w: &[char], foreign: bool) -> Vec<Piece> {
    let mut v = Vec::with_capacity(w.len() + 2);
    for (i, &c) in w.iter().enumerate() {
        let prev = if i > 0 { Some(w[i - 1]) } else { None };
        let next = w.get(i + 1).copied();
        let initial = prev.is_none();
        let p = match c {
            'ا' | 'ٱ' | 'ى' => vowel("a"),
            'أ' | 'آ' => vowel("a"),
            'إ' => vowel("i"),
            'ب' => cons(if foreign { "p" } else { "b" }),
            'ت' if foreign && next == Some('ش') => cons("ch"),
            'ش' if foreign && prev == Some('ت') => continue,
            'ت' | 'ط' | 'ٹ' => cons("t"),
            'ث' => cons("th"),
            'ج' => cons("j"),
            'ح' | 'ه' | 'ھ' | 'ۀ' => {
                if c == 'ه' && next.is_none() && !initial {
                    vowel("a")
                } else {
                    cons("h")
                }
            }
            'خ' => cons("kh"),
            'د' | 'ض' | 'ڈ' => cons("d"),
            'ذ' => cons(if foreign { "z" } else { "dh" }),
            'ر' | 'ڑ' => cons("r"),
            'ز' | 'ظ' => cons("z"),
            'س' | 'ص' => cons("s"),
            'ش' => cons("sh"),
            'ع' | 'ء' | 'ئ' | 'ؤ' => cons(""),
            'غ' => cons("gh"),
            'ف' => cons(if foreign { "v" } else { "f" }),
            'ڤ' => cons("v"),
            'ق' => cons(if foreign { "k" } else { "q" }),
            'ك' | 'ک' => cons("k"),
            'گ' | 'ڨ' => cons("g"),
            'ل' => cons("l"),
            'م' => cons("m"),
            'ن' | 'ں' => cons("n"),
            'پ' => cons("p"),
            'چ' => cons("ch"),
            'ژ' => cons("zh"),
            'ة' => vowel("a"),
            'ے' => vowel("e"),
            'و' => {
                if initial
                    || prev.is_some_and(is_alif)
                    || next.is_some_and(is_alif)
                    || next == Some('و')
                {
                    cons("w")
                } else {
                    vowel("u")
                }
            }
            'ي' | 'ی' | 'ې' => {
                if initial || prev.is_some_and(is_alif) || next.is_some_and(is_alif) {
                    cons("y")
                } else {
                    vowel("i")
                }
            }
            '\u{064E}' => vowel("a"),
            '\u{0650}' => vowel("i"),
            '\u{064F}' => vowel("u"),
            '\u{0652}' => Piece { text: "", kind: Kind::NoVowel },
            '\u{064B}'..='\u{065F}' | '\u{0670}' => continue,
            _ => Piece { text: "", kind: Kind::Other(c) },
        };
        v.push(p);
    }
    v
}

static HEBREW_NAMES: &[(&str, &[&str])] = &[
    ("משה", &["moshe"]),
    ("דוד", &["david"]),
    ("יוסף", &["yosef", "joseph"]),
    ("אברהם", &["avraham", "abraham"]),
    ("יצחק", &["yitzhak", "isaac"]),
    ("יעקב", &["yaakov", "jacob"]),
    ("שרה", &["sara", "sarah"]),
    ("דניאל", &["daniel"]),
    ("מיכאל", &["michael"]),
    ("בנימין", &["binyamin", "benjamin"]),
    ("נתניהו", &["netanyahu"]),
    ("שלמה", &["shlomo"]),
    ("רחל", &["rachel"]),
    ("חיים", &["chaim", "haim"]),
    ("אריה", &["arie", "aryeh"]),
    ("יהודה", &["yehuda", "judah"]),
    ("שמעון", &["shimon", "simon"]),
    ("אליהו", &["eliyahu"]),
    ("אהרן", &["aharon", "aaron"]),
    ("אהרון", &["aharon", "aaron"]),
    ("רבקה", &["rivka", "rebecca"]),
    ("לאה", &["lea", "leah"]),
    ("אסתר", &["ester", "esther"]),
    ("יהושע", &["yehoshua", "joshua"]),
    ("ישראל", &["yisrael", "israel"]),
    ("מאיר", &["meir"]),
    ("לוי", &["levi"]),
    ("כהן", &["cohen", "kohen"]),
    ("בן", &["ben"]),
    ("בת", &["bat"]),
    ("פרץ", &["peretz", "perez"]),
    ("ביטון", &["biton"]),
    ("מזרחי", &["mizrahi", "mizrachi"]),
    ("אריאל", &["ariel"]),
    ("גוריון", &["gurion"]),
    ("שמואל", &["shmuel", "samuel"]),
    ("יונתן", &["yonatan", "jonathan"]),
    ("אליעזר", &["eliezer"]),
    ("רפאל", &["refael", "raphael"]),
    ("נחום", &["nahum", "nachum"]),
    ("עמוס", &["amos"]),
    ("אבי", &["avi"]),
    ("גולדברג", &["goldberg"]),
    ("פרידמן", &["friedman", "fridman"]),
    ("אשכנזי", &["ashkenazi"]),
    ("אבוטבול", &["abutbul"]),
    ("דהן", &["dahan"]),
    ("אוחיון", &["ohayon"]),
    ("גבאי", &["gabay", "gabai"]),
    ("שפירא", &["shapira", "shapiro"]),
    ("ברק", &["barak"]),
    ("אהוד", &["ehud"]),
    ("אולמרט", &["olmert"]),
    ("שרון", &["sharon"]),
    ("גנץ", &["gantz"]),
    ("בני", &["benny", "beni"]),
    ("יאיר", &["yair"]),
    ("לפיד", &["lapid"]),
    ("נפתלי", &["naftali"]),
    ("בנט", &["bennett"]),
    ("אביגדור", &["avigdor"]),
    ("ליברמן", &["liberman", "lieberman"]),
];

/// Hebrew columns: consonants and matres lectionis (ו → o), then with `a`
/// after the first cluster (ו → u), then with `a` in every cluster.
pub(super) fn hebrew_columns(tokens: &[Vec<char>]) -> Vec<String> {
    const PLAN: [(bool, Epenthesis); 3] =
        [(false, Epenthesis::None), (true, Epenthesis::NotInitial), (false, Epenthesis::All)];
    PLAN.iter()
        .enumerate()
        .map(|(col, &(u, ep))| {
            let mut out = String::new();
            for t in tokens {
                if !out.is_empty() {
                    out.push(' ');
                }
                let w: Vec<char> =
                    t.iter().copied().filter(|&c| !matches!(c as u32, 0x0591..=0x05C7)).collect();
                let key: String = w.iter().collect();
                if let Some(names) = lookup(HEBREW_NAMES, &key) {
                    out.push_str(names.get(col).unwrap_or(&names[0]));
                    continue;
                }
                emit(&hebrew_pieces(&w, u), ep, &mut out);
            }
            out
        })
        .collect()
}

fn hebrew_pieces(w: &[char], u: bool) -> Vec<Piece> {
    let mut v = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let prev = if i > 0 { Some(w[i - 1]) } else { None };
        let next = w.get(i + 1).copied();
        let geresh = matches!(next, Some('\u{05F3}' | '\''));
        let initial = prev.is_none();
        let last = next.is_none();
        let p = match c {
            'א' | 'ע' => cons(""),
            'ב' => cons(if initial { "b" } else { "v" }),
            'ג' => cons(if geresh { "j" } else { "g" }),
            'ד' => cons("d"),
            'ה' => {
                if last && !initial {
                    vowel(if u { "e" } else { "a" })
                } else {
                    cons("h")
                }
            }
            'ו' => {
                if next == Some('ו') {
                    i += 1;
                    cons("v")
                } else if initial || prev.is_some_and(|p| matches!(p, 'ו' | 'י' | 'א')) {
                    cons("v")
                } else {
                    vowel(if u { "u" } else { "o" })
                }
            }
            'ז' => cons(if geresh { "zh" } else { "z" }),
            'ח' => cons("kh"),
            'ט' | 'ת' => cons("t"),
            'י' => {
                if next == Some('י') {
                    i += 1;
                    vowel("ei")
                } else if initial || next.is_some_and(|n| matches!(n, 'ו' | 'א')) {
                    cons("y")
                } else {
                    vowel("i")
                }
            }
            'כ' => cons(if initial { "k" } else { "kh" }),
            'ך' => cons("kh"),
            'ל' => cons("l"),
            'מ' | 'ם' => cons("m"),
            'נ' | 'ן' => cons("n"),
            'ס' => cons("s"),
            'פ' => cons(if initial { "p" } else { "f" }),
            'ף' => cons("f"),
            'צ' | 'ץ' => cons(if geresh { "ch" } else { "ts" }),
            'ק' => cons("k"),
            'ר' => cons("r"),
            'ש' => cons("sh"),
            'װ' => cons("v"),
            'ױ' => vowel("oy"),
            'ײ' => vowel("ey"),
            '\u{05F3}' | '\u{05F4}' => {
                i += 1;
                continue;
            }
            _ => Piece { text: "", kind: Kind::Other(c) },
        };
        v.push(p);
        i += 1;
    }
    v
}
