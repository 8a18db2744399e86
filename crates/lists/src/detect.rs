//! Format detection: content first, file name second.
//!
//! A list's content says what it is more reliably than its name: the root
//! element of an XML file, the keys of the first JSON line, the shape of the
//! first CSV row. The name only decides between formats whose content looks
//! alike (OFAC's SDN and consolidated files share a layout) and tells OFAC's
//! companion files apart.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{Format, ListError};

/// How many leading bytes detection looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// Detects the format of a list file from its first bytes and its name.
pub fn detect_format(path: &Path) -> Result<Format, ListError> {
    let io = |source| ListError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).map_err(io)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    detect_bytes(name, &head).map_err(|err| match err {
        ListError::UnknownFormat { reason, .. } => {
            ListError::UnknownFormat { path: path.to_path_buf(), reason }
        }
        other => other,
    })
}

/// Detects the format of in-memory bytes; `name` is the file name.
///
/// # Examples
/// ```
/// use vigil_lists::{detect_bytes, Format};
/// let xml = b"<?xml version=\"1.0\"?><CONSOLIDATED_LIST dateGenerated=\"2026-02-27\"/>";
/// assert_eq!(detect_bytes("list.xml", xml).unwrap(), Format::UnXml);
/// let delta = b"{\"op\":\"DEL\",\"entity\":{\"id\":\"NK-1\"}}\n";
/// assert_eq!(detect_bytes("x.json", delta).unwrap(), Format::FtmDelta);
/// assert!(detect_bytes("x.txt", b"hello").is_err());
/// ```
pub fn detect_bytes(name: &str, bytes: &[u8]) -> Result<Format, ListError> {
    let unknown = |reason: String| ListError::UnknownFormat { path: PathBuf::from(name), reason };
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    let Some(&first) = head.first() else {
        return Err(unknown("the file is empty".to_string()));
    };
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    match first {
        b'<' => match xml_root(head) {
            Some(root) if root == "CONSOLIDATED_LIST" => Ok(Format::UnXml),
            Some(root) if root == "export" => Ok(Format::EuFsfXml),
            Some(root) => Err(unknown(format!("XML with root element <{root}>"))),
            None => Err(unknown("XML without a root element".to_string())),
        },
        b'{' => {
            let has = |key: &[u8]| first_line.windows(key.len()).any(|w| w == key);
            if has(b"\"op\"") && has(b"\"entity\"") {
                Ok(Format::FtmDelta)
            } else if has(b"\"unique_id\"")
                || has(b"\"ofsi_group_id\"")
                || has(b"\"individual_entity_ship\"")
            {
                Ok(Format::UkSanctionsJsonl)
            } else if has(b"\"schema\"") {
                Ok(Format::FtmEntities)
            } else {
                Err(unknown("JSON without FtM or UK sanctions list keys".to_string()))
            }
        }
        _ => detect_csv(name, first_line).ok_or_else(|| {
            let shown: String =
                String::from_utf8_lossy(&first_line[..first_line.len().min(60)]).into();
            unknown(format!("first line {shown:?}"))
        }),
    }
}

fn detect_csv(name: &str, first_line: &[u8]) -> Option<Format> {
    let unquoted: Vec<u8> = first_line.iter().copied().filter(|&b| b != b'"').collect();
    if unquoted.starts_with(b"Last Updated") {
        return Some(Format::UkOfsiCsv);
    }
    let digits = unquoted.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || unquoted.get(digits) != Some(&b',') {
        return None;
    }
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(first_line);
    let mut record = csv::ByteRecord::new();
    let fields = match reader.read_byte_record(&mut record) {
        Ok(true) => record.len(),
        _ => 0,
    };
    let role = ofac_role(name);
    let consolidated = role
        .map(|r| r.kind == OfacKind::Consolidated)
        .unwrap_or_else(|| name.to_ascii_lowercase().contains("cons"));
    // A primary file has twelve columns; companions have 2, 5 or 6.
    if fields == 12 || role.is_some_and(|r| r.role == Role::Primary) {
        return Some(if consolidated { Format::OfacConsolidated } else { Format::OfacSdn });
    }
    None
}

/// The root element's local name, skipping the declaration, comments,
/// processing instructions and a DOCTYPE.
fn xml_root(head: &[u8]) -> Option<String> {
    let mut rest = head;
    loop {
        let lt = rest.iter().position(|&b| b == b'<')?;
        rest = &rest[lt..];
        if rest.starts_with(b"<?") {
            rest = &rest[rest.windows(2).position(|w| w == b"?>")? + 2..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[rest.windows(3).position(|w| w == b"-->")? + 3..];
        } else if rest.starts_with(b"<!") {
            rest = &rest[rest.iter().position(|&b| b == b'>')? + 1..];
        } else {
            let name: Vec<u8> = rest[1..]
                .iter()
                .copied()
                .take_while(|&b| !(b.is_ascii_whitespace() || b == b'>' || b == b'/'))
                .collect();
            let name = String::from_utf8(name).ok()?;
            let local = name.rsplit(':').next().unwrap_or(&name).to_string();
            return (!local.is_empty()).then_some(local);
        }
    }
}

/// OFAC's SDN files or its consolidated non-SDN files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum OfacKind {
    Sdn,
    Consolidated,
}

/// The part an OFAC file plays in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Primary,
    Add,
    Alt,
    Comments,
}

/// An OFAC file's kind and role, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OfacRole {
    pub kind: OfacKind,
    pub role: Role,
}

impl OfacRole {
    pub(crate) fn is_companion(self) -> bool {
        self.role != Role::Primary
    }
}

/// Classifies OFAC file names: `sdn.csv`, `sdn_<anything>.csv`, `add.csv`,
/// `alt.csv`, `sdn_comments.csv`, and `cons_prim.csv`, `cons_add.csv`,
/// `cons_alt.csv`, `cons_comments.csv` (any case).
pub(crate) fn ofac_role(name: &str) -> Option<OfacRole> {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".csv")?;
    let (kind, role) = match stem {
        "add" => (OfacKind::Sdn, Role::Add),
        "alt" => (OfacKind::Sdn, Role::Alt),
        "sdn_comments" => (OfacKind::Sdn, Role::Comments),
        "cons_add" => (OfacKind::Consolidated, Role::Add),
        "cons_alt" => (OfacKind::Consolidated, Role::Alt),
        "cons_comments" => (OfacKind::Consolidated, Role::Comments),
        "cons_prim" => (OfacKind::Consolidated, Role::Primary),
        s if s == "sdn" || s.starts_with("sdn_") || s.starts_with("sdn-") => {
            (OfacKind::Sdn, Role::Primary)
        }
        s if s.starts_with("cons_prim") => (OfacKind::Consolidated, Role::Primary),
        _ => return None,
    };
    Some(OfacRole { kind, role })
}

/// The files of one OFAC group.
#[derive(Debug, Clone, Default)]
pub(crate) struct OfacFiles {
    pub primary: Option<PathBuf>,
    pub add: Option<PathBuf>,
    pub alt: Option<PathBuf>,
    pub comments: Option<PathBuf>,
}

impl OfacFiles {
    pub(crate) fn any_path(&self) -> Option<PathBuf> {
        [&self.primary, &self.add, &self.alt, &self.comments].into_iter().flatten().next().cloned()
    }
}

/// Looks for an OFAC group's files in a directory. When the directory holds
/// no primary file of the kind, or more than one, nothing is returned: the
/// companions could not be attributed to a version.
pub(crate) fn discover_ofac(dir: &Path, kind: OfacKind) -> OfacFiles {
    let mut files = OfacFiles::default();
    let mut primaries = 0;
    let Ok(entries) =
        std::fs::read_dir(if dir.as_os_str().is_empty() { Path::new(".") } else { dir })
    else {
        return files;
    };
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(role) = ofac_role(name).filter(|r| r.kind == kind) else {
            continue;
        };
        let slot = match role.role {
            Role::Primary => {
                primaries += 1;
                &mut files.primary
            }
            Role::Add => &mut files.add,
            Role::Alt => &mut files.alt,
            Role::Comments => &mut files.comments,
        };
        slot.get_or_insert(path);
    }
    if primaries == 1 {
        files
    } else {
        OfacFiles::default()
    }
}
