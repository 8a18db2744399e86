//! `vigil.toml` for `vigil monitor`: read, checked, and given its defaults.
//!
//! Every table rejects keys it does not know (naming the key, its line and
//! the keys it accepts, through serde's `deny_unknown_fields`), and
//! [`MonitorConfig::validate`] checks what types cannot: one of `tcp` or
//! `udp` per feed, unique names, parseable addresses, `http(s)` URLs,
//! positive intervals and known list names. Relative paths are taken from
//! the config file's folder, so a service can be started from anywhere.
//! `vigil.example.toml` at the repository root documents every key.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MonitorConfig {
    /// The store.
    #[serde(default = "default_db")]
    pub(crate) db: PathBuf,
    /// Journals of live feeds and other state [default: `<db>.state`].
    pub(crate) state_dir: Option<PathBuf>,
    /// Where the UI and API listen.
    #[serde(default)]
    pub(crate) http: HttpConfig,
    /// The server's own settings (the table `vigil serve --config` reads).
    #[serde(default)]
    pub(crate) server: vigil_server::Config,
    /// Lists refreshed on a schedule.
    #[serde(default)]
    pub(crate) lists: ListsConfig,
    /// AIS feeds and the AIS drop folder.
    #[serde(default)]
    pub(crate) ais: AisConfig,
    /// Document feeds and the document drop folder.
    #[serde(default)]
    pub(crate) docs: DocsConfig,
}

fn default_db() -> PathBuf {
    PathBuf::from("vigil.db")
}

/// `[http]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct HttpConfig {
    /// Serve the UI and API at all.
    pub(crate) enabled: bool,
    /// The address (port 0 picks a free one; the bound one is logged).
    pub(crate) addr: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig { enabled: true, addr: "127.0.0.1:8080".into() }
    }
}

/// `[lists]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ListsConfig {
    /// Seconds between two refreshes of every list.
    pub(crate) refresh_secs: u64,
    /// Connect and read timeout per download, seconds.
    pub(crate) timeout_secs: u64,
    /// The largest file accepted, bytes.
    pub(crate) max_bytes: u64,
    /// The lists, by the name they are stored under.
    pub(crate) sources: BTreeMap<String, ListSourceConfig>,
}

impl Default for ListsConfig {
    fn default() -> Self {
        ListsConfig {
            refresh_secs: 6 * 3600,
            timeout_secs: 60,
            max_bytes: 1 << 30,
            sources: BTreeMap::new(),
        }
    }
}

/// `[lists.sources.NAME]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListSourceConfig {
    /// The files of the list; omitted for a built-in list, its official URLs.
    pub(crate) urls: Option<Vec<String>>,
}

/// `[ais]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AisConfig {
    /// Feed time positions wait before the detectors see them, seconds.
    pub(crate) lag_secs: u64,
    /// Most vessels followed at once per feed.
    pub(crate) max_vessels: usize,
    /// Hours of journal kept per feed (replayed at restart to rebuild the
    /// detectors' state).
    pub(crate) journal_hours: u64,
    /// Lines per store transaction, at most.
    pub(crate) batch_lines: u64,
    /// Milliseconds between commits of a busy or quiet feed, at most.
    pub(crate) commit_ms: u64,
    /// First reconnect wait, milliseconds.
    pub(crate) initial_backoff_ms: u64,
    /// Longest reconnect wait, seconds.
    pub(crate) max_backoff_secs: u64,
    /// Detector thresholds (the TOML `vigil ais events --config` reads).
    pub(crate) detect_config: Option<PathBuf>,
    /// Land polygons (GeoJSON or TopoJSON).
    pub(crate) land: Option<PathBuf>,
    /// More ports (World Port Index CSV or GeoJSON points).
    pub(crate) ports: Vec<PathBuf>,
    /// More zones (GeoJSON polygons).
    pub(crate) zones: Vec<PathBuf>,
    /// Ports whose calls are events.
    pub(crate) watch_ports: Vec<String>,
    /// The live feeds.
    pub(crate) feeds: Vec<AisFeedConfig>,
    /// NMEA files (plain or gzip) dropped here are ingested, then moved to
    /// `done/` inside it.
    pub(crate) folder: Option<PathBuf>,
    /// Seconds between two looks at the folder.
    pub(crate) folder_poll_secs: u64,
}

impl Default for AisConfig {
    fn default() -> Self {
        AisConfig {
            lag_secs: 600,
            max_vessels: 200_000,
            journal_hours: 48,
            batch_lines: 5000,
            commit_ms: 1000,
            initial_backoff_ms: 500,
            max_backoff_secs: 60,
            detect_config: None,
            land: None,
            ports: Vec::new(),
            zones: Vec::new(),
            watch_ports: Vec::new(),
            feeds: Vec::new(),
            folder: None,
            folder_poll_secs: 10,
        }
    }
}

/// `[[ais.feeds]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AisFeedConfig {
    /// A short name: the journal's folder and the evidence prefix.
    pub(crate) name: String,
    /// A TCP server to read (HOST:PORT).
    pub(crate) tcp: Option<String>,
    /// A UDP address to bind (ADDR:PORT).
    pub(crate) udp: Option<String>,
}

/// `[docs]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct DocsConfig {
    /// Seconds between two polls of the feeds.
    pub(crate) poll_secs: u64,
    /// Fetch each new entry's linked page and scan it (otherwise the
    /// entry's own text is scanned).
    pub(crate) fetch_articles: bool,
    /// Connect and read timeout per request, seconds.
    pub(crate) timeout_secs: u64,
    /// The score a name needs to count as a mention.
    pub(crate) threshold: f64,
    /// The RSS or Atom feeds.
    pub(crate) feeds: Vec<DocFeedConfig>,
    /// Articles (text, HTML, feeds) dropped here are scanned, then moved to
    /// `done/` inside it.
    pub(crate) folder: Option<PathBuf>,
    /// Seconds between two looks at the folder.
    pub(crate) folder_poll_secs: u64,
}

impl Default for DocsConfig {
    fn default() -> Self {
        DocsConfig {
            poll_secs: 900,
            fetch_articles: true,
            timeout_secs: 30,
            threshold: vigil_match::DEFAULT_THRESHOLD,
            feeds: Vec::new(),
            folder: None,
            folder_poll_secs: 10,
        }
    }
}

/// `[[docs.feeds]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocFeedConfig {
    /// A short name, for logs and the store's source.
    pub(crate) name: String,
    /// The feed's URL.
    pub(crate) url: String,
}

/// The largest config file read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

impl MonitorConfig {
    /// Reads, parses and validates `path`; relative paths become relative
    /// to its folder.
    pub(crate) fn load(path: &Path) -> anyhow::Result<MonitorConfig> {
        let size = std::fs::metadata(path)
            .with_context(|| format!("{}: cannot read the config", path.display()))?
            .len();
        if size > MAX_CONFIG_BYTES {
            bail!("{}: larger than {MAX_CONFIG_BYTES} bytes", path.display());
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the config", path.display()))?;
        let mut config = MonitorConfig::parse(&text)
            .map_err(|err| anyhow::anyhow!("{}: {err:#}", path.display()))?;
        let base = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        config.resolve_paths(base);
        Ok(config)
    }

    /// Parses and validates the text of a config file.
    pub(crate) fn parse(text: &str) -> anyhow::Result<MonitorConfig> {
        let config: MonitorConfig = toml::from_str(text).map_err(|err| {
            // toml's message names the key and shows the line; one line of
            // context is enough here.
            anyhow::anyhow!("invalid config: {}", err.to_string().trim_end())
        })?;
        config.validate()?;
        Ok(config)
    }

    fn resolve_paths(&mut self, base: &Path) {
        let at = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        at(&mut self.db);
        if let Some(dir) = &mut self.state_dir {
            at(dir);
        }
        for path in [&mut self.ais.detect_config, &mut self.ais.land, &mut self.ais.folder]
            .into_iter()
            .flatten()
        {
            at(path);
        }
        self.ais.ports.iter_mut().chain(self.ais.zones.iter_mut()).for_each(at);
        if let Some(folder) = &mut self.docs.folder {
            at(folder);
        }
    }

    /// The folder of journals and state.
    pub(crate) fn state_dir(&self) -> PathBuf {
        self.state_dir.clone().unwrap_or_else(|| {
            let mut name = self.db.clone().into_os_string();
            name.push(".state");
            PathBuf::from(name)
        })
    }

    /// Checks what the types cannot (see the module documentation).
    pub(crate) fn validate(&self) -> anyhow::Result<()> {
        if self.db.as_os_str().is_empty() {
            bail!("db: empty path");
        }
        if self.http.enabled {
            parse_addr("http.addr", &self.http.addr)?;
        }
        positive("lists.refresh_secs", self.lists.refresh_secs)?;
        positive("lists.timeout_secs", self.lists.timeout_secs)?;
        positive("lists.max_bytes", self.lists.max_bytes)?;
        let builtin = crate::cmd::lists::update::builtin_urls();
        for (name, source) in &self.lists.sources {
            check_name(&format!("lists.sources.{name}"), name)?;
            match &source.urls {
                Some(urls) if urls.is_empty() => {
                    bail!("lists.sources.{name}.urls: give at least one URL")
                }
                Some(urls) => {
                    for url in urls {
                        check_url(&format!("lists.sources.{name}.urls"), url)?;
                    }
                }
                None if !builtin.contains_key(name) => bail!(
                    "lists.sources.{name}: not a built-in list, so it needs urls (built-in: {})",
                    builtin.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
                None => {}
            }
        }
        positive("ais.batch_lines", self.ais.batch_lines)?;
        positive("ais.commit_ms", self.ais.commit_ms)?;
        positive("ais.journal_hours", self.ais.journal_hours)?;
        positive("ais.folder_poll_secs", self.ais.folder_poll_secs)?;
        positive("ais.max_vessels", self.ais.max_vessels as u64)?;
        let mut names = BTreeSet::new();
        for (i, feed) in self.ais.feeds.iter().enumerate() {
            let at = format!("ais.feeds[{i}]");
            check_name(&format!("{at}.name"), &feed.name)?;
            if !names.insert(feed.name.as_str()) {
                bail!("{at}.name: {:?} is used by another feed", feed.name);
            }
            match (&feed.tcp, &feed.udp) {
                (Some(addr), None) => check_host_port(&format!("{at}.tcp"), addr)?,
                (None, Some(addr)) => {
                    parse_addr(&format!("{at}.udp"), addr)?;
                }
                _ => bail!("{at} ({}): give exactly one of tcp or udp", feed.name),
            }
        }
        positive("docs.poll_secs", self.docs.poll_secs)?;
        positive("docs.timeout_secs", self.docs.timeout_secs)?;
        positive("docs.folder_poll_secs", self.docs.folder_poll_secs)?;
        if !(0.0..=1.0).contains(&self.docs.threshold) {
            bail!("docs.threshold: {} is not within 0..1", self.docs.threshold);
        }
        let mut names = BTreeSet::new();
        for (i, feed) in self.docs.feeds.iter().enumerate() {
            let at = format!("docs.feeds[{i}]");
            check_name(&format!("{at}.name"), &feed.name)?;
            if !names.insert(feed.name.as_str()) {
                bail!("{at}.name: {:?} is used by another feed", feed.name);
            }
            check_url(&format!("{at}.url"), &feed.url)?;
        }
        Ok(())
    }
}

fn positive(key: &str, value: u64) -> anyhow::Result<()> {
    if value == 0 {
        bail!("{key}: must be more than 0");
    }
    Ok(())
}

/// Names become folder names and source names: keep them plain.
fn check_name(key: &str, name: &str) -> anyhow::Result<()> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if name.is_empty() || name.len() > 64 || !name.chars().all(plain) || name.starts_with('.') {
        bail!(
            "{key}: {name:?} must be 1-64 letters, digits, '_', '-' or '.', not starting with '.'"
        );
    }
    Ok(())
}

fn check_url(key: &str, url: &str) -> anyhow::Result<()> {
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 2048 {
        bail!("{key}: {url:?} is not an http:// or https:// URL");
    }
    Ok(())
}

fn parse_addr(key: &str, addr: &str) -> anyhow::Result<SocketAddr> {
    addr.parse::<SocketAddr>()
        .map_err(|_| anyhow::anyhow!("{key}: {addr:?} is not an address like 127.0.0.1:8080"))
}

/// A TCP peer: HOST:PORT. The host is resolved at each connection (it may
/// be unknown or down at start-up), so only the form is checked here.
fn check_host_port(key: &str, addr: &str) -> anyhow::Result<()> {
    let valid = match addr.rsplit_once(':') {
        Some((host, port)) => !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0),
        None => false,
    };
    if !valid {
        bail!("{key}: {addr:?} is not HOST:PORT");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        format!("{:#}", MonitorConfig::parse(text).expect_err("an invalid config"))
    }

    #[test]
    fn an_empty_file_is_all_defaults() {
        let config = MonitorConfig::parse("").unwrap();
        assert_eq!(config.db, PathBuf::from("vigil.db"));
        assert_eq!(config.state_dir(), PathBuf::from("vigil.db.state"));
        assert!(config.http.enabled);
        assert_eq!(config.ais.lag_secs, 600);
    }

    #[test]
    fn errors_name_the_key() {
        let cases = [
            ("colour = 1", "colour"),
            ("[ais]\nlag = 5", "lag"),
            ("[[ais.feeds]]\nname = \"a\"\ntcp = \"h:1\"\nport = 5", "port"),
            ("[[ais.feeds]]\nname = \"a\"", "exactly one of tcp or udp"),
            ("[[ais.feeds]]\nname = \"a\"\ntcp = \"nohost\"", "ais.feeds[0].tcp"),
            ("[[ais.feeds]]\nname = \"a\"\nudp = \"h:1\"", "ais.feeds[0].udp"),
            (
                "[[ais.feeds]]\nname = \"a\"\ntcp = \"h:1\"\n[[ais.feeds]]\nname = \"a\"\ntcp = \"h:2\"",
                "used by another feed",
            ),
            ("[[ais.feeds]]\nname = \"../x\"\ntcp = \"h:1\"", "ais.feeds[0].name"),
            ("[http]\naddr = \"localhost\"", "http.addr"),
            ("[lists]\nrefresh_secs = 0", "lists.refresh_secs"),
            ("[lists.sources.mine]\n", "lists.sources.mine: not a built-in list"),
            ("[lists.sources.un_sc]\nurls = []", "at least one URL"),
            ("[lists.sources.x]\nurls = [\"ftp://a\"]", "lists.sources.x.urls"),
            ("[lists.sources.x]\nurl = \"http://a\"", "url"),
            ("[[docs.feeds]]\nname = \"n\"\nurl = \"file:///etc\"", "docs.feeds[0].url"),
            ("[docs]\nthreshold = 2.0", "docs.threshold"),
            ("[server]\nreadz = \"open\"", "readz"),
            ("[ais]\nlag_secs = \"ten\"", "lag_secs"),
        ];
        for (text, expected) in cases {
            let error = error_of(text);
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn a_full_config_parses() {
        let text = r#"
            db = "data/vigil.db"
            [http]
            addr = "0.0.0.0:8080"
            [lists]
            refresh_secs = 3600
            [lists.sources.un_sc]
            [lists.sources.mine]
            urls = ["https://example.org/list.csv"]
            [ais]
            folder = "incoming/ais"
            [[ais.feeds]]
            name = "norway"
            tcp = "153.44.253.27:5631"
            [[ais.feeds]]
            name = "local"
            udp = "0.0.0.0:10110"
            [docs]
            folder = "incoming/docs"
            [[docs.feeds]]
            name = "news"
            url = "https://example.org/feed.xml"
        "#;
        let mut config = MonitorConfig::parse(text).unwrap();
        config.resolve_paths(Path::new("/etc/vigil"));
        assert_eq!(config.db, PathBuf::from("/etc/vigil/data/vigil.db"));
        assert_eq!(config.ais.folder, Some(PathBuf::from("/etc/vigil/incoming/ais")));
        assert_eq!(config.ais.feeds.len(), 2);
        assert_eq!(config.lists.sources.len(), 2);
    }

    #[test]
    fn the_example_in_the_repository_is_valid() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vigil.example.toml");
        let text = std::fs::read_to_string(path).expect("vigil.example.toml");
        MonitorConfig::parse(&text).expect("the example parses");
    }
}
