//! One-line transliteration cases: `check(input, variant)` asserts that
//! `variant` is among `latin_variants(input)`; `first` that it comes first.

use super::*;

#[track_caller]
fn check(input: &str, expected: &str) {
    let v = latin_variants(input);
    assert!(v.iter().any(|x| x == expected), "{input:?}: {expected:?} not in {v:?}");
    well_formed(input, &v);
}

#[track_caller]
fn first(input: &str, expected: &str) {
    let v = latin_variants(input);
    assert_eq!(v.first().map(String::as_str), Some(expected), "{input:?}: {v:?}");
    well_formed(input, &v);
}

#[track_caller]
fn absent(input: &str, unexpected: &str) {
    let v = latin_variants(input);
    assert!(!v.iter().any(|x| x == unexpected), "{input:?}: {unexpected:?} in {v:?}");
}

#[track_caller]
fn well_formed(input: &str, v: &[String]) {
    assert!(!v.is_empty(), "{input:?}: no variant");
    assert!(v.len() <= MAX_VARIANTS, "{input:?}: {} variants", v.len());
    for (i, x) in v.iter().enumerate() {
        assert!(
            x.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '),
            "{input:?}: {x:?} is not lower-case ASCII"
        );
        assert!(
            !x.starts_with(' ') && !x.ends_with(' ') && !x.contains("  "),
            "{input:?}: spacing in {x:?}"
        );
        assert!(!v[..i].contains(x), "{input:?}: duplicate {x:?}");
    }
}

#[test]
fn latin() {
    first("Vladímír Pútín", "vladimir putin");
    assert_eq!(
        latin_variants("Władimir Władimirowicz Putin"),
        vec!["wladimir wladimirowicz putin"]
    );
    first("Straße", "strasse");
    first("Øresund Æble", "oresund aeble");
    first("Łódź", "lodz");
    first("Đoković", "dokovic");
    first("Þórður", "thordur");
    first("PUTIN, Vladimir", "putin vladimir");
    first("Kim Jong-un", "kim jong un");
    first("O'Brien", "obrien");
    first("Vladimir V. Putin", "vladimir v putin");
    first("  Vladimir   Putin  ", "vladimir putin");
    first("Vladimir Vladimiroviç Putin", "vladimir vladimirovic putin");
    first("ﬁnance", "finance");
    first("Ａｂｃ", "abc");
    first("Vessel 7", "vessel 7");
    first("İstanbul", "istanbul");
    first("Ərdoğan", "erdogan");
    first("Vladimir\u{301} Putin", "vladimir putin");
    assert_eq!(latin_variants("Président Putin").len(), 1);
}

#[test]
fn empty_and_odd() {
    assert!(latin_variants("").is_empty());
    assert!(latin_variants("  ,.- ").is_empty());
    first("123", "123");
    // Unknown scripts still give something, identical for identical input.
    let a = latin_variants("𓀀𓀁");
    assert!(!a.is_empty());
    assert_eq!(a, latin_variants("𓀀𓀁"));
    // Mixed scripts keep both halves.
    check("Putin Путин", "putin putin");
    check("Ким Jong Un", "kim jong un");
}

#[test]
fn cyrillic() {
    first("Владимир Владимирович Путин", "vladimir vladimirovich putin");
    first("Путин", "putin");
    check("Владимир Путин", "wladimir putin");
    check("Владимир Владимирович Путин", "wladimir wladimirowitsch putin");
    check("Владимир Владимирович Путин", "vladimir vladimirovitch poutine");
    first("Жуков", "zhukov");
    check("Жуков", "schukow");
    first("Щукин", "shchukin");
    first("Хрущёв", "khrushchev");
    check("Хрущёв", "chruschtschow");
    first("Цой", "tsoy");
    check("Цой", "tsoi");
    first("Юрий", "yuriy");
    check("Юрий", "iurii");
    check("Юрий", "yury");
    check("Юрий", "jurij");
    first("Дмитрий Медведев", "dmitriy medvedev");
    check("Дмитрий Медведев", "dmitry medvedev");
    check("Дмитрий Медведев", "dmitri medvedev");
    check("Дмитрий Медведев", "dmitrii medvedev");
    check("Александр Петров", "alexander petrov");
    first("Александр Петров", "aleksandr petrov");
    first("Иван Иванов", "ivan ivanov");
    first("Яковлев", "yakovlev");
    check("Яковлев", "iakovlev");
    first("Евгений", "yevgeniy");
    check("Евгений", "evgenii");
    check("Пётр", "pyotr");
    check("Пётр", "petr");
    first("Сергеев", "sergeyev");
    check("Сергеев", "sergeev");
    first("Красный", "krasnyy");
    check("Красный", "krasny");
    first("Объедков", "obyedkov");
    check("Объедков", "obieedkov");
    first("Ильич", "ilich");
    first("ПУТИН владимир", "putin vladimir");
    first("Влади́мир Влади́мирович ПУ́ТИН", "vladimir vladimirovich putin");
    first("Эрнст", "ernst");
    // Ukrainian: national system first, Russian-style reading second.
    first("Путін Володимир Володимирович", "putin volodymyr volodymyrovych");
    check("Путін Володимир Володимирович", "putin volodimir volodimirovich");
    first("Зеленський", "zelenskyi");
    first("Київ", "kyiv");
    first("Євген", "yevhen");
    first("Ґонта", "gonta");
    // Belarusian.
    first("Уладзімір Пуцін", "uladzimir putsin");
    check("Уладзімір Пуцін", "vladimir putin");
    first("Лукашэнка", "lukashenka");
    first("Аляксандр Рыгоравіч", "alyaksandr ryhoravich");
    // Serbian, Macedonian, Bulgarian.
    first("Ђоковић", "djokovic");
    first("Љубиша Њиваћ", "ljubisha njivac");
    first("Ѓорѓе", "gjorgje");
    first("Българ", "balgar");
    // Kazakh.
    first("Қасым-Жомарт Тоқаев", "qasym zhomart toqayev");
    // Decomposed й still reads as й.
    first("Андреи\u{306}", "andrey");
}

#[test]
fn greek() {
    first("Βλαντίμιρ Πούτιν", "vlantimir poutin");
    check("Βλαντίμιρ Πούτιν", "vladimir putin");
    check("Βλαντίμιρ Βλαντίμιροβιτς Πούτιν", "vladimir vladimirovich putin");
    first("Αλέξανδρος", "alexandros");
    first("Νικόλαος", "nikolaos");
    first("Γεώργιος Παπαδόπουλος", "georgios papadopoulos");
    check("Γεώργιος Παπαδόπουλος", "georgios papadopulos");
    first("Μπαράκ Ομπάμα", "barak ompama");
    check("Μπαράκ Ομπάμα", "barak obama");
    first("Ευάγγελος", "evangelos");
    first("Αυτός", "aftos");
    first("Παντελής", "pantelis");
    check("Παντελής", "pandelis");
    first("Χριστόδουλος", "christodoulos");
    first("ΤΣΙΠΡΑΣ", "tsipras");
    first("Ψωμιάδης", "psomiadis");
    first("Θεόδωρος", "theodoros");
    first("Άγγελος", "angelos");
    check("Οικονόμου", "ikonomu");
    first("Μαΐου", "maiou");
    first("Ἀλέξανδρος", "alexandros");
}

#[test]
fn armenian_and_georgian() {
    first("Վլադիմիր Պուտին", "vladimir putin");
    first("Երևան", "yerevan");
    check("Երևան", "erevan");
    first("Ոսկան", "voskan");
    first("ՓԱՇԻՆՅԱՆ", "pashinyan");
    first("Ղազարյան", "ghazaryan");
    first("ვლადიმერ პუტინი", "vladimer putini");
    check("ვლადიმერ პუტინი", "vladimer putin");
    first("თბილისი", "tbilisi");
    first("მიხეილ სააკაშვილი", "mikheil saakashvili");
    first("ᲞᲣᲢᲘᲜᲘ", "putini");
    first("ყვარელი", "qvareli");
    first("წყალი", "tsqali");
}

#[test]
fn korean_names() {
    first("김정은", "kim jong un");
    check("김정은", "kim jongun");
    check("김정은", "gim jeong eun");
    check("김정은", "gim jeongeun");
    check("김정은", "kim chong un");
    check("김정은", "kim jung eun");
    first("김일성", "kim il song");
    check("김일성", "kim il sung");
    first("김정일", "kim jong il");
    first("리용호", "ri yong ho");
    check("이용호", "lee yong ho");
    check("이용호", "i yong ho");
    first("최룡해", "choe ryong hae");
    check("최룡해", "choi ryong hae");
    first("박봉주", "pak pong ju");
    check("박봉주", "park bong ju");
    check("박봉주", "bak bong ju");
    first("장성택", "jang song thaek");
    check("장성택", "jang seong taek");
    check("장성택", "chang song taek");
    first("김여정", "kim yo jong");
    check("박지성", "park ji sung");
    check("이민호", "lee min ho");
    check("문재인", "moon jae in");
    check("박근혜", "park geun hye");
    check("이명박", "lee myung bak");
    check("노무현", "roh mu hyun");
    check("김영삼", "kim young sam");
    check("신동빈", "shin dong bin");
    check("최선희", "choe son hui");
    check("현송월", "hyon song wol");
    first("김 정은", "kim jong un");
    first("김 정 은", "kim jong un");
    first("남궁민수", "namgung min su");
    check("선우용녀", "sunwoo yong nyeo");
    first("황보관", "hwangbo kwan");
    check("김정은 리설주", "kim jong un ri sol ju");
}

#[test]
fn korean_loanwords() {
    first("블라디미르 푸틴", "bladimir putin");
    check("블라디미르 푸틴", "vladimir putin");
    check("블라디미르 푸틴", "beulladimireu putin");
    check("블라디미르 블라디미로비치 푸틴", "vladimir vladimirovich putin");
    check("도널드 트럼프", "donold tromp");
    first("스탈린", "stalin");
    first("클린턴", "klinton");
    absent("푸틴", "pu tin");
}

#[test]
fn korean_jamo() {
    first("ㄱㄴ", "gn");
    first("ㅏ", "a");
    // Conjoining jamo are composed first.
    first("\u{1100}\u{1175}\u{11B7}", "gim");
}

#[test]
fn arabic_and_hebrew() {
    first("محمد علي", "mohammed ali");
    check("محمد علي", "mohamed ali");
    first("أحمد حسن", "ahmed hassan");
    first("عبد الله", "abdullah");
    first("خالد محمود", "khaled mahmoud");
    check("فلاديمير بوتين", "vladimir putin");
    check("فلاديمير فلاديميروفيتش بوتين", "vladimir vladimiruvich putin");
    first("فلاديمير بوتين", "fladimir butin");
    check("ولادیمیر پوتین", "wladimir putin");
    first("بشار الأسد", "bashar al assad");
    check("حسن", "hassan");
    first("משה", "moshe");
    first("דוד", "david");
    check("ולדימיר פוטין", "vladimir putin");
    first("ולדימיר פוטין", "vldimir potin");
}

#[test]
fn other_scripts() {
    check("习近平", "xi jinping");
    check("王伟", "wang wei");
    check("弗拉基米尔·普京", "fu lajimier pu jing");
    check("プーチン", "putin");
    check("व्लादिमीर पुतिन", "vladimir putin");
    check("ভ্লাদিমির পুতিন", "bhladimir putin");
}

#[test]
fn han_chinese() {
    first("李明", "li ming");
    first("习近平", "xi jinping");
    check("习近平", "xi jin ping");
    first("王伟", "wang wei");
    // No Korean reading without a table surname (王 is one, 伟 is not hanja).
    assert!(latin_variants("王伟").len() <= 3, "{:?}", latin_variants("王伟"));
}

#[test]
fn han_korean() {
    first("金正恩", "jin zhengen");
    check("金正恩", "kim jong un");
    check("金正恩", "kim jung eun");
    check("金正恩", "jin zheng en");
    check("金 正恩", "kim jong un");
    check("金日成", "kim il song");
    check("金與正", "kim yo jong");
    check("李雪主", "ri sol ju");
    check("崔龍海", "choe ryong hae");
    check("朴槿惠", "park geun hye");
    check("文在寅", "moon jae in");
    check("金大中", "kim dae jung");
    check("盧武鉉", "roh mu hyun");
    check("尹錫悅", "yoon suk youl");
    check("李明博", "lee myung bak");
    check("李明", "ri myong");
    check("金正恩 李雪主", "kim jong un ri sol ju");
    // Not a surname first, too long, or a character outside the table.
    absent("正金", "jong kim");
    absent("金正恩日成", "kim jong un il song");
    absent("金", "kim");
    absent("金正伟", "kim jong wi");
}

#[test]
fn han_japanese() {
    check("山田太郎", "yamada taro");
    check("山田 太郎", "yamada taro");
    check("田中花子", "tanaka hanako");
    check("佐藤 花子", "sato hanako");
    check("佐々木健", "sasaki ken");
    check("安倍晋三", "abe shinzo");
    check("岸田文雄", "kishida fumio");
    check("河野太郎", "kawano taro");
    check("小林", "kobayashi");
    first("山田太郎", "shan tiantailang");
    absent("山田习", "yamada");
    absent("太郎山田", "taro yamada");
}

#[test]
fn kana() {
    first("プーチン", "puchin");
    check("プーチン", "putin");
    first("ウラジーミル・プーチン", "urajimiru puchin");
    check("ウラジーミル・プーチン", "vladimir putin");
    check("ｳﾗｼﾞｰﾐﾙ", "vladimir");
    first("やまだ たろう", "yamada taro");
    first("ヤマダ タロウ", "yamada taro");
    first("とうきょう", "tokyo");
    first("おおさか", "osaka");
    first("いいだ", "iida");
    first("しんぶん", "shinbun");
    first("しゃしん", "shashin");
    first("きゃく", "kyaku");
    first("ちょっと", "chotto");
    first("マッチ", "matchi");
    first("きって", "kitte");
    first("ファイル", "fairu");
    first("ヴァイオリン", "vaiorin");
    first("ウィリアム", "wiriamu");
    first("ジェームズ", "jemuzu");
    first("ティーム", "timu");
    first("ドナルド・トランプ", "donarudo toranpu");
}

#[test]
fn thai() {
    first("สมชาย", "somchai");
    first("สมศักดิ์", "somsak");
    first("ประยุทธ์", "prayut");
    first("ทักษิณ", "thaksin");
    first("ไทย", "thai");
    first("เมือง", "mueang");
    first("ยิ่งลักษณ์ ชินวัตร", "yinglak chinwat");
    first("เศรษฐา ทวีสิน", "settha thawisin");
    first("ประวิตร วงษ์สุวรรณ", "prawit wongsuwan");
    first("ชวน หลีกภัย", "chuan likphai");
    first("อภิสิทธิ์", "aphisit");
    first("ตรวจ", "truat");
    first("เพลง", "phleng");
    first("ขวัญ", "khwan");
    first("สมัคร สุนทรเวช", "samak sunthonwet");
    first("วลาดีมีร์ ปูติน", "waladimi putin");
    check("วลาดีมีร์ ปูติน", "vladimir putin");
}

#[test]
fn hebrew_names() {
    first("משה", "moshe");
    first("דוד", "david");
    check("יוסף", "joseph");
    check("אברהם", "abraham");
    check("יצחק", "isaac");
    check("יעקב", "jacob");
    first("שלמה", "shlomo");
    check("בנימין נתניהו", "benjamin netanyahu");
    first("דוד בן גוריון", "david ben gurion");
    check("חיים", "haim");
    check("פרץ", "peretz");
    first("מזרחי", "mizrahi");
}

#[test]
fn greek_endings() {
    check("Αλέξανδρος", "alexander");
    check("Πέτρος", "peter");
    check("Δημήτριος", "dimitri");
    first("Νικόλαος", "nikolaos");
    // Short words keep their ending.
    absent("Άρης", "ar");
}

#[test]
fn arabic_spellings() {
    check("محمد علي", "mohamed ali");
    check("محمد علي", "muhammad ali");
    check("أحمد حسن", "ahmad hasan");
    check("عبد الله", "abdallah");
    check("خالد محمود", "khalid mahmud");
}

#[test]
fn script_detection() {
    assert_eq!(script_of("Vladimir Putin"), Script::Latin);
    assert_eq!(script_of("Путин, В. В."), Script::Cyrillic);
    assert_eq!(script_of("김정은"), Script::Hangul);
    assert_eq!(script_of("Πούτιν"), Script::Greek);
    assert_eq!(script_of("Պուտին"), Script::Armenian);
    assert_eq!(script_of("პუტინი"), Script::Georgian);
    assert_eq!(script_of("بوتين"), Script::Arabic);
    assert_eq!(script_of("פוטין"), Script::Hebrew);
    assert_eq!(script_of("普京"), Script::Han);
    assert_eq!(script_of("プーチン"), Script::Kana);
    assert_eq!(script_of("पुतिन"), Script::Other);
    assert_eq!(script_of("123 -"), Script::Common);
    assert!(!has_non_latin("Vladímír Pútín"));
    assert!(has_non_latin("Vladimir Путин"));
    assert!(!has_non_latin("123"));
    assert!(Script::Hangul.is_safe() && !Script::Arabic.is_safe());
}

#[test]
fn bounded_and_total() {
    // Many tokens in many scripts: still bounded, still well formed.
    let long =
        "김정은 Путин Πούτιν Պուտին პუტინი بوتين פוטין 普京 プーチン पुतिन x 金正恩 山田太郎 สมชาย";
    let v = latin_variants(long);
    well_formed(long, &v);
    // Every char of several blocks never panics.
    for base in [
        0x0000u32, 0x0300, 0x0400, 0x0530, 0x0590, 0x0600, 0x0E00, 0x10A0, 0x1100, 0x3000, 0x3040,
        0x30A0, 0x3130, 0x4E00, 0x5000, 0x9000, 0xAC00, 0xFB00, 0xFF00,
    ] {
        let s: String = (base..base + 0x100).filter_map(char::from_u32).collect();
        let _ = latin_variants(&s);
        for c in s.chars() {
            let _ = latin_variants(&c.to_string());
        }
    }
}

use vigil_testdata::levenshtein;

#[test]
fn putin_in_ukrainian_and_belarusian_is_close_to_the_russian_form() {
    // Some variant has every token within 1 edit of putin, vladimir or
    // vladimirovich, with putin and vladimir both present.
    for line in [
        "Putin Volodymyr Volodymyrovych",
        "ПУТІН володимир володимирович",
        "Путін Володимир Володимирович",
        "Уладзімір Пуцін",
        "Уладзімір Уладзіміравіч Пуцін",
    ] {
        let v = latin_variants(line);
        well_formed(line, &v);
        let ok = v.iter().any(|x| {
            let near = |t: &str, g: &str| levenshtein(t, g) <= 1;
            let toks: Vec<&str> = x.split(' ').collect();
            toks.iter().any(|t| near(t, "putin"))
                && toks.iter().any(|t| near(t, "vladimir"))
                && toks
                    .iter()
                    .all(|t| ["putin", "vladimir", "vladimirovich"].iter().any(|g| near(t, g)))
        });
        assert!(ok, "{line:?}: {v:?}");
    }
}

#[test]
fn ukrainian_names_get_a_russian_form_variant_second() {
    // Latin: the folded name, then the Russian form.
    assert_eq!(
        latin_variants("Putin Volodymyr Volodymyrovych"),
        vec!["putin volodymyr volodymyrovych", "putin vladimir vladimirovich"]
    );
    // Cyrillic: the national system first, the Russian form next.
    let v = latin_variants("Путін Володимир Володимирович");
    assert_eq!(v[..2], ["putin volodymyr volodymyrovych", "putin vladimir vladimirovich"]);
    let v = latin_variants("ПУТІН володимир володимирович");
    assert_eq!(v[1], "putin vladimir vladimirovich");
    check("Олександр Миколайович Іваненко", "aleksandr nikolayevich ivanenko");
    check("Юлія Володимирівна Тимошенко", "yuliya vladimirovna tymoshenko");
    check("Oleksii Serhiiovych Petrenko", "aleksey sergeyevich petrenko");
    check("Mykola Petrovych", "nikolay petrovich");
    check("Dmytro Kuleba", "dmitriy kuleba");
    check("Andrii Yermak", "andrey yermak");
    check("Kateryna Mykolaivna", "yekaterina nikolayevna");
    check("Hryhorovych", "grigoryevich");
    check("Mykytovych", "nikitich");
    // Russian forms, in any common spelling, and other languages' names are
    // left alone: one variant.
    for name in [
        "Vladimir Vladimirovich Putin",
        "Sergei Viktorovich Lavrov",
        "Aleksandr Grigoryevich Lukashenko",
        "Wladimir Putin",
        "Paul Smith",
        "John Petrovic",
        "Władimir Władimirowicz Putin",
    ] {
        assert_eq!(latin_variants(name).len(), 1, "{name}: {:?}", latin_variants(name));
    }
    // A Russian patronymic of a Belarusian name, a Ukrainian one of a
    // Russian-looking name.
    check("Mikalaevich", "nikolayevich");
    check("Viktorovych", "viktorovich");
}

#[test]
fn belarusian_is_also_read_as_russian() {
    check("Уладзімір Уладзіміравіч Пуцін", "vladimir vladimirovich putin");
    let v = latin_variants("Уладзімір Уладзіміравіч Пуцін");
    assert_eq!(v[0], "uladzimir uladzimiravich putsin");
    assert!(v[..3].contains(&"vladimir vladimirovich putin".to_string()), "{v:?}");
    // дзеканне, цеканне, akanne in the ending, -енка.
    check("Аляксандр Рыгоравіч Лукашэнка", "alyaksandr rygorovich lukashenko");
    check("Аляксандр Рыгоравіч Лукашэнка", "aleksandr grigoryevich lukashenka");
    check("Дзмітрый Цімашэнка", "dmitriy timashenko");
    check("Юрый Зянькоўскі", "yuriy zyankovskiy");
    check("Сцяпан Паўлавіч", "styapan pavlovich");
    check("Святлана Ціханоўская", "svyatlana tikhanovskaya");
    // Ukrainian text is not read as Belarusian: ц before і stays.
    absent("Ціхий Петро", "tikhiy petro");
    absent("Цісик", "tisik");
}

#[test]
fn russian_name_forms_keeps_the_rest() {
    assert_eq!(
        russian_name_forms("putin, volodymyr-volodymyrovych (ua)").as_deref(),
        Some("putin, vladimir-vladimirovich (ua)")
    );
    assert_eq!(russian_name_forms("müller olena"), Some("müller yelena".to_string()));
    assert_eq!(russian_name_forms("olena"), Some("yelena".to_string()));
    for text in ["", " ", "smith", "vladimir putin", "paul", "ü", "Volodymyr"] {
        assert_eq!(russian_name_forms(text), None, "{text:?}");
    }
}

#[test]
fn given_name_table() {
    let v = given_name_equivalents("volodymyr");
    assert_eq!(v[0], "vladimir");
    for f in ["uladzimir", "wladimir", "vladimir"] {
        assert!(v.contains(&f), "{f}: {v:?}");
        assert_eq!(given_name_equivalents(f), v);
    }
    for (form, russian) in [
        ("oleksandr", "aleksandr"),
        ("aliaksandr", "aleksandr"),
        ("oleksiy", "aleksey"),
        ("aliaksei", "aleksey"),
        ("mykola", "nikolay"),
        ("mikalai", "nikolay"),
        ("petro", "petr"),
        ("piotr", "petr"),
        ("pavlo", "pavel"),
        ("dmytro", "dmitriy"),
        ("dzmitry", "dmitriy"),
        ("andriy", "andrey"),
        ("serhiy", "sergey"),
        ("siarhei", "sergey"),
        ("mykhailo", "mikhail"),
        ("ihor", "igor"),
        ("oleh", "oleg"),
        ("aleh", "oleg"),
        ("vasyl", "vasiliy"),
        ("hryhoriy", "grigoriy"),
        ("ryhor", "grigoriy"),
        ("yevhen", "yevgeniy"),
        ("yauhen", "yevgeniy"),
        ("kostiantyn", "konstantin"),
        ("kanstantsin", "konstantin"),
        ("fedir", "fedor"),
        ("yosyp", "iosif"),
        ("heorhiy", "georgiy"),
        ("leanid", "leonid"),
        ("olena", "yelena"),
        ("alena", "yelena"),
        ("tetiana", "tatyana"),
        ("nataliia", "natalya"),
        ("iryna", "irina"),
        ("olha", "olga"),
        ("volha", "olga"),
        ("yuliia", "yuliya"),
        ("kateryna", "yekaterina"),
        ("katsiaryna", "yekaterina"),
        ("svitlana", "svetlana"),
        ("liudmyla", "lyudmila"),
        ("ivan", "ivan"),
        ("stepan", "stepan"),
        ("viktor", "viktor"),
    ] {
        assert_eq!(given_name_equivalents(form).first(), Some(&russian), "{form}");
    }
    // Patronymics: the Russian one of the same gender.
    for (form, russian) in [
        ("volodymyrovych", "vladimirovich"),
        ("uladzimiravich", "vladimirovich"),
        ("volodymyrivna", "vladimirovna"),
        ("uladzimirauna", "vladimirovna"),
        ("oleksandrovych", "aleksandrovich"),
        ("mykolaiovych", "nikolayevich"),
        ("serhiivna", "sergeyevna"),
        ("siarheevich", "sergeyevich"),
        ("paulavich", "pavlovich"),
        ("petrovych", "petrovich"),
        ("ihorovych", "igorevich"),
    ] {
        assert_eq!(given_name_equivalents(form), [russian], "{form}");
    }
    // Not names: unknown words, patronymic stems alone, empty.
    for form in ["smith", "paul", "piatr", "", "ovych", "x"] {
        assert!(given_name_equivalents(form).is_empty(), "{form}");
    }
}
