//! Japanese: kana in modified Hepburn romanisation, with a loanword reading
//! for katakana foreign names, and kanji names read from tables of common
//! surnames and given names.
//!
//! Hepburn as used in Japanese passports (Ministry of Foreign Affairs,
//! 2000 rules, also the 1954 Cabinet Notice's "table 2" spellings): `shi`,
//! `chi`, `tsu`, `fu`, `ji`; yōon combine (`kya`, `sha`, `cho`); the sokuon
//! っ doubles the next consonant (`tch` before `ch`); ん is `n`; long vowels
//! are folded without macrons (`ou`, `oo`, `uu` → `o`, `u`; ー dropped:
//! プーチン → puchin, とうきょう → tokyo).
//!
//! The loanword reading undoes some conventions of katakana transcription
//! of foreign (mostly Russian and English) names: チ → `ti`, ジ → `di`,
//! word-final ル → `r`, other word-final `u`/`o` after a consonant dropped
//! (ク → `k`, ド → `d`), word-initial ウラ/ヴラ → `vla`
//! (ウラジーミル・プーチン → vladimir putin).
//!
//! Kanji carry no reading of their own: names are read only when they split
//! into one of ~230 common surnames followed by one of ~230 common given names
//! (or are a surname alone). Readings are Hepburn with long vowels folded
//! (佐藤 → sato).

use super::push_other;

/// Common Japanese surnames in kanji and their readings (the usual one
/// first), sorted by the kanji.
static SURNAMES: &[(&str, &[&str])] = &[
    ("三木", &["miki"]),
    ("三浦", &["miura"]),
    ("上原", &["uehara"]),
    ("上川", &["kamikawa"]),
    ("上田", &["ueda"]),
    ("上野", &["ueno"]),
    ("中山", &["nakayama"]),
    ("中島", &["nakajima"]),
    ("中川", &["nakagawa"]),
    ("中曽根", &["nakasone"]),
    ("中村", &["nakamura"]),
    ("中田", &["nakata"]),
    ("中西", &["nakanishi"]),
    ("中谷", &["nakatani"]),
    ("中野", &["nakano"]),
    ("丸山", &["maruyama"]),
    ("久保", &["kubo"]),
    ("久保田", &["kubota"]),
    ("二階", &["nikai"]),
    ("五十嵐", &["igarashi"]),
    ("井上", &["inoue"]),
    ("井口", &["iguchi"]),
    ("今井", &["imai"]),
    ("伊藤", &["ito"]),
    ("佐々木", &["sasaki"]),
    ("佐藤", &["sato"]),
    ("佐野", &["sano"]),
    ("内田", &["uchida"]),
    ("内藤", &["naito"]),
    ("前田", &["maeda"]),
    ("加藤", &["kato"]),
    ("加計", &["kake"]),
    ("北", &["kita"]),
    ("北村", &["kitamura"]),
    ("千葉", &["chiba"]),
    ("南", &["minami"]),
    ("原", &["hara"]),
    ("原田", &["harada"]),
    ("古川", &["furukawa"]),
    ("吉岡", &["yoshioka"]),
    ("吉川", &["yoshikawa"]),
    ("吉村", &["yoshimura"]),
    ("吉田", &["yoshida"]),
    ("吉野", &["yoshino"]),
    ("和田", &["wada"]),
    ("土屋", &["tsuchiya"]),
    ("坂井", &["sakai"]),
    ("坂口", &["sakaguchi"]),
    ("坂本", &["sakamoto"]),
    ("堀", &["hori"]),
    ("増田", &["masuda"]),
    ("大久保", &["okubo"]),
    ("大塚", &["otsuka"]),
    ("大山", &["oyama"]),
    ("大橋", &["ohashi"]),
    ("大石", &["oishi"]),
    ("大西", &["onishi"]),
    ("大谷", &["otani"]),
    ("大野", &["ono"]),
    ("太田", &["ota"]),
    ("宇野", &["uno"]),
    ("安倍", &["abe"]),
    ("安田", &["yasuda"]),
    ("安藤", &["ando"]),
    ("宮下", &["miyashita"]),
    ("宮崎", &["miyazaki"]),
    ("宮本", &["miyamoto"]),
    ("宮沢", &["miyazawa"]),
    ("宮田", &["miyata"]),
    ("小山", &["koyama"]),
    ("小島", &["kojima"]),
    ("小川", &["ogawa"]),
    ("小松", &["komatsu"]),
    ("小林", &["kobayashi"]),
    ("小池", &["koike"]),
    ("小沢", &["ozawa"]),
    ("小泉", &["koizumi"]),
    ("小渕", &["obuchi"]),
    ("小澤", &["ozawa"]),
    ("小田", &["oda"]),
    ("小西", &["konishi"]),
    ("小野", &["ono"]),
    ("尾崎", &["ozaki"]),
    ("山下", &["yamashita"]),
    ("山中", &["yamanaka"]),
    ("山内", &["yamauchi"]),
    ("山口", &["yamaguchi"]),
    ("山岸", &["yamagishi"]),
    ("山崎", &["yamazaki"]),
    ("山本", &["yamamoto"]),
    ("山田", &["yamada"]),
    ("岡", &["oka"]),
    ("岡本", &["okamoto"]),
    ("岡田", &["okada"]),
    ("岩井", &["iwai"]),
    ("岩崎", &["iwasaki"]),
    ("岩田", &["iwata"]),
    ("岸", &["kishi"]),
    ("岸田", &["kishida"]),
    ("島田", &["shimada"]),
    ("川上", &["kawakami"]),
    ("川口", &["kawaguchi"]),
    ("川崎", &["kawasaki"]),
    ("工藤", &["kudo"]),
    ("市川", &["ichikawa"]),
    ("平田", &["hirata"]),
    ("平野", &["hirano"]),
    ("後藤", &["goto"]),
    ("徳川", &["tokugawa"]),
    ("志位", &["shii"]),
    ("斉藤", &["saito"]),
    ("斎藤", &["saito"]),
    ("新井", &["arai"]),
    ("早川", &["hayakawa"]),
    ("星野", &["hoshino"]),
    ("服部", &["hattori"]),
    ("望月", &["mochizuki"]),
    ("木下", &["kinoshita"]),
    ("木村", &["kimura"]),
    ("本田", &["honda"]),
    ("本間", &["homma", "honma"]),
    ("杉山", &["sugiyama"]),
    ("杉本", &["sugimoto"]),
    ("杉田", &["sugita"]),
    ("村上", &["murakami"]),
    ("村井", &["murai"]),
    ("村田", &["murata"]),
    ("東", &["higashi", "azuma"]),
    ("松下", &["matsushita"]),
    ("松井", &["matsui"]),
    ("松尾", &["matsuo"]),
    ("松岡", &["matsuoka"]),
    ("松本", &["matsumoto"]),
    ("松村", &["matsumura"]),
    ("松浦", &["matsuura"]),
    ("松田", &["matsuda"]),
    ("林", &["hayashi"]),
    ("枝野", &["edano"]),
    ("柴田", &["shibata"]),
    ("桑原", &["kuwabara"]),
    ("桜井", &["sakurai"]),
    ("森", &["mori"]),
    ("森本", &["morimoto"]),
    ("森田", &["morita"]),
    ("樋口", &["higuchi"]),
    ("横山", &["yokoyama"]),
    ("橋本", &["hashimoto"]),
    ("武田", &["takeda"]),
    ("水野", &["mizuno"]),
    ("永井", &["nagai"]),
    ("池田", &["ikeda"]),
    ("河野", &["kono", "kawano"]),
    ("浅野", &["asano"]),
    ("浜田", &["hamada"]),
    ("清水", &["shimizu"]),
    ("渡辺", &["watanabe"]),
    ("渡邉", &["watanabe"]),
    ("渡邊", &["watanabe"]),
    ("渡部", &["watanabe"]),
    ("熊谷", &["kumagai"]),
    ("片山", &["katayama"]),
    ("玉木", &["tamaki"]),
    ("甘利", &["amari"]),
    ("田中", &["tanaka"]),
    ("田口", &["taguchi"]),
    ("田村", &["tamura"]),
    ("田辺", &["tanabe"]),
    ("矢野", &["yano"]),
    ("石井", &["ishii"]),
    ("石原", &["ishihara"]),
    ("石川", &["ishikawa"]),
    ("石田", &["ishida"]),
    ("石破", &["ishiba"]),
    ("福井", &["fukui"]),
    ("福島", &["fukushima"]),
    ("福田", &["fukuda"]),
    ("秋山", &["akiyama"]),
    ("稲田", &["inada"]),
    ("竹下", &["takeshita"]),
    ("竹内", &["takeuchi"]),
    ("竹田", &["takeda"]),
    ("細川", &["hosokawa"]),
    ("織田", &["oda"]),
    ("茂木", &["motegi"]),
    ("荒木", &["araki"]),
    ("菅", &["suga", "kan"]),
    ("菅原", &["sugawara"]),
    ("菅野", &["kanno", "sugano"]),
    ("菊地", &["kikuchi"]),
    ("菊池", &["kikuchi"]),
    ("萩生田", &["hagiuda"]),
    ("藤井", &["fujii"]),
    ("藤原", &["fujiwara"]),
    ("藤本", &["fujimoto"]),
    ("藤田", &["fujita"]),
    ("西", &["nishi"]),
    ("西川", &["nishikawa"]),
    ("西村", &["nishimura"]),
    ("西田", &["nishida"]),
    ("谷口", &["taniguchi"]),
    ("豊田", &["toyoda"]),
    ("豊臣", &["toyotomi"]),
    ("辻", &["tsuji"]),
    ("近藤", &["kondo"]),
    ("遠藤", &["endo"]),
    ("酒井", &["sakai"]),
    ("野口", &["noguchi"]),
    ("野崎", &["nozaki"]),
    ("野村", &["nomura"]),
    ("野田", &["noda"]),
    ("金子", &["kaneko"]),
    ("鈴木", &["suzuki"]),
    ("長谷川", &["hasegawa"]),
    ("関", &["seki"]),
    ("関口", &["sekiguchi"]),
    ("阿部", &["abe"]),
    ("青木", &["aoki"]),
    ("飯田", &["iida"]),
    ("馬場", &["baba"]),
    ("高市", &["takaichi"]),
    ("高木", &["takagi"]),
    ("高橋", &["takahashi"]),
    ("高田", &["takada"]),
    ("高野", &["takano"]),
    ("鳩山", &["hatoyama"]),
    ("麻原", &["asahara"]),
    ("麻生", &["aso"]),
    ("黒田", &["kuroda"]),
    ("齊藤", &["saito"]),
    ("齋藤", &["saito"]),
];

/// Common Japanese given names in kanji and their readings, sorted by the
/// kanji.
static GIVEN_NAMES: &[(&str, &[&str])] = &[
    ("一", &["hajime"]),
    ("一夫", &["kazuo"]),
    ("一郎", &["ichiro"]),
    ("七海", &["nanami"]),
    ("三郎", &["saburo"]),
    ("中", &["ataru"]),
    ("久美子", &["kumiko"]),
    ("亜美", &["ami"]),
    ("亨", &["toru"]),
    ("京子", &["kyoko"]),
    ("亮", &["ryo"]),
    ("亮太", &["ryota"]),
    ("伸一", &["shinichi"]),
    ("佳子", &["kako"]),
    ("俊", &["shun"]),
    ("信也", &["shinya"]),
    ("信夫", &["nobuo"]),
    ("信子", &["nobuko"]),
    ("修", &["osamu"]),
    ("修一", &["shuichi"]),
    ("健", &["ken"]),
    ("健一", &["kenichi"]),
    ("健二", &["kenji"]),
    ("健太", &["kenta"]),
    ("健太郎", &["kentaro"]),
    ("優", &["yu"]),
    ("優太", &["yuta"]),
    ("優子", &["yuko"]),
    ("光", &["hikaru"]),
    ("光子", &["mitsuko"]),
    ("典子", &["noriko"]),
    ("凛", &["rin"]),
    ("則夫", &["norio"]),
    ("剛", &["tsuyoshi"]),
    ("功", &["isao"]),
    ("勇", &["isamu"]),
    ("勇気", &["yuki"]),
    ("勉", &["tsutomu"]),
    ("勝", &["masaru"]),
    ("千尋", &["chihiro"]),
    ("博", &["hiroshi"]),
    ("友子", &["tomoko"]),
    ("和也", &["kazuya"]),
    ("和夫", &["kazuo"]),
    ("和子", &["kazuko"]),
    ("哲", &["satoshi"]),
    ("哲也", &["tetsuya"]),
    ("善幸", &["zenko"]),
    ("喜朗", &["yoshiro"]),
    ("圭", &["kei"]),
    ("大", &["dai"]),
    ("大介", &["daisuke"]),
    ("大和", &["yamato"]),
    ("大樹", &["daiki"]),
    ("大翔", &["hiroto"]),
    ("大輔", &["daisuke"]),
    ("太一", &["taichi"]),
    ("太郎", &["taro"]),
    ("奈々", &["nana"]),
    ("孝", &["takashi"]),
    ("学", &["manabu"]),
    ("宏", &["hiroshi"]),
    ("実", &["minoru"]),
    ("寛", &["hiroshi"]),
    ("小百合", &["sayuri"]),
    ("崇", &["takashi"]),
    ("幸", &["sachi"]),
    ("幸子", &["sachiko"]),
    ("幸雄", &["yukio"]),
    ("康介", &["kosuke"]),
    ("康夫", &["yasuo"]),
    ("弘", &["hiroshi"]),
    ("弘子", &["hiroko"]),
    ("彩", &["aya"]),
    ("彩花", &["ayaka"]),
    ("彰晃", &["shoko"]),
    ("徹", &["toru"]),
    ("恵", &["megumi"]),
    ("恵子", &["keiko"]),
    ("恵美", &["emi"]),
    ("悠", &["yu"]),
    ("悠人", &["yuto"]),
    ("悠真", &["yuma"]),
    ("悦子", &["etsuko"]),
    ("愛", &["ai"]),
    ("愛子", &["aiko"]),
    ("慎也", &["shinya"]),
    ("慎太郎", &["shintaro"]),
    ("憲一", &["kenichi"]),
    ("房子", &["fusako"]),
    ("拓", &["taku"]),
    ("拓也", &["takuya"]),
    ("拓海", &["takumi"]),
    ("敏", &["satoshi"]),
    ("文子", &["fumiko"]),
    ("文雄", &["fumio"]),
    ("早紀", &["saki"]),
    ("明", &["akira"]),
    ("明子", &["akiko"]),
    ("明美", &["akemi"]),
    ("春子", &["haruko"]),
    ("昭", &["akira"]),
    ("昭夫", &["akio"]),
    ("晋三", &["shinzo"]),
    ("智", &["satoshi"]),
    ("智子", &["tomoko"]),
    ("栄治", &["eiji"]),
    ("桃子", &["momoko"]),
    ("桜", &["sakura"]),
    ("梨花", &["rika"]),
    ("樹", &["itsuki"]),
    ("次郎", &["jiro"]),
    ("正", &["tadashi"]),
    ("正人", &["masato"]),
    ("正恵", &["masae"]),
    ("正樹", &["masaki"]),
    ("正義", &["masayoshi"]),
    ("正雄", &["masao"]),
    ("武", &["takeshi"]),
    ("毅", &["takeshi"]),
    ("沙織", &["saori"]),
    ("泰", &["yasushi"]),
    ("洋", &["hiroshi"]),
    ("洋子", &["yoko"]),
    ("浩", &["hiroshi"]),
    ("浩一", &["koichi"]),
    ("浩二", &["koji"]),
    ("浩子", &["hiroko"]),
    ("海斗", &["kaito"]),
    ("涼太", &["ryota"]),
    ("清", &["kiyoshi"]),
    ("渉", &["wataru"]),
    ("湊", &["minato"]),
    ("猛", &["takeshi"]),
    ("理恵", &["rie"]),
    ("由佳", &["yuka"]),
    ("由紀", &["yuki"]),
    ("由紀夫", &["yukio"]),
    ("由美", &["yumi"]),
    ("由美子", &["yumiko"]),
    ("百合子", &["yuriko"]),
    ("直人", &["naoto"]),
    ("直樹", &["naoki"]),
    ("直美", &["naomi"]),
    ("眞子", &["mako"]),
    ("真一", &["shinichi"]),
    ("真子", &["mako"]),
    ("真理子", &["mariko"]),
    ("真由美", &["mayumi"]),
    ("真美", &["mami"]),
    ("瞳", &["hitomi"]),
    ("秀一", &["shuichi"]),
    ("秀夫", &["hideo"]),
    ("秀樹", &["hideki"]),
    ("秋子", &["akiko"]),
    ("稔", &["minoru"]),
    ("節子", &["setsuko"]),
    ("紀子", &["noriko"]),
    ("純一郎", &["junichiro"]),
    ("純子", &["junko"]),
    ("結菜", &["yuna"]),
    ("結衣", &["yui"]),
    ("絵里", &["eri"]),
    ("綾", &["aya"]),
    ("美優", &["miyu"]),
    ("美和", &["miwa"]),
    ("美咲", &["misaki"]),
    ("美智子", &["michiko"]),
    ("美月", &["mizuki"]),
    ("美穂", &["miho"]),
    ("美紀", &["miki"]),
    ("美香", &["mika"]),
    ("義偉", &["yoshihide"]),
    ("義雄", &["yoshio"]),
    ("翔", &["sho"]),
    ("翔太", &["shota"]),
    ("翼", &["tsubasa"]),
    ("聡", &["satoshi"]),
    ("舞", &["mai"]),
    ("航", &["wataru"]),
    ("良子", &["yoshiko"]),
    ("花子", &["hanako"]),
    ("芽依", &["mei"]),
    ("英二", &["eiji"]),
    ("英樹", &["hideki"]),
    ("茂", &["shigeru"]),
    ("莉子", &["riko"]),
    ("菜々子", &["nanako"]),
    ("葵", &["aoi"]),
    ("蒼", &["aoi"]),
    ("蒼太", &["sota"]),
    ("蓮", &["ren"]),
    ("裕太", &["yuta"]),
    ("裕子", &["yuko"]),
    ("裕美", &["hiromi"]),
    ("詩織", &["shiori"]),
    ("誠", &["makoto"]),
    ("誠一", &["seiichi"]),
    ("謙一", &["kenichi"]),
    ("豊", &["yutaka"]),
    ("貴之", &["takayuki"]),
    ("賢治", &["kenji"]),
    ("透", &["toru"]),
    ("進", &["susumu"]),
    ("達也", &["tatsuya"]),
    ("重信", &["shigenobu"]),
    ("陸", &["riku"]),
    ("陽太", &["yota"]),
    ("陽子", &["yoko"]),
    ("陽翔", &["haruto"]),
    ("陽菜", &["hina"]),
    ("隆", &["takashi"]),
    ("隆之", &["takayuki"]),
    ("隼人", &["hayato"]),
    ("雄一", &["yuichi"]),
    ("雄太", &["yuta"]),
    ("雅之", &["masayuki"]),
    ("雅人", &["masato"]),
    ("雅子", &["masako"]),
    ("靖", &["yasushi"]),
    ("順子", &["junko"]),
    ("颯", &["hayate"]),
    ("颯太", &["sota"]),
    ("香織", &["kaori"]),
    ("駿", &["shun"]),
    ("麻美", &["asami"]),
    ("麻衣", &["mai"]),
    ("龍之介", &["ryunosuke"]),
];

fn lookup(
    table: &'static [(&'static str, &'static [&'static str])],
    key: &str,
) -> Option<&'static [&'static str]> {
    table.binary_search_by(|e| e.0.cmp(key)).ok().map(|i| table[i].1)
}

/// The readings of a Japanese name in kanji (`chars`, spaces removed): a
/// known surname followed by a known given name, or a known surname alone.
/// Column 0 uses the usual readings, column 1 (when there is one) the
/// alternatives.
pub(super) fn kanji_name(chars: &[char]) -> Option<Vec<String>> {
    if chars.is_empty() || chars.len() > 7 {
        return None;
    }
    let s: String = chars.iter().collect();
    // Longest surname first (佐々木 before 佐).
    for split in (1..=chars.len().min(3)).rev() {
        let sur: String = chars[..split].iter().collect();
        let Some(sr) = lookup(SURNAMES, &sur) else { continue };
        let gr: &[&str] = if split == chars.len() {
            &[]
        } else {
            match lookup(GIVEN_NAMES, &s[sur.len()..]) {
                Some(g) => g,
                None => continue,
            }
        };
        let width = sr.len().max(gr.len());
        return Some(
            (0..width)
                .map(|i| {
                    let mut out = sr.get(i).unwrap_or(&sr[0]).to_string();
                    if let Some(g) = gr.get(i).or(gr.first()) {
                        out.push(' ');
                        out.push_str(g);
                    }
                    out
                })
                .collect(),
        );
    }
    None
}

/// Hepburn spellings of the hiragana U+3041..=U+3096 (katakana map onto them
/// by subtracting 0x60). Small kana carry their full-size sound.
const HIRAGANA: [&str; 86] = [
    "a", "a", "i", "i", "u", "u", "e", "e", "o", "o", // ぁ..お
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", // か..ご
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", // さ..ぞ
    "ta", "da", "chi", "ji", "tsu", "tsu", "zu", "te", "de", "to", "do", // た..ど
    "na", "ni", "nu", "ne", "no", // な..の
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po", "ma",
    "mi", "mu", "me", "mo", // ま..も
    "ya", "ya", "yu", "yu", "yo", "yo", // ゃ..よ
    "ra", "ri", "ru", "re", "ro", // ら..ろ
    "wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke", // ゎ..ゖ
];

/// One unit of kana text.
#[derive(Clone, PartialEq, Eq)]
enum Mora {
    /// A syllable, already combined with any small kana after it.
    Syl(String),
    /// The sokuon っ/ッ (gemination of the next consonant).
    Sokuon,
    /// The chōonpu ー (long vowel).
    Long,
    /// Anything outside the kana tables.
    Other(char),
}

/// Whether `c` is a small kana that combines with the syllable before it:
/// 0 for none, else the kind (1 = ゃゅょ, 2 = ぁぃぅぇぉ, 3 = ゎ).
fn small(h: u32) -> u8 {
    match h {
        0x3083 | 0x3085 | 0x3087 => 1,
        0x3041 | 0x3043 | 0x3045 | 0x3047 | 0x3049 => 2,
        0x308E => 3,
        _ => 0,
    }
}

fn morae(word: &[char]) -> Vec<Mora> {
    let mut out: Vec<Mora> = Vec::with_capacity(word.len());
    for &c in word {
        let u = c as u32;
        let h = match u {
            0x30A1..=0x30F6 => u - 0x60,
            _ => u,
        };
        match h {
            0x3063 => out.push(Mora::Sokuon),
            0x30FC => out.push(Mora::Long),
            // Iteration marks repeat the syllable before.
            0x309D | 0x309E | 0x30FD | 0x30FE => {
                if let Some(m @ Mora::Syl(_)) = out.last() {
                    out.push(m.clone());
                }
            }
            0x30F7..=0x30FA => {
                out.push(Mora::Syl(["va", "vi", "ve", "vo"][(h - 0x30F7) as usize].to_string()))
            }
            0x3041..=0x3096 => {
                let sound = HIRAGANA[(h - 0x3041) as usize];
                let kind = small(h);
                if kind != 0 {
                    if let Some(Mora::Syl(prev)) = out.last_mut() {
                        if combine(prev, sound, kind) {
                            continue;
                        }
                    }
                }
                out.push(Mora::Syl(sound.to_string()));
            }
            _ => out.push(Mora::Other(c)),
        }
    }
    out
}

/// Combines a small kana (`sound`, of `kind`) into the syllable before it;
/// false when the pair is not a known combination.
fn combine(prev: &mut String, sound: &str, kind: u8) -> bool {
    let v = &sound[sound.len() - 1..];
    match kind {
        // Yōon: き+ゃ → kya, し+ゃ → sha, ち+ゅ → chu, じ+ょ → jo.
        1 if prev.len() > 1 && prev.ends_with('i') => {
            prev.pop();
            if !(prev.ends_with("sh") || prev.ends_with("ch") || prev.ends_with('j')) {
                prev.push('y');
            }
            prev.push_str(v);
            true
        }
        // Extended katakana: ファ fa, ヴァ va, ツァ tsa, ウィ wi, クァ kwa,
        // ティ ti, ディ di, トゥ tu, シェ she, チェ che, ジェ je, イェ ye.
        2 => {
            if prev == "u" {
                *prev = format!("w{v}");
            } else if prev == "ku" || prev == "gu" {
                prev.pop();
                prev.push('w');
                prev.push_str(v);
            } else if (prev.len() > 1 && prev.ends_with('u'))
                || (matches!(prev.as_str(), "te" | "de" | "to" | "do") && matches!(v, "i" | "u"))
            {
                prev.pop();
                prev.push_str(v);
            } else if prev.ends_with('i') && v == "e" {
                prev.pop();
                if !(prev.ends_with("sh") || prev.ends_with("ch") || prev.ends_with('j')) {
                    prev.push('y');
                }
                prev.push('e');
            } else {
                return false;
            }
            true
        }
        3 if prev == "ku" || prev == "gu" => {
            prev.pop();
            prev.push_str("wa");
            true
        }
        _ => false,
    }
}

/// Renders one word in Hepburn (`loan` false) or the loanword reading.
fn render(word: &[char], loan: bool, out: &mut String) {
    let ms = morae(word);
    let last_syl = ms.iter().rposition(|m| matches!(m, Mora::Syl(_)));
    for (i, m) in ms.iter().enumerate() {
        match m {
            Mora::Other(c) => push_other(out, *c),
            Mora::Long => {}
            Mora::Sokuon => {
                if loan {
                    continue;
                }
                if let Some(Mora::Syl(next)) = ms.get(i + 1) {
                    if next.starts_with("ch") {
                        out.push('t');
                    } else if let Some(c) = next.chars().next().filter(|c| !"aeiou".contains(*c)) {
                        out.push(c);
                    }
                }
            }
            Mora::Syl(s) => {
                // Long vowels: おう, おお, うう folded.
                let prev_syl = i > 0 && matches!(ms[i - 1], Mora::Syl(_));
                if prev_syl
                    && ((s == "u" && (out.ends_with('o') || out.ends_with('u')))
                        || (s == "o" && out.ends_with('o')))
                {
                    continue;
                }
                if !loan {
                    out.push_str(s);
                    continue;
                }
                let first = out.is_empty() || out.ends_with(' ');
                let next = match ms.get(i + 1) {
                    Some(Mora::Syl(n)) => Some(n.as_str()),
                    _ => None,
                };
                if first && matches!(s.as_str(), "u" | "vu") && next == Some("ra") {
                    out.push('v');
                    continue;
                }
                let after_v = i > 0 && out.ends_with('v') && !first;
                let s = match s.as_str() {
                    "ra" if after_v => "la",
                    "chi" => "ti",
                    "ji" => "di",
                    other => other,
                };
                if Some(i) == last_syl && i > 0 {
                    let t = match s {
                        "ru" => Some("r"),
                        "ku" | "su" | "fu" | "bu" | "pu" | "mu" | "gu" | "zu" => Some(&s[..1]),
                        "to" | "do" => Some(&s[..1]),
                        _ => None,
                    };
                    if let Some(t) = t {
                        out.push_str(t);
                        continue;
                    }
                }
                out.push_str(s);
            }
        }
    }
}

/// Columns for a run of kana tokens: Hepburn, then the loanword reading.
pub(super) fn kana_columns(tokens: &[Vec<char>]) -> Vec<String> {
    let tokens: Vec<Vec<char>> = tokens
        .iter()
        .map(|t| {
            if t.iter().any(|&c| ('\u{FF61}'..='\u{FF9F}').contains(&c)) {
                use unicode_normalization::UnicodeNormalization;
                t.iter().collect::<String>().nfkc().collect()
            } else {
                t.clone()
            }
        })
        .collect();
    [false, true]
        .iter()
        .map(|&loan| {
            let mut out = String::new();
            for t in &tokens {
                if !out.is_empty() {
                    out.push(' ');
                }
                render(t, loan, &mut out);
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        assert!(SURNAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(GIVEN_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(SURNAMES.len() >= 150 && GIVEN_NAMES.len() >= 150);
    }

    #[test]
    fn kanji_names_split() {
        let v = |s: &str| kanji_name(&s.chars().collect::<Vec<_>>());
        assert_eq!(v("山田太郎"), Some(vec!["yamada taro".to_string()]));
        assert_eq!(v("佐々木"), Some(vec!["sasaki".to_string()]));
        assert_eq!(v("河野太郎"), Some(vec!["kono taro".to_string(), "kawano taro".to_string()]));
        assert_eq!(v("山田習"), None);
        assert_eq!(v("太郎"), None);
    }
}
