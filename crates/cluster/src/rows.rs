//! Arrow record batches to and from the kernels' row types: positions
//! ([`TrackPoint`]), static reports ([`StaticReport`]) and events
//! ([`Event`]). The kernels never see Arrow; these functions are the seam.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float32Array, Float32Builder, Float64Array, Int64Array, RecordBatch,
    StringArray, StringBuilder, TimestampMillisecondArray, UInt16Array, UInt16Builder, UInt32Array,
    UInt32Builder, UInt64Array, UInt8Array, UInt8Builder,
};
use datafusion::arrow::datatypes::{
    DataType, Field, Float32Type, Float64Type, Schema, SchemaRef, TimestampMillisecondType,
    UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use datafusion::error::{DataFusionError, Result};
use serde_json::{Map, Value};
use vigil_ais::detect::{Event, EventKind, SrcRef, StaticReport, TrackPoint};
use vigil_ais::{Dimensions, StaticFields, Timestamp};

use crate::schema::{positions_schema, statics_schema};

/// One position as `vigil ais convert` writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PositionRow {
    /// The position (its `segment` is not stored).
    pub point: TrackPoint,
    /// The AIS message type.
    pub msg_type: u8,
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef> {
    batch
        .column_by_name(name)
        .ok_or_else(|| DataFusionError::Execution(format!("column `{name}` is missing")))
}

fn prim<'a, T: datafusion::arrow::datatypes::ArrowPrimitiveType>(
    batch: &'a RecordBatch,
    name: &str,
) -> Result<&'a datafusion::arrow::array::PrimitiveArray<T>> {
    column(batch, name)?.as_primitive_opt::<T>().ok_or_else(|| {
        DataFusionError::Execution(format!(
            "column `{name}` is {}, expected {}",
            column(batch, name).map(|c| c.data_type().to_string()).unwrap_or_default(),
            T::DATA_TYPE
        ))
    })
}

/// Positions as a record batch of [`positions_schema`].
pub fn positions_batch(rows: &[PositionRow]) -> Result<RecordBatch> {
    let p = |f: fn(&PositionRow) -> f64| Float64Array::from_iter_values(rows.iter().map(f));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.point.mmsi))),
        Arc::new(
            TimestampMillisecondArray::from_iter_values(rows.iter().map(|r| r.point.ts.0))
                .with_timezone("UTC"),
        ),
        Arc::new(p(|r| r.point.lat)),
        Arc::new(p(|r| r.point.lon)),
        Arc::new(rows.iter().map(|r| r.point.speed).collect::<Float32Array>()),
        Arc::new(rows.iter().map(|r| r.point.course).collect::<Float32Array>()),
        Arc::new(rows.iter().map(|r| r.point.heading).collect::<UInt16Array>()),
        Arc::new(UInt8Array::from_iter_values(rows.iter().map(|r| r.msg_type))),
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.point.src.file))),
        Arc::new(UInt64Array::from_iter_values(rows.iter().map(|r| r.point.src.line))),
    ];
    Ok(RecordBatch::try_new(positions_schema(), columns)?)
}

/// Static reports as a record batch of [`statics_schema`].
pub fn statics_batch(rows: &[StaticReport]) -> Result<RecordBatch> {
    let mut name = StringBuilder::new();
    let mut callsign = StringBuilder::new();
    let mut destination = StringBuilder::new();
    let mut imo = UInt32Builder::new();
    let mut shiptype = UInt8Builder::new();
    let (mut to_bow, mut to_stern) = (UInt16Builder::new(), UInt16Builder::new());
    let (mut to_port, mut to_starboard) = (UInt8Builder::new(), UInt8Builder::new());
    let mut draught = Float32Builder::new();
    for r in rows {
        let f = &r.fields;
        name.append_option(f.name.as_deref());
        callsign.append_option(f.callsign.as_deref());
        destination.append_option(f.destination.as_deref());
        imo.append_option(f.imo);
        shiptype.append_option(f.shiptype);
        to_bow.append_option(f.dims.map(|d| d.to_bow));
        to_stern.append_option(f.dims.map(|d| d.to_stern));
        to_port.append_option(f.dims.map(|d| d.to_port));
        to_starboard.append_option(f.dims.map(|d| d.to_starboard));
        draught.append_option(f.draught);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.mmsi))),
        Arc::new(
            rows.iter()
                .map(|r| r.ts.map(|t| t.0))
                .collect::<TimestampMillisecondArray>()
                .with_timezone("UTC"),
        ),
        Arc::new(name.finish()),
        Arc::new(callsign.finish()),
        Arc::new(imo.finish()),
        Arc::new(shiptype.finish()),
        Arc::new(to_bow.finish()),
        Arc::new(to_stern.finish()),
        Arc::new(to_port.finish()),
        Arc::new(to_starboard.finish()),
        Arc::new(draught.finish()),
        Arc::new(destination.finish()),
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.src.file))),
        Arc::new(UInt64Array::from_iter_values(rows.iter().map(|r| r.src.line))),
    ];
    Ok(RecordBatch::try_new(statics_schema(), columns)?)
}

/// The positions of a batch with [`positions_schema`]'s columns (and
/// `segment`, uint32, when `with_segment`), appended to `out` with their
/// message type.
pub fn read_positions(
    batch: &RecordBatch,
    with_segment: bool,
    out: &mut Vec<PositionRow>,
) -> Result<()> {
    let mmsi = prim::<UInt32Type>(batch, "mmsi")?;
    let ts = prim::<TimestampMillisecondType>(batch, "ts")?;
    let lat = prim::<Float64Type>(batch, "lat")?;
    let lon = prim::<Float64Type>(batch, "lon")?;
    let speed = prim::<Float32Type>(batch, "speed")?;
    let course = prim::<Float32Type>(batch, "course")?;
    let heading = prim::<UInt16Type>(batch, "heading")?;
    let msg_type = prim::<UInt8Type>(batch, "msg_type")?;
    let file = prim::<UInt32Type>(batch, "file")?;
    let line = prim::<UInt64Type>(batch, "line")?;
    let segment = if with_segment { Some(prim::<UInt32Type>(batch, "segment")?) } else { None };
    let opt = |a: &Float32Array, i: usize| a.is_valid(i).then(|| a.value(i));
    for i in 0..batch.num_rows() {
        out.push(PositionRow {
            point: TrackPoint {
                mmsi: mmsi.value(i),
                ts: Timestamp(ts.value(i)),
                lat: lat.value(i),
                lon: lon.value(i),
                speed: opt(speed, i),
                course: opt(course, i),
                heading: heading.is_valid(i).then(|| heading.value(i)),
                segment: segment.and_then(|s| s.is_valid(i).then(|| s.value(i))),
                src: SrcRef { file: file.value(i), line: line.value(i) },
            },
            msg_type: msg_type.value(i),
        });
    }
    Ok(())
}

/// The static reports of a batch with [`statics_schema`]'s columns.
pub fn read_statics(batch: &RecordBatch, out: &mut Vec<StaticReport>) -> Result<()> {
    let mmsi = prim::<UInt32Type>(batch, "mmsi")?;
    let ts = prim::<TimestampMillisecondType>(batch, "ts")?;
    let text = |name: &str| -> Result<&StringArray> {
        column(batch, name)?
            .as_string_opt::<i32>()
            .ok_or_else(|| DataFusionError::Execution(format!("column `{name}` is not utf8")))
    };
    let (name, callsign, destination) = (text("name")?, text("callsign")?, text("destination")?);
    let imo = prim::<UInt32Type>(batch, "imo")?;
    let shiptype = prim::<UInt8Type>(batch, "shiptype")?;
    let to_bow = prim::<UInt16Type>(batch, "to_bow")?;
    let to_stern = prim::<UInt16Type>(batch, "to_stern")?;
    let to_port = prim::<UInt8Type>(batch, "to_port")?;
    let to_starboard = prim::<UInt8Type>(batch, "to_starboard")?;
    let draught = prim::<Float32Type>(batch, "draught")?;
    let file = prim::<UInt32Type>(batch, "file")?;
    let line = prim::<UInt64Type>(batch, "line")?;
    let s = |a: &StringArray, i: usize| a.is_valid(i).then(|| a.value(i).to_owned());
    for i in 0..batch.num_rows() {
        let dims = to_bow.is_valid(i).then(|| Dimensions {
            to_bow: to_bow.value(i),
            to_stern: to_stern.value(i),
            to_port: to_port.value(i),
            to_starboard: to_starboard.value(i),
        });
        out.push(StaticReport {
            mmsi: mmsi.value(i),
            ts: ts.is_valid(i).then(|| Timestamp(ts.value(i))),
            fields: StaticFields {
                name: s(name, i),
                callsign: s(callsign, i),
                imo: imo.is_valid(i).then(|| imo.value(i)),
                shiptype: shiptype.is_valid(i).then(|| shiptype.value(i)),
                dims,
                draught: draught.is_valid(i).then(|| draught.value(i)),
                destination: s(destination, i),
            },
            src: SrcRef { file: file.value(i), line: line.value(i) },
        });
    }
    Ok(())
}

/// Positions with their track segment: [`positions_schema`] and `segment`
/// (uint32, null for a position the segmenter dropped as noise).
pub fn segmented_schema() -> SchemaRef {
    let mut fields: Vec<Field> =
        positions_schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("segment", DataType::UInt32, true));
    Arc::new(Schema::new(fields))
}

/// Segmented positions as a record batch of [`segmented_schema`].
pub fn segmented_batch(rows: &[PositionRow]) -> Result<RecordBatch> {
    let plain = positions_batch(rows)?;
    let mut columns = plain.columns().to_vec();
    columns.push(Arc::new(rows.iter().map(|r| r.point.segment).collect::<UInt32Array>()));
    Ok(RecordBatch::try_new(segmented_schema(), columns)?)
}

/// Events: `kind`, `mmsi_a`, `mmsi_b` (null for one vessel), `start`, `end`
/// (epoch ms), `lat`, `lon`, `details` (JSON object) and `evidence` (JSON
/// array of `[file, line]`).
pub fn events_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("kind", DataType::Utf8, false),
        Field::new("mmsi_a", DataType::UInt32, false),
        Field::new("mmsi_b", DataType::UInt32, true),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        Field::new("lat", DataType::Float64, false),
        Field::new("lon", DataType::Float64, false),
        Field::new("details", DataType::Utf8, false),
        Field::new("evidence", DataType::Utf8, false),
    ]))
}

/// Events as a record batch of [`events_schema`].
pub fn events_batch(events: &[Event]) -> Result<RecordBatch> {
    let details: Vec<String> =
        events.iter().map(|e| Value::Object(e.details.clone()).to_string()).collect();
    let evidence: Vec<String> = events
        .iter()
        .map(|e| {
            let pairs: Vec<[u64; 2]> =
                e.evidence.iter().map(|s| [u64::from(s.file), s.line]).collect();
            serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into())
        })
        .collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(events.iter().map(|e| e.kind.as_str()))),
        Arc::new(UInt32Array::from_iter_values(events.iter().map(|e| e.mmsi[0]))),
        Arc::new(events.iter().map(|e| e.mmsi.get(1).copied()).collect::<UInt32Array>()),
        Arc::new(Int64Array::from_iter_values(events.iter().map(|e| e.start.0))),
        Arc::new(Int64Array::from_iter_values(events.iter().map(|e| e.end.0))),
        Arc::new(Float64Array::from_iter_values(events.iter().map(|e| e.lat))),
        Arc::new(Float64Array::from_iter_values(events.iter().map(|e| e.lon))),
        Arc::new(StringArray::from_iter_values(details)),
        Arc::new(StringArray::from_iter_values(evidence)),
    ];
    Ok(RecordBatch::try_new(events_schema(), columns)?)
}

/// The events of a batch of [`events_schema`].
pub fn read_events(batch: &RecordBatch, out: &mut Vec<Event>) -> Result<()> {
    let kind = column(batch, "kind")?.as_string::<i32>();
    let a = prim::<UInt32Type>(batch, "mmsi_a")?;
    let b = prim::<UInt32Type>(batch, "mmsi_b")?;
    let start = prim::<datafusion::arrow::datatypes::Int64Type>(batch, "start")?;
    let end = prim::<datafusion::arrow::datatypes::Int64Type>(batch, "end")?;
    let lat = prim::<Float64Type>(batch, "lat")?;
    let lon = prim::<Float64Type>(batch, "lon")?;
    let details = column(batch, "details")?.as_string::<i32>();
    let evidence = column(batch, "evidence")?.as_string::<i32>();
    for i in 0..batch.num_rows() {
        let kind =
            EventKind::ALL.into_iter().find(|k| k.as_str() == kind.value(i)).ok_or_else(|| {
                DataFusionError::Execution(format!("unknown event kind {}", kind.value(i)))
            })?;
        let mut mmsi = vec![a.value(i)];
        if b.is_valid(i) {
            mmsi.push(b.value(i));
        }
        let details: Map<String, Value> = serde_json::from_str(details.value(i))
            .map_err(|e| DataFusionError::Execution(format!("event details: {e}")))?;
        let pairs: Vec<[u64; 2]> = serde_json::from_str(evidence.value(i))
            .map_err(|e| DataFusionError::Execution(format!("event evidence: {e}")))?;
        out.push(Event {
            kind,
            mmsi,
            start: Timestamp(start.value(i)),
            end: Timestamp(end.value(i)),
            lat: lat.value(i),
            lon: lon.value(i),
            details,
            evidence: pairs.iter().map(|&[f, l]| SrcRef { file: f as u32, line: l }).collect(),
        });
    }
    Ok(())
}
