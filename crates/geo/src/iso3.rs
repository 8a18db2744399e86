//! ISO 3166-1 alpha-3 to alpha-2 codes, written here as facts, because Global
//! Fishing Watch's anchorage list names countries by alpha-3 (`PRK`) while
//! vigil's model speaks alpha-2 (`kp`).

/// Pairs of alpha-3 and alpha-2 codes, five letters each, space-separated:
/// every officially assigned ISO 3166-1 code, plus Kosovo's common `XKX`.
const PAIRS: &str =
    "AFGAF ALAAX ALBAL DZADZ ASMAS ANDAD AGOAO AIAAI ATAAQ ATGAG ARGAR ARMAM ABWAW \
AUSAU AUTAT AZEAZ BHSBS BHRBH BGDBD BRBBB BLRBY BELBE BLZBZ BENBJ BMUBM BTNBT BOLBO BESBQ BIHBA \
BWABW BVTBV BRABR IOTIO BRNBN BGRBG BFABF BDIBI CPVCV KHMKH CMRCM CANCA CYMKY CAFCF TCDTD CHLCL \
CHNCN CXRCX CCKCC COLCO COMKM COGCG CODCD COKCK CRICR CIVCI HRVHR CUBCU CUWCW CYPCY CZECZ DNKDK \
DJIDJ DMADM DOMDO ECUEC EGYEG SLVSV GNQGQ ERIER ESTEE SWZSZ ETHET FLKFK FROFO FJIFJ FINFI FRAFR \
GUFGF PYFPF ATFTF GABGA GMBGM GEOGE DEUDE GHAGH GIBGI GRCGR GRLGL GRDGD GLPGP GUMGU GTMGT GGYGG \
GINGN GNBGW GUYGY HTIHT HMDHM VATVA HNDHN HKGHK HUNHU ISLIS INDIN IDNID IRNIR IRQIQ IRLIE IMNIM \
ISRIL ITAIT JAMJM JPNJP JEYJE JORJO KAZKZ KENKE KIRKI PRKKP KORKR KWTKW KGZKG LAOLA LVALV LBNLB \
LSOLS LBRLR LBYLY LIELI LTULT LUXLU MACMO MDGMG MWIMW MYSMY MDVMV MLIML MLTMT MHLMH MTQMQ MRTMR \
MUSMU MYTYT MEXMX FSMFM MDAMD MCOMC MNGMN MNEME MSRMS MARMA MOZMZ MMRMM NAMNA NRUNR NPLNP NLDNL \
NCLNC NZLNZ NICNI NERNE NGANG NIUNU NFKNF MKDMK MNPMP NORNO OMNOM PAKPK PLWPW PSEPS PANPA PNGPG \
PRYPY PERPE PHLPH PCNPN POLPL PRTPT PRIPR QATQA REURE ROURO RUSRU RWARW BLMBL SHNSH KNAKN LCALC \
MAFMF SPMPM VCTVC WSMWS SMRSM STPST SAUSA SENSN SRBRS SYCSC SLESL SGPSG SXMSX SVKSK SVNSI SLBSB \
SOMSO ZAFZA SGSGS SSDSS ESPES LKALK SDNSD SURSR SJMSJ SWESE CHECH SYRSY TWNTW TJKTJ TZATZ THATH \
TLSTL TGOTG TKLTK TONTO TTOTT TUNTN TURTR TKMTM TCATC TUVTV UGAUG UKRUA AREAE GBRGB USAUS UMIUM \
URYUY UZBUZ VUTVU VENVE VNMVN VGBVG VIRVI WLFWF ESHEH YEMYE ZMBZM ZWEZW XKXXK";

/// The alpha-2 code (upper case) of an alpha-3 code in any case, or `None`.
pub(crate) fn alpha2(alpha3: &str) -> Option<&'static str> {
    let alpha3 = alpha3.trim();
    if alpha3.len() != 3 {
        return None;
    }
    PAIRS.split(' ').find(|pair| pair[..3].eq_ignore_ascii_case(alpha3)).map(|pair| &pair[3..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_and_the_table_is_well_formed() {
        assert_eq!(alpha2("PRK"), Some("KP"));
        assert_eq!(alpha2("rus"), Some("RU"));
        assert_eq!(alpha2("KOR"), Some("KR"));
        assert_eq!(alpha2("XXX"), None);
        assert_eq!(alpha2("KP"), None);
        let pairs: Vec<&str> = PAIRS.split(' ').collect();
        assert_eq!(pairs.len(), 250);
        assert!(pairs.iter().all(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_uppercase())));
        let mut alpha3: Vec<&str> = pairs.iter().map(|p| &p[..3]).collect();
        alpha3.sort_unstable();
        alpha3.dedup();
        assert_eq!(alpha3.len(), 250, "no alpha-3 code twice");
        // Every alpha-2 code is one the model knows, except the few
        // territories it leaves out.
        let unknown: Vec<&str> = pairs
            .iter()
            .map(|p| &p[3..])
            .filter(|c| vigil_model::country_name(c).is_none())
            .collect();
        assert!(unknown.len() < 60, "{unknown:?}");
    }
}
