//! A streaming XML record reader shared by the UN and EU parsers.
//!
//! Official XML lists are a root element holding thousands of small records.
//! The reader streams the file with quick-xml and builds a tiny tree for one
//! record at a time, so memory stays bounded by the largest record, and a
//! record with a bad entity or attribute is reported on its own while the
//! rest of the file is read. Broken structure (mismatched or missing end
//! tags, a truncated file) stops the whole file: after it, no record boundary
//! can be trusted.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::util::{decode_utf8, Ctx, LineCounter};
use crate::{ListError, MAX_RECORD_BYTES};

/// Elements nested deeper than this inside a record are refused; official
/// lists nest three levels.
const MAX_DEPTH: usize = 32;

/// One element of a record: its local name, attributes, text and children.
#[derive(Debug, Default, Clone)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    /// The attribute's value, if present.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The attribute's trimmed value, if present and not blank.
    pub(crate) fn attr_text(&self, name: &str) -> Option<&str> {
        self.attr(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// Every child with this name.
    pub(crate) fn all(&self, name: &'static str) -> impl Iterator<Item = &Node> + '_ {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child with this name, if not blank.
    pub(crate) fn child_text(&self, name: &'static str) -> Option<&str> {
        self.all(name).map(|c| c.text.trim()).find(|t| !t.is_empty())
    }
}

/// What the reader found around the records.
pub(crate) struct XmlFile {
    /// The root element (attributes only).
    pub root: Node,
}

impl XmlFile {
    /// Refuses a file whose root element is not `expected`: a well-formed
    /// XML file of another kind must not be read as an empty list.
    pub(crate) fn expect_root(&self, ctx: &Ctx, expected: &str) -> Result<(), ListError> {
        if self.root.name == expected {
            return Ok(());
        }
        Err(ListError::Malformed {
            path: ctx.path.clone(),
            message: format!("root element is <{}>, not <{expected}>", self.root.name),
        })
    }

    /// The date in a root attribute (`dateGenerated`, `generationDate`), as
    /// the list version.
    pub(crate) fn root_date(&self, attribute: &str) -> Option<String> {
        self.root
            .attr_text(attribute)
            .and_then(vigil_model::PartialDate::parse_iso)
            .map(|date| date.to_string())
    }
}

/// Turns the records of an XML list into entities: each record is converted
/// by `convert`; a record that fails, or whose entity ID repeats an earlier
/// one ("duplicate {id_label} …"), becomes a `RecordError` at its line, named
/// by `record_id`. Errors end up sorted by line.
pub(crate) fn records_to_entities(
    ctx: &mut Ctx,
    records: Vec<(Node, u64)>,
    version: &str,
    id_label: &str,
    record_id: impl Fn(&Node) -> Option<&str>,
    convert: impl Fn(&Node, &str) -> Result<vigil_model::Entity, String>,
) -> Vec<vigil_model::Entity> {
    let mut entities = Vec::with_capacity(records.len());
    let mut seen = std::collections::HashSet::new();
    for (node, line) in records {
        match convert(&node, version) {
            Ok(entity) if seen.insert(entity.id.clone()) => entities.push(entity),
            Ok(entity) => {
                let message = format!("duplicate {id_label} {}", entity.provenance.record_id);
                ctx.error(Some(line), record_id(&node), message);
            }
            Err(message) => ctx.error(Some(line), record_id(&node), message),
        }
    }
    ctx.errors.sort_by_key(|e| e.line);
    entities
}

/// Streams `bytes`, calling `on_record` for every complete, clean element
/// whose local name `is_record` accepts (and that is not inside another
/// record), with the line it starts on.
pub(crate) fn read_records(
    ctx: &mut Ctx,
    bytes: &[u8],
    is_record: impl Fn(&str) -> bool,
    mut on_record: impl FnMut(&mut Ctx, Node, u64),
) -> Result<XmlFile, ListError> {
    let text = decode_utf8(&ctx.path, bytes)?;
    // decode_utf8 may strip a byte-order mark; offsets are relative to `text`.
    let base = text.as_bytes();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut lines = LineCounter::default();
    let mut root: Option<Node> = None;
    let mut open: Vec<String> = Vec::new();
    // The record being built: its node stack, start offset, line and problems.
    let mut stack: Vec<Node> = Vec::new();
    let mut record_depth = 0usize;
    let mut record_start = 0usize;
    let mut record_line = 0u64;
    let mut problems: Vec<String> = Vec::new();

    let path = ctx.path.clone();
    let malformed = |reader: &Reader<&[u8]>, lines: &mut LineCounter, message: String| {
        let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
        let line = lines.line_at(base, offset);
        ListError::Malformed {
            path: path.clone(),
            message: format!("malformed XML at byte {offset} (line {line}): {message}"),
        }
    };

    loop {
        let position = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => return Err(malformed(&reader, &mut lines, err.to_string())),
        };
        match event {
            Event::Start(start) if record_depth == 0 => {
                let name = local_name(&start);
                if root.is_none() {
                    let mut node = Node { name: name.clone(), ..Node::default() };
                    read_attrs(&start, &mut node, &mut problems);
                    problems.clear();
                    root = Some(node);
                } else if is_record(&name) {
                    record_start = position;
                    record_line = lines.line_at(base, position);
                    problems.clear();
                    let mut node = Node { name: name.clone(), ..Node::default() };
                    read_attrs(&start, &mut node, &mut problems);
                    stack.push(node);
                    record_depth = 1;
                }
                if record_depth == 0 {
                    open.push(name);
                }
            }
            Event::Empty(start) if record_depth == 0 => {
                let name = local_name(&start);
                let mut node = Node { name: name.clone(), ..Node::default() };
                read_attrs(&start, &mut node, &mut problems);
                if root.is_none() {
                    problems.clear();
                    root = Some(node);
                } else if is_record(&name) {
                    let line = lines.line_at(base, position);
                    finish(ctx, node, line, 0, &mut problems, &mut on_record);
                }
                problems.clear();
            }
            Event::Start(start) => {
                record_depth += 1;
                if record_depth <= MAX_DEPTH {
                    let mut node = Node { name: local_name(&start), ..Node::default() };
                    read_attrs(&start, &mut node, &mut problems);
                    stack.push(node);
                } else if record_depth == MAX_DEPTH + 1 {
                    problems.push(format!("elements nested deeper than {MAX_DEPTH} levels"));
                }
            }
            Event::Empty(start) if record_depth < MAX_DEPTH => {
                let mut node = Node { name: local_name(&start), ..Node::default() };
                read_attrs(&start, &mut node, &mut problems);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::Text(text) if record_depth > 0 => match text.unescape() {
                Ok(value) => push_text(&mut stack, record_depth, &value),
                Err(err) => problems.push(format!("bad text: {err}")),
            },
            Event::CData(data) if record_depth > 0 => {
                push_text(&mut stack, record_depth, &String::from_utf8_lossy(&data));
            }
            Event::End(_) if record_depth > 0 => {
                if record_depth <= MAX_DEPTH {
                    if let Some(node) = stack.pop() {
                        match stack.last_mut() {
                            Some(parent) => parent.children.push(node),
                            None => {
                                let end = usize::try_from(reader.buffer_position()).unwrap_or(0);
                                finish(
                                    ctx,
                                    node,
                                    record_line,
                                    end.saturating_sub(record_start),
                                    &mut problems,
                                    &mut on_record,
                                );
                            }
                        }
                    }
                }
                record_depth -= 1;
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => {
                if let Some(name) =
                    stack.first().map(|n| n.name.clone()).or_else(|| open.last().cloned())
                {
                    let line = lines.line_at(base, base.len());
                    return Err(ListError::Malformed {
                        path: ctx.path.clone(),
                        message: format!(
                            "truncated XML: end of file at byte {} (line {line}) inside <{name}>",
                            base.len()
                        ),
                    });
                }
                break;
            }
            _ => {}
        }
    }
    match root {
        Some(root) => Ok(XmlFile { root }),
        None => Err(ListError::Malformed {
            path: ctx.path.clone(),
            message: "no XML root element".to_string(),
        }),
    }
}

fn finish(
    ctx: &mut Ctx,
    node: Node,
    line: u64,
    len: usize,
    problems: &mut Vec<String>,
    on_record: &mut impl FnMut(&mut Ctx, Node, u64),
) {
    if len > MAX_RECORD_BYTES {
        problems.push(format!("record longer than {MAX_RECORD_BYTES} bytes"));
    }
    if problems.is_empty() {
        on_record(ctx, node, line);
    } else {
        let message = problems.join("; ");
        problems.clear();
        ctx.error(Some(line), Some(&format!("<{}>", node.name)), message);
    }
}

fn push_text(stack: &mut [Node], depth: usize, text: &str) {
    if depth <= MAX_DEPTH {
        if let Some(node) = stack.last_mut() {
            if node.text.len() + text.len() <= MAX_RECORD_BYTES {
                node.text.push_str(text);
            }
        }
    }
}

fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn read_attrs(start: &BytesStart<'_>, node: &mut Node, problems: &mut Vec<String>) {
    for attr in start.attributes() {
        match attr {
            Ok(attr) => {
                let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
                let value = attr.unescape_value().unwrap_or_else(|_| {
                    problems.push(format!("bad value of attribute {key}"));
                    Cow::Borrowed("")
                });
                node.attrs.push((key, value.into_owned()));
            }
            Err(err) => problems.push(format!("bad attribute: {err}")),
        }
    }
}
