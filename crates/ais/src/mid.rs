//! Maritime Identification Digits (MID): the three digits of an MMSI that
//! name the flag administration, mapped to ISO 3166-1 alpha-2 codes.
//!
//! The table is written here as facts from ITU-R M.585 and the ITU's MID
//! list (<https://www.itu.int/en/ITU-R/terrestrial/fmd/Pages/mid.aspx>).
//! Territories with their own MID get their own ISO code (Faroe Islands
//! `fo`, Hong Kong `hk`, Puerto Rico `pr` …); the Azores and Madeira are
//! `pt`, Alaska is `us`, the French southern lands are `tf`. The shared
//! Caribbean-Netherlands MID 306 (Curaçao, Sint Maarten, Bonaire) names no
//! single ISO code and is left out.
//!
//! [`flag_of_mmsi`] reads the MID at the place ITU-R M.585 puts it for each
//! kind of station: `MIDxxxxxx` ships, `0MIDxxxxx` ship groups,
//! `00MIDxxxx` coast stations, `111MIDxxx` SAR aircraft, `8MIDxxxxx`
//! handhelds, `98MIDxxxx` craft associated with a parent ship and
//! `99MIDxxxx` aids to navigation. `970`/`972`/`974` devices (AIS-SART, MOB,
//! EPIRB) carry no MID.

/// `(MID, ISO 3166-1 alpha-2 lower case)`, sorted by MID.
#[rustfmt::skip]
const MIDS: &[(u16, &str)] = &[
    (201, "al"), (202, "ad"), (203, "at"), (204, "pt"), (205, "be"), (206, "by"),
    (207, "bg"), (208, "va"), (209, "cy"), (210, "cy"), (211, "de"), (212, "cy"),
    (213, "ge"), (214, "md"), (215, "mt"), (216, "am"), (218, "de"), (219, "dk"),
    (220, "dk"), (224, "es"), (225, "es"), (226, "fr"), (227, "fr"), (228, "fr"),
    (229, "mt"), (230, "fi"), (231, "fo"), (232, "gb"), (233, "gb"), (234, "gb"),
    (235, "gb"), (236, "gi"), (237, "gr"), (238, "hr"), (239, "gr"), (240, "gr"),
    (241, "gr"), (242, "ma"), (243, "hu"), (244, "nl"), (245, "nl"), (246, "nl"),
    (247, "it"), (248, "mt"), (249, "mt"), (250, "ie"), (251, "is"), (252, "li"),
    (253, "lu"), (254, "mc"), (255, "pt"), (256, "mt"), (257, "no"), (258, "no"),
    (259, "no"), (261, "pl"), (262, "me"), (263, "pt"), (264, "ro"), (265, "se"),
    (266, "se"), (267, "sk"), (268, "sm"), (269, "ch"), (270, "cz"), (271, "tr"),
    (272, "ua"), (273, "ru"), (274, "mk"), (275, "lv"), (276, "ee"), (277, "lt"),
    (278, "si"), (279, "rs"), (301, "ai"), (303, "us"), (304, "ag"), (305, "ag"),
    (307, "aw"), (308, "bs"), (309, "bs"), (310, "bm"), (311, "bs"), (312, "bz"),
    (314, "bb"), (316, "ca"), (319, "ky"), (321, "cr"), (323, "cu"), (325, "dm"),
    (327, "do"), (329, "gp"), (330, "gd"), (331, "gl"), (332, "gt"), (334, "hn"),
    (336, "ht"), (338, "us"), (339, "jm"), (341, "kn"), (343, "lc"), (345, "mx"),
    (347, "mq"), (348, "ms"), (350, "ni"), (351, "pa"), (352, "pa"), (353, "pa"),
    (354, "pa"), (355, "pa"), (356, "pa"), (357, "pa"), (358, "pr"), (359, "sv"),
    (361, "pm"), (362, "tt"), (364, "tc"), (366, "us"), (367, "us"), (368, "us"),
    (369, "us"), (370, "pa"), (371, "pa"), (372, "pa"), (373, "pa"), (374, "pa"),
    (375, "vc"), (376, "vc"), (377, "vc"), (378, "vg"), (379, "vi"), (401, "af"),
    (403, "sa"), (405, "bd"), (408, "bh"), (410, "bt"), (412, "cn"), (413, "cn"),
    (414, "cn"), (416, "tw"), (417, "lk"), (419, "in"), (422, "ir"), (423, "az"),
    (425, "iq"), (428, "il"), (431, "jp"), (432, "jp"), (434, "tm"), (436, "kz"),
    (437, "uz"), (438, "jo"), (440, "kr"), (441, "kr"), (443, "ps"), (445, "kp"),
    (447, "kw"), (450, "lb"), (451, "kg"), (453, "mo"), (455, "mv"), (457, "mn"),
    (459, "np"), (461, "om"), (463, "pk"), (466, "qa"), (468, "sy"), (470, "ae"),
    (471, "ae"), (472, "tj"), (473, "ye"), (475, "ye"), (477, "hk"), (478, "ba"),
    (501, "tf"), (503, "au"), (506, "mm"), (508, "bn"), (510, "fm"), (511, "pw"),
    (512, "nz"), (514, "kh"), (515, "kh"), (516, "cx"), (518, "ck"), (520, "fj"),
    (523, "cc"), (525, "id"), (529, "ki"), (531, "la"), (533, "my"), (536, "mp"),
    (538, "mh"), (540, "nc"), (542, "nu"), (544, "nr"), (546, "pf"), (548, "ph"),
    (550, "tl"), (553, "pg"), (555, "pn"), (557, "sb"), (559, "as"), (561, "ws"),
    (563, "sg"), (564, "sg"), (565, "sg"), (566, "sg"), (567, "th"), (570, "to"),
    (572, "tv"), (574, "vn"), (576, "vu"), (577, "vu"), (578, "wf"), (601, "za"),
    (603, "ao"), (605, "dz"), (607, "tf"), (608, "sh"), (609, "bi"), (610, "bj"),
    (611, "bw"), (612, "cf"), (613, "cm"), (615, "cg"), (616, "km"), (617, "cv"),
    (618, "tf"), (619, "ci"), (620, "km"), (621, "dj"), (622, "eg"), (624, "et"),
    (625, "er"), (626, "ga"), (627, "gh"), (629, "gm"), (630, "gw"), (631, "gq"),
    (632, "gn"), (633, "bf"), (634, "ke"), (635, "tf"), (636, "lr"), (637, "lr"),
    (638, "ss"), (642, "ly"), (644, "ls"), (645, "mu"), (647, "mg"), (649, "ml"),
    (650, "mz"), (654, "mr"), (655, "mw"), (656, "ne"), (657, "ng"), (659, "na"),
    (660, "re"), (661, "rw"), (662, "sd"), (663, "sn"), (664, "sc"), (665, "sh"),
    (666, "so"), (667, "sl"), (668, "st"), (669, "sz"), (670, "td"), (671, "tg"),
    (672, "tn"), (674, "tz"), (675, "ug"), (676, "cd"), (677, "tz"), (678, "zm"),
    (679, "zw"), (701, "ar"), (710, "br"), (720, "bo"), (725, "cl"), (730, "co"),
    (735, "ec"), (740, "fk"), (745, "gf"), (750, "gy"), (755, "py"), (760, "pe"),
    (765, "sr"), (770, "uy"), (775, "ve"),
];

/// Every MID in the table with its flag, sorted by MID.
pub fn mid_table() -> &'static [(u16, &'static str)] {
    MIDS
}

/// The flag (ISO 3166-1 alpha-2, lower case) that a MID is allocated to.
///
/// ```
/// assert_eq!(vigil_ais::flag_of_mid(445), Some("kp"));
/// assert_eq!(vigil_ais::flag_of_mid(999), None);
/// ```
pub fn flag_of_mid(mid: u16) -> Option<&'static str> {
    MIDS.binary_search_by_key(&mid, |&(m, _)| m).ok().map(|i| MIDS[i].1)
}

/// The MID an MMSI carries, by the station kind its leading digits give
/// (see the module docs), or `None` when it carries none.
pub fn mid_of_mmsi(mmsi: u32) -> Option<u16> {
    let mid = match mmsi {
        200_000_000..=799_999_999 => mmsi / 1_000_000,
        // 0MIDxxxxx: a group of ship stations.
        20_000_000..=79_999_999 => mmsi / 100_000,
        // 00MIDxxxx: a coast station.
        2_000_000..=7_999_999 => mmsi / 10_000,
        // 111MIDxxx: a SAR aircraft.
        111_000_000..=111_999_999 => mmsi / 1_000 % 1_000,
        // 8MIDxxxxx: a handheld VHF with DSC and GNSS.
        800_000_000..=899_999_999 => mmsi / 100_000 % 1_000,
        // 98MIDxxxx: craft associated with a parent ship; 99MIDxxxx: AtoN.
        980_000_000..=999_999_999 => mmsi / 10_000 % 1_000,
        _ => return None,
    };
    Some(mid as u16).filter(|m| (200..800).contains(m))
}

/// The flag an MMSI claims through its MID (ISO 3166-1 alpha-2, lower
/// case), for ships (`MIDxxxxxx`) and for handhelds (`8MID…`), craft
/// associated with a ship (`98MID…`), aids to navigation (`99MID…`), SAR
/// aircraft (`111MID…`), coast stations (`00MID…`) and ship groups
/// (`0MID…`). `None` for an unallocated MID or an MMSI without one.
///
/// ```
/// use vigil_ais::flag_of_mmsi;
/// assert_eq!(flag_of_mmsi(445_123_000), Some("kp"));
/// assert_eq!(flag_of_mmsi(982_731_234), Some("ru"));
/// assert_eq!(flag_of_mmsi(970_012_345), None);
/// ```
pub fn flag_of_mmsi(mmsi: u32) -> Option<&'static str> {
    mid_of_mmsi(mmsi).and_then(flag_of_mid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(MIDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(MIDS.iter().all(|&(m, c)| (200..800).contains(&m) && c.len() == 2));
        assert!(MIDS.len() > 280, "{}", MIDS.len());
    }

    #[test]
    #[rustfmt::skip]
    fn flags_of_interest() {
        for (mid, flag) in [
            (445, "kp"),
            (412, "cn"),
            (413, "cn"),
            (414, "cn"),
            (440, "kr"),
            (441, "kr"),
            (273, "ru"),
            (351, "pa"),
            (357, "pa"),
            (370, "pa"),
            (373, "pa"),
            (636, "lr"),
            (538, "mh"),
            (511, "pw"),
            (667, "sl"),
            (457, "mn"),
            (671, "tg"),
            (341, "kn"),
            (620, "km"),
            (577, "vu"),
            (312, "bz"),
            (518, "ck"),
            (514, "kh"),
            (515, "kh"),
            (674, "tz"),
            (677, "tz"),
            (520, "fj"),
            (572, "tv"),
            (720, "bo"),
            (416, "tw"),
            (431, "jp"),
            (477, "hk"),
        ] {
            assert_eq!(flag_of_mid(mid), Some(flag), "{mid}");
        }
        assert_eq!(flag_of_mid(200), None);
        assert_eq!(flag_of_mid(306), None);
    }

    #[test]
    fn mmsi_kinds() {
        assert_eq!(flag_of_mmsi(445_123_000), Some("kp"));
        assert_eq!(flag_of_mmsi(273_345_100), Some("ru"));
        assert_eq!(flag_of_mmsi(844_512_345), Some("kp")); // handheld
        assert_eq!(flag_of_mmsi(982_731_234), Some("ru")); // craft of a ship
        assert_eq!(flag_of_mmsi(994_401_234), Some("kr")); // aid to navigation
        assert_eq!(flag_of_mmsi(111_232_123), Some("gb")); // SAR aircraft
        assert_eq!(flag_of_mmsi(2_320_012), Some("gb")); // coast station 00MID
        assert_eq!(flag_of_mmsi(44_512_345), Some("kp")); // ship group 0MID
        assert_eq!(flag_of_mmsi(970_123_456), None); // AIS-SART
        assert_eq!(flag_of_mmsi(972_123_456), None);
        assert_eq!(flag_of_mmsi(0), None);
        assert_eq!(flag_of_mmsi(123_456_789), None);
        assert_eq!(flag_of_mmsi(u32::MAX), None);
        assert_eq!(flag_of_mmsi(200_000_000), None);
    }
}
