//! East Slavic given names across languages: the Russian, Ukrainian and
//! Belarusian forms of the same name (Volodymyr, Vladimir, Uladzimir), and
//! the patronymics derived from them (Volodymyrovych, Vladimirovich,
//! Uladzimiravich).
//!
//! A Ukrainian or Belarusian name is usually a different *word* from its
//! Russian counterpart rather than a different spelling, so no
//! transliteration rule turns `Володимир` into `vladimir`; this table does,
//! for the common names. Lists such as OFAC's SDN list write Russian
//! nationals' names in the Russian form, so a query in the Ukrainian or
//! Belarusian form gets an extra variant with the Russian form substituted.
//!
//! Forms are lower-case ASCII as the transliteration systems below render
//! them (and as they are commonly written in Latin):
//!
//! - Russian: BGN/PCGN romanization of Russian (1947) first (`aleksey`,
//!   `yuriy`, the form the OFAC SDN list uses), then ICAO Doc 9303 (2021)
//!   and popular English spellings (`alexei`, `yuri`).
//! - Ukrainian: national transliteration, Cabinet of Ministers resolution 55
//!   (2010) (`oleksii`, `serhii`) and BGN/PCGN Ukrainian (1965) (`oleksiy`).
//! - Belarusian: national passport transliteration (2000s) (`aliaksandr`,
//!   `siarhei`) and BGN/PCGN Belarusian (1979) (`alyaksandr`, `syarhey`).
//! - The name correspondences themselves are the usual East Slavic calendar
//!   name pairs (as in the standard Ukrainian–Russian and Belarusian–Russian
//!   name dictionaries); patronymic endings follow the grammar of each
//!   language (Ukrainian `-ovych`/`-ivna`, Belarusian `-avich`/`-euna`,
//!   Russian `-ovich`/`-evich`/`-ovna`).
//!
//! # Units
//!
//! One binary search over a sorted static table of a few hundred forms per
//! token; a token with a patronymic ending costs up to six more.

/// What a form in [`INDEX`] is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// A Russian form (or a rendering of one); never substituted.
    Russian,
    /// A Ukrainian or Belarusian form; substituted by the Russian form.
    Other,
    /// Not a name, only the stem of a patronymic (`paul` of `paulavich`).
    Stem,
}

/// One given name in its forms.
struct Name {
    /// Every form, the Russian BGN/PCGN one first.
    forms: &'static [&'static str],
    /// The Russian patronymics derived from it (masculine, feminine); none
    /// for women's names.
    patronymic: Option<&'static [&'static str; 2]>,
}

/// The forms of the given name `token` (lower-case ASCII) in the East Slavic
/// languages, the Russian BGN/PCGN form first; empty when `token` is not a
/// known form.
///
/// For a patronymic of a known name in any of these languages
/// (`volodymyrovych`, `uladzimiravich`, `serhiivna`) the Russian patronymic of
/// the same gender (`vladimirovich`, `sergeyevna`) is returned alone.
///
/// One binary search over a sorted static table (a few more for a token with
/// a patronymic ending).
///
/// # Examples
///
/// ```
/// use vigil_match::translit::given_name_equivalents;
///
/// let v = given_name_equivalents("volodymyr");
/// assert_eq!(v[0], "vladimir");
/// assert!(v.contains(&"uladzimir"));
/// assert_eq!(given_name_equivalents("uladzimiravich"), ["vladimirovich"]);
/// assert!(given_name_equivalents("smith").is_empty());
/// ```
pub fn given_name_equivalents(token: &str) -> &'static [&'static str] {
    match lookup(token) {
        Some((Role::Russian | Role::Other, n)) => NAMES[n].forms,
        Some((Role::Stem, _)) => &[],
        None => match patronymic(token) {
            Some((_, _, n, feminine)) => match NAMES[n].patronymic {
                Some(p) => &p[usize::from(feminine)..=usize::from(feminine)],
                None => &[],
            },
            None => &[],
        },
    }
}

/// The Russian form of `token` when it is a Ukrainian or Belarusian form of
/// a known given name, or a non-Russian patronymic of one (or a Russian-
/// shaped patronymic of a non-Russian form, `mikalaevich`).
fn russian_form(token: &str) -> Option<&'static str> {
    match lookup(token) {
        Some((Role::Other, n)) => return Some(NAMES[n].forms[0]),
        Some(_) => return None,
        None => {}
    }
    let (russian_ending, role, n, feminine) = patronymic(token)?;
    if russian_ending && role == Role::Russian {
        return None;
    }
    NAMES[n].patronymic.map(|p| p[usize::from(feminine)])
}

/// `text` with every Ukrainian or Belarusian given name and every
/// non-Russian patronymic of a known name replaced by its Russian BGN/PCGN
/// form; `None` when nothing was replaced (the common case, which allocates
/// nothing).
///
/// `text` is expected folded to lower case (as [`latin_variants`]
/// returns it, or as a matcher folds a Latin name): words are maximal runs of
/// ASCII letters and digits (and non-ASCII characters, which no form
/// contains), and everything between them (spaces, commas, hyphens) is kept
/// as it is.
///
/// [`latin_variants`] already adds this variant; a caller that folds Latin
/// names itself can call this on its folded form instead (one binary search
/// per word).
///
/// [`latin_variants`]: super::latin_variants
///
/// # Examples
///
/// ```
/// use vigil_match::translit::russian_name_forms;
///
/// assert_eq!(
///     russian_name_forms("putin, volodymyr volodymyrovych").as_deref(),
///     Some("putin, vladimir vladimirovich")
/// );
/// assert_eq!(russian_name_forms("vladimir vladimirovich putin"), None);
/// ```
pub fn russian_name_forms(text: &str) -> Option<String> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Bytes of `text` before this are in `out` already.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        // Word boundaries are ASCII bytes or the ends, so char boundaries.
        if let Some(r) = russian_form(&text[start..i]) {
            let s = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
            s.push_str(&text[copied..start]);
            s.push_str(r);
            copied = i;
        }
    }
    out.map(|mut s| {
        s.push_str(&text[copied..]);
        s
    })
}

/// The role and name of `form`.
///
/// A hash map over [`INDEX`] (built once) rather than a binary search: one
/// hash and one comparison instead of eight or nine comparisons. The forms
/// in [`INDEX`] are unique (tested), so both find the same entry.
fn lookup(form: &str) -> Option<(Role, usize)> {
    type Map = std::collections::HashMap<
        &'static str,
        (Role, u8),
        std::hash::BuildHasherDefault<crate::index::IdentityHasher>,
    >;
    static MAP: std::sync::OnceLock<Map> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| INDEX.iter().map(|(f, role, n)| (*f, (*role, *n))).collect());
    map.get(form).map(|(role, n)| (*role, usize::from(*n)))
}

/// Patronymic endings: (ending, whether Russian, whether feminine).
const ENDINGS: [(&str, bool, bool); 11] = [
    ("ovych", false, false),
    ("evych", false, false),
    ("avich", false, false),
    ("ovich", true, false),
    ("evich", true, false),
    ("ivna", false, true),
    ("auna", false, true),
    ("awna", false, true),
    ("euna", false, true),
    ("ovna", true, true),
    ("evna", true, true),
];

/// When `token` is a patronymic of a known name: (whether its ending is
/// Russian, the role of its stem, the name, whether feminine).
///
/// The stem left by the ending is looked up as is and with the name's
/// final letter restored: `petr-ovych` (`petro`), `mykola-ivna`,
/// `mykolai-ovych` (`mykola`), `siarhe-evich` (`siarhei`), `mykyt-ovych`
/// (`mykyta`).
fn patronymic(token: &str) -> Option<(bool, Role, usize, bool)> {
    if token.len() < 7 {
        return None;
    }
    let &(ending, russian, feminine) = ENDINGS.iter().find(|e| token.ends_with(e.0))?;
    let stem = &token[..token.len() - ending.len()];
    if stem.len() < 3 {
        return None;
    }
    let mut buf = String::with_capacity(stem.len() + 1);
    let mut try_form = |suffix: &str, cut: usize| {
        buf.clear();
        buf.push_str(&stem[..stem.len() - cut]);
        buf.push_str(suffix);
        lookup(&buf)
    };
    let trim = usize::from(stem.ends_with(['i', 'y']));
    let found = try_form("", 0)
        .or_else(|| try_form("o", 0))
        .or_else(|| try_form("i", 0))
        .or_else(|| try_form("y", 0))
        .or_else(|| try_form("a", 0))
        .or_else(|| if trim == 1 { try_form("", 1) } else { None })?;
    Some((russian, found.0, found.1, feminine))
}

/// The names: the Russian BGN/PCGN form first, then other Russian
/// renderings, then Ukrainian and Belarusian forms; with the Russian
/// patronymics (masculine, feminine) derived from it.
#[rustfmt::skip]
static NAMES: [Name; 73] = [
    Name { forms: &["vladimir", "wladimir", "volodymyr", "volodimir", "volodymir", "uladzimir", "vladimer"], patronymic: Some(&["vladimirovich", "vladimirovna"]) },
    Name { forms: &["aleksandr", "alexander", "aleksander", "alexandr", "oleksandr", "olexandr", "aliaksandr", "alyaksandr"], patronymic: Some(&["aleksandrovich", "aleksandrovna"]) },
    Name { forms: &["aleksey", "aleksei", "alexey", "alexei", "aleksej", "oleksii", "oleksiy", "oleksij", "olexiy", "aliaksei", "alyaksey", "alyaksei"], patronymic: Some(&["alekseyevich", "alekseyevna"]) },
    Name { forms: &["nikolay", "nikolai", "nikolaj", "mykola", "mikola", "mikalai", "mikalay"], patronymic: Some(&["nikolayevich", "nikolayevna"]) },
    Name { forms: &["petr", "pyotr", "pjotr", "petro", "piotr"], patronymic: Some(&["petrovich", "petrovna"]) },
    Name { forms: &["pavel", "pavlo"], patronymic: Some(&["pavlovich", "pavlovna"]) },
    Name { forms: &["dmitriy", "dmitry", "dmitri", "dmitrii", "dmitrij", "dmytro", "dzmitry", "dzmitryi", "dzmitriy"], patronymic: Some(&["dmitriyevich", "dmitriyevna"]) },
    Name { forms: &["andrey", "andrei", "andrej", "andrii", "andriy", "andrij"], patronymic: Some(&["andreyevich", "andreyevna"]) },
    Name { forms: &["sergey", "sergei", "sergej", "serhii", "serhiy", "serhij", "siarhei", "syarhey", "syarhei"], patronymic: Some(&["sergeyevich", "sergeyevna"]) },
    Name { forms: &["mikhail", "mikhael", "michail", "mihail", "mykhailo", "mykhaylo"], patronymic: Some(&["mikhaylovich", "mikhaylovna"]) },
    Name { forms: &["igor", "ihor", "ihar"], patronymic: Some(&["igorevich", "igorevna"]) },
    Name { forms: &["oleg", "oleh", "aleh"], patronymic: Some(&["olegovich", "olegovna"]) },
    Name { forms: &["vasiliy", "vasily", "vasilii", "vasilij", "vasyl", "vasil"], patronymic: Some(&["vasilyevich", "vasilyevna"]) },
    Name { forms: &["grigoriy", "grigory", "grigorii", "grigorij", "hryhorii", "hryhoriy", "hryhorij", "ryhor"], patronymic: Some(&["grigoryevich", "grigoryevna"]) },
    Name { forms: &["yuriy", "yuri", "yury", "yurii", "iurii", "jurij", "yuryi"], patronymic: Some(&["yuryevich", "yuryevna"]) },
    Name { forms: &["viktor", "victor", "viktar"], patronymic: Some(&["viktorovich", "viktorovna"]) },
    Name { forms: &["anatoliy", "anatoly", "anatolii", "anatolij", "anatol"], patronymic: Some(&["anatolyevich", "anatolyevna"]) },
    Name { forms: &["yevgeniy", "yevgeny", "evgeny", "evgeniy", "evgenii", "evgenij", "yevgenii", "yevhen", "yevhenii", "yevheniy", "yauhen", "yawhen"], patronymic: Some(&["yevgenyevich", "yevgenyevna"]) },
    Name { forms: &["konstantin", "kostiantyn", "kostyantyn", "kanstantsin"], patronymic: Some(&["konstantinovich", "konstantinovna"]) },
    Name { forms: &["stepan", "stsiapan", "stsyapan"], patronymic: Some(&["stepanovich", "stepanovna"]) },
    Name { forms: &["fedor", "fyodor", "fedir", "fiodar", "fyodar", "fedar"], patronymic: Some(&["fedorovich", "fedorovna"]) },
    Name { forms: &["ivan"], patronymic: Some(&["ivanovich", "ivanovna"]) },
    Name { forms: &["iosif", "yosyp", "osyp"], patronymic: Some(&["iosifovich", "iosifovna"]) },
    Name { forms: &["georgiy", "georgy", "georgii", "georgij", "heorhii", "heorhiy", "heorhij", "hieorhi", "hieorhii"], patronymic: Some(&["georgiyevich", "georgiyevna"]) },
    Name { forms: &["leonid", "leanid"], patronymic: Some(&["leonidovich", "leonidovna"]) },
    Name { forms: &["bogdan", "bohdan"], patronymic: Some(&["bogdanovich", "bogdanovna"]) },
    Name { forms: &["roman", "raman"], patronymic: Some(&["romanovich", "romanovna"]) },
    Name { forms: &["yaroslav", "yaraslau"], patronymic: Some(&["yaroslavovich", "yaroslavovna"]) },
    Name { forms: &["vyacheslav", "viacheslav", "viachaslau", "vyachaslau"], patronymic: Some(&["vyacheslavovich", "vyacheslavovna"]) },
    Name { forms: &["vitaliy", "vitaly", "vitalii", "vitalij"], patronymic: Some(&["vitalyevich", "vitalyevna"]) },
    Name { forms: &["valeriy", "valery", "valerii", "valerij"], patronymic: Some(&["valeryevich", "valeryevna"]) },
    Name { forms: &["vladislav", "vladyslav", "uladzislau"], patronymic: Some(&["vladislavovich", "vladislavovna"]) },
    Name { forms: &["stanislav", "stanislau"], patronymic: Some(&["stanislavovich", "stanislavovna"]) },
    Name { forms: &["boris", "borys", "barys"], patronymic: Some(&["borisovich", "borisovna"]) },
    Name { forms: &["maksim", "maxim", "maksym"], patronymic: Some(&["maksimovich", "maksimovna"]) },
    Name { forms: &["artem", "artyom", "artiom", "artsiom", "artsyom"], patronymic: Some(&["artemovich", "artemovna"]) },
    Name { forms: &["denis", "denys", "dzianis", "dzyanis"], patronymic: Some(&["denisovich", "denisovna"]) },
    Name { forms: &["semen", "semyon", "siamion", "syamyon"], patronymic: Some(&["semenovich", "semenovna"]) },
    Name { forms: &["timofey", "timofei", "tymofii", "tymofiy", "tsimafei", "tsimafey"], patronymic: Some(&["timofeyevich", "timofeyevna"]) },
    Name { forms: &["nikita", "mykyta", "mikita"], patronymic: Some(&["nikitich", "nikitichna"]) },
    Name { forms: &["vadim", "vadym", "vadzim"], patronymic: Some(&["vadimovich", "vadimovna"]) },
    Name { forms: &["kirill", "kyrylo", "kiryl"], patronymic: Some(&["kirillovich", "kirillovna"]) },
    Name { forms: &["gennadiy", "gennady", "gennadii", "hennadii", "hennadiy", "hienadz", "henadz"], patronymic: Some(&["gennadyevich", "gennadyevna"]) },
    Name { forms: &["matvey", "matvei", "matvii", "matviy", "matsvei"], patronymic: Some(&["matveyevich", "matveyevna"]) },
    Name { forms: &["yegor", "egor", "yehor", "yahor"], patronymic: Some(&["yegorovich", "yegorovna"]) },
    Name { forms: &["gleb", "hlib", "hleb"], patronymic: Some(&["glebovich", "glebovna"]) },
    Name { forms: &["daniil", "danylo"], patronymic: Some(&["daniilovich", "daniilovna"]) },
    Name { forms: &["filipp", "pylyp"], patronymic: Some(&["filippovich", "filippovna"]) },
    Name { forms: &["yakov", "yakiv", "yakau"], patronymic: Some(&["yakovlevich", "yakovlevna"]) },
    Name { forms: &["yelena", "elena", "jelena", "olena", "alena"], patronymic: None },
    Name { forms: &["tatyana", "tatiana", "tatjana", "tetiana", "tetyana", "tatsiana", "tatsyana"], patronymic: None },
    Name { forms: &["natalya", "natalia", "nataliya", "natalja", "nataliia", "natallia", "natallya"], patronymic: None },
    Name { forms: &["irina", "iryna"], patronymic: None },
    Name { forms: &["olga", "olha", "volha"], patronymic: None },
    Name { forms: &["yuliya", "yulia", "iuliia", "julia", "yuliia"], patronymic: None },
    Name { forms: &["yekaterina", "ekaterina", "kateryna", "katsiaryna", "katsyaryna"], patronymic: None },
    Name { forms: &["mariya", "maria", "mariia", "maryia", "maryya"], patronymic: None },
    Name { forms: &["svetlana", "svitlana", "sviatlana", "svyatlana"], patronymic: None },
    Name { forms: &["lyudmila", "ludmila", "liudmila", "liudmyla", "lyudmyla"], patronymic: None },
    Name { forms: &["galina", "halyna", "halina"], patronymic: None },
    Name { forms: &["valentina", "valentyna", "valiantsina", "valyantsina"], patronymic: None },
    Name { forms: &["nadezhda", "nadiia", "nadiya", "nadzeya", "nadzeia"], patronymic: None },
    Name { forms: &["larisa", "larysa"], patronymic: None },
    Name { forms: &["oksana", "aksana"], patronymic: None },
    Name { forms: &["viktoriya", "viktoria", "viktoriia", "viktoryia"], patronymic: None },
    Name { forms: &["yevgeniya", "evgeniya", "yevheniia", "yevheniya", "yauheniya"], patronymic: None },
    Name { forms: &["lyubov", "liubov", "liubou", "lyubou"], patronymic: None },
    Name { forms: &["vera", "vira"], patronymic: None },
    Name { forms: &["anna", "hanna"], patronymic: None },
    Name { forms: &["darya", "daria", "dariya", "dariia", "daryia"], patronymic: None },
    Name { forms: &["marina", "maryna"], patronymic: None },
    Name { forms: &["kristina", "khrystyna"], patronymic: None },
    Name { forms: &["polina", "palina"], patronymic: None },
];

/// Every name of [`NAMES`]: (form, its role, index into [`NAMES`]), sorted by form.
#[rustfmt::skip]
static INDEX: [(&str, Role, u8); 326] = [
    ("aksana", Role::Other, 63),
    ("aleh", Role::Other, 11),
    ("aleksander", Role::Russian, 1),
    ("aleksandr", Role::Russian, 1),
    ("aleksei", Role::Russian, 2),
    ("aleksej", Role::Russian, 2),
    ("aleksey", Role::Russian, 2),
    ("alena", Role::Other, 49),
    ("alexander", Role::Russian, 1),
    ("alexandr", Role::Russian, 1),
    ("alexei", Role::Russian, 2),
    ("alexey", Role::Russian, 2),
    ("aliaksandr", Role::Other, 1),
    ("aliaksei", Role::Other, 2),
    ("alyaksandr", Role::Other, 1),
    ("alyaksei", Role::Other, 2),
    ("alyaksey", Role::Other, 2),
    ("anatol", Role::Other, 16),
    ("anatolii", Role::Russian, 16),
    ("anatolij", Role::Russian, 16),
    ("anatoliy", Role::Russian, 16),
    ("anatoly", Role::Russian, 16),
    ("andrei", Role::Russian, 7),
    ("andrej", Role::Russian, 7),
    ("andrey", Role::Russian, 7),
    ("andrii", Role::Other, 7),
    ("andrij", Role::Other, 7),
    ("andriy", Role::Other, 7),
    ("anna", Role::Russian, 68),
    ("artem", Role::Russian, 35),
    ("artiom", Role::Other, 35),
    ("artsiom", Role::Other, 35),
    ("artsyom", Role::Other, 35),
    ("artyom", Role::Russian, 35),
    ("barys", Role::Other, 33),
    ("bogdan", Role::Russian, 25),
    ("bohdan", Role::Other, 25),
    ("boris", Role::Russian, 33),
    ("borys", Role::Other, 33),
    ("daniil", Role::Russian, 46),
    ("danylo", Role::Other, 46),
    ("daria", Role::Russian, 69),
    ("dariia", Role::Other, 69),
    ("dariya", Role::Russian, 69),
    ("darya", Role::Russian, 69),
    ("daryia", Role::Other, 69),
    ("denis", Role::Russian, 36),
    ("denys", Role::Other, 36),
    ("dmitri", Role::Russian, 6),
    ("dmitrii", Role::Russian, 6),
    ("dmitrij", Role::Russian, 6),
    ("dmitriy", Role::Russian, 6),
    ("dmitry", Role::Russian, 6),
    ("dmytro", Role::Other, 6),
    ("dzianis", Role::Other, 36),
    ("dzmitriy", Role::Other, 6),
    ("dzmitry", Role::Other, 6),
    ("dzmitryi", Role::Other, 6),
    ("dzyanis", Role::Other, 36),
    ("egor", Role::Russian, 44),
    ("ekaterina", Role::Russian, 55),
    ("elena", Role::Russian, 49),
    ("evgenii", Role::Russian, 17),
    ("evgenij", Role::Russian, 17),
    ("evgeniy", Role::Russian, 17),
    ("evgeniya", Role::Russian, 65),
    ("evgeny", Role::Russian, 17),
    ("fedar", Role::Other, 20),
    ("fedir", Role::Other, 20),
    ("fedor", Role::Russian, 20),
    ("filipp", Role::Russian, 47),
    ("fiodar", Role::Other, 20),
    ("fyodar", Role::Other, 20),
    ("fyodor", Role::Russian, 20),
    ("galina", Role::Russian, 59),
    ("gennadii", Role::Russian, 42),
    ("gennadiy", Role::Russian, 42),
    ("gennady", Role::Russian, 42),
    ("georgii", Role::Russian, 23),
    ("georgij", Role::Russian, 23),
    ("georgiy", Role::Russian, 23),
    ("georgy", Role::Russian, 23),
    ("gleb", Role::Russian, 45),
    ("grigorii", Role::Russian, 13),
    ("grigorij", Role::Russian, 13),
    ("grigoriy", Role::Russian, 13),
    ("grigory", Role::Russian, 13),
    ("halina", Role::Other, 59),
    ("halyna", Role::Other, 59),
    ("hanna", Role::Other, 68),
    ("henadz", Role::Other, 42),
    ("hennadii", Role::Other, 42),
    ("hennadiy", Role::Other, 42),
    ("heorhii", Role::Other, 23),
    ("heorhij", Role::Other, 23),
    ("heorhiy", Role::Other, 23),
    ("hienadz", Role::Other, 42),
    ("hieorhi", Role::Other, 23),
    ("hieorhii", Role::Other, 23),
    ("hleb", Role::Other, 45),
    ("hlib", Role::Other, 45),
    ("hryhor", Role::Stem, 13),
    ("hryhorii", Role::Other, 13),
    ("hryhorij", Role::Other, 13),
    ("hryhoriy", Role::Other, 13),
    ("igor", Role::Russian, 10),
    ("ihar", Role::Other, 10),
    ("ihor", Role::Other, 10),
    ("iosif", Role::Russian, 22),
    ("irina", Role::Russian, 52),
    ("iryna", Role::Other, 52),
    ("iuliia", Role::Russian, 54),
    ("iurii", Role::Russian, 14),
    ("ivan", Role::Russian, 21),
    ("jelena", Role::Russian, 49),
    ("julia", Role::Russian, 54),
    ("jurij", Role::Russian, 14),
    ("kanstantsin", Role::Other, 18),
    ("kateryna", Role::Other, 55),
    ("katsiaryna", Role::Other, 55),
    ("katsyaryna", Role::Other, 55),
    ("khrystyna", Role::Other, 71),
    ("kirill", Role::Russian, 41),
    ("kiryl", Role::Other, 41),
    ("konstantin", Role::Russian, 18),
    ("kostiantyn", Role::Other, 18),
    ("kostyantyn", Role::Other, 18),
    ("kristina", Role::Russian, 71),
    ("kyrylo", Role::Other, 41),
    ("larisa", Role::Russian, 62),
    ("larysa", Role::Other, 62),
    ("leanid", Role::Other, 24),
    ("leonid", Role::Russian, 24),
    ("liubou", Role::Other, 66),
    ("liubov", Role::Russian, 66),
    ("liudmila", Role::Russian, 58),
    ("liudmyla", Role::Other, 58),
    ("ludmila", Role::Russian, 58),
    ("lyubou", Role::Other, 66),
    ("lyubov", Role::Russian, 66),
    ("lyudmila", Role::Russian, 58),
    ("lyudmyla", Role::Other, 58),
    ("maksim", Role::Russian, 34),
    ("maksym", Role::Other, 34),
    ("maria", Role::Russian, 56),
    ("mariia", Role::Russian, 56),
    ("marina", Role::Russian, 70),
    ("mariya", Role::Russian, 56),
    ("maryia", Role::Other, 56),
    ("maryna", Role::Other, 70),
    ("maryya", Role::Other, 56),
    ("matsvei", Role::Other, 43),
    ("matvei", Role::Russian, 43),
    ("matvey", Role::Russian, 43),
    ("matvii", Role::Other, 43),
    ("matviy", Role::Other, 43),
    ("maxim", Role::Russian, 34),
    ("michail", Role::Russian, 9),
    ("mihail", Role::Russian, 9),
    ("mikalai", Role::Other, 3),
    ("mikalay", Role::Other, 3),
    ("mikhael", Role::Russian, 9),
    ("mikhail", Role::Russian, 9),
    ("mikita", Role::Other, 39),
    ("mikola", Role::Other, 3),
    ("mykhailo", Role::Other, 9),
    ("mykhaylo", Role::Other, 9),
    ("mykola", Role::Other, 3),
    ("mykyta", Role::Other, 39),
    ("nadezhda", Role::Russian, 61),
    ("nadiia", Role::Other, 61),
    ("nadiya", Role::Other, 61),
    ("nadzeia", Role::Other, 61),
    ("nadzeya", Role::Other, 61),
    ("natalia", Role::Russian, 51),
    ("nataliia", Role::Russian, 51),
    ("nataliya", Role::Russian, 51),
    ("natalja", Role::Russian, 51),
    ("natallia", Role::Other, 51),
    ("natallya", Role::Other, 51),
    ("natalya", Role::Russian, 51),
    ("nikita", Role::Russian, 39),
    ("nikolai", Role::Russian, 3),
    ("nikolaj", Role::Russian, 3),
    ("nikolay", Role::Russian, 3),
    ("oksana", Role::Russian, 63),
    ("oleg", Role::Russian, 11),
    ("oleh", Role::Other, 11),
    ("oleksandr", Role::Other, 1),
    ("oleksii", Role::Other, 2),
    ("oleksij", Role::Other, 2),
    ("oleksiy", Role::Other, 2),
    ("olena", Role::Other, 49),
    ("olexandr", Role::Other, 1),
    ("olexiy", Role::Other, 2),
    ("olga", Role::Russian, 53),
    ("olha", Role::Other, 53),
    ("osyp", Role::Other, 22),
    ("palina", Role::Other, 72),
    ("paul", Role::Stem, 5),
    ("pavel", Role::Russian, 5),
    ("pavlo", Role::Other, 5),
    ("pawl", Role::Stem, 5),
    ("petr", Role::Russian, 4),
    ("petro", Role::Other, 4),
    ("piatr", Role::Stem, 4),
    ("piotr", Role::Other, 4),
    ("pjotr", Role::Russian, 4),
    ("polina", Role::Russian, 72),
    ("pyatr", Role::Stem, 4),
    ("pylyp", Role::Other, 47),
    ("pyotr", Role::Russian, 4),
    ("raman", Role::Other, 26),
    ("roman", Role::Russian, 26),
    ("ryhor", Role::Other, 13),
    ("semen", Role::Russian, 37),
    ("semyon", Role::Russian, 37),
    ("sergei", Role::Russian, 8),
    ("sergej", Role::Russian, 8),
    ("sergey", Role::Russian, 8),
    ("serhii", Role::Other, 8),
    ("serhij", Role::Other, 8),
    ("serhiy", Role::Other, 8),
    ("siamion", Role::Other, 37),
    ("siarhei", Role::Other, 8),
    ("stanislau", Role::Other, 32),
    ("stanislav", Role::Russian, 32),
    ("stepan", Role::Russian, 19),
    ("stsiapan", Role::Other, 19),
    ("stsyapan", Role::Other, 19),
    ("svetlana", Role::Russian, 57),
    ("sviatlana", Role::Other, 57),
    ("svitlana", Role::Other, 57),
    ("svyatlana", Role::Other, 57),
    ("syamyon", Role::Other, 37),
    ("syarhei", Role::Other, 8),
    ("syarhey", Role::Other, 8),
    ("tatiana", Role::Russian, 50),
    ("tatjana", Role::Russian, 50),
    ("tatsiana", Role::Other, 50),
    ("tatsyana", Role::Other, 50),
    ("tatyana", Role::Russian, 50),
    ("tetiana", Role::Other, 50),
    ("tetyana", Role::Other, 50),
    ("timofei", Role::Russian, 38),
    ("timofey", Role::Russian, 38),
    ("tsimafei", Role::Other, 38),
    ("tsimafey", Role::Other, 38),
    ("tymofii", Role::Other, 38),
    ("tymofiy", Role::Other, 38),
    ("uladzimir", Role::Other, 0),
    ("uladzislau", Role::Other, 31),
    ("vadim", Role::Russian, 40),
    ("vadym", Role::Other, 40),
    ("vadzim", Role::Other, 40),
    ("valentina", Role::Russian, 60),
    ("valentyna", Role::Other, 60),
    ("valerii", Role::Russian, 30),
    ("valerij", Role::Russian, 30),
    ("valeriy", Role::Russian, 30),
    ("valery", Role::Russian, 30),
    ("valiantsina", Role::Other, 60),
    ("valyantsina", Role::Other, 60),
    ("vasil", Role::Other, 12),
    ("vasilii", Role::Russian, 12),
    ("vasilij", Role::Russian, 12),
    ("vasiliy", Role::Russian, 12),
    ("vasily", Role::Russian, 12),
    ("vasyl", Role::Other, 12),
    ("vera", Role::Russian, 67),
    ("viachaslau", Role::Other, 28),
    ("viacheslav", Role::Russian, 28),
    ("victor", Role::Russian, 15),
    ("viktar", Role::Other, 15),
    ("viktor", Role::Russian, 15),
    ("viktoria", Role::Russian, 64),
    ("viktoriia", Role::Russian, 64),
    ("viktoriya", Role::Russian, 64),
    ("viktoryia", Role::Other, 64),
    ("vira", Role::Other, 67),
    ("vitalii", Role::Russian, 29),
    ("vitalij", Role::Russian, 29),
    ("vitaliy", Role::Russian, 29),
    ("vitaly", Role::Russian, 29),
    ("vladimer", Role::Other, 0),
    ("vladimir", Role::Russian, 0),
    ("vladislav", Role::Russian, 31),
    ("vladyslav", Role::Other, 31),
    ("volha", Role::Other, 53),
    ("volodimir", Role::Other, 0),
    ("volodymir", Role::Other, 0),
    ("volodymyr", Role::Other, 0),
    ("vyachaslau", Role::Other, 28),
    ("vyacheslav", Role::Russian, 28),
    ("wladimir", Role::Russian, 0),
    ("yahor", Role::Other, 44),
    ("yakau", Role::Other, 48),
    ("yakiv", Role::Other, 48),
    ("yakov", Role::Russian, 48),
    ("yaraslau", Role::Other, 27),
    ("yaroslav", Role::Russian, 27),
    ("yauhen", Role::Other, 17),
    ("yauheniya", Role::Other, 65),
    ("yawhen", Role::Other, 17),
    ("yegor", Role::Russian, 44),
    ("yehor", Role::Other, 44),
    ("yekaterina", Role::Russian, 55),
    ("yelena", Role::Russian, 49),
    ("yevgenii", Role::Russian, 17),
    ("yevgeniy", Role::Russian, 17),
    ("yevgeniya", Role::Russian, 65),
    ("yevgeny", Role::Russian, 17),
    ("yevhen", Role::Other, 17),
    ("yevhenii", Role::Other, 17),
    ("yevheniia", Role::Other, 65),
    ("yevheniy", Role::Other, 17),
    ("yevheniya", Role::Other, 65),
    ("yosyp", Role::Other, 22),
    ("yulia", Role::Russian, 54),
    ("yuliia", Role::Other, 54),
    ("yuliya", Role::Russian, 54),
    ("yuri", Role::Russian, 14),
    ("yurii", Role::Russian, 14),
    ("yuriy", Role::Russian, 14),
    ("yury", Role::Russian, 14),
    ("yuryi", Role::Other, 14),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_sorted_and_complete() {
        assert!(INDEX.windows(2).all(|w| w[0].0 < w[1].0), "INDEX not sorted");
        for (i, name) in NAMES.iter().enumerate() {
            for (j, form) in name.forms.iter().enumerate() {
                let (role, n) = lookup(form).unwrap_or_else(|| panic!("{form} not indexed"));
                assert_eq!(n, i, "{form}");
                assert!(j > 0 || role == Role::Russian, "{form}: canonical not Russian");
                assert_ne!(role, Role::Stem, "{form}");
            }
        }
        for (form, role, n) in INDEX {
            assert!(usize::from(n) < NAMES.len());
            assert!(form.bytes().all(|b| b.is_ascii_lowercase()), "{form}");
            assert!(role == Role::Stem || NAMES[usize::from(n)].forms.contains(&form), "{form}");
        }
    }
}
