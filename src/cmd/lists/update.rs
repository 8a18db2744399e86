//! `vigil lists update`: download the official list files and import them.
//!
//! Each list is fetched into its own temporary directory, parsed, and
//! imported atomically. A failed download, an unreadable file or a single
//! malformed record leaves that list's previous version in force and is
//! reported on stderr naming the list and the URL; the other lists still
//! update, and the command exits 2 at the end.
//!
//! The URLs are built in ([`default_sources`]), overridable per list by a
//! TOML file (`--config`) and then by `--url NAME=URL` flags, in that order.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use serde::Deserialize;
use vigil_lists::{Format, ListError, ParsedList};

use super::{open_store, print_line, report_record_errors, ImportLine};
use crate::shared::{self, Outcome};

pub const UPDATE_HELP: &str = "\
Examples:
  vigil lists update
  vigil lists update --only us_ofac_sdn --only un_sc
  vigil lists update --only opensanctions_default
  vigil lists update --config lists.toml --db /var/lib/vigil/vigil.db
  vigil lists update --only us_ofac_sdn --url us_ofac_sdn=http://mirror.example/sdn.csv

Built-in lists (NAME: URLs):
  un_sc: https://scsanctions.un.org/resources/xml/en/consolidated.xml
  us_ofac_sdn: https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/
      SDN.CSV, ADD.CSV, ALT.CSV, SDN_COMMENTS.CSV
  us_ofac_cons: the same service's CONS_PRIM.CSV, CONS_ADD.CSV, CONS_ALT.CSV, CONS_COMMENTS.CSV
  gb_ofsi: https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv
  opensanctions_default: https://data.opensanctions.org/datasets/latest/default/entities.ftm.json
      (off unless named with --only or enabled in the config: licensed CC BY-NC 4.0,
      non-commercial use only, and several hundred megabytes)

Config file (TOML); every key is optional:
  timeout_secs = 60            # connect and read timeout per download
  max_bytes = 1073741824       # size limit per file
  [lists.us_ofac_sdn]
  urls = [\"https://mirror.example/sdn.csv\", \"https://mirror.example/add.csv\"]
  [lists.opensanctions_default]
  enabled = true

A list whose download fails or whose file is malformed keeps its previous version;
the reason is printed on stderr with the list name and URL, and the exit code is 2.";

/// `vigil lists update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The store [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// A TOML file overriding the built-in URLs, limits and enabled lists
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Update only this list (repeatable); enables a list that is off by default
    #[arg(long, value_name = "LIST")]
    only: Vec<String>,
    /// Fetch LIST from URL instead (repeatable; several for one list are all fetched)
    #[arg(long, value_name = "LIST=URL")]
    url: Vec<String>,
    /// Connect and read timeout per download, in seconds [default: 60]
    #[arg(long, value_name = "SECS")]
    timeout: Option<u64>,
    /// Refuse a file larger than this many bytes [default: 1073741824]
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,
    /// Print one JSON line per list instead of a summary
    #[arg(long)]
    json: bool,
}

const DEFAULT_TIMEOUT_SECS: u64 = 60;
const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// Where one list is fetched from.
#[derive(Debug, Clone, PartialEq)]
struct Source {
    /// Every file of the list (OFAC's companions are separate files).
    urls: Vec<String>,
    /// Whether a plain `vigil lists update` fetches it.
    enabled: bool,
    /// A licence condition to print when it is fetched.
    licence: Option<&'static str>,
}

const OFAC_EXPORTS: &str =
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports";

/// The official sources, by list name.
fn default_sources() -> BTreeMap<String, Source> {
    let source = |urls: Vec<String>| Source { urls, enabled: true, licence: None };
    let ofac = |files: &[&str]| files.iter().map(|f| format!("{OFAC_EXPORTS}/{f}")).collect();
    let mut sources = BTreeMap::new();
    sources.insert(
        "un_sc".to_string(),
        source(vec!["https://scsanctions.un.org/resources/xml/en/consolidated.xml".into()]),
    );
    sources.insert(
        "us_ofac_sdn".to_string(),
        source(ofac(&["SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"])),
    );
    sources.insert(
        "us_ofac_cons".to_string(),
        source(ofac(&["CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV"])),
    );
    sources.insert(
        "gb_ofsi".to_string(),
        source(vec![
            "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv".into(),
        ]),
    );
    // Off by default: its licence forbids commercial use, which a user must
    // opt into knowingly, and the file is far larger than the others.
    sources.insert(
        "opensanctions_default".to_string(),
        Source {
            urls: vec![
                "https://data.opensanctions.org/datasets/latest/default/entities.ftm.json".into()
            ],
            enabled: false,
            licence: Some(
                "OpenSanctions data is licensed CC BY-NC 4.0: non-commercial use only \
                 (see https://www.opensanctions.org/licensing/)",
            ),
        },
    );
    sources
}

/// The config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    timeout_secs: Option<u64>,
    max_bytes: Option<u64>,
    #[serde(default)]
    lists: BTreeMap<String, ListConfig>,
}

/// One `[lists.NAME]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListConfig {
    urls: Option<Vec<String>>,
    enabled: Option<bool>,
}

/// The settings in force after defaults, config file and flags.
#[derive(Debug)]
struct Settings {
    sources: BTreeMap<String, Source>,
    timeout: Duration,
    max_bytes: u64,
}

fn settings(args: &UpdateArgs) -> anyhow::Result<Settings> {
    let mut sources = default_sources();
    let config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the config {}", path.display()))?;
            toml::from_str::<ConfigFile>(&text)
                .with_context(|| format!("parsing the config {}", path.display()))?
        }
        None => ConfigFile::default(),
    };
    for (name, list) in config.lists {
        let source = sources.entry(name.clone()).or_insert_with(|| Source {
            urls: Vec::new(),
            enabled: true,
            licence: None,
        });
        if let Some(urls) = list.urls {
            source.urls = urls;
        }
        if let Some(enabled) = list.enabled {
            source.enabled = enabled;
        }
        if source.urls.is_empty() {
            anyhow::bail!("config: [lists.{name}] has no urls");
        }
    }
    // The first --url for a list replaces its URLs, later ones add to them.
    let mut overridden: Vec<String> = Vec::new();
    for flag in &args.url {
        let Some((name, url)) = flag.split_once('=') else {
            anyhow::bail!("--url {flag:?}: expected LIST=URL");
        };
        let (name, url) = (name.trim(), url.trim());
        if name.is_empty() || url.is_empty() {
            anyhow::bail!("--url {flag:?}: expected LIST=URL");
        }
        let source = sources.entry(name.to_string()).or_insert_with(|| Source {
            urls: Vec::new(),
            enabled: true,
            licence: None,
        });
        if !overridden.iter().any(|n| n == name) {
            overridden.push(name.to_string());
            source.urls.clear();
        }
        source.urls.push(url.to_string());
    }
    let timeout_secs = args.timeout.or(config.timeout_secs).unwrap_or(DEFAULT_TIMEOUT_SECS);
    let max_bytes = args.max_bytes.or(config.max_bytes).unwrap_or(DEFAULT_MAX_BYTES);
    Ok(Settings { sources, timeout: Duration::from_secs(timeout_secs.max(1)), max_bytes })
}

pub fn run(args: UpdateArgs) -> anyhow::Result<Outcome> {
    let settings = settings(&args)?;
    let selected: Vec<(&String, &Source)> = if args.only.is_empty() {
        settings.sources.iter().filter(|(_, source)| source.enabled).collect()
    } else {
        let mut selected = Vec::new();
        for name in &args.only {
            match settings.sources.get_key_value(name) {
                Some(entry) => selected.push(entry),
                None => anyhow::bail!(
                    "--only {name}: unknown list (known: {})",
                    settings.sources.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            }
        }
        selected.sort_by_key(|(name, _)| name.as_str());
        selected.dedup_by_key(|(name, _)| name.as_str());
        selected
    };
    let mut store = open_store(args.db.as_deref())?;
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(settings.timeout)
        .timeout_read(settings.timeout)
        .timeout_write(settings.timeout)
        .user_agent(concat!("vigil/", env!("CARGO_PKG_VERSION")))
        .build();
    let bar = shared::progress(selected.len() as u64, "updating");
    let mut out = shared::stdout();
    let mut failed: Vec<&str> = Vec::new();
    for (name, source) in &selected {
        if let Some(licence) = source.licence {
            bar.suspend(|| eprintln!("vigil: note: {name}: {licence}"));
        }
        let result = update_one(&agent, &mut store, name, source, settings.max_bytes);
        bar.inc(1);
        match result {
            Ok(lines) => {
                // A failed line was already explained on stderr; stdout
                // repeats it only for JSON consumers.
                for line in lines.iter().filter(|l| args.json || l.status != "failed") {
                    let printed = bar.suspend(|| print_line(&mut out, args.json, line));
                    printed?;
                }
                if lines.iter().any(|l| l.status == "failed") {
                    failed.push(name);
                }
            }
            Err(err) => {
                failed.push(name);
                let message = format!("{err:#}");
                bar.suspend(|| {
                    eprintln!("vigil: {name}: {message}; the previous version stays in force")
                });
                if args.json {
                    let line =
                        ImportLine::failed(Some(name.as_str()), source.urls.clone(), message);
                    print_line(&mut out, true, &line)?;
                }
            }
        }
        out.flush()?;
    }
    bar.finish_and_clear();
    out.flush()?;
    if !failed.is_empty() {
        anyhow::bail!(
            "{} of {} list{} not updated: {}",
            failed.len(),
            selected.len(),
            if selected.len() == 1 { "" } else { "s" },
            failed.join(", ")
        );
    }
    Ok(Outcome::Found)
}

/// Downloads, parses and imports one configured list. An `Err` is a failure
/// of the whole list (download or unreadable file); malformed records come
/// back as a `failed` line, after being printed on stderr.
fn update_one(
    agent: &ureq::Agent,
    store: &mut vigil_store::Store,
    name: &str,
    source: &Source,
    max_bytes: u64,
) -> anyhow::Result<Vec<ImportLine>> {
    if source.urls.is_empty() {
        anyhow::bail!("no URLs configured");
    }
    let dir = tempfile::Builder::new()
        .prefix("vigil-update-")
        .tempdir()
        .context("creating a temporary directory")?;
    // The files go in a directory named after today's date (UTC): the
    // parsers take a list's version from its path when the file states none
    // (OFAC's CSVs do not), so such a list's version is the day it was
    // fetched rather than a hash prefix.
    let day_dir = dir.path().join(utc_date_today());
    std::fs::create_dir(&day_dir).with_context(|| format!("creating {}", day_dir.display()))?;
    let mut downloads: Vec<(PathBuf, String)> = Vec::new();
    for (index, url) in source.urls.iter().enumerate() {
        let path = day_dir.join(download_name(url, index, &downloads));
        download(agent, url, &path, max_bytes).with_context(|| url.clone())?;
        downloads.push((path, url.clone()));
    }
    let url_of = |path: &Path| -> String {
        downloads
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, url)| url.clone())
            .unwrap_or_else(|| path.display().to_string())
    };
    let paths: Vec<PathBuf> = downloads.iter().map(|(p, _)| p.clone()).collect();
    let mut lines = Vec::new();
    for result in vigil_lists::load_paths(&paths) {
        let mut parsed: ParsedList =
            result.map_err(|err| anyhow::anyhow!(list_error(&err, &url_of)))?;
        // FtM files do not name their dataset reliably; the configured name
        // keeps every download of it one list, so deltas find their base.
        if matches!(parsed.format, Format::FtmEntities | Format::FtmDelta) {
            parsed.list = name.to_string();
        }
        let urls: Vec<String> = parsed.sources.iter().map(|p| url_of(p)).collect();
        if !parsed.errors.is_empty() {
            report_record_errors(&parsed, &url_of);
            let message = format!(
                "{}: {} malformed record{}; the previous version stays in force",
                urls.join(", "),
                parsed.errors.len(),
                if parsed.errors.len() == 1 { "" } else { "s" }
            );
            eprintln!("vigil: {name}: {message}");
            lines.push(ImportLine::failed(Some(name), urls, message));
            continue;
        }
        let outcome = store
            .import_as(&parsed, &urls)
            .with_context(|| format!("importing {} from {}", parsed.list, urls.join(", ")))?;
        lines.push(ImportLine::from_outcome(&outcome));
    }
    Ok(lines)
}

/// The built-in lists and their official URLs (for `vigil monitor`).
pub(crate) fn builtin_urls() -> BTreeMap<String, Vec<String>> {
    default_sources().into_iter().map(|(name, source)| (name, source.urls)).collect()
}

/// Downloads and imports one list from `urls`, as `vigil lists update` does
/// (for `vigil monitor`'s scheduled refresh). Returns one message per list
/// imported, `(failed, summary)`; an `Err`, or a failed list, leaves the
/// previous version in force.
pub(crate) fn refresh_list(
    agent: &ureq::Agent,
    store: &mut vigil_store::Store,
    name: &str,
    urls: &[String],
    max_bytes: u64,
) -> anyhow::Result<Vec<(bool, String)>> {
    let source = Source { urls: urls.to_vec(), enabled: true, licence: None };
    let lines = update_one(agent, store, name, &source, max_bytes)?;
    Ok(lines.iter().map(|line| (line.status == "failed", line.human())).collect())
}

/// A list error with the temporary path replaced by the URL it came from.
fn list_error(err: &ListError, url_of: &dyn Fn(&Path) -> String) -> String {
    match err {
        ListError::Io { path, source } => format!("{}: {source}", url_of(path)),
        ListError::UnknownFormat { path, reason } => {
            format!("{}: not a recognised sanctions list format ({reason})", url_of(path))
        }
        ListError::Malformed { path, message } => format!("{}: {message}", url_of(path)),
    }
}

/// The file name to save a URL under: its last path segment, lower-cased
/// (the parsers recognise OFAC's companions by name: `SDN.CSV` is `sdn.csv`),
/// made unique within the download.
fn download_name(url: &str, index: usize, taken: &[(PathBuf, String)]) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    let mut name: String = last
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    if name.trim_matches('.').is_empty() {
        name = format!("download-{index}");
    }
    if taken.iter().any(|(p, _)| p.file_name().and_then(|n| n.to_str()) == Some(name.as_str())) {
        name = format!("{index}-{name}");
    }
    name
}

/// Today's date in UTC as `YYYY-MM-DD`.
fn utc_date_today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(seconds / 86_400)
}

/// The proleptic Gregorian date `days` after 1970-01-01.
///
/// # References
/// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms",
/// `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Fetches `url` into `dest`, refusing more than `max_bytes`.
fn download(agent: &ureq::Agent, url: &str, dest: &Path, max_bytes: u64) -> anyhow::Result<u64> {
    let response = match agent.get(url).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(code, response)) => {
            anyhow::bail!("download failed: HTTP {code} {}", response.status_text())
        }
        Err(ureq::Error::Transport(transport)) => {
            // ureq's own Display repeats the URL, which the caller adds.
            let mut reason = transport.kind().to_string();
            if let Some(message) = transport.message() {
                reason.push_str(&format!(": {message}"));
            }
            if let Some(source) = std::error::Error::source(&transport) {
                reason.push_str(&format!(": {source}"));
            }
            anyhow::bail!("download failed: {reason}")
        }
    };
    if let Some(length) =
        response.header("Content-Length").and_then(|v| v.trim().parse::<u64>().ok())
    {
        if length > max_bytes {
            anyhow::bail!("download refused: {length} bytes, over the limit of {max_bytes}");
        }
    }
    let mut file =
        std::fs::File::create(dest).with_context(|| format!("creating {}", dest.display()))?;
    let mut reader = response.into_reader().take(max_bytes + 1);
    let n_bytes = std::io::copy(&mut reader, &mut file).context("download interrupted")?;
    if n_bytes > max_bytes {
        anyhow::bail!("download refused: over the limit of {max_bytes} bytes");
    }
    file.flush().with_context(|| format!("writing {}", dest.display()))?;
    if n_bytes == 0 {
        anyhow::bail!("download failed: the server sent an empty file");
    }
    Ok(n_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_846), "2024-05-03");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_513), "2026-03-01");
    }

    #[test]
    fn download_names_follow_the_url() {
        assert_eq!(download_name(&format!("{OFAC_EXPORTS}/SDN.CSV"), 0, &[]), "sdn.csv");
        assert_eq!(download_name("http://x/a/ConList.csv?sv=1&x=2", 0, &[]), "conlist.csv");
        assert_eq!(download_name("http://x/", 3, &[]), "download-3");
        let taken = [(PathBuf::from("/tmp/sdn.csv"), String::new())];
        assert_eq!(download_name("http://y/sdn.csv", 1, &taken), "1-sdn.csv");
    }

    #[test]
    fn flags_override_config_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("lists.toml");
        std::fs::write(
            &config,
            "timeout_secs = 5\n[lists.un_sc]\nurls = [\"http://mirror/un.xml\"]\n\
             [lists.opensanctions_default]\nenabled = true\n",
        )
        .unwrap();
        let args = UpdateArgs {
            db: None,
            config: Some(config),
            only: vec![],
            url: vec!["us_ofac_sdn=http://a/sdn.csv".into(), "us_ofac_sdn=http://a/add.csv".into()],
            timeout: None,
            max_bytes: Some(10),
            json: false,
        };
        let settings = settings(&args).unwrap();
        assert_eq!(settings.sources["un_sc"].urls, ["http://mirror/un.xml"]);
        assert_eq!(settings.sources["us_ofac_sdn"].urls, ["http://a/sdn.csv", "http://a/add.csv"]);
        assert!(settings.sources["opensanctions_default"].enabled);
        assert_eq!(settings.sources["gb_ofsi"], default_sources()["gb_ofsi"]);
        assert_eq!(settings.timeout, Duration::from_secs(5));
        assert_eq!(settings.max_bytes, 10);
    }

    #[test]
    fn bad_config_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("lists.toml");
        std::fs::write(&config, "[lists.un_sc]\nurl = \"typo\"\n").unwrap();
        let args = UpdateArgs {
            db: None,
            config: Some(config),
            only: vec![],
            url: vec![],
            timeout: None,
            max_bytes: None,
            json: false,
        };
        let err = format!("{:#}", settings(&args).unwrap_err());
        assert!(err.contains("lists.toml") && err.contains("url"), "{err}");
    }
}
