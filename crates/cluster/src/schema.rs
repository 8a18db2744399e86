//! The Parquet layout `vigil ais convert` writes and the engine reads: two
//! tables, partitioned by UTC day in Hive-style folders.
//!
//! ```text
//! DIR/positions/day=2024-01-01/part-0.parquet
//! DIR/statics/day=2024-01-01/part-0.parquet
//! DIR/statics/day=undated/part-0.parquet   (static reports without a time)
//! DIR/sources.json                         (input file names, by index)
//! ```
//!
//! The column names and types are fixed (see [`positions_schema`] and
//! [`statics_schema`]); a table whose columns differ is rejected with the
//! column named ([`check_schema`]), never read with a guess.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};

/// The time type of every `ts` column: milliseconds since the epoch, UTC.
pub fn ts_type() -> DataType {
    DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
}

/// Decoded positions: one row per position report with a time.
///
/// | column | type | meaning |
/// |---|---|---|
/// | `mmsi` | uint32 | the sender |
/// | `ts` | timestamp(ms, UTC) | receive time |
/// | `lat`, `lon` | float64 | degrees (WGS 84) |
/// | `speed` | float32, null | speed over ground, knots |
/// | `course` | float32, null | course over ground, degrees |
/// | `heading` | uint16, null | true heading, degrees |
/// | `msg_type` | uint8 | AIS message type |
/// | `file` | uint32 | index into `sources.json` |
/// | `line` | uint64 | 1-based line of the sentence in that file |
pub fn positions_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("mmsi", DataType::UInt32, false),
        Field::new("ts", ts_type(), false),
        Field::new("lat", DataType::Float64, false),
        Field::new("lon", DataType::Float64, false),
        Field::new("speed", DataType::Float32, true),
        Field::new("course", DataType::Float32, true),
        Field::new("heading", DataType::UInt16, true),
        Field::new("msg_type", DataType::UInt8, false),
        Field::new("file", DataType::UInt32, false),
        Field::new("line", DataType::UInt64, false),
    ]))
}

/// Static and voyage reports (types 5, 19, 24): every field nullable but
/// `mmsi`, `file` and `line`.
///
/// | column | type |
/// |---|---|
/// | `mmsi` | uint32 |
/// | `ts` | timestamp(ms, UTC), null when unknown |
/// | `name`, `callsign`, `destination` | utf8 |
/// | `imo` | uint32 |
/// | `shiptype` | uint8 |
/// | `to_bow`, `to_stern` | uint16 (metres) |
/// | `to_port`, `to_starboard` | uint8 (metres) |
/// | `draught` | float32 (metres) |
/// | `file` | uint32 |
/// | `line` | uint64 |
pub fn statics_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("mmsi", DataType::UInt32, false),
        Field::new("ts", ts_type(), true),
        Field::new("name", DataType::Utf8, true),
        Field::new("callsign", DataType::Utf8, true),
        Field::new("imo", DataType::UInt32, true),
        Field::new("shiptype", DataType::UInt8, true),
        Field::new("to_bow", DataType::UInt16, true),
        Field::new("to_stern", DataType::UInt16, true),
        Field::new("to_port", DataType::UInt8, true),
        Field::new("to_starboard", DataType::UInt8, true),
        Field::new("draught", DataType::Float32, true),
        Field::new("destination", DataType::Utf8, true),
        Field::new("file", DataType::UInt32, false),
        Field::new("line", DataType::UInt64, false),
    ]))
}

/// Checks that `found` (a table read from `what`) has every column of
/// `expected` with its type; extra columns (the `day` partition, say) are
/// allowed. The error names the table and the column.
pub fn check_schema(what: &str, expected: &Schema, found: &Schema) -> Result<(), String> {
    for field in expected.fields() {
        let Ok(have) = found.field_with_name(field.name()) else {
            return Err(format!("{what}: column `{}` is missing", field.name()));
        };
        if !same_type(have.data_type(), field.data_type()) {
            return Err(format!(
                "{what}: column `{}` is {}, expected {}",
                field.name(),
                have.data_type(),
                field.data_type()
            ));
        }
    }
    Ok(())
}

/// Types equal, or both timestamps in milliseconds (the time zone aside).
fn same_type(a: &DataType, b: &DataType) -> bool {
    match (a, b) {
        (DataType::Timestamp(x, _), DataType::Timestamp(y, _)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_type_or_missing_column_is_named() {
        let good = positions_schema();
        assert_eq!(check_schema("positions", &good, &good), Ok(()));
        let mut fields: Vec<Field> = good.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields[2] = Field::new("lat", DataType::Utf8, false);
        let err = check_schema("positions", &good, &Schema::new(fields.clone())).unwrap_err();
        assert!(err.contains("`lat`") && err.contains("Utf8"), "{err}");
        fields.remove(3);
        fields[2] = Field::new("lat", DataType::Float64, false);
        let err = check_schema("positions", &good, &Schema::new(fields)).unwrap_err();
        assert_eq!(err, "positions: column `lon` is missing");
    }
}
