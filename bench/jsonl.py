"""Reading events back, for the bench scripts: the JSON objects of a JSON-lines file (vigil's events or a
peer's, skipping lines that are not objects) and their times as epoch seconds."""
import datetime, json


def json_objects(path):
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                yield json.loads(line)


def epoch_s(value):
    """Epoch seconds of a time given as a number or as ISO 8601 (vigil writes `...Z`)."""
    if isinstance(value, (int, float)):
        return float(value)
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
