//! Country names and ISO 3166-1 alpha-2 codes, written here as facts.
//!
//! Lists spell countries in many ways ("Korea, North", "Democratic People's
//! Republic of Korea", "DPRK"); the model stores only lower-case ISO codes so
//! that screening can compare them. The table covers the UN member states and
//! the territories that appear on sanctions lists, with the historical codes
//! `su`, `yu` and `cs` for birth places in states that no longer exist.

/// (code, display name, other spellings).
const COUNTRIES: &[(&str, &str, &[&str])] = &[
    ("af", "Afghanistan", &[]),
    ("al", "Albania", &[]),
    ("dz", "Algeria", &[]),
    ("ad", "Andorra", &[]),
    ("ao", "Angola", &[]),
    ("ag", "Antigua and Barbuda", &[]),
    ("ar", "Argentina", &[]),
    ("am", "Armenia", &[]),
    ("au", "Australia", &[]),
    ("at", "Austria", &[]),
    ("az", "Azerbaijan", &[]),
    ("bs", "Bahamas", &["The Bahamas", "Bahamas, The"]),
    ("bh", "Bahrain", &[]),
    ("bd", "Bangladesh", &[]),
    ("bb", "Barbados", &[]),
    ("by", "Belarus", &[]),
    ("be", "Belgium", &[]),
    ("bz", "Belize", &[]),
    ("bj", "Benin", &[]),
    ("bt", "Bhutan", &[]),
    ("bo", "Bolivia", &["Bolivia (Plurinational State of)"]),
    ("ba", "Bosnia and Herzegovina", &[]),
    ("bw", "Botswana", &[]),
    ("br", "Brazil", &[]),
    ("bn", "Brunei", &["Brunei Darussalam"]),
    ("bg", "Bulgaria", &[]),
    ("bf", "Burkina Faso", &[]),
    ("bi", "Burundi", &[]),
    ("cv", "Cabo Verde", &["Cape Verde"]),
    ("kh", "Cambodia", &[]),
    ("cm", "Cameroon", &[]),
    ("ca", "Canada", &[]),
    ("cf", "Central African Republic", &[]),
    ("td", "Chad", &[]),
    ("cl", "Chile", &[]),
    ("cn", "China", &["People's Republic of China"]),
    ("co", "Colombia", &[]),
    ("km", "Comoros", &[]),
    ("cg", "Congo", &["Republic of the Congo", "Congo, Republic of the"]),
    (
        "cd",
        "Democratic Republic of the Congo",
        &["Congo, Democratic Republic of the", "DR Congo", "DRC"],
    ),
    ("cr", "Costa Rica", &[]),
    ("ci", "Cote d'Ivoire", &["Côte d'Ivoire", "Ivory Coast"]),
    ("hr", "Croatia", &[]),
    ("cu", "Cuba", &[]),
    ("cy", "Cyprus", &[]),
    ("cz", "Czechia", &["Czech Republic"]),
    ("dk", "Denmark", &[]),
    ("dj", "Djibouti", &[]),
    ("dm", "Dominica", &[]),
    ("do", "Dominican Republic", &[]),
    ("ec", "Ecuador", &[]),
    ("eg", "Egypt", &[]),
    ("sv", "El Salvador", &[]),
    ("gq", "Equatorial Guinea", &[]),
    ("er", "Eritrea", &[]),
    ("ee", "Estonia", &[]),
    ("sz", "Eswatini", &["Swaziland"]),
    ("et", "Ethiopia", &[]),
    ("fj", "Fiji", &[]),
    ("fi", "Finland", &[]),
    ("fr", "France", &[]),
    ("ga", "Gabon", &[]),
    ("gm", "Gambia", &["The Gambia", "Gambia, The"]),
    ("ge", "Georgia", &[]),
    ("de", "Germany", &[]),
    ("gh", "Ghana", &[]),
    ("gr", "Greece", &[]),
    ("gd", "Grenada", &[]),
    ("gt", "Guatemala", &[]),
    ("gn", "Guinea", &[]),
    ("gw", "Guinea-Bissau", &[]),
    ("gy", "Guyana", &[]),
    ("ht", "Haiti", &[]),
    ("hn", "Honduras", &[]),
    ("hk", "Hong Kong", &["Hong Kong SAR", "Hong Kong, China"]),
    ("hu", "Hungary", &[]),
    ("is", "Iceland", &[]),
    ("in", "India", &[]),
    ("id", "Indonesia", &[]),
    ("ir", "Iran", &["Iran (Islamic Republic of)", "Islamic Republic of Iran"]),
    ("iq", "Iraq", &[]),
    ("ie", "Ireland", &[]),
    ("il", "Israel", &[]),
    ("it", "Italy", &[]),
    ("jm", "Jamaica", &[]),
    ("jp", "Japan", &[]),
    ("jo", "Jordan", &[]),
    ("kz", "Kazakhstan", &[]),
    ("ke", "Kenya", &[]),
    ("ki", "Kiribati", &[]),
    (
        "kp",
        "North Korea",
        &[
            "Korea, North",
            "Democratic People's Republic of Korea",
            "Korea, Democratic People's Republic of",
            "DPRK",
            "Korea (North)",
            "Korea, Dem. People's Rep.",
            "Korea DPR",
        ],
    ),
    (
        "kr",
        "South Korea",
        &["Korea, South", "Republic of Korea", "Korea, Republic of", "Korea (South)"],
    ),
    ("xk", "Kosovo", &[]),
    ("kw", "Kuwait", &[]),
    ("kg", "Kyrgyzstan", &["Kyrgyz Republic"]),
    ("la", "Laos", &["Lao People's Democratic Republic"]),
    ("lv", "Latvia", &[]),
    ("lb", "Lebanon", &[]),
    ("ls", "Lesotho", &[]),
    ("lr", "Liberia", &[]),
    ("ly", "Libya", &["Libyan Arab Jamahiriya"]),
    ("li", "Liechtenstein", &[]),
    ("lt", "Lithuania", &[]),
    ("lu", "Luxembourg", &[]),
    ("mo", "Macau", &["Macao"]),
    ("mg", "Madagascar", &[]),
    ("mw", "Malawi", &[]),
    ("my", "Malaysia", &[]),
    ("mv", "Maldives", &[]),
    ("ml", "Mali", &[]),
    ("mt", "Malta", &[]),
    ("mh", "Marshall Islands", &[]),
    ("mr", "Mauritania", &[]),
    ("mu", "Mauritius", &[]),
    ("mx", "Mexico", &[]),
    ("fm", "Micronesia", &["Micronesia, Federated States of"]),
    ("md", "Moldova", &["Republic of Moldova"]),
    ("mc", "Monaco", &[]),
    ("mn", "Mongolia", &[]),
    ("me", "Montenegro", &[]),
    ("ma", "Morocco", &[]),
    ("mz", "Mozambique", &[]),
    ("mm", "Myanmar", &["Burma"]),
    ("na", "Namibia", &[]),
    ("nr", "Nauru", &[]),
    ("np", "Nepal", &[]),
    ("nl", "Netherlands", &["The Netherlands"]),
    ("nz", "New Zealand", &[]),
    ("ni", "Nicaragua", &[]),
    ("ne", "Niger", &[]),
    ("ng", "Nigeria", &[]),
    ("mk", "North Macedonia", &["Macedonia", "The former Yugoslav Republic of Macedonia"]),
    ("no", "Norway", &[]),
    ("om", "Oman", &[]),
    ("pk", "Pakistan", &[]),
    ("pw", "Palau", &[]),
    ("ps", "Palestine", &["Palestinian Territories", "West Bank", "Gaza"]),
    ("pa", "Panama", &[]),
    ("pg", "Papua New Guinea", &[]),
    ("py", "Paraguay", &[]),
    ("pe", "Peru", &[]),
    ("ph", "Philippines", &[]),
    ("pl", "Poland", &[]),
    ("pt", "Portugal", &[]),
    ("qa", "Qatar", &[]),
    ("ro", "Romania", &[]),
    ("ru", "Russia", &["Russian Federation"]),
    ("rw", "Rwanda", &[]),
    ("kn", "Saint Kitts and Nevis", &["St. Kitts and Nevis"]),
    ("lc", "Saint Lucia", &[]),
    ("vc", "Saint Vincent and the Grenadines", &[]),
    ("ws", "Samoa", &[]),
    ("sm", "San Marino", &[]),
    ("st", "Sao Tome and Principe", &[]),
    ("sa", "Saudi Arabia", &[]),
    ("sn", "Senegal", &[]),
    ("rs", "Serbia", &[]),
    ("sc", "Seychelles", &[]),
    ("sl", "Sierra Leone", &[]),
    ("sg", "Singapore", &[]),
    ("sk", "Slovakia", &[]),
    ("si", "Slovenia", &[]),
    ("sb", "Solomon Islands", &[]),
    ("so", "Somalia", &[]),
    ("za", "South Africa", &[]),
    ("ss", "South Sudan", &[]),
    ("es", "Spain", &[]),
    ("lk", "Sri Lanka", &[]),
    ("sd", "Sudan", &[]),
    ("sr", "Suriname", &[]),
    ("se", "Sweden", &[]),
    ("ch", "Switzerland", &[]),
    ("sy", "Syria", &["Syrian Arab Republic"]),
    ("tw", "Taiwan", &[]),
    ("tj", "Tajikistan", &[]),
    ("tz", "Tanzania", &["United Republic of Tanzania", "Tanzania, United Republic of"]),
    ("th", "Thailand", &[]),
    ("tl", "Timor-Leste", &["East Timor"]),
    ("tg", "Togo", &[]),
    ("to", "Tonga", &[]),
    ("tt", "Trinidad and Tobago", &[]),
    ("tn", "Tunisia", &[]),
    ("tr", "Turkey", &["Türkiye", "Turkiye"]),
    ("tm", "Turkmenistan", &[]),
    ("tv", "Tuvalu", &[]),
    ("ug", "Uganda", &[]),
    ("ua", "Ukraine", &[]),
    ("ae", "United Arab Emirates", &["UAE"]),
    (
        "gb",
        "United Kingdom",
        &["UK", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    ),
    ("us", "United States", &["United States of America", "USA", "US"]),
    ("uy", "Uruguay", &[]),
    ("uz", "Uzbekistan", &[]),
    ("vu", "Vanuatu", &[]),
    ("va", "Holy See", &["Vatican"]),
    ("ve", "Venezuela", &["Venezuela (Bolivarian Republic of)"]),
    ("vn", "Vietnam", &["Viet Nam"]),
    ("ye", "Yemen", &[]),
    ("zm", "Zambia", &[]),
    ("zw", "Zimbabwe", &[]),
    ("ck", "Cook Islands", &[]),
    ("nu", "Niue", &[]),
    ("gi", "Gibraltar", &[]),
    ("vg", "British Virgin Islands", &["Virgin Islands, British"]),
    ("ky", "Cayman Islands", &[]),
    ("bm", "Bermuda", &[]),
    ("im", "Isle of Man", &[]),
    ("je", "Jersey", &[]),
    ("gg", "Guernsey", &[]),
    ("cw", "Curacao", &["Curaçao"]),
    ("aw", "Aruba", &[]),
    ("pr", "Puerto Rico", &[]),
    ("gl", "Greenland", &[]),
    ("fo", "Faroe Islands", &[]),
    ("nc", "New Caledonia", &[]),
    ("pf", "French Polynesia", &[]),
    ("re", "Reunion", &["Réunion"]),
    ("sx", "Sint Maarten", &[]),
    ("tc", "Turks and Caicos Islands", &[]),
    ("ai", "Anguilla", &[]),
    ("ms", "Montserrat", &[]),
    ("as", "American Samoa", &[]),
    ("gu", "Guam", &[]),
    ("mp", "Northern Mariana Islands", &[]),
    ("vi", "U.S. Virgin Islands", &["Virgin Islands, U.S."]),
    ("ax", "Aland Islands", &[]),
    ("eh", "Western Sahara", &[]),
    ("su", "Soviet Union", &["USSR"]),
    ("yu", "Yugoslavia", &[]),
    ("cs", "Serbia and Montenegro", &[]),
];

/// The ISO 3166-1 alpha-2 code (lower case) of a country given by code or name.
///
/// Matching ignores case, accents commonly dropped in lists, punctuation and a
/// leading "the". Unknown names give `None`.
///
/// # Examples
/// ```
/// assert_eq!(vigil_model::country_code("Korea, North"), Some("kp"));
/// assert_eq!(vigil_model::country_code("RU"), Some("ru"));
/// assert_eq!(vigil_model::country_code("Atlantis"), None);
/// ```
pub fn country_code(text: &str) -> Option<&'static str> {
    let key = fold(text);
    if key.is_empty() {
        return None;
    }
    lookup_table().get(key.as_str()).copied()
}

/// Every folded spelling (codes included) mapped to its code, built once:
/// list parsers call `country_code` for every record, so a linear scan that
/// folds each table entry per call would dominate their run time.
fn lookup_table() -> &'static std::collections::HashMap<String, &'static str> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = std::collections::HashMap::new();
        for (code, name, others) in COUNTRIES {
            for spelling in others.iter().chain(std::iter::once(name)) {
                table.entry(fold(spelling)).or_insert(*code);
            }
        }
        // Codes win over any spelling that folds to the same two letters.
        for (code, _, _) in COUNTRIES {
            table.insert(code.to_string(), *code);
        }
        table
    })
}

/// Every country's display name and other spellings, as the table has them.
pub fn country_spellings() -> impl Iterator<Item = &'static str> {
    COUNTRIES
        .iter()
        .flat_map(|(_, name, others)| std::iter::once(*name).chain(others.iter().copied()))
}

/// The English display name of an ISO code.
pub fn country_name(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_lowercase();
    COUNTRIES.iter().find(|(c, _, _)| *c == code).map(|(_, name, _)| *name)
}

fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        let ch = match ch {
            'é' | 'É' => 'e',
            'ô' | 'Ô' => 'o',
            'ü' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            '’' | '\'' => continue,
            c => c,
        };
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    let out = out.trim_end().to_string();
    out.strip_prefix("the ").map(str::to_string).unwrap_or(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_spellings_resolve() {
        assert_eq!(country_code("Democratic People's Republic of Korea"), Some("kp"));
        assert_eq!(country_code("democratic people’s republic of korea"), Some("kp"));
        assert_eq!(country_code("Russian Federation"), Some("ru"));
        assert_eq!(country_code("the Netherlands"), Some("nl"));
        assert_eq!(country_code("Iran (Islamic Republic of)"), Some("ir"));
        assert_eq!(country_code(""), None);
        assert_eq!(country_name("KP"), Some("North Korea"));
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = COUNTRIES.iter().map(|c| c.0).collect();
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }
}
