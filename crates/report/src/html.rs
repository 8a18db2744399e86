//! The HTML page: one file with its CSS inline, maps as inline SVG, and no
//! script or external reference. Every link is to an anchor in the page;
//! sources (paths, URLs) are printed as text, never linked, so the page
//! makes no request when it is opened.

use std::fmt::Write as _;
use std::io::Write;

use crate::build::vessel_label;
use crate::model::*;
use crate::Result;

const STYLE: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d232a;max-width:1060px;margin:0 auto;padding:16px 24px 64px}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid #1d232a;padding-bottom:3px}
h3{font-size:15px;margin:18px 0 6px}nav a{margin-right:12px}a{color:#1f5fa8}
table{border-collapse:collapse;margin:6px 0 12px;width:100%}th,td{border-bottom:1px solid #d5d9de;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.finding{border-left:4px solid #b8c2cc;padding:4px 10px;margin:10px 0}.finding.hot{border-left-color:#c0392b}
.meta{color:#5b6670;font-size:12.5px}.sev-critical{color:#a01818;font-weight:700}.sev-high{color:#c0392b;font-weight:600}
.note{font-size:11px;fill:#5b6670;color:#5b6670}.legend{font-size:11px;font-weight:600}.port{font-size:11px;font-weight:600}
svg.map{border:1px solid #c8ced4;max-width:100%;height:auto;display:block;margin:6px 0}
blockquote{margin:4px 0 4px 8px;padding-left:8px;border-left:3px solid #d5d9de;color:#38424c}
code,.src{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
details summary{cursor:pointer;color:#1f5fa8}
@media print{nav{display:none}.finding{break-inside:avoid}}
";

/// `&`, `<`, `>`, `"` and `'` as entities, for text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

pub(crate) fn write(report: &Report, out: &mut impl Write) -> Result<()> {
    let mut page = String::with_capacity(64 * 1024);
    head(report, &mut page);
    summary(report, &mut page);
    maritime(report, &mut page);
    findings_section(
        report,
        &mut page,
        "encounters",
        "Ship-to-ship encounters",
        "Two vessels close together at low speed, away from ports and anchorages, for longer than the thresholds (see Method).",
        &report.encounters,
    );
    page.push_str("<h2 id=\"dark-and-identity\">Vessels that went dark, and identity fraud</h2>");
    findings_section(
        report,
        &mut page,
        "dark",
        "Gone dark (AIS gaps)",
        "AIS silences longer than the gap threshold; the dashed line joins where a vessel went silent and where it reappeared.",
        &report.dark,
    );
    findings_section(
        report,
        &mut page,
        "identity",
        "Identity fraud",
        "One MMSI in two places at once, invalid identifiers, and changes of name or call sign under one IMO number, with the identities each vessel transmitted.",
        &report.identity,
    );
    media(report, &mut page);
    list_changes(report, &mut page);
    method(report, &mut page);
    evidence(report, &mut page);
    page.push_str("</body></html>\n");
    out.write_all(page.as_bytes())?;
    Ok(())
}

fn head(report: &Report, page: &mut String) {
    let period = &report.period;
    let _ = write!(
        page,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>vigil report {from} to {to}</title><style>{STYLE}</style></head><body>\
         <h1>Sanctions monitoring report, {from} to {to}</h1>\
         <p class=\"meta\">Made by vigil on {generated} from the store's lists, AIS events and documents. \
         Every claim links to its evidence at the end of the report. Times are UTC.</p>\
         <nav><a href=\"#summary\">Summary</a><a href=\"#maritime\">Listed vessels &amp; DPRK ports</a>\
         <a href=\"#encounters\">Encounters</a><a href=\"#dark-and-identity\">Dark &amp; identity</a>\
         <a href=\"#media\">Open sources</a><a href=\"#list-changes\">List changes</a>\
         <a href=\"#method\">Method</a><a href=\"#evidence\">Evidence</a></nav>",
        from = escape(&period.from),
        to = escape(&period.to),
        generated = escape(&report.generated_at),
    );
}

fn summary(report: &Report, page: &mut String) {
    let s = &report.summary;
    let c = &s.counts;
    page.push_str(
        "<h2 id=\"summary\">Summary</h2><table><tr><th>Finding</th><th>In the period</th></tr>",
    );
    let rows: [(&str, u64, &str); 10] = [
        ("Maritime events of every kind", c.events, "#maritime"),
        ("Events involving a listed vessel or the DPRK", c.listed_or_dprk, "#maritime"),
        ("Listed vessels with events", c.listed_vessels, "#listed-vessels"),
        (
            "Port calls, zone entries and other events of listed vessels or in the DPRK",
            c.maritime,
            "#maritime",
        ),
        ("Ship-to-ship encounters", c.encounters, "#encounters"),
        ("Vessels gone dark (AIS gaps)", c.dark, "#dark"),
        ("Identity anomalies", c.identity, "#identity"),
        ("Documents dated in the period", c.documents, "#media"),
        ("Indicator claims in them", c.indicator_claims, "#media"),
        ("List versions published", c.list_changes, "#list-changes"),
    ];
    for (label, count, href) in rows {
        let _ = write!(page, "<tr><td><a href=\"{href}\">{label}</a></td><td class=\"n\" data-count=\"{}\">{count}</td></tr>", &href[1..]);
    }
    let _ = write!(
        page,
        "<tr><td>Alerts observed in the period</td><td class=\"n\">{}</td></tr></table>",
        c.alerts
    );
    if !s.alerts.is_empty() {
        page.push_str("<h3>Alerts by stream, severity and status</h3><table><tr><th>Stream</th><th>Severity</th><th>Status</th><th>Alerts</th></tr>");
        for a in &s.alerts {
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"sev-{}\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                escape(&a.stream),
                escape(&a.severity),
                escape(&a.severity),
                escape(&a.status),
                a.count
            );
        }
        page.push_str("</table>");
    }
    page.push_str("<h3>Lists in force</h3>");
    if s.lists.is_empty() {
        page.push_str("<p>No list is stored.</p>");
    } else {
        page.push_str("<table><tr><th>List version</th><th>Entities</th><th>Imported</th><th>Source files</th></tr>");
        for v in &s.lists {
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"src\">{}</td></tr>",
                escape(&v.label),
                v.entity_count,
                escape(&v.imported_at),
                escape(&v.sources.join(", "))
            );
        }
        page.push_str("</table>");
    }
    page.push_str("<h3>Data sources</h3>");
    if s.sources.is_empty() {
        page.push_str("<p>No AIS, event, document or screening file has been ingested.</p>");
    } else {
        page.push_str("<table><tr><th>Kind</th><th>File</th><th>Records</th><th>SHA-256</th></tr>");
        for src in &s.sources {
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"src\">{}{}</td><td class=\"n\">{}</td><td class=\"src\">{}</td></tr>",
                escape(&src.kind),
                escape(&src.path),
                if src.finished { "" } else { " (partly ingested)" },
                src.records,
                escape(src.content_sha256.get(..16).unwrap_or(&src.content_sha256))
            );
        }
        page.push_str("</table>");
    }
    let land = match &s.land {
        Some(path) => format!("Coastlines: Natural Earth land polygons from <span class=\"src\">{}</span>.", escape(path)),
        None => "Maps are drawn without coastlines: no land polygons were found (set VIGIL_LAND, or run npm ci in tools/geo).".to_string(),
    };
    let _ = write!(page, "<p class=\"meta\">{land}</p>");
}

fn maritime(report: &Report, page: &mut String) {
    let section = &report.maritime;
    page.push_str(
        "<h2 id=\"maritime\">Maritime activity involving listed vessels or DPRK ports</h2>",
    );
    page.push_str("<h3 id=\"listed-vessels\">Listed vessels active in the period</h3>");
    if section.listed_vessels.is_empty() {
        page.push_str("<p>No listed vessel has an event in the period.</p>");
    } else {
        page.push_str("<table><tr><th>Vessel</th><th>Listed as</th><th>Events</th></tr>");
        for v in &section.listed_vessels {
            let listed: Vec<String> = v
                .listed
                .iter()
                .map(|l| {
                    format!(
                        "{} <span class=\"meta\">{} {}</span>",
                        escape(&l.caption),
                        escape(&l.list),
                        escape(&l.entity_id)
                    )
                })
                .collect();
            let links: Vec<String> = v
                .findings
                .iter()
                .map(|a| format!("<a href=\"#{}\">{}</a>", escape(a), escape(a)))
                .collect();
            let _ = write!(
                page,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&vessel_label(&v.vessel)),
                listed.join("<br>"),
                if links.is_empty() {
                    "(not shown: beyond the section limits)".to_string()
                } else {
                    links.join(" ")
                }
            );
        }
        page.push_str("</table>");
    }
    findings_body(report, page, "maritime", "Port calls at watched (DPRK) ports, entries into DPRK waters, and any other event of a listed vessel or in the DPRK.", &section.events, true);
}

fn findings_section(
    report: &Report,
    page: &mut String,
    anchor: &str,
    title: &str,
    intro: &str,
    section: &Section<Finding>,
) {
    let _ = write!(page, "<h2 id=\"{anchor}\">{}</h2>", escape(title));
    findings_body(report, page, anchor, intro, section, false);
}

fn findings_body(
    report: &Report,
    page: &mut String,
    anchor: &str,
    intro: &str,
    section: &Section<Finding>,
    subheading: bool,
) {
    if subheading {
        page.push_str("<h3>Events</h3>");
    }
    let _ = write!(page, "<p>{} <b>{}</b> in the period.</p>", escape(intro), section.total);
    if let Some(note) = &section.note {
        let _ = write!(page, "<p class=\"meta\">{}</p>", escape(note));
    }
    if let Some(svg) = report.map(anchor) {
        let _ = write!(page, "<details open><summary>Overview map (click a point for its finding)</summary>{svg}</details>");
    }
    for finding in &section.items {
        finding_html(report, page, finding);
    }
}

fn finding_html(report: &Report, page: &mut String, f: &Finding) {
    let hot = !f.listed.is_empty() || f.dprk;
    let _ = write!(
        page,
        "<div class=\"finding{}\" id=\"{}\"><p>{} <a href=\"#{}\">[evidence]</a></p>",
        if hot { " hot" } else { "" },
        escape(&f.anchor),
        escape(&f.summary),
        escape(&f.evidence)
    );
    let mut meta = vec![format!("event {}", f.event_id)];
    if let Some((lat, lon)) = f.lat.zip(f.lon) {
        meta.push(format!("at {lat:.4}, {lon:.4}"));
    }
    if f.dprk {
        meta.push("in a DPRK port or zone".into());
    }
    for alert in &f.alerts {
        meta.push(format!(
            "alert {} <span class=\"sev-{}\">{}</span> ({})",
            alert.id,
            escape(&alert.severity),
            escape(&alert.severity),
            escape(&alert.status)
        ));
    }
    if report.method.thresholds.iter().any(|t| t.detector == f.kind) {
        meta.push(format!("<a href=\"#method-{}\">thresholds</a>", escape(&f.kind)));
    }
    let _ = write!(page, "<p class=\"meta\">{}</p>", meta.join(" · "));
    if !f.identities.is_empty() {
        page.push_str("<table><tr><th>MMSI</th><th>Name</th><th>IMO</th><th>Call sign</th><th>First seen</th><th>Last seen</th><th>Source</th></tr>");
        for id in &f.identities {
            let _ = write!(
                page,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"src\">{}</td></tr>",
                id.mmsi,
                escape(id.name.as_deref().unwrap_or("")),
                escape(id.imo.as_deref().unwrap_or("")),
                escape(id.callsign.as_deref().unwrap_or("")),
                escape(&id.first_seen),
                escape(&id.last_seen),
                escape(id.src.as_deref().unwrap_or(""))
            );
        }
        page.push_str("</table>");
    }
    if let Some(svg) = report.map(&f.anchor) {
        page.push_str(svg);
    }
    page.push_str("</div>");
}

fn media(report: &Report, page: &mut String) {
    let m = &report.media;
    let _ = write!(
        page,
        "<h2 id=\"media\">Open-source reporting by indicator</h2><p><b>{}</b> documents dated in the period; {} with no indicator.</p>",
        m.documents, m.documents_without_indicators
    );
    if let Some(note) = &m.note {
        let _ = write!(page, "<p class=\"meta\">{}</p>", escape(note));
    }
    if m.indicators.is_empty() {
        page.push_str("<p>No indicator was found in the period's documents.</p>");
        return;
    }
    page.push_str("<table><tr><th>Indicator</th><th>Claims</th><th>Asserted</th><th>Alleged or reported</th><th>Denied</th></tr>");
    for group in &m.indicators {
        let count = |stances: &[&str]| {
            group.claims.iter().filter(|c| stances.contains(&c.stance.as_str())).count()
        };
        let _ = write!(
            page,
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&group.anchor),
            escape(&group.category.replace('_', " ")),
            group.claims.len(),
            count(&["asserted"]),
            count(&["alleged", "reported"]),
            count(&["denied"])
        );
    }
    page.push_str("</table>");
    for group in &m.indicators {
        let _ = write!(
            page,
            "<h3 id=\"{}\">{}</h3>",
            escape(&group.anchor),
            escape(&group.category.replace('_', " "))
        );
        for claim in &group.claims {
            let title = claim.title.as_deref().filter(|t| !t.is_empty()).unwrap_or(&claim.source);
            let named: Vec<String> = claim
                .mentions
                .iter()
                .map(|l| format!("{} ({})", escape(&l.caption), escape(&l.list)))
                .collect();
            let _ = write!(
                page,
                "<div class=\"finding{}\" id=\"{}\"><p>{}: “{}” ({}), {}{}. <a href=\"#{}\">[evidence]</a></p>",
                if claim.stance != "denied" && !claim.mentions.is_empty() { " hot" } else { "" },
                escape(&claim.anchor),
                escape(claim.date.get(..10).unwrap_or(&claim.date)),
                escape(title),
                escape(&claim.stance),
                if named.is_empty() { "naming no listed entity".to_string() } else { format!("naming {}", named.join(", ")) },
                claim.claimed_by.as_deref().map(|who| format!(", claimed by {}", escape(who))).unwrap_or_default(),
                escape(&claim.evidence)
            );
            if let Some(quote) = &claim.quote {
                let _ = write!(page, "<blockquote>{}</blockquote>", escape(quote));
            }
            let mut meta = vec![
                format!("trigger: {}", escape(&claim.trigger)),
                format!("source: <span class=\"src\">{}</span>", escape(&claim.source)),
            ];
            for alert in &claim.alerts {
                meta.push(format!(
                    "alert {} <span class=\"sev-{}\">{}</span> ({})",
                    alert.id,
                    escape(&alert.severity),
                    escape(&alert.severity),
                    escape(&alert.status)
                ));
            }
            let _ = write!(page, "<p class=\"meta\">{}</p></div>", meta.join(" · "));
        }
    }
}

fn list_changes(report: &Report, page: &mut String) {
    let section = &report.list_changes;
    let _ = write!(
        page,
        "<h2 id=\"list-changes\">List changes in the period</h2><p><b>{}</b> list versions published in the period (by their version date, or import time when the version is not a date), each compared with the version stored before it.</p>",
        section.total
    );
    if let Some(note) = &section.note {
        let _ = write!(page, "<p class=\"meta\">{}</p>", escape(note));
    }
    for change in &section.items {
        let from = change
            .from
            .as_ref()
            .map(|v| escape(&v.label))
            .unwrap_or_else(|| "(no earlier version stored)".into());
        let _ = write!(
            page,
            "<div class=\"finding\" id=\"{}\"><p><b>{}</b>: {} → {}: {} added, {} removed, {} changed. <a href=\"#{}\">[evidence]</a></p>",
            escape(&change.anchor),
            escape(&change.list),
            from,
            escape(&change.to.label),
            change.n_added,
            change.n_removed,
            change.n_changed,
            escape(&change.evidence)
        );
        if change.from.is_none() {
            let _ = write!(page, "<p class=\"meta\">The first version stored, with {} entities; nothing to compare it with.</p>", change.to.entity_count);
        }
        for (label, entities, n) in [
            ("Added", &change.added, change.n_added),
            ("Removed", &change.removed, change.n_removed),
            ("Changed", &change.changed, change.n_changed),
        ] {
            if entities.is_empty() {
                continue;
            }
            let _ = write!(
                page,
                "<h3>{label}</h3><table><tr><th>Entity</th><th>Schema</th><th>ID</th></tr>"
            );
            for e in entities {
                let _ = write!(
                    page,
                    "<tr><td>{}</td><td>{}</td><td class=\"src\">{}</td></tr>",
                    escape(&e.caption),
                    escape(&e.schema),
                    escape(&e.entity_id)
                );
            }
            page.push_str("</table>");
            if (entities.len() as u64) < n {
                let _ = write!(page, "<p class=\"meta\">{} of {n} shown.</p>", entities.len());
            }
        }
        if !change.alerts.is_empty() {
            let ids: Vec<String> = change.alerts.iter().map(i64::to_string).collect();
            let _ = write!(
                page,
                "<p class=\"meta\">Re-screening after this version raised alerts {}.</p>",
                ids.join(", ")
            );
        }
        page.push_str("</div>");
    }
}

fn method(report: &Report, page: &mut String) {
    let m = &report.method;
    let _ = write!(
        page,
        "<h2 id=\"method\">Method</h2><p>{}</p><p class=\"meta\">Configuration: {}.{}</p><h3>Rules</h3><ul>",
        escape(&m.config_note),
        escape(&m.config_source),
        if m.disabled.is_empty() { String::new() } else { format!(" Detectors switched off: {}.", escape(&m.disabled.join(", "))) }
    );
    for rule in &m.rules {
        let _ = write!(page, "<li>{}</li>", escape(rule));
    }
    page.push_str("</ul><h3>Detector thresholds</h3><table><tr><th>Setting</th><th>Value</th><th>Meaning</th></tr>");
    let mut previous_detector = "";
    for t in &m.thresholds {
        // The first row of each detector is the target of the findings'
        // "thresholds" links.
        let id = if t.detector != previous_detector {
            format!(" id=\"method-{}\"", escape(&t.detector))
        } else {
            String::new()
        };
        previous_detector = &t.detector;
        let _ = write!(
            page,
            "<tr{id}><td class=\"src\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&t.name),
            escape(&t.value),
            escape(&t.meaning)
        );
    }
    page.push_str(
        "</table><h3>Limits of this report</h3><table><tr><th>Limit</th><th>Value</th></tr>",
    );
    for (name, value) in &m.limits {
        let _ = write!(
            page,
            "<tr><td class=\"src\">{}</td><td class=\"n\">{value}</td></tr>",
            escape(name)
        );
    }
    page.push_str("</table>");
}

fn evidence(report: &Report, page: &mut String) {
    page.push_str("<h2 id=\"evidence\">Evidence</h2><p>Each entry names the bytes a claim rests on: the file and line (or byte offsets), the list versions it was judged against, and the alerts it is evidence of. Sources are printed as text; nothing here is fetched.</p>");
    page.push_str("<table><tr><th>Ref</th><th>Claim</th><th>Source</th><th>List versions</th><th>Alerts</th></tr>");
    for item in &report.evidence {
        let mut source = format!("<span class=\"src\">{}", escape(&item.source_file));
        if let Some(line) = item.line {
            let _ = write!(source, ":{line}");
        }
        if let Some([start, end]) = item.offsets {
            let _ = write!(source, " bytes {start}–{end}");
        }
        source.push_str("</span>");
        if let Some(from) = &item.ingested_from {
            let _ = write!(
                source,
                "<br><span class=\"meta\">ingested from</span> <span class=\"src\">{}</span>",
                escape(from)
            );
        }
        if !item.refs.is_empty() {
            let refs: Vec<String> = item.refs.iter().map(|r| escape(r)).collect();
            let label = if item.kind == "list_version" { "previous version" } else { "also" };
            let _ = write!(
                source,
                "<br><span class=\"meta\">{label}</span> <span class=\"src\">{}</span>",
                refs.join(", ")
            );
        }
        let alerts: Vec<String> = item.alert_ids.iter().map(i64::to_string).collect();
        let _ = write!(
            page,
            "<tr id=\"{}\"><td>{}</td><td><a href=\"#{}\">{}</a></td><td>{source}</td><td>{}</td><td>{}</td></tr>",
            escape(&item.id),
            escape(&item.id),
            escape(&item.claim),
            escape(&item.claim),
            escape(&item.list_versions.join(", ")),
            alerts.join(", ")
        );
    }
    page.push_str("</table>");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
